import { COMMON_DENIED_KEYWORDS, createDenyList, type DenyList } from './deny-list.js';

/** Common keywords DuckDB reads as something harmless, or that start no DuckDB statement. */
const NOT_DENIED_ANYWHERE = new Set([
  'REPLACE', // SELECT * REPLACE (expr AS col)
  'RENAME', // SELECT * RENAME (a AS b)
  'UPSERT',
  'TRIGGER',
  'GRANT',
  'REVOKE',
  'SAVEPOINT',
  'RELEASE',
]);

/**
 * DuckDB's deny list, with the decisions behind it:
 *
 * - Statements: only `SELECT`, `WITH`, `FROM` (DuckDB's FROM-first form) and `VALUES` may start a
 *   query. `DESCRIBE`, `SHOW`, `SUMMARIZE` and `PIVOT`/`UNPIVOT` statements are rejected: the
 *   schema and statistics come from introspection, `SHOW`/`DESCRIBE` can list attached databases
 *   and their paths, and a `PIVOT` statement expands into several statements. (PIVOT inside FROM
 *   works.) Every other statement (`COPY`, `EXPORT`, `IMPORT`, `INSTALL`, `LOAD`, `ATTACH`,
 *   `DETACH`, `USE`, `SET`, `RESET`, `PRAGMA`, `CALL`, `CHECKPOINT`, `PREPARE`, `EXECUTE`, …) is
 *   rejected by the first-word rule, with the reason in `DUCKDB_DENIED_STATEMENTS`.
 * - Keywords denied anywhere as bare words are the writing and file-touching ones that cannot be
 *   sensible column names. Words such as `load`, `call`, `show`, `export` or `set` are common column
 *   names, and DuckDB has no statement that nests inside a SELECT, so they are denied only as the
 *   first word. `REPLACE` and `RENAME` are allowed: `SELECT * REPLACE (…)` / `* RENAME (…)` read.
 * - Functions: settings and environment readers (`current_setting`, `getenv`), anything that runs
 *   SQL text or reads a table named by a string (`query`, `query_table`,
 *   `json_execute_serialized_sql`), other databases and file formats
 *   (`read_duckdb`, `sqlite_scan`, `postgres_scan`, …), logging/profiling/checkpoint switches,
 *   and functions with side effects (`nextval`, `setseed`, `write_log`).
 * - Every `duckdb_*` and `pragma_*` function and view, `information_schema`, `pg_catalog` and the
 *   `sqlite_master` compatibility views: they leak settings, secrets, file paths or extension
 *   directories (`duckdb_settings()`, `duckdb_secrets()`, `duckdb_databases()`), and the schema is
 *   already given to the generator by introspection — one rule is easier to trust than a list of
 *   harmless meta functions.
 * - Table functions are allowed only from a short list (`range`, `generate_series`, `unnest`,
 *   `json_each`, `json_tree`, and the file readers); the DuckDB validator enforces that on DuckDB's
 *   own parse tree, so table macros such as `histogram(table, column)` are refused there.
 * - File readers (`read_csv`, `read_parquet`, `read_json`, `read_text`, `glob`, …) are not on this
 *   list: the DuckDB validator allows them only with a literal path that is one of the provider's
 *   configured files or globs.
 */
