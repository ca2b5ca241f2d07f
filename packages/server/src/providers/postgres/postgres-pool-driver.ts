import { readFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import pg from 'pg';
import { Text2xError } from '../../core/index.js';
import { redactUrl, type TlsSetting } from '../provider.js';
import type { PostgresDriver, PostgresQueryResult, PostgresSession } from './postgres-driver.js';

export interface PostgresPoolDriverOptions {
  /** `postgres://USER[:PASSWORD]@HOST:PORT/DB[?sslmode=…&host=/socket/dir&application_name=…]`. */
  url: string;
  /** The password, when it comes from elsewhere than the URL (`passwordEnv`). Wins over the URL's. */
  password?: string;
  /** TLS; when undefined the URL's `sslmode` decides (default: no TLS). */
  tls?: TlsSetting;
  /** Connections in the pool. Default 5. */
  poolSize?: number;
  /** Time to open a connection or wait for a free one, in ms. Default 10,000. */
  connectTimeoutMs?: number;
}

/** Every value stays PostgreSQL's text output; the provider converts it (see postgres-values.ts). */
const TEXT_TYPES = { getTypeParser: () => (value: string) => value };

/** Fields pg sets on a connected client that its type definitions leave out. */
interface ConnectedClient extends pg.PoolClient {
  processID?: number | null;
  secretKey?: number | null;
}

interface ConnectionTarget {
  host: string;
  port: number;
}

/**
 * A `pg.Pool` as a PostgresDriver. Values are returned as text; user statements go through the
 * extended protocol (`queryMode: 'extended'`), where the server refuses a second statement. A
 * cancel is the protocol's CancelRequest on a new socket (it needs no login), falling back to
 * `pg_cancel_backend(pid)` on a fresh connection when the socket cannot be opened.
 */
export function createPostgresPoolDriver(options: PostgresPoolDriverOptions): PostgresDriver {
  const config = poolConfig(options);
  const target: ConnectionTarget = { host: config.host ?? 'localhost', port: config.port ?? 5432 };
  const pool = new pg.Pool(config);
  // An idle connection that the server closes emits here; without a listener it would crash the process.
  pool.on('error', () => undefined);
  const where = redactUrl(options.url);

  return {
    canCancel: true,
    async connect(): Promise<PostgresSession> {
      let client: ConnectedClient;
      try {
        client = await pool.connect();
      } catch (error) {
        throw new Text2xError(
          'PROVIDER_UNAVAILABLE',
          `Cannot connect to PostgreSQL at ${where}: ${messageOf(error)}.`,
          { cause: error },
        );
      }
      return poolSession(client, target, config);
    },
    async close(): Promise<void> {
      await pool.end();
    },
  };
}

function poolSession(
  client: ConnectedClient,
  target: ConnectionTarget,
  config: pg.PoolConfig,
): PostgresSession {
  let released = false;
  return {
    async query(sql: string, params?: readonly unknown[]): Promise<PostgresQueryResult> {
      const result = await client.query<unknown[]>({
        text: sql,
        values: params === undefined ? [] : [...params],
        rowMode: 'array',
        queryMode: 'extended',
      } as pg.QueryArrayConfig);
      return {
        fields: result.fields.map((field) => ({ name: field.name, dataTypeID: field.dataTypeID })),
        rows: result.rows as Array<Array<string | null>>,
      };
    },
    async execute(script: string): Promise<void> {
      await client.query(script);
    },
    async cancel(): Promise<void> {
      const processId = client.processID;
      const secretKey = client.secretKey;
      if (typeof processId !== 'number') return;
      if (typeof secretKey === 'number') {
        try {
          await sendCancelRequest(target, processId, secretKey);
          return;
        } catch {
          // fall through to pg_cancel_backend
        }
      }
      await cancelThroughQuery(config, processId);
    },
    release(destroy = false): void {
      if (released) return;
      released = true;
      client.release(destroy);
    },
  };
}

/** The protocol's CancelRequest: 16 bytes on a fresh socket, answered by the server closing it. */
function sendCancelRequest(target: ConnectionTarget, processId: number, secretKey: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = target.host.startsWith('/')
      ? createConnection(`${target.host}/.s.PGSQL.${target.port}`)
      : createConnection({ host: target.host, port: target.port });
    socket.setTimeout(5_000);
    const packet = Buffer.alloc(16);
    packet.writeInt32BE(16, 0);
    packet.writeInt32BE(80877102, 4);
    packet.writeInt32BE(processId, 8);
    packet.writeInt32BE(secretKey, 12);
    socket.once('connect', () => socket.end(packet));
    socket.once('timeout', () => {
      socket.destroy();
      reject(new Error('cancel request timed out'));
    });
    socket.once('error', reject);
    socket.once('close', (hadError) => {
      if (!hadError) resolve();
    });
  });
}

