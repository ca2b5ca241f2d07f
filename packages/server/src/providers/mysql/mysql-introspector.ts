import {
  Text2xError,
  type ColumnSchema,
  type ForeignKeySchema,
  type SchemaInfo,
  type TableSchema,
} from '../../core/index.js';
import { categorizeMysqlColumn } from './mysql-column-category.js';
import type { ReadOnlySession } from './mysql-session-pool.js';

export interface MysqlIntrospectionOptions {
  /** The database to read (the connected one). */
  database: string;
  /** Report row counts: the server's estimate, or an exact count for small tables. Default true. */
  rowCounts?: boolean;
  /** Tables estimated below this many rows are counted exactly with `COUNT(*)`. Default 100,000. */
  exactRowCountBelow?: number;
  /** Collect sample values of low-cardinality text columns (ENUM/SET values are always given). Default true. */
  sampleValues?: boolean;
  /** Rows read per column when sampling, so a huge table costs a bounded scan. Default 100,000. */
  sampleRowLimit?: number;
  /** Most distinct values a text column may have to get sample values. Default 50. */
  maxDistinctValues?: number;
  /** Sample values kept per column, most frequent first. Default 20. */
  maxSampleValues?: number;
  /** Time spent sampling at most, in ms; columns left over get no samples. Default 20,000. */
  sampleTimeBudgetMs?: number;
  /** Checked between steps; an abort stops introspection with CANCELLED. */
  signal?: AbortSignal | undefined;
}

interface TableRow {
  name: unknown;
  type: unknown;
  estimatedRows: unknown;
  comment: unknown;
}

interface ColumnRow {
  tableName: unknown;
  name: unknown;
  columnType: unknown;
  dataType: unknown;
  nullable: unknown;
  comment: unknown;
  maxLength: unknown;
  columnKey: unknown;
}

interface KeyRow {
  tableName: unknown;
  constraintName: unknown;
  columnName: unknown;
  refSchema: unknown;
  refTable: unknown;
  refColumn: unknown;
}

interface ColumnFacts {
  dataType: string;
  maxLength: number | undefined;
  key: string;
}

const COUNT_BATCH = 100;
const LONGEST_SAMPLE_VALUE = 200;
/** Text columns longer than this are not sampled (free text is rarely low-cardinality). */
const LONGEST_SAMPLED_COLUMN = 255;

/** Quotes a name for MySQL: ``a`b`` → `` `a``b` ``. */
export function quoteMysqlIdentifier(name: string): string {
  return `\`${name.replaceAll('`', '``')}\``;
}

/**
 * Reads the schema of the connected database from information_schema, in a handful of set-wise
 * queries: tables and views by name, columns with type, category, nullability and comments,
 * primary and foreign keys, row counts (the server's estimate, or exact `COUNT(*)` for small tables,
 * batched), ENUM/SET values as sample values, and sample values of low-cardinality text columns
 * (bounded per column and in total time). Runs inside the caller's read-only session.
 */
