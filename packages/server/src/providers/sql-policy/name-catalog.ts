import type { SchemaInfo } from '../../core/index.js';

/** One table or view as the name check sees it. */
export interface CatalogTable {
  /** The name as the database spells it. */
  name: string;
  kind: 'table' | 'view';
  /** Lower-case column name → the column's own spelling, in table order. */
  columns: ReadonlyMap<string, string>;
}

/**
 * The table and column names of one schema, indexed for the name check. Built once per schema
 * version and reused for every query, so checking names costs a few map look-ups.
 */
export interface NameCatalog {
  /** Lower-case table name → table. Names compare case-insensitively, as in SQL. */
  tables: ReadonlyMap<string, CatalogTable>;
  /** Every introspected table name in its own spelling, for suggestions (extra tables excluded). */
  tableNames: readonly string[];
}

/** Indexes an introspected schema; `extraTables` adds tables the introspection leaves out (system tables). */
export function buildNameCatalog(schema: SchemaInfo, extraTables: readonly CatalogTable[] = []): NameCatalog {
  const tables = new Map<string, CatalogTable>();
  for (const table of schema.tables) {
    tables.set(table.name.toLowerCase(), {
      name: table.name,
      kind: table.kind,
      columns: new Map(table.columns.map((column) => [column.name.toLowerCase(), column.name])),
    });
  }
  const tableNames = [...tables.values()].map((table) => table.name);
  for (const table of extraTables) {
    const key = table.name.toLowerCase();
    if (!tables.has(key)) tables.set(key, table);
  }
  return { tables, tableNames };
}
