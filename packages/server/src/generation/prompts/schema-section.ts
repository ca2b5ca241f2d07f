import type { Dialect, SchemaInfo, TableSchema } from '../../core/index.js';

/** Default token budget of the schema section of a prompt. */
export const DEFAULT_SCHEMA_TOKEN_BUDGET = 6_000;

/** Characters per token used by `estimateTokens`; a deliberately rough, model-independent figure. */
const CHARS_PER_TOKEN = 4;

/** Rough token count of a text (~4 characters per token). */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / CHARS_PER_TOKEN);
}

export interface SchemaSectionOptions {
  /** Dialect whose identifier quoting is used for names that need quotes. Default: the schema's. */
  dialect?: Dialect;
  /** Budget of the section in estimated tokens (~4 characters each). Default 6,000. */
  tokenBudget?: number;
  /** Sample values shown per column at most. Default 5. */
  maxSampleValues?: number;
  /** Show sample values at all (an operator may choose schema-only prompts). Default true. */
  includeSampleValues?: boolean;
}

/** The rendered schema and what was cut to fit the budget. */
export interface SchemaSection {
  text: string;
  estimatedTokens: number;
  /** Tables whose sample values were dropped (but whose columns are all shown), lowest ranked first. */
  withoutSamples: string[];
  /** Tables shown with their key columns only, lowest ranked first (includes `bare`). */
  keysOnly: string[];
  /** Keys-only tables that also lost their description and row count, lowest ranked first. */
  bare: string[];
  /** Tables left out entirely because even keys-only did not fit, lowest ranked first. */
  omitted: string[];
}

/**
 * How much of one table is shown: everything; no sample values; key columns only; key columns
 * without the table's description and row count; nothing.
 */
type Detail = 0 | 1 | 2 | 3 | 4;
const FULL: Detail = 0;
const NO_SAMPLES: Detail = 1;
const KEYS_ONLY: Detail = 2;
const BARE: Detail = 3;
const OMITTED: Detail = 4;

const MAX_DESCRIPTION_CHARS = 160;
const MAX_SAMPLE_CHARS = 40;

const SIMPLE_IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

function quoteName(name: string, dialect: Dialect): string {
  if (SIMPLE_IDENTIFIER.test(name)) return name;
  return dialect === 'mysql' ? `\`${name.replaceAll('`', '``')}\`` : `"${name.replaceAll('"', '""')}"`;
}

function clip(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}

function sqlLiteral(value: string): string {
  return `'${clip(value, MAX_SAMPLE_CHARS).replaceAll("'", "''")}'`;
}

/** Column name → "other.col" for every foreign-key column of the table. */
function foreignKeyTargets(table: TableSchema, dialect: Dialect): Map<string, string> {
  const targets = new Map<string, string>();
  for (const fk of table.foreignKeys) {
    fk.columns.forEach((column, i) => {
      const referenced = fk.referencedColumns[i] ?? fk.referencedColumns[0] ?? '?';
      targets.set(column, `${quoteName(fk.referencedTable, dialect)}.${quoteName(referenced, dialect)}`);
    });
  }
  return targets;
}

/** Names of columns that other tables of the schema reference (so they count as keys here). */
function referencedColumns(schema: SchemaInfo): Map<string, Set<string>> {
  const referenced = new Map<string, Set<string>>();
  for (const table of schema.tables) {
    for (const fk of table.foreignKeys) {
      const key = fk.referencedTable.toLowerCase();
      const set = referenced.get(key) ?? new Set<string>();
      for (const column of fk.referencedColumns) set.add(column);
      referenced.set(key, set);
    }
  }
  return referenced;
}

interface TableRenderContext {
  dialect: Dialect;
  maxSampleValues: number;
  includeSampleValues: boolean;
  referenced: Map<string, Set<string>>;
}

function renderTable(table: TableSchema, detail: Detail, context: TableRenderContext): string {
  if (detail === OMITTED) return '';
  const { dialect } = context;
  const targets = foreignKeyTargets(table, dialect);
  const referencedHere = context.referenced.get(table.name.toLowerCase());
  const isKey = (name: string, primaryKey: boolean): boolean =>
    primaryKey ||
    table.primaryKey.includes(name) ||
    targets.has(name) ||
    (referencedHere?.has(name) ?? false);

  const shown =
    detail >= KEYS_ONLY ? table.columns.filter((c) => isKey(c.name, c.primaryKey)) : table.columns;
  const parts = shown.map((column) => {
    let part = `${quoteName(column.name, dialect)} ${column.type || column.category.toUpperCase()}`;
    if (column.primaryKey || table.primaryKey.includes(column.name)) part += ' PK';
    const target = targets.get(column.name);
    if (target) part += ` → ${target}`;
    return part;
  });
  const hidden = table.columns.length - shown.length;
  if (hidden > 0) parts.push(`… ${hidden} more column${hidden === 1 ? '' : 's'}`);

  const notes: string[] = [];
  if (table.kind === 'view') notes.push('view');
  if (detail < BARE && table.rowCount !== undefined) notes.push(`${groupDigits(table.rowCount)} rows`);
  if (detail < BARE && table.description) notes.push(clip(table.description, MAX_DESCRIPTION_CHARS));
  const lines = [
    `${quoteName(table.name, dialect)}(${parts.join(', ')})${notes.length ? ` -- ${notes.join('; ')}` : ''}`,
  ];

  if (detail >= KEYS_ONLY) return lines.join('\n');
  for (const column of table.columns) {
    const details: string[] = [];
    if (column.description) details.push(clip(column.description, MAX_DESCRIPTION_CHARS));
    const samples = detail === FULL && context.includeSampleValues ? (column.sampleValues ?? []) : [];
    if (samples.length > 0) {
      details.push(`e.g. ${samples.slice(0, context.maxSampleValues).map(sqlLiteral).join(', ')}`);
    }
    if (details.length > 0) lines.push(`  ${quoteName(column.name, dialect)}: ${details.join('; ')}`);
  }
  return lines.join('\n');
}

