/**
 * Statements a read-only SQLite provider must refuse, each with why it is dangerous. Written
 * against the test fixture (`singer`, `concert`, …). Every entry must fail validation with a
 * reason and make `execute` throw QUERY_REJECTED, and the database file must be unchanged after.
 */
export interface HostileStatement {
  sql: string;
  why: string;
}

const LONG_PADDING = ' '.repeat(90_000);

export const SQLITE_HOSTILE_CORPUS: readonly HostileStatement[] = [
  // Data changes (DML) in every form
  { sql: "INSERT INTO singer (singer_id, name) VALUES (100, 'x')", why: 'plain INSERT' },
  { sql: 'INSERT INTO singer SELECT * FROM singer', why: 'INSERT … SELECT' },
  { sql: 'INSERT INTO concert DEFAULT VALUES', why: 'INSERT DEFAULT VALUES' },
  { sql: "INSERT OR REPLACE INTO singer (singer_id, name) VALUES (1, 'x')", why: 'INSERT OR REPLACE' },
  { sql: "INSERT OR IGNORE INTO singer (singer_id, name) VALUES (1, 'x')", why: 'INSERT OR IGNORE' },
  { sql: "INSERT OR ROLLBACK INTO singer (singer_id, name) VALUES (1, 'x')", why: 'INSERT OR ROLLBACK' },
  { sql: "REPLACE INTO singer (singer_id, name) VALUES (1, 'x')", why: 'REPLACE INTO' },
  {
    sql: "INSERT INTO singer (singer_id, name) VALUES (1, 'x') ON CONFLICT (singer_id) DO UPDATE SET name = excluded.name",
    why: 'UPSERT with DO UPDATE',
  },
  {
    sql: "INSERT INTO singer (singer_id, name) VALUES (1, 'x') ON CONFLICT DO NOTHING",
    why: 'UPSERT with DO NOTHING',
  },
  {
    sql: "INSERT INTO singer (singer_id, name) VALUES (101, 'x') RETURNING *",
    why: 'INSERT … RETURNING returns rows but writes',
  },
  { sql: "UPDATE singer SET name = 'x'", why: 'plain UPDATE' },
  { sql: 'UPDATE OR REPLACE singer SET singer_id = 1', why: 'UPDATE OR REPLACE' },
  {
    sql: 'UPDATE singer SET age = concert.year FROM concert WHERE concert.concert_id = singer.singer_id',
    why: 'UPDATE … FROM',
  },
  { sql: 'UPDATE singer SET age = age + 1 RETURNING name, age', why: 'UPDATE … RETURNING' },
  { sql: 'DELETE FROM singer', why: 'plain DELETE' },
  { sql: 'DELETE FROM singer WHERE singer_id = 1 RETURNING *', why: 'DELETE … RETURNING' },
  // Writes hidden behind a CTE
  {
    sql: 'WITH doomed AS (SELECT singer_id FROM singer) DELETE FROM singer WHERE singer_id IN doomed',
    why: 'DELETE after a WITH clause',
  },
  {
    sql: "WITH x AS (SELECT 1) INSERT INTO singer (singer_id, name) SELECT 200, 'x' FROM x",
    why: 'INSERT after a WITH clause',
  },
  { sql: 'WITH x AS (SELECT 1) UPDATE singer SET age = 0', why: 'UPDATE after a WITH clause' },
  {
    sql: "WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < 3) INSERT INTO numbers SELECT n + 9000, 'x' FROM c",
    why: 'recursive CTE feeding an INSERT',
  },
  {
    sql: 'WITH d AS (DELETE FROM singer RETURNING *) SELECT * FROM d',
    why: 'PostgreSQL-style data-modifying CTE',
  },
  {
    sql: 'SELECT * FROM singer WHERE singer_id IN (DELETE FROM singer RETURNING singer_id)',
    why: 'DELETE inside a subquery',
  },
  // Schema changes (DDL)
  { sql: 'CREATE TABLE x (a INT)', why: 'CREATE TABLE' },
  { sql: 'CREATE TABLE IF NOT EXISTS x AS SELECT * FROM singer', why: 'CREATE TABLE … AS SELECT' },
  { sql: 'CREATE TEMP TABLE x (a INT)', why: 'CREATE TEMP TABLE works even on a read-only connection' },
  { sql: 'CREATE TEMPORARY TABLE x AS SELECT * FROM singer', why: 'CREATE TEMPORARY TABLE … AS' },
  { sql: 'CREATE VIEW v AS SELECT 1', why: 'CREATE VIEW' },
  { sql: 'CrEaTe TeMp ViEw v AS SELECT 1', why: 'CREATE TEMP VIEW in mixed case' },
  { sql: 'CREATE INDEX i ON singer (name)', why: 'CREATE INDEX' },
  { sql: 'CREATE UNIQUE INDEX IF NOT EXISTS i ON singer (name)', why: 'CREATE UNIQUE INDEX' },
  { sql: 'CREATE TRIGGER t AFTER INSERT ON singer BEGIN DELETE FROM singer; END', why: 'CREATE TRIGGER' },
  { sql: 'CREATE TEMP TRIGGER t AFTER INSERT ON singer BEGIN SELECT 1; END', why: 'CREATE TEMP TRIGGER' },
  { sql: 'CREATE VIRTUAL TABLE f USING fts5(a)', why: 'CREATE VIRTUAL TABLE' },
  { sql: 'DROP TABLE singer', why: 'DROP TABLE' },
  { sql: 'DROP TABLE IF EXISTS singer', why: 'DROP TABLE IF EXISTS' },
  { sql: 'DROP VIEW singer_summary', why: 'DROP VIEW' },
  { sql: 'DROP INDEX sqlite_autoindex_singer_in_concert_1', why: 'DROP INDEX' },
  { sql: 'DROP TRIGGER IF EXISTS t', why: 'DROP TRIGGER' },
  { sql: 'ALTER TABLE singer ADD COLUMN x INT', why: 'ALTER TABLE ADD COLUMN' },
  { sql: 'ALTER TABLE singer RENAME TO artist', why: 'ALTER TABLE RENAME' },
  { sql: 'ALTER TABLE singer RENAME COLUMN name TO full_name', why: 'ALTER TABLE RENAME COLUMN' },
  { sql: 'ALTER TABLE singer DROP COLUMN country', why: 'ALTER TABLE DROP COLUMN' },
  // Several statements
  { sql: 'SELECT 1; DROP TABLE singer', why: 'a second statement after a read' },
  { sql: 'SELECT 1;DELETE FROM singer;', why: 'a second statement without spaces' },
  { sql: 'SELECT name FROM singer; SELECT age FROM singer', why: 'two reads are still two statements' },
  { sql: 'SELECT 1 ; ; DROP TABLE singer', why: 'an empty statement between' },
  { sql: ';DROP TABLE singer', why: 'a leading semicolon' },
  {
    sql: "SELECT * FROM singer WHERE name = 'a';DROP TABLE singer;--'",
    why: 'classic injection that closes the string early',
  },
  { sql: 'SELECT * FROM singer WHERE 1 = 1; UPDATE singer SET age = 0', why: 'a read followed by an update' },
  // Other databases and files
  { sql: "ATTACH DATABASE '/tmp/text2x-evil.db' AS evil", why: 'ATTACH can create a file' },
  { sql: "ATTACH ':memory:' AS m", why: 'ATTACH of an in-memory database' },
  { sql: "ATTACH 'file:/tmp/text2x-evil.db?mode=rwc' AS evil", why: 'ATTACH with a URI that creates a file' },
  { sql: 'DETACH DATABASE evil', why: 'DETACH' },
  // Pragmas, read and write
  { sql: 'PRAGMA table_info(singer)', why: 'PRAGMA read' },
  { sql: 'PRAGMA writable_schema = 1', why: 'PRAGMA that allows editing the schema table' },
  { sql: 'PRAGMA main.writable_schema = ON', why: 'schema-qualified PRAGMA' },
  { sql: 'PRAGMA journal_mode = WAL', why: 'PRAGMA that changes the file format' },
  { sql: 'PRAGMA query_only = 0', why: 'PRAGMA that lifts query_only' },
  { sql: 'pragma user_version = 5', why: 'PRAGMA that writes the header' },
  {
    sql: "SELECT * FROM pragma_table_info('singer')",
    why: 'pragma table-valued function (denied by decision)',
  },
  { sql: 'SELECT * FROM pragma_database_list', why: 'pragma table-valued function without arguments' },
  {
    sql: 'SELECT name FROM singer WHERE name IN (SELECT name FROM pragma_function_list)',
    why: 'pragma function in a subquery',
  },
  // Maintenance statements
  { sql: 'VACUUM', why: 'VACUUM rewrites the file' },
  { sql: "VACUUM INTO '/tmp/text2x-copy.db'", why: 'VACUUM INTO writes a copy of the database' },
  { sql: 'REINDEX', why: 'REINDEX' },
  { sql: 'REINDEX singer', why: 'REINDEX of a table' },
  { sql: 'ANALYZE', why: 'ANALYZE writes sqlite_stat tables' },
  { sql: 'ANALYZE singer', why: 'ANALYZE of a table' },
  { sql: 'EXPLAIN DELETE FROM singer', why: 'EXPLAIN of a write' },
  { sql: 'EXPLAIN QUERY PLAN SELECT * FROM singer', why: 'EXPLAIN is not a query' },
  // Transactions
  { sql: 'BEGIN', why: 'BEGIN' },
  { sql: 'BEGIN IMMEDIATE TRANSACTION', why: 'BEGIN IMMEDIATE takes a write lock' },
  { sql: 'BEGIN EXCLUSIVE', why: 'BEGIN EXCLUSIVE locks out readers' },
  { sql: 'COMMIT', why: 'COMMIT' },
  { sql: 'END TRANSACTION', why: 'END TRANSACTION' },
  { sql: 'ROLLBACK', why: 'ROLLBACK' },
  { sql: 'SAVEPOINT a', why: 'SAVEPOINT' },
  { sql: 'RELEASE a', why: 'RELEASE' },
  { sql: 'ROLLBACK TO a', why: 'ROLLBACK TO' },
  // Dangerous functions and virtual tables
  { sql: "SELECT load_extension('/tmp/evil.so')", why: 'load_extension loads native code' },
  {
    sql: "SELECT LOAD_EXTENSION('/tmp/evil.so', 'sqlite3_evil_init')",
    why: 'load_extension in upper case with an entry point',
  },
  { sql: 'SELECT "load_extension"(\'/tmp/evil.so\')', why: 'a quoted function name' },
  { sql: "SELECT CASE WHEN 1 THEN load_extension('/tmp/evil.so') END", why: 'load_extension inside CASE' },
  {
    sql: "SELECT name FROM singer WHERE name IN (SELECT load_extension('/tmp/evil.so'))",
    why: 'load_extension in a subquery',
  },
  { sql: "SELECT readfile('/etc/passwd')", why: 'readfile reads server files' },
  { sql: "WITH x AS (SELECT readfile('/etc/passwd') AS c) SELECT c FROM x", why: 'readfile inside a CTE' },
  { sql: "SELECT * FROM json_each(readfile('/etc/passwd'))", why: 'readfile as a table-function argument' },
  { sql: "SELECT writefile('/tmp/text2x-evil', 'x')", why: 'writefile writes server files' },
  { sql: "SELECT edit('x', 'vi')", why: 'edit starts an editor' },
  { sql: "SELECT fts3_tokenizer('simple')", why: 'fts3_tokenizer exposes native pointers' },
  {
    sql: "SELECT name FROM singer ORDER BY (SELECT fts3_tokenizer('simple'))",
    why: 'fts3_tokenizer in ORDER BY',
  },
  { sql: "SELECT * FROM zipfile('/tmp/x.zip')", why: 'zipfile reads archives' },
  { sql: 'SELECT sqlar_uncompress(data, sz) FROM sqlar', why: 'SQLite archive functions' },
  { sql: 'SELECT * FROM sqlite_dbpage', why: 'raw database pages' },
  { sql: 'SELECT * FROM main.sqlite_dbpage', why: 'raw pages, schema-qualified' },
  { sql: "SELECT * FROM 'sqlite_dbpage'", why: 'raw pages named by a string literal' },
  { sql: 'SELECT * FROM sqlite_dbdata', why: 'recovery virtual table' },
  { sql: 'SELECT * FROM dbstat', why: 'page statistics of the file' },
  { sql: "SELECT * FROM fsdir('/')", why: 'fsdir lists server files' },
  { sql: "SELECT eval('DELETE FROM singer')", why: 'eval runs arbitrary SQL' },
  // SELECT … INTO
  { sql: 'SELECT * INTO backup FROM singer', why: 'SELECT INTO creates a table' },
  { sql: 'SELECT name INTO TEMP t2 FROM singer', why: 'SELECT INTO TEMP' },
  // Comment, case and whitespace tricks
  { sql: '/*x*/DELETE FROM singer', why: 'a comment before the keyword' },
  { sql: '--comment\nDROP TABLE singer', why: 'a line comment before the statement' },
  { sql: 'SELECT 1 --\n; DROP TABLE singer', why: 'a line comment hiding nothing' },
  { sql: 'SELECT 1 /* ; */ ; DELETE FROM singer', why: 'a semicolon inside a comment and one outside' },
  { sql: 'SELECT 1 -- comment\r\n; DELETE FROM singer', why: 'CRLF after a line comment' },
  { sql: 'DELETE/**/FROM/**/singer', why: 'comments instead of spaces' },
  { sql: 'DROP/**/TABLE/**/singer', why: 'comments instead of spaces in DDL' },
  { sql: 'dElEtE FROM singer', why: 'mixed case' },
  { sql: 'DeLeTe\tFROM\nsinger', why: 'tabs and newlines' },
  { sql: '\n\n   DROP\r\nTABLE singer', why: 'leading blank lines' },
  { sql: '\fDELETE\vFROM singer', why: 'form feed and vertical tab' },
  // Quoting tricks (where a parser that knows backslash escapes would read the text differently)
  { sql: "SELECT 'x\\' ; DROP TABLE singer; --'", why: 'a backslash does not escape a quote in SQLite' },
  {
    sql: "SELECT * FROM singer WHERE name = 'a\\'; DELETE FROM singer; --'",
    why: 'backslash-quote injection (SQLite ends the string at the quote)',
  },
  { sql: 'SELECT * FROM "singer"; DROP TABLE "singer"', why: 'double-quoted names' },
  { sql: 'SELECT [x]; DELETE FROM [singer]', why: 'bracket-quoted names' },
  { sql: 'DELETE FROM `singer`', why: 'backtick-quoted names' },
  { sql: 'SELECT "a;b" FROM singer; DELETE FROM singer', why: 'a semicolon inside a quoted name' },
  { sql: 'SELECT 1 # ; DROP TABLE singer', why: '# is not a comment in SQLite' },
  // Unicode look-alikes and invisible characters
  { sql: 'ＤＥＬＥＴＥ FROM singer', why: 'full-width letters' },
  { sql: 'DЕLETE FROM singer', why: 'a Cyrillic Е inside DELETE' },
  { sql: 'SELECT 1;\u00a0DROP TABLE singer', why: 'a no-break space after the semicolon' },
  { sql: 'SELECT 1\u037e DROP TABLE singer', why: 'Greek question mark, which looks like a semicolon' },
  { sql: 'SELECT name FROM singer\u200b; DELETE FROM singer', why: 'a zero-width space' },
  { sql: 'DEL\u200bETE FROM singer', why: 'a zero-width space inside a keyword' },
  { sql: 'SELECT name FROM singer \u202e; DELETE FROM singer', why: 'a right-to-left override' },
  { sql: 'SELECT name FROM singer\u0000; DROP TABLE singer', why: 'a NUL byte' },
  // Extremely long input
  { sql: `SELECT 1${' '.repeat(1_000_000)}; DROP TABLE singer`, why: 'a megabyte of padding' },
  {
    sql: `SELECT 1${LONG_PADDING};DROP TABLE singer`,
    why: 'padding under the length limit hiding a second statement',
  },
  {
    sql: `SELECT ${'('.repeat(5000)}1${')'.repeat(5000)}; DELETE FROM singer`,
    why: 'deep nesting that can overflow a parser',
  },
  {
    sql: `SELECT ${Array.from({ length: 3000 }, (_, index) => `${index}`).join(' + ')} FROM singer; DELETE FROM singer`,
    why: 'a very long expression',
  },
];
