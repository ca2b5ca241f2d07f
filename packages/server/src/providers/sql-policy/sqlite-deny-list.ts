import { COMMON_DENIED_KEYWORDS, createDenyList, type DenyList } from './deny-list.js';

/**
 * SQLite's deny list. Functions and virtual tables are listed whether or not this build of SQLite
 * has them: an extension loaded later, or another build, must not open a hole.
 *
 * PRAGMA table-valued functions (`pragma_table_info('t')`) are denied too, through the `pragma_`
 * prefix: they are read-only, but the schema is already given to the generator by introspection,
 * and one rule ("no pragmas in user queries") is easier to trust than a list of harmless pragmas.
 */
const NOT_SQLITE_STATEMENTS = new Set(['MERGE', 'UPSERT', 'TRUNCATE', 'RENAME', 'GRANT', 'REVOKE']);

export const SQLITE_DENY_LIST: DenyList = createDenyList({
  statementStarts: ['SELECT', 'WITH', 'VALUES'],
  keywords: [
    // Words that start no SQLite statement (MERGE, TRUNCATE, GRANT, …) are left out: the first-word
    // rule already rejects them, and denying them anywhere would reject unquoted columns so named.
    ...[...COMMON_DENIED_KEYWORDS].filter(([word]) => !NOT_SQLITE_STATEMENTS.has(word)),
    ['ATTACH', 'opens another database file'],
    ['DETACH', 'closes an attached database'],
    ['PRAGMA', 'reads or changes database settings'],
    ['VACUUM', 'rewrites the database file or writes a copy of it'],
    ['ANALYZE', 'writes statistics tables'],
    ['REINDEX', 'rebuilds indexes'],
  ],
  functionKeywords: ['REPLACE'],
  functions: [
    ['load_extension', 'loads native code into the database engine'],
    ['readfile', 'reads files on the server'],
    ['writefile', 'writes files on the server'],
    ['edit', 'starts an editor on the server'],
    ['fts3_tokenizer', 'can register native code pointers (a known exploit path)'],
    ['zipfile', 'reads and writes zip archives on the server'],
    ['zipfile_cds', 'reads zip archives on the server'],
    ['sqlar_compress', 'belongs to the SQLite archive extension, which reads and writes files'],
    ['sqlar_uncompress', 'belongs to the SQLite archive extension, which reads and writes files'],
    ['fsdir', 'lists files on the server'],
    ['lsmode', 'belongs to the file-system extension'],
    ['eval', 'runs arbitrary SQL text'],
    ['sqlite_dbpage', 'exposes raw database pages'],
    ['sqlite_dbdata', 'exposes raw database pages'],
    ['sqlite_dbptr', 'exposes raw database pages'],
    ['sqlite_drop_column', 'is an internal schema-changing function'],
  ],
  tables: [
    ['sqlite_dbpage', 'exposes raw database pages'],
    ['sqlite_dbdata', 'exposes raw database pages'],
    ['sqlite_dbptr', 'exposes raw database pages'],
    ['dbstat', 'exposes raw page statistics of the database file'],
    ['zipfile', 'reads and writes zip archives on the server'],
    ['fsdir', 'lists files on the server'],
    ['sqlar', 'belongs to the SQLite archive extension, which reads and writes files'],
  ],
  prefixes: [
    ['pragma_', 'reads database settings through a pragma'],
    ['sqlite_rename_', 'is an internal schema-changing function'],
  ],
  stringsCanBeNames: true,
});
