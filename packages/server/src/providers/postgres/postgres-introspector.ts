import {
  Text2xError,
  type ColumnSchema,
  type ForeignKeySchema,
  type SchemaInfo,
  type TableSchema,
} from '../../core/index.js';
import { categorizePostgresColumn } from './postgres-column-category.js';
import type { PostgresDriver, PostgresSession } from './postgres-driver.js';
import {
  quotePostgresIdentifier,
  textArrayLiteral,
  withReadOnlyTransaction,
  type ReadOnlyTransactionOptions,
} from './postgres-transaction.js';
import { parsePostgresArray } from './postgres-values.js';

export interface PostgresIntrospectionOptions {
  /** Schemas to read, in search order. Default `['public']`. */
  schemas?: readonly string[];
  /** Report row counts: exact for small tables, the planner's estimate (`reltuples`) otherwise. Default true. */
  rowCounts?: boolean;
  /** Tables (and materialized views) up to this many bytes on disk are counted exactly. Default 10 MiB. */
  exactCountMaxBytes?: number;
  /** Collect sample values of low-cardinality text columns (and enum labels). Default true. */
  sampleValues?: boolean;
  /** Rows read per table when a table has no planner statistics to take values from. Default 10,000. */
  sampleRowLimit?: number;
  /** Most distinct values a text column may have to get sample values. Default 50. */
  maxDistinctValues?: number;
  /** Sample values kept per column, most frequent first. Default 20. */
  maxSampleValues?: number;
  /** Time limit of each introspection statement, in ms. Default 30,000. */
  statementTimeoutMs?: number;
  /** Connections used at once for counting and sampling. Default 4. */
  concurrency?: number;
  /** Set `client_connection_check_interval` (server 14+). Default false. */
  checkClientConnection?: boolean;
  /** Checked between steps; an abort stops introspection with CANCELLED. */
  signal?: AbortSignal;
}

interface RelationRow {
  oid: string;
  schema: string;
  name: string;
  relkind: string;
  estimate: number;
  bytes: number;
  description: string | null;
}

interface ColumnRow {
  relationOid: string;
  attnum: number;
  name: string;
  type: string;
  notNull: boolean;
  category: string;
  typeOid: string;
  description: string | null;
}

/** A relation being introspected, with what later steps need. */
interface Relation {
  row: RelationRow;
  table: TableSchema;
  columnsByAttnum: Map<number, ColumnSchema>;
  enumTypes: Map<ColumnSchema, string>;
}

const RELATION_KINDS = `('r', 'p', 'v', 'm', 'f')`;
const LONGEST_SAMPLE_VALUE = 200;
const CHUNK_SIZE = 100;

/**
 * The name a table gets in SchemaInfo (and that generators write): `orders` in `public`,
 * `sales.orders` elsewhere.
 */
export function postgresTableLabel(schema: string, name: string): string {
  return schema === 'public' ? name : `${schema}.${name}`;
}

/**
 * Reads the schema of the configured PostgreSQL schemas through pg_catalog, in a handful of
 * set-wise statements whatever the number of tables: tables, partitioned tables, foreign tables,
 * views and materialized views (partitions are left out: their parent is what queries use); columns
 * with type, category, nullability and comment; primary and foreign keys; enum labels as sample
 * values; row counts (exact `count(*)` for small tables, in batches of 100 tables per statement, the
 * planner's estimate for big ones); sample values of low-cardinality text columns from the planner's
 * statistics (`pg_stats`) or, for tables never analyzed, from a bounded scan (`LIMIT`). Only tables
 * the user may read are listed. Every statement runs read-only with a time limit.
 */