export async function introspectMysql(
  session: ReadOnlySession,
  options: MysqlIntrospectionOptions,
): Promise<SchemaInfo> {
  const checkAbort = (): void => {
    if (options.signal?.aborted) throw new Text2xError('CANCELLED', 'Introspection was cancelled.');
  };
  const database = options.database;
  const tableRows = await session.query<TableRow>(
    `SELECT TABLE_NAME AS name, TABLE_TYPE AS type, TABLE_ROWS AS estimatedRows, TABLE_COMMENT AS comment
     FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? ORDER BY TABLE_NAME`,
    [database],
  );
  checkAbort();
  const columnRows = await session.query<ColumnRow>(
    `SELECT TABLE_NAME AS tableName, COLUMN_NAME AS name, COLUMN_TYPE AS columnType, DATA_TYPE AS dataType,
            IS_NULLABLE AS nullable, COLUMN_COMMENT AS comment, CHARACTER_MAXIMUM_LENGTH AS maxLength,
            COLUMN_KEY AS columnKey
     FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? ORDER BY TABLE_NAME, ORDINAL_POSITION`,
    [database],
  );
  checkAbort();
  const keyRows = await session.query<KeyRow>(
    `SELECT TABLE_NAME AS tableName, CONSTRAINT_NAME AS constraintName, COLUMN_NAME AS columnName,
            REFERENCED_TABLE_SCHEMA AS refSchema, REFERENCED_TABLE_NAME AS refTable,
            REFERENCED_COLUMN_NAME AS refColumn
     FROM information_schema.KEY_COLUMN_USAGE
     WHERE TABLE_SCHEMA = ? AND (CONSTRAINT_NAME = 'PRIMARY' OR REFERENCED_TABLE_NAME IS NOT NULL)
     ORDER BY TABLE_NAME, CONSTRAINT_NAME, ORDINAL_POSITION`,
    [database],
  );
  checkAbort();

  const columnsByTable = groupBy(columnRows, (row) => text(row.tableName));
  const keysByTable = groupBy(keyRows, (row) => text(row.tableName));
  const facts = new Map<ColumnSchema, ColumnFacts>();
  const estimates = new Map<TableSchema, number | undefined>();
  const tables: TableSchema[] = [];
  for (const row of tableRows) {
    const type = text(row.type).toUpperCase();
    const kind =
      type === 'VIEW' ? 'view' : type === 'BASE TABLE' || type === 'SYSTEM VERSIONED' ? 'table' : undefined;
    if (kind === undefined) continue; // sequences, temporary and system tables
    const name = text(row.name);
    const keys = keysByTable.get(name) ?? [];
    const primaryKey = keys
      .filter((key) => text(key.constraintName) === 'PRIMARY')
      .map((key) => text(key.columnName));
    const primary = new Set(primaryKey);
    const columns = (columnsByTable.get(name) ?? []).map((columnRow) => {
      const columnName = text(columnRow.name);
      const dataType = text(columnRow.dataType).toLowerCase();
      const columnType = text(columnRow.columnType);
      const column: ColumnSchema = {
        name: columnName,
        type: columnType,
        category: categorizeMysqlColumn(columnName, dataType, columnType),
        nullable: text(columnRow.nullable).toUpperCase() === 'YES',
        primaryKey: primary.has(columnName),
      };
      const comment = text(columnRow.comment).trim();
      if (comment !== '') column.description = comment;
      if (dataType === 'enum' || dataType === 'set') {
        const values = enumValues(columnType);
        if (values.length > 0) column.sampleValues = values.slice(0, options.maxSampleValues ?? 20);
      }
      const maxLength = columnRow.maxLength == null ? undefined : Number(columnRow.maxLength);
      facts.set(column, { dataType, maxLength, key: text(columnRow.columnKey).toUpperCase() });
      return column;
    });
    const table: TableSchema = {
      name,
      kind,
      columns,
      primaryKey,
      foreignKeys: foreignKeys(keys, database),
    };
    const comment = text(row.comment).trim();
    if (comment !== '' && !(kind === 'view' && comment.toUpperCase() === 'VIEW')) table.description = comment;
    estimates.set(table, row.estimatedRows == null ? undefined : Number(row.estimatedRows));
    tables.push(table);
  }
  resolveForeignKeyTargets(tables);

  if (options.rowCounts ?? true) {
    await countRows(session, tables, estimates, options.exactRowCountBelow ?? 100_000, checkAbort);
  }
  if (options.sampleValues ?? true) await sampleColumns(session, tables, facts, options, checkAbort);
  return { dialect: 'mysql', tables };
}

async function countRows(
  session: ReadOnlySession,
  tables: readonly TableSchema[],
  estimates: ReadonlyMap<TableSchema, number | undefined>,
  exactBelow: number,
  checkAbort: () => void,
): Promise<void> {
  const exact: TableSchema[] = [];
  for (const table of tables) {
    if (table.kind !== 'table') continue;
    const estimate = estimates.get(table);
    if (estimate === undefined || estimate < exactBelow) exact.push(table);
    else table.rowCount = estimate;
  }
  for (let start = 0; start < exact.length; start += COUNT_BATCH) {
    checkAbort();
    const batch = exact.slice(start, start + COUNT_BATCH);
    const sql = batch
      .map((table, index) => `SELECT ${index} AS i, COUNT(*) AS n FROM ${quoteMysqlIdentifier(table.name)}`)
      .join(' UNION ALL ');
    try {
      const counts = await session.query<{ i: unknown; n: unknown }>(sql);
      for (const count of counts) {
        const table = batch[Number(count.i)];
        if (table) table.rowCount = Number(count.n);
      }
    } catch {
      // One unreadable table (a missing engine, no privilege) fails the batch: count one by one.
      for (const table of batch) {
        try {
          const [count] = await session.query<{ n: unknown }>(
            `SELECT COUNT(*) AS n FROM ${quoteMysqlIdentifier(table.name)}`,
          );
          if (count) table.rowCount = Number(count.n);
        } catch {
          const estimate = estimates.get(table);
          if (estimate !== undefined) table.rowCount = estimate;
        }
      }
    }
  }
}

