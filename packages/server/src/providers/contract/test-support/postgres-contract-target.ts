import pg from 'pg';
import { scratchDatabaseName, serviceUrl } from '../../../test-support/services.js';
import { CROSS_JOIN_SLOW_QUERY, MANY_ROWS_SUBQUERY, type ContractTarget } from './contract-target.js';
import { VICTIM_APPLICATION_NAME } from './safety-corpus.js';
import {
  EVENT_ROWS,
  SHOP_COMMENTS,
  SHOP_SEQUENCE,
  SHOP_TABLES,
  eventColumnsFrom,
  oddNameStatements,
  quoteWithDoubleQuotes,
  shopSchemaStatements,
} from './shop-fixture.js';

const OTHER_SCHEMA = 'text2x_other';

function urlFor(database: string): string {
  const url = new URL(serviceUrl('postgres'));
  url.pathname = `/${database}`;
  return url.toString();
}

/** Objects and state outside the tables that a statement could change, one query per entry. */
const STATE_QUERIES: Record<string, string> = {
  relations: `SELECT string_agg(format('%s.%s:%s:%s', n.nspname, c.relname, c.relkind, c.relowner::regrole), ',' ORDER BY n.nspname, c.relname)
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'`,
  'columns and privileges': `SELECT md5(string_agg(format('%s.%s:%s:%s:%s', c.relname, a.attname, a.atttypid::regtype, a.attnotnull, c.relacl), ',' ORDER BY c.relname, a.attnum))
    FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
    WHERE c.relnamespace = 'public'::regnamespace AND a.attnum > 0 AND NOT a.attisdropped`,
  functions: `SELECT string_agg(p.oid::regprocedure::text, ',' ORDER BY 1) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
    WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')`,
  'types, schemas and extensions': `SELECT concat_ws('|',
    (SELECT string_agg(typname, ',' ORDER BY typname) FROM pg_type WHERE typnamespace = 'public'::regnamespace),
    (SELECT string_agg(nspname, ',' ORDER BY nspname) FROM pg_namespace),
    (SELECT string_agg(extname || ' ' || extversion, ',' ORDER BY extname) FROM pg_extension))`,
  'rules, triggers, policies, publications': `SELECT concat_ws('|',
    (SELECT count(*) FROM pg_rewrite r JOIN pg_class c ON c.oid = r.ev_class WHERE c.relnamespace = 'public'::regnamespace),
    (SELECT count(*) FROM pg_trigger WHERE NOT tgisinternal),
    (SELECT count(*) FROM pg_policy),
    (SELECT count(*) FROM pg_publication))`,
  comments: `SELECT md5(coalesce(string_agg(description, '|' ORDER BY objoid, objsubid), '')) FROM pg_description d
    JOIN pg_class c ON c.oid = d.objoid WHERE c.relnamespace = 'public'::regnamespace`,
  'large objects': 'SELECT count(*) FROM pg_largeobject_metadata',
  sequence: `SELECT last_value || ':' || is_called FROM ${SHOP_SEQUENCE}`,
  'advisory locks': `SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'
    AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
  'victim session': `SELECT count(*) FROM pg_stat_activity WHERE application_name = '${VICTIM_APPLICATION_NAME}'
    AND datname = current_database()`,
  'prepared transactions': 'SELECT count(*) FROM pg_prepared_xacts WHERE database = current_database()',
  'corpus roles, databases, slots, tablespaces': `SELECT concat_ws('|',
    (SELECT count(*) FROM pg_roles WHERE rolname LIKE 'text2x\\_corpus%'),
    (SELECT count(*) FROM pg_database WHERE datname LIKE 'text2x\\_corpus%'),
    (SELECT count(*) FROM pg_replication_slots WHERE slot_name LIKE 'text2x\\_corpus%'),
    (SELECT count(*) FROM pg_tablespace WHERE spcname LIKE 'text2x\\_corpus%'))`,
  'server and role settings': `SELECT concat_ws('|',
    (SELECT string_agg(name || '=' || setting, ',' ORDER BY name) FROM pg_file_settings WHERE sourcefile LIKE '%postgresql.auto.conf'),
    (SELECT string_agg(array_to_string(setconfig, ';'), ',' ORDER BY setdatabase, setrole) FROM pg_db_role_setting))`,
};

/**
 * Creates a scratch PostgreSQL database with the shop fixture (dropped by `dispose`), an owner
 * connection for snapshots, and an idle "victim" session the corpus tries to cancel and kill.
 */
export async function createPostgresContractTarget(): Promise<ContractTarget> {
  const database = scratchDatabaseName('text2x_contract');
  const server = new pg.Client({ connectionString: serviceUrl('postgres') });
  await server.connect();
  await server.query(`CREATE DATABASE ${database}`);

  const admin = new pg.Client({
    connectionString: urlFor(database),
    application_name: 'text2x-contract-admin',
  });
  await admin.connect();
  await admin.query('BEGIN');
  for (const statement of [...shopSchemaStatements(), ...oddNameStatements(quoteWithDoubleQuotes)])
    await admin.query(statement);
  await admin.query(
    `INSERT INTO events SELECT ${eventColumnsFrom('i')} FROM generate_series(1, ${EVENT_ROWS}) AS s(i)`,
  );
  await admin.query(`COMMENT ON TABLE customers IS '${SHOP_COMMENTS.customersTable}'`);
  await admin.query(`COMMENT ON COLUMN customers.country IS '${SHOP_COMMENTS.countryColumn}'`);
  await admin.query(`CREATE SEQUENCE ${SHOP_SEQUENCE}`);
  // A schema outside the provider's configured schemas (only public).
  await admin.query(`CREATE SCHEMA ${OTHER_SCHEMA}`);
  await admin.query(`CREATE TABLE ${OTHER_SCHEMA}.secrets (id integer PRIMARY KEY, secret text)`);
  await admin.query(`INSERT INTO ${OTHER_SCHEMA}.secrets VALUES (1, 'not for text2x')`);
  await admin.query('COMMIT');
  await admin.query('ANALYZE');

  const victim = new pg.Client({
    connectionString: urlFor(database),
    application_name: VICTIM_APPLICATION_NAME,
  });
  victim.on('error', () => undefined); // the corpus may terminate it; the snapshot reports that
  await victim.connect();

  const tableChecksums = async (mode: 'quick' | 'full'): Promise<Record<string, string>> => {
    const parts = SHOP_TABLES.map(({ name, orderBy }) =>
      mode === 'quick' && name === 'events'
        ? `(SELECT count(*) || ':' || sum(amount) || ':' || sum(length(kind)) FROM events) AS "table events"`
        : `(SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY ${orderBy}), '')) FROM ${name} t) AS "table ${name}"`,
    );
    const { rows } = await admin.query<Record<string, string>>(`SELECT ${parts.join(', ')}`);
    return rows[0] ?? {};
  };

  return {
    kind: 'postgres',
    config: {
      kind: 'postgres',
      id: 'contract-postgres',
      url: urlFor(database),
      description: 'Shop fixture (PostgreSQL)',
    },
    snapshot: async (mode) => {
      const result: Record<string, string> = { ...(await tableChecksums(mode)) };
      const state = Object.entries(STATE_QUERIES);
      const { rows } = await admin.query<Record<string, string | null>>(
        `SELECT ${state.map(([name, sql]) => `(${sql}) AS "${name}"`).join(', ')}`,
      );
      for (const [name] of state) result[name] = String(rows[0]?.[name] ?? '');
      return result;
    },
    serverFileExists: async (path) => {
      const { rows } = await admin.query<{ found: boolean }>(
        'SELECT pg_stat_file($1, true) IS NOT NULL AS found',
        [path],
      );
      return rows[0]?.found === true;
    },
    runningStatements: async (marker) => {
      const { rows } = await admin.query<{ n: string }>(
        `SELECT count(*) AS n FROM pg_stat_activity WHERE state = 'active' AND pid <> pg_backend_pid() AND position($1 in query) > 0`,
        [marker],
      );
      return Number(rows[0]?.n ?? 0);
    },
    quoteIdentifier: quoteWithDoubleQuotes,
    slowQuery: CROSS_JOIN_SLOW_QUERY,
    runtimeErrorQuery: MANY_ROWS_SUBQUERY,
    placeholders: { other_schema: OTHER_SCHEMA },
    dispose: async () => {
      await victim.end().catch(() => undefined);
      await admin.end().catch(() => undefined);
      await server.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
      await server.end();
    },
  };
}
