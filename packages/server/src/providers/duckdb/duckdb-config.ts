import { resolve } from 'node:path';
import { z } from 'zod';

/**
 * Configuration of one DuckDB provider: a DuckDB database file, a set of CSV/Parquet/JSON files,
 * or both. `id`, `database`, `files` and `description` are what the metadata store keeps
 * (`ProviderConfig`); the tuning fields are optional and rarely needed. Parsing resolves every
 * path to an absolute one (against the current directory), so the provider never depends on where
 * it is later run from.
 */
export const DuckdbProviderConfig = z
  .object({
    /** Provider id on the wire (`provider_id`), e.g. `sales`. */
    id: z.string().min(1),
    /** Always `duckdb`; optional when the caller already chose the kind. */
    kind: z.literal('duckdb').optional(),
    /**
     * Path of an existing DuckDB database file. It is attached READ_ONLY (never created, written or
     * checkpointed); its tables and views, in every schema, become tables of the provider.
     */
    database: z.string().min(1).transform(absolutePath).optional(),
    /**
     * CSV (`.csv`, `.tsv`, `.txt`, optionally `.gz`/`.zst`), Parquet (`.parquet`) or JSON (`.json`,
     * `.jsonl`, `.ndjson`) files, or globs of them (`./data/*.csv`, `**` for subfolders). Each file
     * becomes one table named after its file stem, sanitised (`Sales 2024.csv` → `sales_2024`); a
     * glob becomes one table over all the files it matches, named after the fixed part of its stem
     * or else its folder (`./data/sales_*.csv` → `sales`, `./data/*.csv` → `data`). Names that
     * clash get `_2`, `_3`, …
     */
    files: z.array(z.string().min(1).transform(absolutePath)).optional(),
    /** What the data source holds, for people. */
    description: z.string().optional(),
    /**
     * Queries of this provider that may run at the same time, each on its own connection; more
     * wait in a queue. Across all DuckDB providers of the process at most `UV_THREADPOOL_SIZE - 2`
     * queries run at once (2 by default), so slow queries never take every libuv thread from the
     * rest of Node. Default 2.
     */
    concurrency: z.number().int().min(1).max(32).optional(),
    /** Longest accepted query in characters; longer ones are rejected by the policy. Default 100,000. */
    maxQueryLength: z.number().int().min(1).optional(),
    /** Approximate bytes of values kept per result before rows are cut off (`truncated`). Default 32 MiB. */
    maxResultBytes: z.number().int().min(1).optional(),
    /**
     * DuckDB's memory limit, e.g. `2GB`. Default: DuckDB's (80% of RAM). Queries never spill to
     * disk (no temporary directory), so a query that needs more fails instead of writing files.
     */
    memoryLimit: z
      .string()
      .regex(/^\d+(?:\.\d+)?\s*(?:[KMGT]i?B|B|bytes|%)$/i, 'a size such as 512MB or 2GB')
      .optional(),
    /** Threads DuckDB uses per query. Default: DuckDB's (the number of cores). */
    threads: z.number().int().min(1).max(256).optional(),
    /**
     * Row counts of file-backed tables are computed by scanning CSV and JSON files; files larger
     * than this in total (bytes) get no row count. Parquet counts come from metadata and are always
     * read. Default 256 MiB.
     */
    rowCountMaxBytes: z.number().int().min(0).optional(),
  })
  .refine((config) => config.database !== undefined || (config.files?.length ?? 0) > 0, {
    message: 'give a database file, at least one data file, or both',
    path: ['database'],
  });

/** The configuration as written (relative paths allowed). */
export type DuckdbProviderConfig = z.input<typeof DuckdbProviderConfig>;
/** The configuration after parsing: every path absolute. */
export type ResolvedDuckdbProviderConfig = z.output<typeof DuckdbProviderConfig>;

/** An absolute, normalised path; a leading `~/` means the home directory, as in a shell. */
function absolutePath(path: string): string {
  const home = process.env.HOME;
  if (home !== undefined && (path === '~' || path.startsWith('~/'))) return resolve(home, path.slice(2));
  return resolve(path);
}