export async function introspectPostgres(
  driver: PostgresDriver,
  options: PostgresIntrospectionOptions = {},
): Promise<SchemaInfo> {
  const schemas = [...(options.schemas ?? ['public'])];
  const transaction: ReadOnlyTransactionOptions = {
    statementTimeoutMs: options.statementTimeoutMs ?? 30_000,
    searchPath: schemas,
    checkClientConnection: options.checkClientConnection ?? false,
  };
  const checkAbort = (): void => {
    if (options.signal?.aborted) throw new Text2xError('CANCELLED', 'Introspection was cancelled.');
  };
  checkAbort();

  const relations = await withReadOnlyTransaction(driver, transaction, (session) =>
    readCatalog(session, schemas),
  );
  checkAbort();

  const tables = relations.map((relation) => relation.table);
  if (options.rowCounts ?? true) {
    await countRows(driver, transaction, relations, options, checkAbort);
  }
  if (options.sampleValues ?? true) {
    await sampleValues(driver, transaction, relations, options, checkAbort);
  }
  return { dialect: 'postgres', tables };
}

async function readCatalog(session: PostgresSession, schemas: string[]): Promise<Relation[]> {
  const schemaList = textArrayLiteral(schemas);
  const relationResult = await session.query(
    `SELECT c.oid::text, n.nspname, c.relname, c.relkind::text,
            CASE WHEN c.relkind = 'p' THEN
              (SELECT coalesce(sum(greatest(pc.reltuples, 0)), 0) FROM pg_catalog.pg_partition_tree(c.oid) t
                 JOIN pg_catalog.pg_class pc ON pc.oid = t.relid WHERE t.isleaf)
            ELSE c.reltuples END::float8::text,
            CASE WHEN c.relkind = 'p' THEN
              (SELECT coalesce(sum(pg_catalog.pg_relation_size(t.relid)), 0) FROM pg_catalog.pg_partition_tree(c.oid) t)
            WHEN c.relkind IN ('r', 'm') THEN pg_catalog.pg_relation_size(c.oid)
            ELSE 0 END::int8::text,
            d.description
       FROM pg_catalog.pg_class c
       JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
       LEFT JOIN pg_catalog.pg_description d
              ON d.objoid = c.oid AND d.classoid = 'pg_catalog.pg_class'::regclass AND d.objsubid = 0
      WHERE n.nspname = ANY($1::text[]) AND c.relkind IN ${RELATION_KINDS} AND NOT c.relispartition
        AND pg_catalog.has_any_column_privilege(c.oid, 'SELECT')
      ORDER BY pg_catalog.array_position($1::text[], n.nspname::text), c.relname`,
    [schemaList],
  );
  const relationRows: RelationRow[] = relationResult.rows.map((row) => ({
    oid: row[0] ?? '',
    schema: row[1] ?? '',
    name: row[2] ?? '',
    relkind: row[3] ?? '',
    estimate: Number(row[4] ?? -1),
    bytes: Number(row[5] ?? 0),
    description: row[6] ?? null,
  }));

  const columnResult = await session.query(
    `SELECT a.attrelid::text, a.attnum::int, a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod),
            a.attnotnull, coalesce(bt.typcategory, t.typcategory)::text, coalesce(bt.oid, t.oid)::text,
            d.description
       FROM pg_catalog.pg_attribute a
       JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
       JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
       JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
       LEFT JOIN pg_catalog.pg_type bt ON t.typtype = 'd' AND bt.oid = t.typbasetype
       LEFT JOIN pg_catalog.pg_description d
              ON d.objoid = a.attrelid AND d.classoid = 'pg_catalog.pg_class'::regclass AND d.objsubid = a.attnum
      WHERE n.nspname = ANY($1::text[]) AND c.relkind IN ${RELATION_KINDS} AND NOT c.relispartition
        AND a.attnum > 0 AND NOT a.attisdropped
      ORDER BY a.attrelid, a.attnum`,
    [schemaList],
  );
  const columnRows: ColumnRow[] = columnResult.rows.map((row) => ({
    relationOid: row[0] ?? '',
    attnum: Number(row[1]),
    name: row[2] ?? '',
    type: row[3] ?? '',
    notNull: row[4] === 't',
    category: row[5] ?? '',
    typeOid: row[6] ?? '',
    description: row[7] ?? null,
  }));

  const keyResult = await session.query(
    `SELECT con.conrelid::text, con.contype::text, con.conkey::text, fn.nspname, fc.relname,
            con.confrelid::text, con.confkey::text
       FROM pg_catalog.pg_constraint con
       JOIN pg_catalog.pg_class c ON c.oid = con.conrelid
       JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
       LEFT JOIN pg_catalog.pg_class fc ON fc.oid = con.confrelid
       LEFT JOIN pg_catalog.pg_namespace fn ON fn.oid = fc.relnamespace
      WHERE n.nspname = ANY($1::text[]) AND con.contype IN ('p', 'f') AND con.conparentid = 0
      ORDER BY con.conrelid, con.contype DESC, con.conname`,
    [schemaList],
  );

  const enumResult = await session.query(
    `SELECT e.enumtypid::text, e.enumlabel FROM pg_catalog.pg_enum e ORDER BY e.enumtypid, e.enumsortorder`,
  );
  const enumLabels = new Map<string, string[]>();
  for (const [typeOid, label] of enumResult.rows) {
    if (typeOid == null || label == null) continue;
    const labels = enumLabels.get(typeOid);
    if (labels) labels.push(label);
    else enumLabels.set(typeOid, [label]);
  }

  const relations = new Map<string, Relation>();
  for (const row of relationRows) {
    const table: TableSchema = {
      name: postgresTableLabel(row.schema, row.name),
      kind: row.relkind === 'v' || row.relkind === 'm' ? 'view' : 'table',
      columns: [],
      primaryKey: [],
      foreignKeys: [],
    };
    if (row.description) table.description = row.description;
    relations.set(row.oid, { row, table, columnsByAttnum: new Map(), enumTypes: new Map() });
  }
  for (const row of columnRows) {
    const relation = relations.get(row.relationOid);
    if (!relation) continue;
    const column: ColumnSchema = {
      name: row.name,
      type: row.type,
      category: categorizePostgresColumn(row.category, row.type),
      nullable: !row.notNull,
      primaryKey: false,
    };
    if (row.description) column.description = row.description;
    if (row.category === 'E') {
      const labels = enumLabels.get(row.typeOid);
      if (labels && labels.length > 0) column.sampleValues = labels.slice(0, 20);
      relation.enumTypes.set(column, row.typeOid);
    }
    relation.table.columns.push(column);
    relation.columnsByAttnum.set(row.attnum, column);
  }
  // Key columns come as attribute numbers; referenced tables outside the configured schemas need their names read.
  const outside = [
    ...new Set(
      keyResult.rows.map((row) => row[5] ?? '0').filter((oid) => oid !== '0' && !relations.has(oid)),
    ),
  ];
  const outsideNames = new Map<string, string>();
  if (outside.length > 0) {
    const names = await session.query(
      `SELECT attrelid::text, attnum::int, attname FROM pg_catalog.pg_attribute
        WHERE attrelid = ANY($1::oid[]) AND attnum > 0`,
      [`{${outside.join(',')}}`],
    );
    for (const [oid, attnum, name] of names.rows)
      outsideNames.set(`${oid ?? ''}:${attnum ?? ''}`, name ?? '');
  }
  const namesOf = (oid: string, attnums: string | null | undefined): string[] =>
    nameList(attnums).map(
      (attnum) =>
        relations.get(oid)?.columnsByAttnum.get(Number(attnum))?.name ??
        outsideNames.get(`${oid}:${attnum}`) ??
        `#${attnum}`,
    );
  for (const row of keyResult.rows) {
    const relation = relations.get(row[0] ?? '');
    if (!relation) continue;
    const columns = namesOf(row[0] ?? '', row[2]);
    if (row[1] === 'p') {
      relation.table.primaryKey = columns;
      for (const column of relation.table.columns) {
        if (columns.includes(column.name)) {
          column.primaryKey = true;
          column.nullable = false;
        }
      }
    } else {
      const key: ForeignKeySchema = {
        columns,
        referencedTable: postgresTableLabel(row[3] ?? '', row[4] ?? ''),
        referencedColumns: namesOf(row[5] ?? '', row[6]),
      };
      relation.table.foreignKeys.push(key);
    }
  }
  return [...relations.values()];
}

