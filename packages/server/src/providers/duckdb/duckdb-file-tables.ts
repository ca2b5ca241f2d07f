import { basename, dirname, resolve, sep } from 'node:path';
import { Text2xError } from '../../core/index.js';

export type DuckdbFileFormat = 'csv' | 'parquet' | 'json';

/** One configured file or glob, and the table (a view in the private catalog) that reads it. */
export interface DuckdbFileTable {
  /** Table name: the sanitised file stem, unique in the provider. */
  name: string;
  /** Absolute path or glob, as configured. */
  path: string;
  /** True when `path` is a glob that may match several files. */
  glob: boolean;
  format: DuckdbFileFormat;
}

const FORMATS: ReadonlyArray<readonly [RegExp, DuckdbFileFormat]> = [
  [/\.(?:csv|tsv|txt)(?:\.(?:gz|zst))?$/i, 'csv'],
  [/\.parquet$/i, 'parquet'],
  [/\.(?:json|jsonl|ndjson)(?:\.(?:gz|zst))?$/i, 'json'],
];

/** True when a path has glob characters (`*`, `?`, `[…]`), which DuckDB expands. */
export function isGlobPattern(path: string): boolean {
  return /[*?[]/.test(path);
}

/** The format a file's extension names, or undefined. */
export function fileFormatOf(path: string): DuckdbFileFormat | undefined {
  return FORMATS.find(([pattern]) => pattern.test(path))?.[1];
}

/**
 * The table name for a file or glob: its stem without extensions and wildcards, in lower-case
 * ASCII letters, digits and `_` (`Sales 2024.csv` → `sales_2024`, `sales_*.csv` → `sales`); for
 * a glob whose stem is all wildcards, its folder's name (`data/*.csv` → `data`).
 */
export function tableNameForPath(path: string): string {
  const stem = basename(path)
    .replace(/(?:\.(?:gz|zst))$/i, '')
    .replace(/\.[^.]*$/, '')
    .replace(/\[[^\]]*\]|[*?]/g, ' ');
  let name = sanitize(stem);
  if (name === '') {
    const folders = dirname(path)
      .split(/[\\/]/)
      .filter((segment) => segment !== '' && !isGlobPattern(segment));
    name = sanitize(folders.at(-1) ?? '');
  }
  if (name === '') return 'files';
  return /^[0-9]/.test(name) ? `t_${name}` : name;
}

function sanitize(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
}

/**
 * Plans one table per configured path: the format from the extension, a unique name (`_2`, `_3`
 * after a clash with `takenNames` or an earlier file). An unknown extension is INVALID_REQUEST.
 */
export function planFileTables(
  paths: readonly string[],
  takenNames: Iterable<string> = [],
): DuckdbFileTable[] {
  const taken = new Set([...takenNames].map((name) => name.toLowerCase()));
  return paths.map((path) => {
    const format = fileFormatOf(path);
    if (format === undefined) {
      throw new Text2xError(
        'INVALID_REQUEST',
        `Cannot tell the format of ${path}: DuckDB providers read .csv, .tsv, .parquet, .json, .jsonl and .ndjson files.`,
      );
    }
    const base = tableNameForPath(path);
    let name = base;
    for (let counter = 2; taken.has(name); counter += 1) name = `${base}_${counter}`;
    taken.add(name);
    return { name, path, glob: isGlobPattern(path), format };
  });
}

/** The folder a glob's matches all lie in: its path up to the first segment with a wildcard. */
export function globBaseDirectory(pattern: string): string {
  const segments = pattern.split(sep);
  const fixed: string[] = [];
  for (const segment of segments.slice(0, -1)) {
    if (isGlobPattern(segment)) break;
    fixed.push(segment);
  }
  const folder = fixed.join(sep);
  return folder === '' ? sep : folder;
}

/** A SQL string literal for DuckDB. */
export function quoteDuckdbString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/** The table function call that reads a file table (DuckDB sniffs CSV dialects and JSON shapes). */
export function readerCall(table: DuckdbFileTable): string {
  const reader =
    table.format === 'csv' ? 'read_csv' : table.format === 'parquet' ? 'read_parquet' : 'read_json';
  return `${reader}(${quoteDuckdbString(table.path)})`;
}

/**
 * Decides which literal paths a query may read: the configured files, the configured globs
 * exactly as written, and any single file a configured glob matches. Relative paths are resolved
 * against the current directory, as DuckDB does; URLs and `~` paths are never allowed.
 */
export class DuckdbFileAllowlist {
  readonly #files: ReadonlySet<string>;
  readonly #globs: ReadonlyArray<{ pattern: string; matcher: RegExp }>;

  constructor(tables: readonly DuckdbFileTable[]) {
    this.#files = new Set(tables.filter((table) => !table.glob).map((table) => table.path));
    this.#globs = tables
      .filter((table) => table.glob)
      .map((table) => ({ pattern: table.path, matcher: globToRegExp(table.path) }));
  }

  /** Exact paths DuckDB may open (DuckDB's `allowed_paths`). */
  get filePaths(): string[] {
    return [...this.#files];
  }

  /** Folders DuckDB may read below, one per glob (DuckDB's `allowed_directories`). */
  get globDirectories(): string[] {
    const folders = this.#globs.map(({ pattern }) => globBaseDirectory(pattern));
    return [...new Set(folders.map((folder) => (folder.endsWith(sep) ? folder : folder + sep)))];
  }

  /** Why a query may not read `literal`, or undefined when it may. */
  rejection(literal: string, cwd: string = process.cwd()): string | undefined {
    if (/^[a-z][a-z0-9+.-]*:/i.test(literal) && !/^[a-z]:[\\/]/i.test(literal)) {
      return `'${literal}' is a URL or a remote path; only the provider's own files can be read`;
    }
    if (literal.startsWith('~'))
      return `'${literal}' is relative to a home directory; only the provider's own files can be read`;
    if (literal.trim() === '') return 'an empty path cannot be read';
    const path = resolve(cwd, literal);
    if (isGlobPattern(literal)) {
      return this.#globs.some(({ pattern }) => pattern === path)
        ? undefined
        : `the glob '${literal}' is not one of the provider's file patterns`;
    }
    if (this.#files.has(path) || this.#globs.some(({ matcher }) => matcher.test(path))) return undefined;
    return `'${literal}' is not one of the provider's files`;
  }
}

/** DuckDB's glob syntax as a regular expression: `*` and `?` within a folder, `**` across folders, `[…]` sets. */
export function globToRegExp(pattern: string): RegExp {
  let source = '^';
  for (let index = 0; index < pattern.length; index += 1) {
    const char = pattern[index] as string;
    if (char === '*') {
      if (pattern[index + 1] === '*') {
        if (pattern[index + 2] === '/') {
          source += '(?:[^/]*/)*';
          index += 2;
        } else {
          source += '.*';
          index += 1;
        }
      } else {
        source += '[^/]*';
      }
    } else if (char === '?') {
      source += '[^/]';
    } else if (char === '[') {
      const close = pattern.indexOf(']', index + 2);
      if (close === -1) {
        source += '\\[';
      } else {
        let body = pattern.slice(index + 1, close);
        const negated = body.startsWith('!') || body.startsWith('^');
        if (negated) body = body.slice(1);
        source += `[${negated ? '^' : ''}${body.replace(/[\\\]^]/g, (special) => `\\${special}`)}]`;
        index = close;
      }
    } else {
      source += char.replace(/[.*+?^${}()|[\]\\/]/g, (special) => `\\${special}`);
    }
  }
  return new RegExp(`${source}$`);
}
