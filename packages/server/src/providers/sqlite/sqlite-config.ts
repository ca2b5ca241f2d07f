import { z } from 'zod';

/**
 * Configuration of one SQLite provider. `id`, `path` and `description` are what the metadata
 * store keeps (`ProviderConfig`); the tuning fields are optional and rarely needed.
 */
export const SqliteProviderConfig = z.object({
  /** Provider id on the wire (`provider_id`), e.g. `sales-sqlite`. */
  id: z.string().min(1),
  /** Always `sqlite`; optional when the caller already chose the kind. */
  kind: z.literal('sqlite').optional(),
  /** Path of an existing database file. It is opened read-only and never created or written. */
  path: z.string().min(1),
  /** What the data source holds, for people. */
  description: z.string().optional(),
  /** Queries that may run at the same time, each in its own child process. Default 2. */
  concurrency: z.number().int().min(1).max(32).optional(),
  /** Longest accepted query in characters; longer ones are rejected by the policy. Default 100,000. */
  maxQueryLength: z.number().int().min(1).optional(),
  /** Approximate bytes of values kept per result before rows are cut off (`truncated`). Default 32 MiB. */
  maxResultBytes: z.number().int().min(1).optional(),
});
export type SqliteProviderConfig = z.input<typeof SqliteProviderConfig>;