function nameList(text: string | null | undefined): string[] {
  if (text == null) return [];
  const parsed = parsePostgresArray(text, (value) => value);
  return Array.isArray(parsed) ? parsed.filter((value): value is string => typeof value === 'string') : [];
}

/** Exact counts for small tables (100 per statement), the planner's estimate for the rest. */
async function countRows(
  driver: PostgresDriver,
  transaction: ReadOnlyTransactionOptions,
  relations: readonly Relation[],
  options: PostgresIntrospectionOptions,
  checkAbort: () => void,
): Promise<void> {
  const maxBytes = options.exactCountMaxBytes ?? 10 * 1024 * 1024;
  const exact: Relation[] = [];
  for (const relation of relations) {
    const { relkind, estimate, bytes } = relation.row;
    if (relkind === 'v' || relkind === 'f') continue;
    if (relkind !== 'p' && bytes <= maxBytes) exact.push(relation);
    else if (estimate >= 0) relation.table.rowCount = Math.round(estimate);
  }
  await inChunks(driver, transaction, exact, options.concurrency ?? 4, checkAbort, countChunk, (relation) => {
    if (relation.row.estimate >= 0) relation.table.rowCount = Math.round(relation.row.estimate);
  });
}

async function countChunk(session: PostgresSession, chunk: readonly Relation[]): Promise<void> {
  const sql = chunk
    .map((relation, index) => `SELECT ${index}, count(*) FROM ${qualifiedName(relation.row)}`)
    .join(' UNION ALL ');
  const result = await session.query(sql);
  for (const [index, count] of result.rows) {
    const relation = chunk[Number(index)];
    if (relation) relation.table.rowCount = Number(count);
  }
}

