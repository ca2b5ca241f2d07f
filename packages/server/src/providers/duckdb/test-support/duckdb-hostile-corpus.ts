import type { DuckdbFixture } from './duckdb-fixture.js';

/**
 * Statements a read-only DuckDB provider must refuse, each with why it is dangerous. Written
 * against the test fixture (`customers`, `orders`, the file tables). Every entry must fail
 * validation with a reason and make `execute` throw QUERY_REJECTED, and no file may change or
 * appear afterwards. Paths outside the fixture use the `EVIL` prefix so a test can check that
 * none of them was created.
 */
export interface HostileStatement {
  sql: string;
  why: string;
}

/** Prefix of every file a hostile statement tries to create outside the fixture folder. */
export const EVIL = '/tmp/text2x-duckdb-evil';

export function duckdbHostileCorpus(fixture: DuckdbFixture): HostileStatement[] {
  const dir = fixture.dir;
  const csv = fixture.csv.replaceAll("'", "''");
  return [
    // Data changes and schema changes
    { sql: "INSERT INTO customers VALUES (9, 'x', 'y', 'z', NULL, NULL)", why: 'plain INSERT' },
    { sql: 'INSERT INTO customers SELECT * FROM customers', why: 'INSERT … SELECT' },
    { sql: "INSERT OR REPLACE INTO customers (customer_id, name) VALUES (1, 'x')", why: 'INSERT OR REPLACE' },
    { sql: 'INSERT INTO orders BY NAME SELECT 99 AS order_id', why: 'INSERT BY NAME' },
    { sql: "UPDATE customers SET name = 'x'", why: 'plain UPDATE' },
    {
      sql: 'UPDATE orders SET amount = 0 FROM customers WHERE customers.customer_id = orders.customer_id',
      why: 'UPDATE … FROM',
    },
    { sql: 'DELETE FROM orders', why: 'plain DELETE' },
    {
      sql: 'DELETE FROM orders WHERE order_id = 10 RETURNING *',
      why: 'DELETE … RETURNING returns rows but writes',
    },
    { sql: 'TRUNCATE orders', why: 'TRUNCATE' },
    {
      sql: 'MERGE INTO customers USING customers AS c ON customers.customer_id = c.customer_id WHEN MATCHED THEN DELETE',
      why: 'MERGE INTO',
    },
    { sql: 'CREATE TABLE x (a INTEGER)', why: 'CREATE TABLE' },
    { sql: 'CREATE TABLE x AS SELECT * FROM customers', why: 'CREATE TABLE … AS' },
    { sql: 'CREATE OR REPLACE TABLE customers AS SELECT 1 AS a', why: 'CREATE OR REPLACE over a real table' },
    {
      sql: 'CREATE TEMP TABLE t AS SELECT 1 AS a',
      why: 'CREATE TEMP TABLE works even on a read-only database',
    },
    {
      sql: "CREATE OR REPLACE VIEW sales_2024 AS SELECT * FROM read_csv('/etc/passwd')",
      why: 'replacing a file view with one over another file',
    },
    { sql: 'CREATE MACRO evil(a) AS a', why: 'CREATE MACRO' },
    { sql: 'CREATE SEQUENCE s', why: 'CREATE SEQUENCE' },
    { sql: 'CREATE INDEX i ON customers (name)', why: 'CREATE INDEX' },
    { sql: 'CREATE SCHEMA evil', why: 'CREATE SCHEMA' },
    { sql: "CREATE TYPE t AS ENUM ('a')", why: 'CREATE TYPE' },
    { sql: 'DROP TABLE customers', why: 'DROP TABLE' },
    { sql: 'DROP VIEW numbers', why: 'DROP VIEW' },
    { sql: 'ALTER TABLE customers ADD COLUMN x INTEGER', why: 'ALTER TABLE ADD COLUMN' },
    { sql: 'ALTER TABLE customers RENAME TO c2', why: 'ALTER TABLE RENAME' },
    { sql: "COMMENT ON TABLE customers IS 'x'", why: 'COMMENT ON changes the catalog' },
    // Files: COPY, EXPORT, IMPORT
    { sql: `COPY customers TO '${EVIL}.csv'`, why: 'COPY TO writes a file' },
    {
      sql: `COPY (SELECT * FROM customers) TO '${EVIL}.parquet' (FORMAT parquet)`,
      why: 'COPY of a query to Parquet',
    },
    {
      sql: `COPY customers TO '${csv}' (USE_TMP_FILE false)`,
      why: 'COPY over a configured data file (DuckDB itself would allow it)',
    },
    {
      sql: `COPY customers TO '${dir}/logs/part-9.csv'`,
      why: 'COPY into a glob folder (DuckDB itself would allow it)',
    },
    { sql: "COPY customers FROM '/etc/passwd'", why: 'COPY FROM reads a file into a table' },
    {
      sql: `COPY (SELECT 1) TO '${fixture.database}.wal' (FORMAT csv, USE_TMP_FILE false)`,
      why: 'COPY into the database WAL (DuckDB itself allows that path)',
    },
    {
      sql: `SELECT * FROM read_blob('${fixture.database}')`,
      why: 'read_blob of the database file (DuckDB itself allows it)',
    },
    { sql: `EXPORT DATABASE '${EVIL}-export'`, why: 'EXPORT DATABASE writes files' },
    { sql: `IMPORT DATABASE '${EVIL}-export'`, why: 'IMPORT DATABASE' },
    { sql: 'COPY FROM DATABASE shop TO memory', why: 'COPY FROM DATABASE' },
    // Reading files that are not the provider's
    { sql: "SELECT * FROM read_csv('/etc/passwd')", why: 'read_csv of a system file' },
    { sql: "SELECT * FROM read_csv_auto('/etc/passwd')", why: 'read_csv_auto of a system file' },
    { sql: "SELECT * FROM read_text('/etc/passwd')", why: 'read_text of a system file' },
    { sql: "SELECT * FROM read_blob('/etc/passwd')", why: 'read_blob of a system file' },
    { sql: "SELECT * FROM read_json('/etc/passwd')", why: 'read_json of a system file' },
    { sql: "SELECT * FROM sniff_csv('/etc/passwd')", why: 'sniff_csv of a system file' },
    { sql: `SELECT * FROM read_parquet('${EVIL}.parquet')`, why: 'read_parquet of another file' },
    { sql: `SELECT * FROM parquet_metadata('${EVIL}.parquet')`, why: 'parquet_metadata of another file' },
    { sql: "SELECT * FROM glob('/*')", why: 'glob lists the file system' },
    { sql: `SELECT * FROM glob('${dir}/*')`, why: 'glob of the data folder (not a configured pattern)' },
    { sql: `SELECT * FROM read_csv('${dir}/*.csv')`, why: 'a wider glob than the configured one' },
    { sql: `SELECT * FROM read_text('${dir}/shop.duckdb')`, why: 'the raw database file' },
    { sql: "SELECT * FROM '/etc/passwd'", why: 'a file named by a string in FROM (replacement scan)' },
    { sql: 'SELECT * FROM "/etc/passwd"', why: 'a file named by a quoted name in FROM' },
    { sql: "SELECT * FROM 'https://example.com/x.csv'", why: 'a URL in FROM' },
    { sql: "SELECT * FROM read_csv('https://example.com/x.csv')", why: 'read_csv of a URL' },
    { sql: "SELECT * FROM read_parquet('s3://bucket/x.parquet')", why: 'read_parquet of S3' },
    { sql: "SELECT * FROM read_csv('/etc/' || 'passwd')", why: 'a path built by concatenation' },
    { sql: "SELECT * FROM read_csv(concat('/etc/', 'passwd'))", why: 'a path built by concat()' },
    { sql: "SELECT * FROM read_csv((SELECT '/etc/passwd'))", why: 'a path from a subquery' },
    {
      sql: `SELECT * FROM read_csv(['${csv}', '/etc/passwd'])`,
      why: 'a list with one allowed and one other file',
    },
    { sql: `SELECT * FROM read_csv('${dir}/../../etc/passwd')`, why: 'path traversal from the data folder' },
    {
      sql: `SELECT * FROM read_csv('${csv}'\n'/../../../etc/passwd')`,
      why: 'adjacent strings joined by a newline',
    },
    { sql: "SELECT * FROM read_csv(E'/etc/passwd')", why: 'an escape string path' },
    { sql: 'SELECT * FROM read_csv($$/etc/passwd$$)', why: 'a dollar-quoted path' },
    { sql: "SELECT * FROM read_csv('~/.ssh/id_rsa')", why: 'a home-relative path' },
    { sql: "SELECT * FROM read_csv(files := '/etc/passwd')", why: 'the path as a named argument' },
    {
      sql: `SELECT * FROM read_csv('${csv}', store_rejects = true)`,
      why: 'a reader option that writes tables',
    },
    {
      sql: `SELECT * FROM read_csv('${csv}') UNION ALL SELECT * FROM read_text('/etc/passwd')`,
      why: 'a forbidden read after an allowed one',
    },
    { sql: `SELECT * FROM read_duckdb('${fixture.database}')`, why: 'read_duckdb opens a database file' },
    { sql: `SELECT * FROM sqlite_scan('${EVIL}.db', 't')`, why: 'sqlite_scan opens another database' },
    {
      sql: "SELECT * FROM postgres_scan('host=localhost', 'public', 't')",
      why: 'postgres_scan connects elsewhere',
    },
    { sql: `SELECT * FROM iceberg_scan('${EVIL}')`, why: 'iceberg_scan reads other files' },
    // Extensions
    { sql: 'INSTALL httpfs', why: 'INSTALL downloads an extension' },
    { sql: 'FORCE INSTALL httpfs', why: 'FORCE INSTALL' },
    { sql: 'LOAD httpfs', why: 'LOAD an extension' },
    { sql: `LOAD '${EVIL}.duckdb_extension'`, why: 'LOAD native code from a path' },
    { sql: 'UPDATE EXTENSIONS', why: 'UPDATE EXTENSIONS downloads code' },
    { sql: 'SELECT * FROM duckdb_extensions()', why: 'duckdb_extensions() lists install paths' },
    // Other databases
    { sql: `ATTACH '${EVIL}.db'`, why: 'ATTACH creates a database file' },
    { sql: `ATTACH '${EVIL}.db' AS x (TYPE sqlite)`, why: 'ATTACH through the sqlite extension' },
    { sql: "ATTACH ':memory:' AS m", why: 'ATTACH of an in-memory database' },
    { sql: `ATTACH '${fixture.database}' AS rw`, why: 'ATTACH the database again read-write' },
    { sql: 'DETACH shop', why: 'DETACH' },
    { sql: 'USE memory', why: 'USE changes the default catalog' },
    // Settings
    { sql: 'SET enable_external_access = true', why: 'SET lifts the file sandbox' },
    { sql: 'SET GLOBAL enable_external_access = true', why: 'SET GLOBAL' },
    { sql: 'RESET enable_external_access', why: 'RESET' },
    { sql: 'SET lock_configuration = false', why: 'unlocking the configuration' },
    { sql: "SET allowed_paths = ['/']", why: 'widening the allowed paths' },
    { sql: "SET search_path = 'memory.main'", why: 'changing the search path' },
    { sql: 'SET VARIABLE x = 1', why: 'SET VARIABLE' },
    { sql: 'PRAGMA version', why: 'PRAGMA read' },
    { sql: 'PRAGMA enable_profiling', why: 'PRAGMA that writes profiles' },
    { sql: 'PRAGMA database_list', why: 'PRAGMA database_list shows file paths' },
    { sql: 'SELECT * FROM pragma_database_size()', why: 'pragma table function' },
    { sql: "SELECT * FROM pragma_table_info('customers')", why: 'pragma table function with an argument' },
    { sql: 'CALL pragma_version()', why: 'CALL' },
    { sql: 'CALL enable_logging()', why: 'CALL enable_logging' },
    { sql: 'CHECKPOINT', why: 'CHECKPOINT writes the database' },
    { sql: 'FORCE CHECKPOINT', why: 'FORCE CHECKPOINT' },
    { sql: 'SELECT * FROM checkpoint()', why: 'checkpoint() as a table function' },
    { sql: 'VACUUM', why: 'VACUUM' },
    { sql: 'ANALYZE', why: 'ANALYZE' },
    // Secrets, environment and settings
    { sql: "CREATE SECRET s (TYPE s3, KEY_ID 'x', SECRET 'y')", why: 'CREATE SECRET' },
    {
      sql: "CREATE PERSISTENT SECRET s (TYPE s3, KEY_ID 'x', SECRET 'y')",
      why: 'CREATE PERSISTENT SECRET writes a file',
    },
    { sql: 'DROP SECRET s', why: 'DROP SECRET' },
    { sql: 'SELECT * FROM duckdb_secrets()', why: 'duckdb_secrets() reads secrets' },
    { sql: "SELECT * FROM which_secret('s3://x/y', 's3')", why: 'which_secret() reads secret names' },
    { sql: "SELECT getenv('HOME')", why: 'getenv reads the environment' },
    { sql: "SELECT current_setting('allowed_paths')", why: 'current_setting reveals settings and paths' },
    { sql: 'SELECT * FROM duckdb_settings()', why: 'duckdb_settings() reveals every setting' },
    { sql: 'SELECT * FROM duckdb_databases()', why: 'duckdb_databases() reveals file paths' },
    { sql: 'SELECT * FROM duckdb_settings', why: 'the duckdb_settings view without parentheses' },
    {
      sql: "SELECT name, value FROM system.main.duckdb_settings() WHERE name = 'temp_directory'",
      why: 'a qualified meta function',
    },
    { sql: 'SELECT * FROM information_schema.tables', why: 'information_schema' },
    { sql: 'SELECT * FROM pg_catalog.pg_tables', why: 'pg_catalog' },
    { sql: 'SELECT * FROM sqlite_master', why: 'the sqlite_master compatibility view' },
    { sql: 'SELECT * FROM temp.main.t', why: 'the temp catalog' },
    // SQL run from text
    { sql: "SELECT * FROM query('SELECT * FROM duckdb_settings()')", why: 'query() runs SQL text' },
    { sql: "SELECT * FROM query_table('customers')", why: 'query_table() names a table by a string' },
    {
      sql: "SELECT * FROM json_execute_serialized_sql(json_serialize_sql('SELECT 1'))",
      why: 'json_execute_serialized_sql runs serialized SQL',
    },
    { sql: 'SELECT * FROM histogram(customers, country)', why: 'a table macro reading a table by name' },
    { sql: "SELECT nextval('s')", why: 'nextval changes a sequence' },
    { sql: 'SELECT setseed(0.5)', why: 'setseed changes session state' },
    { sql: "SELECT write_log('x')", why: 'write_log writes to the log' },
    // Shell commands and other statements
    { sql: 'DESCRIBE customers', why: 'DESCRIBE' },
    { sql: 'SHOW TABLES', why: 'SHOW TABLES' },
    { sql: 'SHOW ALL TABLES', why: 'SHOW ALL TABLES lists every attached database' },
    { sql: 'SUMMARIZE customers', why: 'SUMMARIZE' },
    { sql: 'SELECT * FROM (DESCRIBE customers)', why: 'DESCRIBE inside FROM' },
    { sql: 'PIVOT customers ON country USING count(*)', why: 'a PIVOT statement expands into several' },
    { sql: 'EXPLAIN SELECT 1', why: 'EXPLAIN is not a query' },
    { sql: 'EXPLAIN ANALYZE SELECT * FROM customers', why: 'EXPLAIN ANALYZE runs the query' },
    { sql: 'PREPARE p AS SELECT 1', why: 'PREPARE' },
    { sql: 'EXECUTE p', why: 'EXECUTE' },
    { sql: 'BEGIN TRANSACTION', why: 'BEGIN' },
    { sql: 'COMMIT', why: 'COMMIT' },
    { sql: 'ROLLBACK', why: 'ROLLBACK' },
    // Writes hidden in CTEs and subqueries
    {
      sql: "WITH x AS (SELECT 1) INSERT INTO customers SELECT 9, 'x', 'y', 'z', NULL, NULL FROM x",
      why: 'INSERT after a WITH clause',
    },
    { sql: 'WITH d AS (DELETE FROM orders RETURNING *) SELECT * FROM d', why: 'a data-modifying CTE' },
    { sql: "WITH x AS (SELECT 1) UPDATE customers SET name = 'x'", why: 'UPDATE after a WITH clause' },
    { sql: 'SELECT * FROM (DELETE FROM orders RETURNING *)', why: 'DELETE inside a subquery' },
    // Several statements
    { sql: 'SELECT 1; DROP TABLE customers', why: 'a second statement after a read' },
    { sql: `SELECT 1;COPY customers TO '${EVIL}.csv'`, why: 'a COPY after a read without spaces' },
    { sql: 'SELECT 1; SELECT 2', why: 'two reads are still two statements' },
    { sql: `;ATTACH '${EVIL}.db'`, why: 'a leading semicolon' },
    { sql: "SELECT 'a'; INSTALL httpfs; --", why: 'INSTALL after a read' },
    // Comment, case and quoting tricks
    { sql: `/* x */ COPY customers TO '${EVIL}.csv'`, why: 'a comment before the keyword' },
    { sql: '-- c\nDROP TABLE customers', why: 'a line comment before the statement' },
    {
      sql: 'SELECT 1 /* nested /* comment */ still */ ; DROP TABLE customers',
      why: 'a nested block comment (a non-nesting lexer would end it early)',
    },
    { sql: `cOpY customers TO '${EVIL}.csv'`, why: 'mixed case' },
    { sql: 'DeLeTe\tFROM\norders', why: 'tabs and newlines' },
    {
      sql: "SELECT E'\\'' ; DROP TABLE customers; --'",
      why: "an E'' string whose backslash escapes a quote",
    },
    {
      sql: "SELECT 'a\\'; DROP TABLE customers; --'",
      why: 'a backslash does not escape a quote in a standard string',
    },
    {
      sql: 'SELECT $$ ; $$; DROP TABLE customers',
      why: 'a semicolon inside a dollar-quoted string and one outside',
    },
    { sql: `SELECT $t$ x $t$ ; COPY customers TO '${EVIL}.csv'`, why: 'a tagged dollar-quoted string' },
    { sql: 'SELECT "a;b" FROM customers; DELETE FROM customers', why: 'a semicolon inside a quoted name' },
    // Unicode look-alikes and invisible characters
    { sql: `ＣＯＰＹ customers TO '${EVIL}.csv'`, why: 'full-width letters' },
    { sql: `CΟPY customers TO '${EVIL}.csv'`, why: 'a Greek Ο inside COPY' },
    { sql: 'SELECT 1;\u00a0DROP TABLE customers', why: 'a no-break space after the semicolon' },
    { sql: `COP\u200bY customers TO '${EVIL}.csv'`, why: 'a zero-width space inside a keyword' },
    { sql: 'SELECT 1;\u000bDROP TABLE customers', why: 'a vertical tab' },
    { sql: 'SELECT * FROM customers\u0000; DROP TABLE customers', why: 'a NUL byte' },
    // Parameters and size
    { sql: 'SELECT * FROM read_csv($1)', why: 'a path as a bound parameter' },
    { sql: `SELECT 1${' '.repeat(200_000)}; DROP TABLE customers`, why: 'padding past the length limit' },
    {
      sql: `SELECT ${'('.repeat(5000)}1${')'.repeat(5000)}; DELETE FROM orders`,
      why: 'deep nesting that can overflow a parser',
    },
    {
      sql: `SELECT ${'('.repeat(3000)}1${')'.repeat(3000)} FROM read_text('/etc/passwd')`,
      why: 'deep nesting before a file read',
    },
  ];
}