async function cancelThroughQuery(config: pg.PoolConfig, processId: number): Promise<void> {
  const client = new pg.Client({ ...config, connectionTimeoutMillis: 5_000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT pg_cancel_backend($1)', [processId]);
  } catch {
    // Nothing more to try: the statement still ends at its statement_timeout.
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Builds pg's settings from the URL ourselves: pg lets a URL's fields override explicit ones. */
function poolConfig(options: PostgresPoolDriverOptions): pg.PoolConfig {
  const url = new URL(options.url);
  const params = url.searchParams;
  const decode = (value: string): string => {
    try {
      return decodeURIComponent(value);
    } catch {
      return value;
    }
  };
  const host = params.get('host') ?? (url.hostname.replace(/^\[(.*)\]$/, '$1') || undefined);
  const port = Number(params.get('port') ?? url.port) || 5432;
  const user = params.get('user') ?? (url.username === '' ? undefined : decode(url.username));
  const password = options.password ?? (url.password === '' ? undefined : decode(url.password));
  const database =
    params.get('dbname') ?? (url.pathname.length > 1 ? decode(url.pathname.slice(1)) : undefined);
  const config: pg.PoolConfig = {
    port,
    max: options.poolSize ?? 5,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 10_000,
    idleTimeoutMillis: 30_000,
    allowExitOnIdle: true,
    application_name: params.get('application_name') ?? 'text2x',
    types: TEXT_TYPES,
    ssl: sslOptions(options.tls, params.get('sslmode'), host),
  };
  if (host !== undefined) config.host = host;
  if (user !== undefined) config.user = user;
  if (password !== undefined) config.password = password;
  if (database !== undefined) config.database = database;
  return config;
}

function sslOptions(
  tls: TlsSetting | undefined,
  sslMode: string | null,
  host: string | undefined,
): pg.PoolConfig['ssl'] {
  if (tls === undefined) {
    switch (sslMode ?? 'disable') {
      case 'require':
        return { rejectUnauthorized: false };
      case 'verify-ca':
      case 'verify-full':
        return host === undefined
          ? { rejectUnauthorized: true }
          : { rejectUnauthorized: true, servername: host };
      default:
        return false; // disable, allow, prefer (pg cannot fall back), or none
    }
  }
  if (tls === false) return false;
  if (tls === true) return { rejectUnauthorized: true };
  let ca: string | undefined;
  if (tls.caFile !== undefined) {
    try {
      ca = readFileSync(tls.caFile, 'utf8');
    } catch (error) {
      throw new Text2xError(
        'PROVIDER_UNAVAILABLE',
        `Cannot read the CA certificate file ${tls.caFile}: ${messageOf(error)}.`,
        { cause: error },
      );
    }
  }
  return { rejectUnauthorized: tls.rejectUnauthorized ?? true, ...(ca === undefined ? {} : { ca }) };
}

function messageOf(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) return messageOf(error.errors[0]);
  return error instanceof Error && error.message !== '' ? error.message : String(error);
}
