import mysql from 'mysql2/promise';
import { scratchDatabaseName, serviceUrl } from '../../../test-support/services.js';
import { CROSS_JOIN_SLOW_QUERY, MANY_ROWS_SUBQUERY, type ContractTarget } from './contract-target.js';
import { CORPUS_LOCK_NAME } from './safety-corpus.js';
import { sha256Json } from './file-snapshot.js';
import {
  SHOP_COMMENTS,
  SHOP_SEQUENCE,
  SHOP_TABLES,
  eventColumnsFrom,
  oddNameStatements,
  quoteWithBackticks,
  shopSchemaStatements,
} from './shop-fixture.js';

function urlFor(database: string): string {
  const url = new URL(serviceUrl('mariadb'));
  url.pathname = `/${database}`;
  return url.toString();
}

const DIGITS =
  '(SELECT 0 AS d UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9)';

/** Objects and state outside the tables that a statement could change, for the scratch database `?`. */
const STATE_QUERIES: Record<string, string> = {
  tables: `SELECT GROUP_CONCAT(CONCAT_WS(':', TABLE_NAME, TABLE_TYPE, ENGINE, TABLE_COMMENT, UPDATE_TIME) ORDER BY TABLE_NAME SEPARATOR ',')
    FROM information_schema.TABLES WHERE TABLE_SCHEMA = ?`,
  columns: `SELECT MD5(GROUP_CONCAT(CONCAT_WS(':', TABLE_NAME, COLUMN_NAME, COLUMN_TYPE, IS_NULLABLE, COLUMN_DEFAULT, COLUMN_COMMENT) ORDER BY TABLE_NAME, ORDINAL_POSITION SEPARATOR ','))
    FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ?`,
  indexes: `SELECT GROUP_CONCAT(CONCAT_WS(':', TABLE_NAME, INDEX_NAME, COLUMN_NAME) ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX SEPARATOR ',')
    FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = ?`,
  'routines, triggers, events, views': `SELECT CONCAT_WS('|',
    (SELECT COUNT(*) FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = ?),
    (SELECT COUNT(*) FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = ?),
    (SELECT COUNT(*) FROM information_schema.EVENTS WHERE EVENT_SCHEMA = ?),
    (SELECT MD5(GROUP_CONCAT(VIEW_DEFINITION)) FROM information_schema.VIEWS WHERE TABLE_SCHEMA = ?))`,
  'database options and grants': `SELECT CONCAT_WS('|',
    (SELECT CONCAT(DEFAULT_CHARACTER_SET_NAME, '/', DEFAULT_COLLATION_NAME) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?),
    (SELECT COUNT(*) FROM information_schema.SCHEMA_PRIVILEGES WHERE TABLE_SCHEMA = ?),
    (SELECT COUNT(*) FROM information_schema.TABLE_PRIVILEGES WHERE TABLE_SCHEMA = ?))`,
  'corpus users and databases': `SELECT CONCAT_WS('|',
    (SELECT COUNT(*) FROM mysql.global_priv WHERE User LIKE 'text2x\\_corpus%'),
    (SELECT COUNT(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME LIKE 'text2x\\_corpus%'))`,
  'user lock': `SELECT COALESCE(IS_USED_LOCK('${CORPUS_LOCK_NAME}'), 'free')`,
  'server settings': `SELECT CONCAT_WS('|', @@global.general_log, @@global.max_statement_time, @@global.sql_mode,
    @@global.read_only, @@global.event_scheduler, (SELECT COUNT(*) FROM information_schema.PLUGINS))`,
};

function textOf(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'bigint')
    return String(value);
  return JSON.stringify(value);
}

/**
 * Creates a scratch MariaDB/MySQL database with the shop fixture (dropped by `dispose`) and a root
 * connection for snapshots.
 */
