/**
 * One value of a query result as the evaluation sees it: SQLite's storage classes. Integers that fit
 * in a double are numbers; larger ones stay bigint so that they compare exactly.
 */
export type SqlValue = null | number | bigint | string | Uint8Array;

/** The rows a query returned, in the order the database returned them. */
export interface ResultSet {
  /** Column names; ignored by every comparison, kept for reports. */
  columns: string[];
  /** One array per row, each as long as `columns`. */
  rows: SqlValue[][];
}

/**
 * A few rows of a result for failure reports, safe to pass to `JSON.stringify`: integers beyond
 * 2^53 become decimal strings and blobs become `x'…'` hex strings.
 */
export interface ResultPreview {
  columns: string[];
  rows: (string | number | null)[][];
  /** Rows in the whole result (the prediction's count is capped at the gold's count + 1). */
  rowCount: number;
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/**
 * A string that is equal for two values exactly when Python's `==` (used by the official Spider
 * scorer) says they are equal: `1 == 1.0`, `'1' != 1`, `None == None`, `0.0 == -0.0`, and an
 * integral double equals the integer with the same value however large.
 */
export function valueKey(value: SqlValue): string {
  if (value === null) return 'z';
  if (typeof value === 'number') {
    if (Number.isInteger(value)) return `n${BigInt(value).toString()}`;
    return `n${String(value)}`;
  }
  if (typeof value === 'bigint') return `n${value.toString()}`;
  if (typeof value === 'string') return `s${value}`;
  return `b${Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('hex')}`;
}

/** Collapses a bigint to a number when no precision is lost, so that `1n` and `1` look alike. */
export function normalizeSqlValue(value: unknown): SqlValue {
  if (typeof value === 'bigint') {
    return value <= MAX_SAFE && value >= -MAX_SAFE ? Number(value) : value;
  }
  if (value === undefined) return null;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (value === null || typeof value === 'number' || typeof value === 'string') return value;
  if (value instanceof Uint8Array) return value;
  return JSON.stringify(value) ?? null;
}

/** Keys of every value of a result, row by row (`keys[row][column]`). */
export function resultKeys(result: ResultSet): string[][] {
  return result.rows.map((row) => row.map(valueKey));
}

/** The first `limit` rows of a result, for reports. */
export function previewResult(result: ResultSet, limit = 5): ResultPreview {
  const jsonSafe = (value: SqlValue): string | number | null => {
    if (typeof value === 'bigint') return value.toString();
    if (value instanceof Uint8Array) {
      return `x'${Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('hex')}'`;
    }
    return value;
  };
  return {
    columns: result.columns,
    rows: result.rows.slice(0, limit).map((row) => row.map(jsonSafe)),
    rowCount: result.rows.length,
  };
}

/** A server executor's rows as a scoring outcome: values normalised, cut to `maxRows`. */
export function rowsOutcome(
  columns: string[],
  rows: readonly unknown[][],
  ms: number,
  maxRows: number = Number.POSITIVE_INFINITY,
): { kind: 'rows'; columns: string[]; rows: SqlValue[][]; truncated: boolean; ms: number } {
  return {
    kind: 'rows',
    columns,
    rows: rows.slice(0, maxRows).map((row): SqlValue[] => row.map(normalizeSqlValue)),
    truncated: rows.length > maxRows,
    ms,
  };
}
