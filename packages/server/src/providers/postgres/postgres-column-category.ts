import type { ColumnSchema } from '../../core/index.js';

export type ColumnCategory = ColumnSchema['category'];

/**
 * The coarse category of a PostgreSQL column from its type's `typcategory` (of the base type for a
 * domain) and its name as `format_type` spells it. PostgreSQL's types are reliable, so unlike
 * SQLite the column name is not consulted: an integer `is_active` stays a number.
 */
export function categorizePostgresColumn(typeCategory: string, typeName: string): ColumnCategory {
  switch (typeCategory) {
    case 'N':
      return /^(?:oid|reg)/.test(typeName) ? 'other' : 'number'; // oid and reg* types are numeric too
    case 'S':
    case 'E':
      return 'text';
    case 'D':
      return 'date';
    case 'B':
      return 'boolean';
    case 'U':
      return /^(?:uuid|citext)\b/.test(typeName) ? 'text' : 'other';
    default:
      return 'other';
  }
}
