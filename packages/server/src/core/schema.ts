import type { Dialect } from './dialect.js';

/** One column of a table or view, as introspected. */
export interface ColumnSchema {
  name: string;
  /** Declared type as the database reports it (`INTEGER`, `varchar(20)`, …). */
  type: string;
  /** Coarse type used by generators: decides comparisons, aggregation and date handling. */
  category: 'number' | 'text' | 'date' | 'boolean' | 'other';
  nullable: boolean;
  primaryKey: boolean;
  /** Comment or annotation describing the column, when there is one. */
  description?: string;
  /**
   * Up to 20 distinct values of a low-cardinality text column, most frequent first; used to match
   * literals in questions ("singers from France") and shown in prompts.
   */
  sampleValues?: string[];
}

export interface ForeignKeySchema {
  columns: string[];
  referencedTable: string;
  referencedColumns: string[];
}

export interface TableSchema {
  name: string;
  kind: 'table' | 'view';
  columns: ColumnSchema[];
  primaryKey: string[];
  foreignKeys: ForeignKeySchema[];
  /** Exact or estimated row count; undefined when unknown. */
  rowCount?: number;
  description?: string;
}

/** The whole introspected schema of one provider. */
export interface SchemaInfo {
  dialect: Dialect;
  tables: TableSchema[];
}
