import { existsSync, readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import mysql from 'mysql2/promise';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serviceAvailable, serviceUrl } from '../../test-support/services.js';
import type { Provider } from '../provider.js';
import { createProvider } from '../provider-registry.js';
import type { ContractTarget } from './test-support/contract-target.js';
import { createMysqlContractTarget } from './test-support/mysql-contract-target.js';
import { createPostgresContractTarget } from './test-support/postgres-contract-target.js';

// Runs the least-privilege recipes of least-privilege.md (or of the README, once they move there)
// on the real servers, then shows the account can read, cannot write, cannot reach files or other
// databases, and works as a text2x provider. Needs PostgreSQL and MariaDB like the contract suite.

const DOCUMENTS = [
  new URL('./least-privilege.md', import.meta.url),
  new URL('../../../../../README.md', import.meta.url),
];

/** The statements of the fenced ```sql <engine> block in whichever document has it. */
function recipe(engine: 'postgres' | 'mariadb'): string[] {
  for (const url of DOCUMENTS) {
    if (!existsSync(url)) continue;
    const block = new RegExp('```sql ' + engine + '\\n([\\s\\S]*?)```').exec(readFileSync(url, 'utf8'))?.[1];
    if (block === undefined) continue;
    return block
      .split('\n')
      .filter((line) => !line.trimStart().startsWith('--'))
      .join('\n')
      .split(/;\s*\n/)
      .map((statement) => statement.trim().replace(/;$/, ''))
      .filter((statement) => statement !== '');
  }
  throw new Error(`no \`\`\`sql ${engine} block in least-privilege.md or README.md`);
}

function errorCode(error: unknown): string | number | undefined {
  const record = error as { code?: string; errno?: number };
  return record.errno ?? record.code;
}

async function failure(run: () => Promise<unknown>): Promise<string | number | undefined> {
  try {
    await run();
  } catch (error) {
    return errorCode(error);
  }
  return 'succeeded';
}

describe.skipIf(!(await serviceAvailable('postgres')))('the PostgreSQL least-privilege role', () => {
  const role = `text2x_reader_${process.pid}`;
  let target: ContractTarget;
  let url: URL;
  let reader: pg.Client;
  let provider: Provider | undefined;

  beforeAll(async () => {
    target = await createPostgresContractTarget();
    if (target.config.kind !== 'postgres') throw new Error('expected a PostgreSQL target');
    url = new URL(target.config.url);
    const database = url.pathname.slice(1);
    const owner = new pg.Client({ connectionString: url.toString() });
    await owner.connect();
    try {
      for (const statement of recipe('postgres'))
        await owner.query(
          statement
            .replaceAll('text2x_reader', role)
            .replace(/ON DATABASE shop\b/, `ON DATABASE ${database}`),
        );
    } finally {
      await owner.end();
    }
    url.username = role;
    reader = new pg.Client({ connectionString: url.toString() });
    await reader.connect();
  });

  afterAll(async () => {
    await provider?.close();
    await reader?.end();
    const owner = new pg.Client({
      connectionString: target.config.kind === 'postgres' ? target.config.url : '',
    });
    await owner.connect();
    await owner.query(`DROP OWNED BY ${role}`).catch(() => undefined);
    await owner.end();
    await target.dispose();
    const server = new pg.Client({ connectionString: serviceUrl('postgres') });
    await server.connect();
    await server.query(`DROP ROLE IF EXISTS ${role}`);
    await server.end();
  });

  it('reads the tables, inside read-only transactions with a time limit', async () => {
    expect((await reader.query('SELECT count(*)::int AS n FROM customers')).rows).toEqual([{ n: 8 }]);
    expect((await reader.query('SHOW default_transaction_read_only')).rows[0]).toEqual({
      default_transaction_read_only: 'on',
    });
    expect((await reader.query('SHOW statement_timeout')).rows[0]).toEqual({ statement_timeout: '30s' });
  });

  it('cannot write even after leaving read-only mode', async () => {
    expect(
      await failure(() => reader.query("INSERT INTO customers (customer_id, name) VALUES (99, 'x')")),
    ).toBe('25006');
    await reader.query('BEGIN READ WRITE');
    try {
      expect(await failure(() => reader.query("UPDATE customers SET name = 'x'"))).toBe('42501');
    } finally {
      await reader.query('ROLLBACK');
    }
  });

  it('cannot reach server files, programs, other sessions or other schemas', async () => {
    for (const sql of [
      "SELECT pg_read_file('/etc/hostname')",
      "SELECT lo_import('/etc/hostname')",
      "COPY customers TO '/tmp/text2x-corpus-evil-least-privilege.csv'",
      "COPY customers TO PROGRAM 'true'",
      'SELECT * FROM text2x_other.secrets',
    ])
      expect(await failure(() => reader.query(sql)), sql).toBe('42501');
  });

  it('works as a text2x provider', async () => {
    provider = await createProvider({ kind: 'postgres', id: 'least-privilege', url: url.toString() });
    const schema = await provider.introspect();
    expect(schema.tables.map((table) => table.name)).toContain('customers');
    const result = await provider.execute('SELECT COUNT(*) FROM orders', { maxRows: 10, timeoutMs: 10_000 });
    expect(String(result.rows[0]?.[0])).toBe('12');
  });
});

