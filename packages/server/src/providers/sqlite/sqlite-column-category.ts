import type { ColumnSchema } from '../../core/index.js';

export type ColumnCategory = ColumnSchema['category'];

/**
 * The coarse category of a column from its declared type and its name. Declared types in the wild
 * are sloppy (`text` dates, `number`, `varchar2`, no type at all), so the name decides too: a text
 * column called `Date_of_Birth` is a date, an integer column called `is_active` is a boolean.
 * Returns undefined when there is no declared type; the caller then looks at a stored value.
 */
export function categorizeSqliteColumn(name: string, declaredType: string): ColumnCategory | undefined {
  const type = declaredType.trim().toUpperCase();
  if (type === '') return undefined;
  const words = nameWords(name);
  if (/BOOL/.test(type) || type === 'BIT') return 'boolean';
  if (/DATE|TIME/.test(type)) return 'date';
  if (/BLOB|BINARY|BYTEA|IMAGE|GEOMETRY|POINT/.test(type)) return 'other';
  if (/CHAR|CLOB|TEXT|STRING|UUID|JSON|ENUM/.test(type)) return looksLikeDate(words) ? 'date' : 'text';
  if (/INT/.test(type)) return looksLikeFlag(words) ? 'boolean' : 'number';
  if (/REAL|FLOA|DOUB|NUM|DEC|MONEY|YEAR/.test(type)) return looksLikeDate(words) ? 'date' : 'number';
  return 'other';
}

/** The category of a column without a declared type, from SQLite's `typeof()` of a stored value. */
export function categorizeByStoredType(name: string, storedType: string | undefined): ColumnCategory {
  switch (storedType) {
    case 'integer':
      return looksLikeFlag(nameWords(name)) ? 'boolean' : 'number';
    case 'real':
      return 'number';
    case 'text':
      return looksLikeDate(nameWords(name)) ? 'date' : 'text';
    case undefined:
    default:
      return 'other';
  }
}

const DATE_WORDS = new Set(['date', 'datetime', 'timestamp', 'time', 'dob', 'birthday', 'birthdate', 'dt']);
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
