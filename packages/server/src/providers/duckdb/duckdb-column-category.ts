import type { ColumnSchema } from '../../core/index.js';

export type ColumnCategory = ColumnSchema['category'];

/**
 * The coarse category of a DuckDB column from its type as `duckdb_columns()` spells it
 * (`BIGINT`, `DECIMAL(18,2)`, `TIMESTAMP WITH TIME ZONE`, `VARCHAR[]`, `ENUM('a', 'b')`, …).
 * DuckDB types are precise (CSV and JSON readers detect dates and numbers), so the name of the
 * column is not consulted. Times of day, intervals, lists, structs, maps and blobs are `other`.
 */
export function categorizeDuckdbColumn(type: string): ColumnCategory {
  const upper = type.trim().toUpperCase();
  if (upper.endsWith(']') || /^(?:STRUCT|MAP|UNION)\b/.test(upper)) return 'other';
  if (upper === 'BOOLEAN' || upper === 'BOOL' || upper === 'LOGICAL') return 'boolean';
  if (
    /^(?:U?(?:TINY|SMALL|BIG|HUGE)?INT(?:EGER)?|INT[1248]|U?HUGEINT|FLOAT[48]?|DOUBLE|REAL|DECIMAL|NUMERIC|BIGNUM|VARINT)\b/.test(
      upper,
    )
  ) {
    return 'number';
  }
  if (/^(?:DATE$|DATETIME|TIMESTAMP)/.test(upper)) return 'date';
  if (/^(?:VARCHAR|CHAR|BPCHAR|TEXT|STRING|UUID|ENUM|JSON)\b/.test(upper)) return 'text';
  return 'other';
}