function qualifiedName(row: RelationRow): string {
  return `${quotePostgresIdentifier(row.schema)}.${quotePostgresIdentifier(row.name)}`;
}

function isSampledText(column: ColumnSchema): boolean {
  return column.category === 'text' && column.sampleValues === undefined && !/^uuid\b/.test(column.type);
}

/** Sample values from the planner's statistics, or a bounded scan of tables that have none. */
async function sampleValues(
  driver: PostgresDriver,
  transaction: ReadOnlyTransactionOptions,
  relations: readonly Relation[],
  options: PostgresIntrospectionOptions,
  checkAbort: () => void,
): Promise<void> {
  const maxDistinct = options.maxDistinctValues ?? 50;
  const keep = options.maxSampleValues ?? 20;
  const rowLimit = options.sampleRowLimit ?? 10_000;
  const byName = new Map(
    relations.map((relation) => [`${relation.row.schema}\u0000${relation.row.name}`, relation]),
  );
  const analyzed = new Set<ColumnSchema>();

  const stats = await withReadOnlyTransaction(driver, transaction, (session) =>
    session.query(
      `SELECT s.schemaname::text, s.tablename::text, s.attname::text, s.n_distinct::float8::text, s.most_common_vals::text
         FROM pg_catalog.pg_stats s
        WHERE s.schemaname = ANY($1::text[])
        ORDER BY s.inherited`,
      [textArrayLiteral(transaction.searchPath)],
    ),
  );
  for (const [schema, table, column, distinctText, values] of stats.rows) {
    const relation = byName.get(`${schema}\u0000${table}`);
    const target = relation?.table.columns.find((candidate) => candidate.name === column);
    if (!relation || !target || analyzed.has(target) || !isSampledText(target)) continue;
    const distinct = Number(distinctText);
    const rows = relation.table.rowCount ?? Math.max(0, relation.row.estimate);
    const count = Math.round(distinct >= 0 ? distinct : -distinct * rows);
    if (distinct === 0 || !Number.isFinite(count)) continue; // unknown: scan instead
    if (count > maxDistinct) {
      analyzed.add(target); // high cardinality: no samples, no scan
      continue;
    }
    // The most-common-values list names every value only when it is as long as the distinct count.
    const common = values == null ? [] : nameList(values);
    if (common.length < count) continue;
    analyzed.add(target);
    const samples = common.filter((value) => value !== '' && value.length <= LONGEST_SAMPLE_VALUE);
    if (samples.length > 0) target.sampleValues = samples.slice(0, keep);
  }

  const unanalyzed = relations.filter(
    (relation) =>
      relation.row.relkind !== 'v' &&
      relation.row.relkind !== 'f' &&
      relation.table.rowCount !== 0 &&
      relation.table.columns.some((column) => isSampledText(column) && !analyzed.has(column)),
  );
  const sampleChunk = async (session: PostgresSession, chunk: readonly Relation[]): Promise<void> => {
    const columnsOf = chunk.map((relation) =>
      relation.table.columns.filter((column) => isSampledText(column) && !analyzed.has(column)),
    );
    const branches = chunk.map((relation, tableIndex) => {
      const values = (columnsOf[tableIndex] ?? [])
        .map((column, index) => `(${index}, s.${quotePostgresIdentifier(column.name)}::text)`)
        .join(', ');
      return `SELECT ${tableIndex} AS t, x.i, x.v, count(*) AS n
                FROM (SELECT * FROM ${qualifiedName(relation.row)} LIMIT ${Math.max(1, Math.floor(rowLimit))}) s
                CROSS JOIN LATERAL (VALUES ${values}) x(i, v)
               WHERE x.v IS NOT NULL AND x.v <> ''
               GROUP BY x.i, x.v`;
    });
    const result = await session.query(
      `SELECT t, i, v FROM (
         SELECT t, i, v, row_number() OVER (PARTITION BY t, i ORDER BY n DESC, v) AS rank
           FROM (${branches.join(' UNION ALL ')}) found) ranked
        WHERE rank <= ${maxDistinct + 1}
        ORDER BY t, i, rank`,
    );
    const found = new Map<ColumnSchema, string[]>();
    for (const [tableIndex, index, value] of result.rows) {
      const column = columnsOf[Number(tableIndex)]?.[Number(index)];
      if (!column) continue;
      const list = found.get(column);
      if (list) list.push(value ?? '');
      else found.set(column, [value ?? '']);
    }
    for (const [column, list] of found) {
      if (list.length > maxDistinct) continue;
      const samples = list.filter((value) => value.length <= LONGEST_SAMPLE_VALUE);
      if (samples.length > 0) column.sampleValues = samples.slice(0, keep);
    }
  };
  // A table that cannot be sampled (no privilege, a broken foreign table) just gets no samples.
  await inChunks(
    driver,
    transaction,
    unanalyzed,
    options.concurrency ?? 4,
    checkAbort,
    sampleChunk,
    () => undefined,
  );
}

