import type { ExecutionResult } from '@text2x/protocol';

const MAX_WIDTH = 40;

function cell(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  const text =
    typeof value === 'string'
      ? value
      : typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint'
        ? value.toString()
        : JSON.stringify(value);
  const flat = text.replace(/\s+/g, ' ');
  return flat.length > MAX_WIDTH ? `${flat.slice(0, MAX_WIDTH - 1)}…` : flat;
}

/** Renders a result as a plain-text table (at most `maxRows` rows shown). */
export function formatTable(result: ExecutionResult, maxRows = 50): string {
  const header = result.columns.map((column) => column.name);
  const shown = result.rows.slice(0, maxRows).map((row) => row.map(cell));
  const widths = header.map((name, i) => Math.max(name.length, ...shown.map((row) => row[i]?.length ?? 0)));
  const isNumeric = result.columns.map(
    (column, i) =>
      result.rows.length > 0 && result.rows.every((row) => row[i] === null || typeof row[i] === 'number'),
  );
  const line = (cells: string[]): string =>
    cells
      .map((text, i) => (isNumeric[i] ? text.padStart(widths[i] ?? 0) : text.padEnd(widths[i] ?? 0)))
      .join(' │ ');
  const out = [line(header), widths.map((w) => '─'.repeat(w)).join('─┼─'), ...shown.map(line)];
  const hidden = result.rows.length - shown.length;
  const notes: string[] = [];
  if (hidden > 0) notes.push(`${hidden} more rows not shown`);
  if (result.truncated) notes.push(`cut at ${result.row_count} rows (max_rows)`);
  out.push(
    `(${result.row_count} row${result.row_count === 1 ? '' : 's'}, ${result.execution_time_ms} ms${notes.length ? `; ${notes.join('; ')}` : ''})`,
  );
  return out.join('\n');
}
