import { z } from 'zod';

const TlsOptions = z.object({
  /** Verify the server certificate. Default true. */
  rejectUnauthorized: z.boolean().optional(),
  /** Path of a CA certificate file (PEM), read when the provider opens. */
  caFile: z.string().min(1).optional(),
});

/**
 * Configuration of one PostgreSQL provider: the `kind: 'postgres'` variant of `ProviderConfig`
 * plus optional tuning fields. The password is never stored here when `passwordEnv` is used.
 */
export const PostgresProviderConfig = z.object({
  /** Provider id on the wire (`provider_id`), e.g. `postgres-main`. */
  id: z.string().min(1),
  /** Always `postgres`; optional when the caller already chose the kind. */
  kind: z.literal('postgres').optional(),
  /** What the data source holds, for people. */
  description: z.string().optional(),
  /**
   * `postgres://USER@HOST:PORT/DB` or `postgresql://…`. A password in the URL works, but
   * `passwordEnv` is preferred. `?sslmode=require|verify-ca|verify-full|disable` is honoured when
   * `tls` is not set; `?host=/path` names a Unix socket directory.
   */
  url: z
    .string()
    .regex(/^postgres(?:ql)?:\/\//i, 'must start with postgres:// or postgresql://')
    .refine((url) => {
      try {
        new URL(url);
        return true;
      } catch {
        return false;
      }
    }, 'is not a valid URL'),
  /** Name of an environment variable holding the password, read when the provider opens. */
  passwordEnv: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be an environment variable name')
    .optional(),
  /**
   * Schemas to introspect and allow, in search order (they become the `search_path` of every
   * query). Default `['public']`. Tables outside `public` are named `schema.table`.
   */
  schemas: z.array(z.string().min(1).max(63)).min(1).optional(),
  /** `true` = TLS verified with the system CAs; an object to turn verification off or name a CA file. Default off. */
  tls: z.union([z.boolean(), TlsOptions]).optional(),
  /** Connections in the pool. Default 5. */
  poolSize: z.number().int().min(1).max(100).optional(),
  /** Time to open a connection before the provider is PROVIDER_UNAVAILABLE, in ms. Default 10,000. */
  connectTimeoutMs: z.number().int().min(1).optional(),
  /** Longest accepted query in characters; longer ones are rejected by the policy. Default 100,000. */
  maxQueryLength: z.number().int().min(1).optional(),
  /** Approximate bytes of values kept per result before rows are cut off (`truncated`). Default 32 MiB. */
  maxResultBytes: z.number().int().min(1).optional(),
  /** Most rows one `FETCH` reads from the cursor. Default 10,000. */
  fetchSize: z.number().int().min(1).max(1_000_000).optional(),
  /** Time limit of the `EXPLAIN` dry run, in ms. Default 5,000. */
  dryRunTimeoutMs: z.number().int().min(1).optional(),
});
export type PostgresProviderConfig = z.input<typeof PostgresProviderConfig>;