async function sampleColumns(
  session: ReadOnlySession,
  tables: readonly TableSchema[],
  facts: ReadonlyMap<ColumnSchema, ColumnFacts>,
  options: MysqlIntrospectionOptions,
  checkAbort: () => void,
): Promise<void> {
  const rowLimit = options.sampleRowLimit ?? 100_000;
  const maxDistinct = options.maxDistinctValues ?? 50;
  const keep = options.maxSampleValues ?? 20;
  const deadline = performance.now() + (options.sampleTimeBudgetMs ?? 20_000);
  for (const table of tables) {
    if (table.kind !== 'table' || table.rowCount === 0) continue;
    for (const column of table.columns) {
      const fact = facts.get(column);
      if (!fact || column.sampleValues !== undefined || column.category !== 'text') continue;
      if (fact.dataType !== 'char' && fact.dataType !== 'varchar') continue;
      if (fact.maxLength === undefined || fact.maxLength > LONGEST_SAMPLED_COLUMN) continue;
      if (fact.key === 'PRI' || fact.key === 'UNI') continue; // unique: never low-cardinality
      if (performance.now() > deadline) return;
      checkAbort();
      try {
        const rows = await session.query<{ v: unknown }>(
          `SELECT v FROM (SELECT ${quoteMysqlIdentifier(column.name)} AS v FROM ${quoteMysqlIdentifier(table.name)} LIMIT ${rowLimit}) s
           WHERE v IS NOT NULL AND v <> '' GROUP BY v ORDER BY COUNT(*) DESC, v LIMIT ${maxDistinct + 1}`,
        );
        if (rows.length === 0 || rows.length > maxDistinct) continue;
        const samples = rows
          .map((row) => text(row.v))
          .filter((value) => value.length <= LONGEST_SAMPLE_VALUE);
        if (samples.length > 0) column.sampleValues = samples.slice(0, keep);
      } catch {
        // A column that cannot be sampled just gets no samples.
      }
    }
  }
}

/** Foreign keys to tables of this database; keys to other databases are left out. */
function foreignKeys(keys: readonly KeyRow[], database: string): ForeignKeySchema[] {
  const byConstraint = groupBy(
    keys.filter((key) => key.refTable != null && text(key.constraintName) !== 'PRIMARY'),
    (key) => text(key.constraintName),
  );
  const result: ForeignKeySchema[] = [];
  for (const group of byConstraint.values()) {
    const first = group[0];
    if (!first || (first.refSchema != null && text(first.refSchema) !== database)) continue;
    result.push({
      columns: group.map((key) => text(key.columnName)),
      referencedTable: text(first.refTable),
      referencedColumns: group.map((key) => text(key.refColumn)),
    });
  }
  return result;
}

/** Spells referenced tables and columns as the referenced table declares them. */
function resolveForeignKeyTargets(tables: TableSchema[]): void {
  const byName = new Map(tables.map((table) => [table.name.toLowerCase(), table]));
  for (const table of tables) {
    for (const key of table.foreignKeys) {
      const target = byName.get(key.referencedTable.toLowerCase());
      if (!target) continue;
      key.referencedTable = target.name;
      key.referencedColumns = key.referencedColumns.map(
        (column) =>
          target.columns.find((candidate) => candidate.name.toLowerCase() === column.toLowerCase())?.name ??
          column,
      );
    }
  }
}

/** The values of `enum('a','b''c')` or `set(…)`, as declared. */
export function enumValues(columnType: string): string[] {
  const open = columnType.indexOf('(');
  if (open === -1) return [];
  const values: string[] = [];
  const pattern = /'((?:[^'\\]|''|\\.)*)'/g;
  for (const match of columnType.slice(open).matchAll(pattern)) {
    values.push((match[1] ?? '').replaceAll("''", "'").replace(/\\(.)/g, '$1'));
  }
  return values;
}

/** information_schema values arrive as strings, numbers or (for binary collations) buffers. */
function text(value: unknown): string {
  if (value == null) return '';
  if (Buffer.isBuffer(value)) return value.toString('utf8');
  if (typeof value === 'string') return value;
  return typeof value === 'number' || typeof value === 'bigint' ? String(value) : JSON.stringify(value);
}

function groupBy<T, K>(items: readonly T[], key: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const group = groups.get(key(item));
    if (group) group.push(item);
    else groups.set(key(item), [item]);
  }
  return groups;
}
