import { statSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { DuckDBListValue, DuckDBMapValue, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api';
import {
  Text2xError,
  type ColumnSchema,
  type ForeignKeySchema,
  type SchemaInfo,
  type TableSchema,
} from '../../core/index.js';
import { categorizeDuckdbColumn } from './duckdb-column-category.js';
import { quoteDuckdbIdentifier } from './duckdb-database.js';
import { quoteDuckdbString, type DuckdbFileTable } from './duckdb-file-tables.js';

export interface DuckdbIntrospectionOptions {
  /** Count rows: table sizes from DuckDB's catalog, file tables by `count(*)`. Default true. */
  rowCounts?: boolean;
  /** CSV and JSON file tables larger than this (bytes, all files of a glob) are not counted. Default 256 MiB. */
  rowCountMaxBytes?: number;
  /** Collect sample values of low-cardinality text columns. Default true. */
  sampleValues?: boolean;
  /** Rows read per table when sampling, so a huge table costs a bounded scan. Default 100,000. */
  sampleRowLimit?: number;
  /** Most distinct values a text column may have to get sample values. Default 50. */
  maxDistinctValues?: number;
  /** Sample values kept per column, most frequent first. Default 20. */
  maxSampleValues?: number;
  /** Checked between tables; an abort stops introspection with CANCELLED. */
  signal?: AbortSignal;
}

/** Where a provider's tables live: the attached database's catalog and schemas, and the file views. */
export interface DuckdbLayout {
  /** Catalog name of the attached database file, if any. */
  databaseAlias: string | undefined;
  /** Its schemas in search-path order, `main` first. */
  schemas: readonly string[];
  /** File-backed tables, as views in `memory.main`. */
  fileTables: readonly DuckdbFileTable[];
}

/** A table of the introspected schema with where DuckDB keeps it. */
interface Located {
  catalog: string;
  schema: string;
  objectName: string;
  table: TableSchema;
  file: DuckdbFileTable | undefined;
}

const LONGEST_SAMPLE_VALUE = 200;

/**
 * Reads the schema a provider's queries see: tables, then views, of the attached database, schema
 * by schema in search-path order (`main` first) and by name — a table outside `main` is named by
 * its bare name when that is unambiguous on the search path, else `schema.table` — then the
 * file-backed tables; columns with DuckDB types, categories, nullability and comments
 * (`duckdb_columns().comment`); primary and foreign keys declared in the database
 * (`duckdb_constraints()`); row counts (DuckDB's table sizes, `count(*)` of file tables); and
 * sample values of low-cardinality text columns, in batched queries. Names alone take three
 * catalog queries (about half a second for a thousand tables); samples cost a few milliseconds a
 * table, since each table must be read.
 */
export async function introspectDuckdb(
  connection: DuckDBConnection,
  layout: DuckdbLayout,
  options: DuckdbIntrospectionOptions = {},
): Promise<SchemaInfo> {
  const located: Located[] = [];
  const byKey = new Map<string, Located>();
  const takenNames = new Set<string>();
  const key = (catalog: string, schema: string, name: string): string =>
    `${catalog}\u0000${schema}\u0000${name}`.toLowerCase();

  if (layout.databaseAlias !== undefined) {
    const catalog = layout.databaseAlias;
    const order = new Map(layout.schemas.map((schema, index) => [schema, index]));
    const objects = await rows(
      connection,
      `SELECT schema_name, table_name AS name, 'table' AS kind, comment, estimated_size
         FROM duckdb_tables() WHERE database_name = $1 AND NOT internal AND NOT temporary
       UNION ALL
       SELECT schema_name, view_name, 'view', comment, NULL
         FROM duckdb_views() WHERE database_name = $1 AND NOT internal AND NOT temporary
`,
      [catalog],
    );
    // DuckDB does not keep creation order across a reopen: list by schema (search-path order),
    // tables before views, then by name, so the order is stable.
    objects.sort(
      (a, b) =>
        (order.get(String(a.schema_name)) ?? 1e9) - (order.get(String(b.schema_name)) ?? 1e9) ||
        (a.kind === b.kind ? 0 : a.kind === 'table' ? -1 : 1) ||
        String(a.name).localeCompare(String(b.name)),
    );
    for (const object of objects) {
      const schema = String(object.schema_name);
      const objectName = String(object.name);
      const bare = !takenNames.has(objectName.toLowerCase());
      const name = bare ? objectName : `${schema}.${objectName}`;
      takenNames.add(objectName.toLowerCase());
      const table: TableSchema = {
        name,
        kind: object.kind === 'view' ? 'view' : 'table',
        columns: [],
        primaryKey: [],
        foreignKeys: [],
      };
      if (typeof object.comment === 'string' && object.comment.trim() !== '')
        table.description = object.comment;
      if ((options.rowCounts ?? true) && object.kind === 'table' && object.estimated_size !== null) {
        table.rowCount = Number(object.estimated_size);
      }
      const entry: Located = { catalog, schema, objectName, table, file: undefined };
      located.push(entry);
      byKey.set(key(catalog, schema, objectName), entry);
    }
  }
  for (const file of layout.fileTables) {
    const table: TableSchema = {
      name: file.name,
      kind: 'table',
      columns: [],
      primaryKey: [],
      foreignKeys: [],
      description: file.glob
        ? `${file.format.toUpperCase()} files matching ${basename(dirname(file.path))}/${basename(file.path)}`
        : `${file.format.toUpperCase()} file ${basename(file.path)}`,
    };
    const entry: Located = { catalog: 'memory', schema: 'main', objectName: file.name, table, file };
    located.push(entry);
    byKey.set(key('memory', 'main', file.name), entry);
  }

  const catalogs = [...new Set(located.map((entry) => entry.catalog))];
  if (catalogs.length > 0) {
    const columns = await rows(
      connection,
      `SELECT database_name, schema_name, table_name, column_name, data_type, is_nullable, comment
         FROM duckdb_columns() WHERE database_name IN (${catalogs.map(quoteDuckdbString).join(', ')}) AND NOT internal
         ORDER BY database_name, schema_name, table_name, column_index`,
    );
    for (const row of columns) {
      const entry = byKey.get(
        key(String(row.database_name), String(row.schema_name), String(row.table_name)),
      );
      if (!entry) continue;
      const column: ColumnSchema = {
        name: String(row.column_name),
        type: String(row.data_type),
        category: categorizeDuckdbColumn(String(row.data_type)),
        nullable: row.is_nullable !== false,
        primaryKey: false,
      };
      if (typeof row.comment === 'string' && row.comment.trim() !== '') column.description = row.comment;
      entry.table.columns.push(column);
    }
  }

  if (layout.databaseAlias !== undefined) {
    await readKeys(connection, layout.databaseAlias, (schema, name) =>
      byKey.get(key(layout.databaseAlias as string, schema, name)),
    );
  }

  const fromOf = (entry: Located): string =>
    `${quoteDuckdbIdentifier(entry.catalog)}.${quoteDuckdbIdentifier(entry.schema)}.${quoteDuckdbIdentifier(entry.objectName)}`;
  if (options.rowCounts ?? true) {
    for (const entry of located) {
      if (entry.file === undefined) continue;
      assertNotAborted(options.signal);
      const count = await countFileRows(
        connection,
        entry.file,
        fromOf(entry),
        options.rowCountMaxBytes ?? 256 * 1024 * 1024,
      );
      if (count !== undefined) entry.table.rowCount = count;
    }
  }
  if (options.sampleValues ?? true) {
    const targets = located
      .filter((entry) => entry.table.kind === 'table' && entry.table.rowCount !== 0)
      .map((entry) => ({ table: entry.table, from: fromOf(entry) }));
    await sampleTables(connection, targets, options);
  }
  return { dialect: 'duckdb', tables: located.map((entry) => entry.table) };
}

type Row = Record<string, DuckDBValue>;

async function rows(connection: DuckDBConnection, sql: string, values: DuckDBValue[] = []): Promise<Row[]> {
  const reader = await connection.runAndReadAll(sql, values);
  return reader.getRowObjects();
}

async function readKeys(
  connection: DuckDBConnection,
  catalog: string,
  find: (schema: string, name: string) => Located | undefined,
): Promise<void> {
  const constraints = await rows(
    connection,
    `SELECT schema_name, table_name, constraint_type, constraint_column_names, referenced_table, referenced_column_names
       FROM duckdb_constraints() WHERE database_name = $1 AND constraint_type IN ('PRIMARY KEY', 'FOREIGN KEY')
       ORDER BY table_oid, constraint_index`,
    [catalog],
  );
  for (const row of constraints) {
    const schema = String(row.schema_name);
    const entry = find(schema, String(row.table_name));
    if (!entry) continue;
    const columns = listOfStrings(row.constraint_column_names);
    if (row.constraint_type === 'PRIMARY KEY') {
      entry.table.primaryKey = columns;
      for (const column of entry.table.columns) {
        if (columns.some((name) => name.toLowerCase() === column.name.toLowerCase())) {
          column.primaryKey = true;
          column.nullable = false;
        }
      }
    } else if (typeof row.referenced_table === 'string') {
      const target = find(schema, row.referenced_table);
      const key: ForeignKeySchema = {
        columns,
        referencedTable: target?.table.name ?? row.referenced_table,
        referencedColumns: listOfStrings(row.referenced_column_names),
      };
      entry.table.foreignKeys.push(key);
    }
  }
}

function listOfStrings(value: DuckDBValue | undefined): string[] {
  if (
    value !== null &&
    value !== undefined &&
    typeof value === 'object' &&
    'items' in value &&
    Array.isArray(value.items)
  ) {
    return value.items.map((item) => String(item));
  }
  return [];
}

async function countFileRows(
  connection: DuckDBConnection,
  file: DuckdbFileTable,
  from: string,
  maxBytes: number,
): Promise<number | undefined> {
  try {
    if (file.format !== 'parquet') {
      const paths = file.glob
        ? (await rows(connection, `SELECT file FROM glob(${quoteDuckdbString(file.path)})`)).map((row) =>
            String(row.file),
          )
        : [file.path];
      let bytes = 0;
      for (const path of paths) bytes += statSync(path).size;
      if (bytes > maxBytes) return undefined;
    }
    const [row] = await rows(connection, `SELECT count(*) AS n FROM ${from}`);
    return row === undefined ? undefined : Number(row.n);
  } catch {
    return undefined; // a file that changed or cannot be read: no count rather than no schema
  }
}

interface SampleTarget {
  table: TableSchema;
  /** The qualified, quoted table name. */
  from: string;
}

/** Tables whose text columns are sized up in one query (first touching a table costs most). */
const TABLES_PER_QUERY = 25;

/**
 * Samples low-cardinality text columns in two batched passes over the first `sampleRowLimit`
 * rows of each table, a few dozen tables per query: `approx_count_distinct` of every text column,
 * then a `histogram` — exact values and counts — of the columns that may qualify. Tables known to
 * have few rows are read whole instead and counted here. A batch that fails (a file
 * that cannot be read) is retried table by table, and a table that fails gets no samples.
 */
async function sampleTables(
  connection: DuckDBConnection,
  targets: readonly SampleTarget[],
  options: DuckdbIntrospectionOptions,
): Promise<void> {
  const rowLimit = Math.max(1, Math.floor(options.sampleRowLimit ?? 100_000));
  const maxDistinct = Math.max(1, Math.floor(options.maxDistinctValues ?? 50));
  const keep = options.maxSampleValues ?? 20;
  const work = targets
    .map((target) => ({
      ...target,
      columns: target.table.columns.filter((column) => /^(?:VARCHAR|ENUM\(.*\))$/i.test(column.type)),
    }))
    .filter((target) => target.columns.length > 0);

  // Tables known to be small are read whole and counted here (cheaper than aggregating in DuckDB);
  // larger ones are sized up first, and only columns that may qualify get a histogram.
  const threshold = maxDistinct * 2 + 10;
  const candidates: Array<{ from: string; columns: ColumnSchema[] }> = [];
  const small = work.filter(
    (target) => target.table.rowCount !== undefined && target.table.rowCount <= threshold,
  );
  const toSize = work.filter((target) => !small.includes(target));
  const plainRows = (batch: readonly (typeof small)[number][]): string =>
    batch
      .map(
        (target, index) =>
          `SELECT ${index} AS t, [${target.columns.map((column) => `${quoteDuckdbIdentifier(column.name)}::VARCHAR`).join(', ')}] AS v
           FROM (SELECT * FROM ${target.from} LIMIT ${threshold + 1})`,
      )
      .join(' UNION ALL ');
  for (let start = 0; start < small.length; start += TABLES_PER_QUERY) {
    assertNotAborted(options.signal);
    const batch = small.slice(start, start + TABLES_PER_QUERY);
    const counts = new Map<ColumnSchema, Map<string, number>>();
    for (const { part, row } of await rowsByParts(connection, batch, plainRows)) {
      const values = row.v instanceof DuckDBListValue ? row.v.items : [];
      part.columns.forEach((column, index) => {
        const value = values[index];
        if (typeof value !== 'string' || value === '') return;
        const columnCounts = counts.get(column) ?? new Map<string, number>();
        columnCounts.set(value, (columnCounts.get(value) ?? 0) + 1);
        counts.set(column, columnCounts);
      });
    }
    for (const [column, columnCounts] of counts) {
      keepSamples(
        column,
        [...columnCounts].map(([value, count]) => ({ value, count })),
        maxDistinct,
        keep,
      );
    }
  }

  const sizeUp = (batch: readonly (typeof toSize)[number][]): string =>
    batch
      .map(
        (target, index) =>
          `SELECT ${index} AS t, [${target.columns.map((column) => `approx_count_distinct(${quoteDuckdbIdentifier(column.name)})`).join(', ')}]::BIGINT[] AS d
           FROM (SELECT ${target.columns.map((column) => quoteDuckdbIdentifier(column.name)).join(', ')} FROM ${target.from} LIMIT ${rowLimit})`,
      )
      .join(' UNION ALL ');
  for (let start = 0; start < toSize.length; start += TABLES_PER_QUERY) {
    assertNotAborted(options.signal);
    const batch = toSize.slice(start, start + TABLES_PER_QUERY);
    for (const { part, row } of await rowsByParts(connection, batch, sizeUp)) {
      const distinct = listOfStrings(row.d).map(Number);
      // HyperLogLog is approximate: keep a margin, the exact pass below decides.
      const columns = part.columns.filter((_, index) => {
        const count = distinct[index] ?? 0;
        return count > 0 && count <= threshold;
      });
      if (columns.length > 0) candidates.push({ from: part.from, columns });
    }
  }

  const histograms = (batch: readonly (typeof candidates)[number][]): string =>
    batch
      .map(
        (candidate, index) =>
          `SELECT ${index} AS t, [${candidate.columns.map((column) => `histogram(${quoteDuckdbIdentifier(column.name)}::VARCHAR)`).join(', ')}] AS h
           FROM (SELECT ${candidate.columns.map((column) => quoteDuckdbIdentifier(column.name)).join(', ')} FROM ${candidate.from} LIMIT ${rowLimit})`,
      )
      .join(' UNION ALL ');
  for (let start = 0; start < candidates.length; start += TABLES_PER_QUERY) {
    assertNotAborted(options.signal);
    const batch = candidates.slice(start, start + TABLES_PER_QUERY);
    for (const { part, row } of await rowsByParts(connection, batch, histograms)) {
      const maps = row.h instanceof DuckDBListValue ? row.h.items : [];
      part.columns.forEach((column, index) => {
        const map = maps[index];
        if (!(map instanceof DuckDBMapValue)) return;
        const counts = map.entries
          .map((entry) => ({ value: String(entry.key), count: Number(entry.value) }))
          .filter((entry) => entry.value !== '');
        keepSamples(column, counts, maxDistinct, keep);
      });
    }
  }
}

/** Sets a column's samples, most frequent first, unless it has more than `maxDistinct` values. */
function keepSamples(
  column: ColumnSchema,
  counts: Array<{ value: string; count: number }>,
  maxDistinct: number,
  keep: number,
): void {
  if (counts.length === 0 || counts.length > maxDistinct) return;
  counts.sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
  const samples = counts
    .map((entry) => entry.value)
    .filter((value) => value.length <= LONGEST_SAMPLE_VALUE)
    .slice(0, keep);
  if (samples.length > 0) column.sampleValues = samples;
}

/**
 * Runs one UNION ALL query over a batch (each part tags its rows with its index `t`) and returns
 * each row with its part; when the batch fails, runs the parts one by one and skips those that fail.
 */
async function rowsByParts<T>(
  connection: DuckDBConnection,
  batch: readonly T[],
  sql: (parts: readonly T[]) => string,
): Promise<Array<{ part: T; row: Row }>> {
  try {
    return (await rows(connection, sql(batch))).flatMap((row) => {
      const part = batch[Number(row.t)];
      return part === undefined ? [] : [{ part, row }];
    });
  } catch {
    if (batch.length === 1) return [];
    const results: Array<{ part: T; row: Row }> = [];
    for (const part of batch) results.push(...(await rowsByParts(connection, [part], sql)));
    return results;
  }
}

function assertNotAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new Text2xError('CANCELLED', 'Introspection was cancelled.');
}
