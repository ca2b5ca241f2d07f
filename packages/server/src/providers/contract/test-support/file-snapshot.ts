import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** The sha256 of a file's bytes. */
export function sha256File(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

/**
 * Size and change times of a file (nanoseconds): any write through SQL changes them, so the quick
 * snapshot taken after every corpus statement reads this instead of hashing the whole file.
 */
export function fileStamp(path: string): string {
  const stat = statSync(path, { bigint: true });
  return `${stat.size} bytes, modified ${stat.mtimeNs}, changed ${stat.ctimeNs}`;
}

/** The sha256 of any JSON value (rows of a table, a listing). */
export function sha256Json(value: unknown): string {
  return createHash('sha256')
    .update(JSON.stringify(value, (_key, item: unknown) => (typeof item === 'bigint' ? `${item}n` : item)))
    .digest('hex');
}

/**
 * Every file and directory under `dir` with its size, as sorted `path size` lines; an absent
 * directory is an empty listing. Shows a write-ahead log, a journal or a copy appearing.
 */
export function listTree(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const lines: string[] = [];
  const walk = (current: string, prefix: string): void => {
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      const path = join(current, entry.name);
      if (entry.isDirectory()) {
        lines.push(`${prefix}${entry.name}/`);
        walk(path, `${prefix}${entry.name}/`);
      } else {
        lines.push(`${prefix}${entry.name} ${statSync(path).size}`);
      }
    }
  };
  walk(dir, '');
  return lines.sort();
}