/**
 * Runs `work` over the relations 100 at a time (one statement per chunk, several chunks at once).
 * When a chunk's statement fails (one table the user may not read fails all of it), its tables
 * are retried one by one, each in a savepoint; `failed` handles a table that fails alone.
 */
async function inChunks(
  driver: PostgresDriver,
  transaction: ReadOnlyTransactionOptions,
  relations: readonly Relation[],
  concurrency: number,
  checkAbort: () => void,
  work: (session: PostgresSession, chunk: readonly Relation[]) => Promise<void>,
  failed: (relation: Relation) => void,
): Promise<void> {
  const chunks: Relation[][] = [];
  for (let index = 0; index < relations.length; index += CHUNK_SIZE) {
    chunks.push(relations.slice(index, index + CHUNK_SIZE));
  }
  await forEachLimited(chunks, concurrency, async (chunk) => {
    checkAbort();
    await withReadOnlyTransaction(driver, transaction, async (session) => {
      await session.execute('SAVEPOINT text2x_chunk');
      try {
        await work(session, chunk);
      } catch {
        await session.execute('ROLLBACK TO SAVEPOINT text2x_chunk');
        for (const relation of chunk) {
          checkAbort();
          try {
            await session.execute('SAVEPOINT text2x_one');
            await work(session, [relation]);
            await session.execute('RELEASE SAVEPOINT text2x_one');
          } catch {
            await session.execute('ROLLBACK TO SAVEPOINT text2x_one');
            failed(relation);
          }
        }
      }
    });
  });
}

/** Runs `work` over the items with at most `limit` running at once; the first failure is rethrown. */
async function forEachLimited<T>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next] as T;
      next += 1;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
}
