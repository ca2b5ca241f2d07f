import type { ColumnSchema } from '../../core/index.js';

export type ColumnCategory = ColumnSchema['category'];

/**
 * The coarse category of a column from `information_schema.COLUMNS`: `DATA_TYPE` (`int`,
 * `varchar`, …) and `COLUMN_TYPE` (`tinyint(1)`, `enum('a','b')`). `TINYINT(1)`, `BOOL` and
 * `BIT(1)` are booleans, as MySQL spells BOOLEAN; YEAR is a number. Text columns whose name says
 * date (`created_at`, `birth_date`) are dates, and integer columns named like flags (`is_active`)
 * are booleans, because schemas in the wild store them that way.
 */
export function categorizeMysqlColumn(name: string, dataType: string, columnType: string): ColumnCategory {
  const type = dataType.toLowerCase();
  const full = columnType.toLowerCase().replace(/\s+/g, '');
  const words = nameWords(name);
  if (type === 'bool' || type === 'boolean' || full.startsWith('tinyint(1)') || full === 'bit(1)') {
    return 'boolean';
  }
  if (/^(?:tinyint|smallint|mediumint|int|integer|bigint)$/.test(type)) {
    return looksLikeFlag(words) && type === 'tinyint' ? 'boolean' : 'number';
  }
  if (/^(?:decimal|numeric|dec|fixed|float|double|real|year)$/.test(type)) return 'number';
  if (/^(?:date|datetime|timestamp|time)$/.test(type)) return 'date';
  if (/^(?:char|varchar|tinytext|text|mediumtext|longtext|enum|set|uuid|inet4|inet6)$/.test(type)) {
    return (type === 'char' || type === 'varchar') && looksLikeDate(words) ? 'date' : 'text';
  }
  return 'other'; // json, blobs, binary, bit(n), geometry, vector
}

const DATE_WORDS = new Set(['date', 'datetime', 'timestamp', 'dob', 'birthday', 'birthdate']);
const FLAG_PREFIXES = new Set(['is', 'has', 'can', 'should', 'was', 'did', 'allow', 'allows']);

function looksLikeDate(words: readonly string[]): boolean {
  if (words.some((word) => DATE_WORDS.has(word))) return true;
  const last = words.at(-1);
  return words.length >= 2 && (last === 'at' || last === 'on');
}

function looksLikeFlag(words: readonly string[]): boolean {
  return words.length >= 2 && FLAG_PREFIXES.has(words[0] ?? '');
}

/** `Date_of_Birth` → date, of, birth; `createdAt` → created, at. */
function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((word) => word !== '');
}