export const DUCKDB_DENY_LIST: DenyList = createDenyList({
  statementStarts: ['SELECT', 'WITH', 'FROM', 'VALUES'],
  keywords: [
    ...[...COMMON_DENIED_KEYWORDS].filter(([word]) => !NOT_DENIED_ANYWHERE.has(word)),
    ['ATTACH', 'opens another database file'],
    ['DETACH', 'closes an attached database'],
    ['COPY', 'reads or writes files on the server'],
    ['INSTALL', 'downloads and installs an extension'],
    ['PRAGMA', 'reads or changes database settings'],
    ['CHECKPOINT', 'writes the database file'],
    ['VACUUM', 'rewrites the database file'],
  ],
  functions: [
    ['current_setting', 'reads server settings (which include file paths)'],
    ['getenv', 'reads environment variables of the server'],
    ['query', 'runs SQL text'],
    ['query_table', 'reads tables named by a string, which bypasses the name check'],
    ['json_execute_serialized_sql', 'runs SQL from its serialized form'],
    ['read_duckdb', 'opens another database file'],
    ['sqlite_scan', 'opens another database file'],
    ['sqlite_query', 'opens another database file'],
    ['sqlite_attach', 'opens another database file'],
    ['postgres_scan', 'connects to another database'],
    ['postgres_query', 'connects to another database'],
    ['postgres_attach', 'connects to another database'],
    ['postgres_execute', 'connects to another database'],
    ['mysql_scan', 'connects to another database'],
    ['mysql_query', 'connects to another database'],
    ['mysql_execute', 'connects to another database'],
    ['iceberg_scan', 'reads files outside the provider'],
    ['delta_scan', 'reads files outside the provider'],
    ['read_xlsx', 'reads files outside the provider'],
    ['st_read', 'reads files outside the provider'],
    ['load_aws_credentials', 'reads credentials of the server'],
    ['which_secret', 'reads secret names'],
    ['checkpoint', 'writes the database file'],
    ['force_checkpoint', 'writes the database file'],
    ['enable_logging', 'changes server settings'],
    ['disable_logging', 'changes server settings'],
    ['truncate_duckdb_logs', 'changes server state'],
    ['write_log', 'writes to the server log'],
    ['enable_profiling', 'changes server settings'],
    ['disable_profiling', 'changes server settings'],
    ['enable_peg_parser', 'changes server settings'],
    ['disable_peg_parser', 'changes server settings'],
    ['nextval', 'changes a sequence'],
    ['setval', 'changes a sequence'],
    ['setseed', 'changes the session state'],
  ],
  tables: [
    ['information_schema', 'is a catalog schema (the schema is given by introspection)'],
    ['pg_catalog', 'is a catalog schema (the schema is given by introspection)'],
    ['sqlite_master', 'is a catalog view (the schema is given by introspection)'],
    ['sqlite_schema', 'is a catalog view (the schema is given by introspection)'],
    ['sqlite_temp_master', 'is a catalog view (the schema is given by introspection)'],
    ['sqlite_temp_schema', 'is a catalog view (the schema is given by introspection)'],
  ],
  prefixes: [
    ['duckdb_', 'reads server metadata such as settings, secrets and file paths'],
    ['pragma_', 'reads database settings through a pragma'],
  ],
  stringsCanBeNames: false,
});

/**
 * Why a statement that starts with one of these words is rejected. These words are rejected only
 * as the first word (they are ordinary column names elsewhere); upper-case word → reason, completing
 * "X is not allowed because it …".
 */
export const DUCKDB_DENIED_STATEMENTS: ReadonlyMap<string, string> = new Map([
  ['EXPORT', 'writes the database to files'],
  ['IMPORT', 'reads a database from files'],
  ['LOAD', 'loads an extension into the database engine'],
  ['FORCE', 'forces a checkpoint or an extension install'],
  ['SET', 'changes settings of the session or the server'],
  ['RESET', 'changes settings of the session or the server'],
  ['USE', 'changes the default database or schema'],
  ['CALL', 'runs a table function as a statement'],
  ['PREPARE', 'prepares a statement to run later'],
  ['EXECUTE', 'runs a prepared statement'],
  ['DEALLOCATE', 'changes the session state'],
  ['ANALYZE', 'writes table statistics'],
  ['SUMMARIZE', 'is a shell command, not a query (statistics come from introspection)'],
  ['DESCRIBE', 'is a shell command, not a query (the schema comes from introspection)'],
  ['SHOW', 'is a shell command that can list databases and their files'],
  ['PIVOT', 'is a statement that expands into several statements (write PIVOT inside FROM instead)'],
  ['UNPIVOT', 'is a statement form (write UNPIVOT inside FROM instead)'],
  ['START', 'controls transactions'],
  ['END', 'controls transactions'],
  ['ABORT', 'controls transactions'],
  ['COMMENT', 'changes comments in the catalog'],
  ['TABLE', 'is a shorthand that is not supported here (write SELECT * FROM …)'],
]);
