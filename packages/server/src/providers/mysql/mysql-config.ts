import { z } from 'zod';

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** TLS for the connection: `true` verifies the server with the system CAs; an object tunes it. */
export const MysqlTlsSetting = z.union([
  z.boolean(),
  z
    .object({
      /** Verify the server certificate. Default true. */
      rejectUnauthorized: z.boolean().optional(),
      /** Path of a CA certificate file (PEM) to verify the server with. */
      caFile: z.string().min(1).optional(),
    })
    .strict(),
]);

/**
 * Configuration of one MySQL or MariaDB provider. `id`, `url`, `passwordEnv`, `tls`, `poolSize`
 * and `description` are what the metadata store keeps (`ProviderConfig`, kind `mysql`); the
 * tuning fields are optional and rarely needed.
 */
export const MysqlProviderConfig = z.object({
  /** Provider id on the wire (`provider_id`), e.g. `shop-mysql`. */
  id: z.string().min(1),
  /** Always `mysql` (MariaDB included); optional when the caller already chose the kind. */
  kind: z.literal('mysql').optional(),
  /**
   * `mysql://USER@HOST:PORT/DB` or `mariadb://…`. The database in the path is the one introspected
   * and queried. A password in the URL works, but `passwordEnv` keeps it out of stored config.
   * Query parameters are not accepted: TLS goes in `tls`.
   */
  url: z.string().superRefine((value, context) => {
    const problem = urlProblem(value);
    if (problem !== undefined) context.addIssue({ code: 'custom', message: problem });
  }),
  /** What the data source holds, for people. */
  description: z.string().optional(),
  /** Name of the environment variable holding the password; read when the provider opens. */
  passwordEnv: z
    .string()
    .regex(ENV_NAME, 'must be an environment variable name (letters, digits and _)')
    .optional(),
  /** TLS settings. Default: no TLS. */
  tls: MysqlTlsSetting.optional(),
  /** Connections in the pool for queries (one more is opened on demand to stop queries). Default 5. */
  poolSize: z.number().int().min(1).max(100).optional(),
  /** Time to connect before giving up, in ms. Default 10,000. */
  connectTimeoutMs: z.number().int().min(1).optional(),
  /** Time limit of the `EXPLAIN` dry run in ms (the optimizer may evaluate constant subqueries). Default 10,000. */
  dryRunTimeoutMs: z.number().int().min(1).optional(),
  /** Time limit of one introspection in ms. Default 120,000. */
  introspectionTimeoutMs: z.number().int().min(1).optional(),
  /**
   * Tables whose estimated row count (`information_schema.TABLES.TABLE_ROWS`) is below this are
   * counted exactly with `COUNT(*)`; larger ones keep the estimate. Default 100,000.
   */
  exactRowCountBelow: z.number().int().min(0).optional(),
  /** Longest accepted query in characters; longer ones are rejected by the policy. Default 100,000. */
  maxQueryLength: z.number().int().min(1).optional(),
  /** Approximate bytes of values kept per result before rows are cut off (`truncated`). Default 32 MiB. */
  maxResultBytes: z.number().int().min(1).optional(),
});
export type MysqlProviderConfig = z.input<typeof MysqlProviderConfig>;

/** Where and how to connect, derived from a parsed config and the environment. Holds the password. */
export interface MysqlConnectionSettings {
  host: string;
  port: number;
  user: string;
  password: string | undefined;
  database: string;
  /** Options for Node's `tls.connect`, or undefined for a plain connection. */
  ssl: { rejectUnauthorized: boolean; ca?: string } | undefined;
  poolSize: number;
  connectTimeoutMs: number;
}

/**
 * Reads the connection settings from a valid config: host, port, user and database from the URL,
 * the password from `passwordEnv` (or the URL). Throws an Error whose message names what is missing
 * and never contains the password.
 */
export function mysqlConnectionSettings(
  config: z.output<typeof MysqlProviderConfig>,
  options: { env?: NodeJS.ProcessEnv; readFile?: (path: string) => string } = {},
): MysqlConnectionSettings {
  const env = options.env ?? process.env;
  const url = new URL(config.url);
  let password = url.password === '' ? undefined : decodeURIComponent(url.password);
  if (config.passwordEnv !== undefined) {
    const value = env[config.passwordEnv];
    if (value === undefined) {
      throw new Error(
        `The environment variable ${config.passwordEnv} that should hold the password is not set`,
      );
    }
    password = value;
  }
  let ssl: MysqlConnectionSettings['ssl'];
  const tls = config.tls;
  if (tls === true) ssl = { rejectUnauthorized: true };
  else if (typeof tls === 'object') {
    ssl = { rejectUnauthorized: tls.rejectUnauthorized ?? true };
    if (tls.caFile !== undefined) {
      const readFile = options.readFile;
      if (readFile === undefined) throw new Error('No file reader was given for tls.caFile');
      ssl.ca = readFile(tls.caFile);
    }
  }
  return {
    host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: url.port === '' ? 3306 : Number(url.port),
    user: decodeURIComponent(url.username),
    password,
    database: decodeURIComponent(url.pathname.slice(1)),
    ssl,
    poolSize: config.poolSize ?? 5,
    connectTimeoutMs: config.connectTimeoutMs ?? 10_000,
  };
}

function urlProblem(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'must be a URL such as mysql://USER@HOST:3306/DB';
  }
  if (url.protocol !== 'mysql:' && url.protocol !== 'mariadb:') {
    return `must start with mysql:// or mariadb://, not ${url.protocol}//`;
  }
  if (url.hostname === '') return 'must name a host, as in mysql://USER@HOST:3306/DB';
  if (url.username === '') return 'must name a user, as in mysql://USER@HOST:3306/DB';
  const database = url.pathname.replace(/^\//, '');
  if (database === '' || database.includes('/')) {
    return 'must name one database in the path, as in mysql://USER@HOST:3306/DB';
  }
  if (url.search !== '' || url.hash !== '') {
    return 'must not have query parameters or a fragment (put TLS settings in "tls")';
  }
  return undefined;
}