/** 1234567 → "1,234,567" (toLocaleString is slow enough to matter for thousands of tables). */
function groupDigits(value: number): string {
  return String(Math.round(value)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

function omittedLine(count: number): string {
  return count === 0 ? '' : `-- ${count} less relevant table${count === 1 ? '' : 's'} not shown`;
}

/**
 * Renders the retrieved schema (most relevant table first) as compact `table(col TYPE PK, col TYPE
 * → other.col, …)` lines with row counts, descriptions and sample values, and keeps it inside the
 * token budget: first the lowest-ranked tables lose their sample values, then their non-key
 * columns (key and link columns stay), then their description and row count. Only if that still
 * does not fit are the lowest-ranked tables left out, never the first.
 */
export function buildSchemaSection(schema: SchemaInfo, options: SchemaSectionOptions = {}): SchemaSection {
  const context: TableRenderContext = {
    dialect: options.dialect ?? schema.dialect,
    maxSampleValues: options.maxSampleValues ?? 5,
    includeSampleValues: options.includeSampleValues ?? true,
    referenced: referencedColumns(schema),
  };
  const budgetChars = (options.tokenBudget ?? DEFAULT_SCHEMA_TOKEN_BUDGET) * CHARS_PER_TOKEN;
  const tables = schema.tables;
  const details: Detail[] = tables.map(() => FULL);
  const rendered = new Map<string, string>();
  const render = (i: number, detail: Detail): string => {
    const key = `${i}:${detail}`;
    let text = rendered.get(key);
    if (text === undefined) {
      text = renderTable(tables[i]!, detail, context);
      rendered.set(key, text);
    }
    return text;
  };

  // Lengths are summed incrementally so a 1,000-table schema is rendered a bounded number of times.
  // Each table's line is followed by a newline (one too many in total: a harmless overestimate).
  const size = (i: number, detail: Detail): number => (detail === OMITTED ? 0 : render(i, detail).length + 1);
  let length = tables.reduce((sum, _table, i) => sum + size(i, FULL), 0);
  let omittedTotal = 0;
  const omittedCount = (): number => omittedTotal;
  const total = (): number => length + omittedLine(omittedCount()).length;
  const degrade = (detail: Detail, last: number): void => {
    for (let i = tables.length - 1; i >= last && total() > budgetChars; i--) {
      if (details[i]! >= detail) continue;
      length += size(i, detail) - size(i, details[i]!);
      if (detail === OMITTED) omittedTotal++;
      details[i] = detail;
    }
  };

  degrade(NO_SAMPLES, 0);
  if (total() > budgetChars) {
    // When even keys-only for every table would not fit, going table by table to keys-only would
    // strip the best tables of their columns before any low-ranked one lost its description, so
    // the low-ranked tables go straight to bare keys instead.
    const allKeysOnly = tables.reduce((sum, _table, i) => sum + size(i, KEYS_ONLY), 0);
    degrade(allKeysOnly <= budgetChars ? KEYS_ONLY : BARE, 0);
  }
  if (total() > budgetChars) degrade(OMITTED, 1);
  // Spend what is left on the best tables again (samples back, columns back), best first, never
  // giving a table more detail than the one ranked above it.
  for (let i = 0; i < tables.length; i++) {
    const current = details[i]!;
    if (current === OMITTED) break;
    const cap = i === 0 ? FULL : details[i - 1]!;
    for (let detail = cap; detail < current; detail++) {
      const grown = length + size(i, detail) - size(i, current);
      if (grown + omittedLine(omittedCount()).length <= budgetChars) {
        length = grown;
        details[i] = detail;
        break;
      }
    }
  }

  const lines = tables.map((_table, i) => render(i, details[i]!)).filter((line) => line !== '');
  const tail = omittedLine(omittedCount());
  if (tail) lines.push(tail);
  const text = lines.join('\n');
  // A table without sample values loses nothing at NO_SAMPLES, so it is not reported as cut.
  const changed = (i: number): boolean =>
    details[i] !== NO_SAMPLES || render(i, FULL) !== render(i, NO_SAMPLES);
  const namesAt = (detail: Detail): string[] =>
    tables
      .map((table, i) => (details[i] === detail && changed(i) ? table.name : undefined))
      .filter((name): name is string => name !== undefined)
      .reverse();
  return {
    text,
    estimatedTokens: estimateTokens(text),
    withoutSamples: namesAt(NO_SAMPLES),
    keysOnly: [...namesAt(BARE), ...namesAt(KEYS_ONLY)],
    bare: namesAt(BARE),
    omitted: namesAt(OMITTED),
  };
}
