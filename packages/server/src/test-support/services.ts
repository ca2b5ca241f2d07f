import { createConnection } from 'node:net';

/** Database and cache servers that integration tests may need. */
export type ServiceName = 'postgres' | 'mariadb' | 'redis';

const DEFAULTS: Record<ServiceName, { url: string; env: string }> = {
  postgres: { url: 'postgres://postgres@127.0.0.1:5432/test', env: 'TEXT2X_TEST_POSTGRES_URL' },
  mariadb: { url: 'mysql://root@127.0.0.1:3306/test', env: 'TEXT2X_TEST_MYSQL_URL' },
  redis: { url: 'redis://127.0.0.1:6379', env: 'TEXT2X_TEST_REDIS_URL' },
};

/** The URL tests use for a service: its env override or the CI machine's default. */
export function serviceUrl(name: ServiceName): string {
  const { url, env } = DEFAULTS[name];
  return process.env[env] ?? url;
}

function reachable(url: string, timeoutMs = 1500): Promise<boolean> {
  const parsed = new URL(url);
  const port = Number(
    parsed.port || { 'postgres:': 5432, 'mysql:': 3306, 'redis:': 6379 }[parsed.protocol] || 0,
  );
  return new Promise((resolve) => {
    const socket = createConnection({ host: parsed.hostname, port, timeout: timeoutMs });
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.once('connect', () => done(true));
    socket.once('timeout', () => done(false));
    socket.once('error', () => done(false));
  });
}

/**
 * Whether a service answers on its port. When it does not: with `TEXT2X_REQUIRE_SERVICES=1` (CI)
 * this throws, failing the test file; otherwise it prints why the tests are skipped and returns
 * false. Use with `describe.skipIf(!(await serviceAvailable('postgres')))`.
 */
export async function serviceAvailable(name: ServiceName): Promise<boolean> {
  const url = serviceUrl(name);
  if (await reachable(url)) return true;
  const where = new URL(url).host;
  if (process.env.TEXT2X_REQUIRE_SERVICES === '1') {
    throw new Error(`${name} is required (TEXT2X_REQUIRE_SERVICES=1) but nothing answers at ${where}`);
  }
  process.stderr.write(
    `skipping ${name} tests: nothing answers at ${where} (set TEXT2X_REQUIRE_SERVICES=1 to fail instead)\n`,
  );
  return false;
}

/** A database name unique to one test run, safe to create and drop. */
export function scratchDatabaseName(prefix: string): string {
  return `${prefix}_${process.pid}_${Math.random().toString(36).slice(2, 8)}`.toLowerCase();
}