describe.skipIf(!(await serviceAvailable('mariadb')))('the MariaDB least-privilege account', () => {
  const user = `text2x_reader_${process.pid}`;
  const password = randomBytes(12).toString('hex');
  const passwordEnv = `TEXT2X_TEST_READER_PASSWORD_${process.pid}`;
  let target: ContractTarget;
  let database: string;
  let admin: mysql.Connection;
  let reader: mysql.Connection;
  let provider: Provider | undefined;

  beforeAll(async () => {
    target = await createMysqlContractTarget();
    if (target.config.kind !== 'mysql') throw new Error('expected a MariaDB target');
    const url = new URL(target.config.url);
    database = url.pathname.slice(1);
    const connection = {
      host: url.hostname,
      port: Number(url.port || 3306),
      database,
    };
    admin = await mysql.createConnection({ ...connection, user: decodeURIComponent(url.username || 'root') });
    for (const statement of recipe('mariadb'))
      await admin.query(
        statement
          .replaceAll('text2x_reader', user)
          .replaceAll('change-me', password)
          .replace(/ON shop\.\*/, `ON ${database}.*`),
      );
    reader = await mysql.createConnection({ ...connection, user, password });
    process.env[passwordEnv] = password;
  });

  afterAll(async () => {
    await provider?.close();
    await reader?.end();
    await admin?.query(`DROP USER IF EXISTS '${user}'@'%'`);
    await admin?.end();
    delete process.env[passwordEnv];
    await target.dispose();
  });

  it('reads the tables, with a statement time limit', async () => {
    const [rows] = await reader.query<mysql.RowDataPacket[]>('SELECT COUNT(*) AS n FROM customers');
    expect(Number(rows[0]?.n)).toBe(8);
    const [limits] = await reader.query<mysql.RowDataPacket[]>('SELECT @@max_statement_time AS t');
    expect(Number(limits[0]?.t)).toBe(30);
  });

  it('cannot write, read or write server files, or read other databases', async () => {
    expect(
      await failure(() => reader.query("INSERT INTO customers (customer_id, name) VALUES (99, 'x')")),
    ).toBe(1142);
    expect(await failure(() => reader.query('CREATE TABLE text2x_corpus_evil (a INT)'))).toBe(1142);
    const [file] = await reader.query<mysql.RowDataPacket[]>("SELECT LOAD_FILE('/etc/hostname') AS f");
    expect(file[0]?.f).toBeNull();
    expect(
      await failure(() =>
        reader.query("SELECT 1 INTO OUTFILE '/tmp/text2x-corpus-evil-least-privilege.txt'"),
      ),
    ).toBe(1227); // ER_SPECIFIC_ACCESS_DENIED: needs the FILE privilege
    expect(
      await failure(() => reader.query(`SELECT * FROM ${target.placeholders?.other_database ?? ''}.secrets`)),
    ).toBe(1142);
  });

  it('works as a text2x provider, with the password from the environment', async () => {
    const url = new URL(target.config.kind === 'mysql' ? target.config.url : '');
    url.username = user;
    provider = await createProvider({
      kind: 'mysql',
      id: 'least-privilege',
      url: url.toString(),
      passwordEnv,
    });
    const schema = await provider.introspect();
    expect(schema.tables.map((table) => table.name)).toContain('customers');
    const result = await provider.execute('SELECT COUNT(*) FROM orders', { maxRows: 10, timeoutMs: 10_000 });
    expect(String(result.rows[0]?.[0])).toBe('12');
  });
});