export async function createMysqlContractTarget(): Promise<ContractTarget> {
  const database = scratchDatabaseName('text2x_contract');
  const base = new URL(serviceUrl('mariadb'));
  const admin = await mysql.createConnection({
    host: base.hostname,
    port: Number(base.port || 3306),
    user: decodeURIComponent(base.username || 'root'),
    password: decodeURIComponent(base.password),
    dateStrings: true,
    supportBigNumbers: true,
    bigNumberStrings: true,
  });
  await admin.query(`CREATE DATABASE ${database}`);
  await admin.query(`USE ${database}`);
  for (const statement of [...shopSchemaStatements(), ...oddNameStatements(quoteWithBackticks)])
    await admin.query(statement);
  await admin.query(
    `INSERT INTO events SELECT ${eventColumnsFrom('i')} FROM (SELECT a.d + 10 * b.d + 100 * c.d + 1000 * e.d + 10000 * f.d + 1 AS i FROM ${DIGITS} a, ${DIGITS} b, ${DIGITS} c, ${DIGITS} e, ${DIGITS} f) s`,
  );
  await admin.query(`ALTER TABLE customers COMMENT = '${SHOP_COMMENTS.customersTable}'`);
  await admin.query(
    `ALTER TABLE customers MODIFY country VARCHAR(50) COMMENT '${SHOP_COMMENTS.countryColumn}'`,
  );
  await admin.query(`CREATE SEQUENCE ${SHOP_SEQUENCE}`);
  await admin.query(`ANALYZE TABLE ${SHOP_TABLES.map((table) => table.name).join(', ')}`);
  // A second database on the same server, outside the provider's scope.
  const other = `${database}_other`;
  await admin.query(`CREATE DATABASE ${other}`);
  await admin.query(`CREATE TABLE ${other}.secrets (id INTEGER PRIMARY KEY, secret VARCHAR(50))`);
  await admin.query(`INSERT INTO ${other}.secrets VALUES (1, 'not for text2x')`);

  const stateValues = async (): Promise<Record<string, string>> => {
    const result: Record<string, string> = {};
    for (const [name, sql] of Object.entries(STATE_QUERIES)) {
      const parameters = Array.from({ length: sql.split('?').length - 1 }, () => database);
      const [rows] = await admin.query<mysql.RowDataPacket[]>({ sql, rowsAsArray: true }, parameters);
      result[name] = textOf((rows[0] as unknown[] | undefined)?.[0]);
    }
    const [sequence] = await admin.query<mysql.RowDataPacket[]>(`SELECT * FROM ${SHOP_SEQUENCE}`);
    result.sequence = sha256Json(sequence);
    return result;
  };

  return {
    kind: 'mysql',
    config: {
      kind: 'mysql',
      id: 'contract-mysql',
      url: urlFor(database),
      description: 'Shop fixture (MariaDB)',
    },
    snapshot: async (mode) => {
      const tables = SHOP_TABLES.map((table) => table.name).filter(
        (name) => mode === 'full' || name !== 'events',
      );
      const [checksums] = await admin.query<mysql.RowDataPacket[]>(
        `CHECKSUM TABLE ${tables.join(', ')} EXTENDED`,
      );
      const result: Record<string, string> = {};
      for (const row of checksums)
        result[`table ${String(row.Table).split('.').pop()}`] = String(row.Checksum);
      if (mode === 'quick') {
        // Summing 100,000 rows after every statement is slow here; a write to events changes its
        // UPDATE_TIME (in "tables") at once, and the full snapshot checksums every row.
        const [rows] = await admin.query<mysql.RowDataPacket[]>(
          "SELECT CONCAT_WS(':', MIN(event_id), MAX(event_id)) AS summary FROM events",
        );
        result['table events'] = String(rows[0]?.summary);
      }
      return { ...result, ...(await stateValues()) };
    },
    serverFileExists: async (path) => {
      const [rows] = await admin.query<mysql.RowDataPacket[]>('SELECT LOAD_FILE(?) IS NOT NULL AS found', [
        path,
      ]);
      return Number(rows[0]?.found) === 1;
    },
    runningStatements: async (marker) => {
      const [rows] = await admin.query<mysql.RowDataPacket[]>(
        "SELECT COUNT(*) AS n FROM information_schema.PROCESSLIST WHERE ID <> CONNECTION_ID() AND COMMAND = 'Query' AND INSTR(INFO, ?) > 0",
        [marker],
      );
      return Number(rows[0]?.n ?? 0);
    },
    quoteIdentifier: quoteWithBackticks,
    slowQuery: CROSS_JOIN_SLOW_QUERY,
    runtimeErrorQuery: MANY_ROWS_SUBQUERY,
    placeholders: { other_database: other },
    dispose: async () => {
      await admin.query(`DROP DATABASE IF EXISTS ${other}`);
      await admin.query(`DROP DATABASE IF EXISTS ${database}`);
      await admin.end();
    },
  };
}
