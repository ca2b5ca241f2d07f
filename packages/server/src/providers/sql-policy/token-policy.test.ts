import { describe, expect, it } from 'vitest';
import { createDenyList } from './deny-list.js';
import type { SqlToken, SqlTokenization } from './sql-token.js';
import { SQLITE_DENY_LIST } from './sqlite-deny-list.js';
import { checkTokenPolicy } from './token-policy.js';

/** A toy lexer for these tests: words, 'strings', "names", ?params and single-character punctuation. */
function tokens(sql: string): SqlTokenization {
  const result: SqlToken[] = [];
  const pattern = /'((?:[^']|'')*)'|"((?:[^"]|"")*)"|(\?\w*)|([\p{L}_][\p{L}\p{N}_\u200b]*)|(\d+)|(\S)/gu;
  for (const match of sql.matchAll(pattern)) {
    const start = match.index;
    const text = match[0];
    const base = { text, start, end: start + text.length };
    if (match[1] !== undefined) result.push({ ...base, kind: 'string', value: match[1] });
    else if (match[2] !== undefined) result.push({ ...base, kind: 'quoted_identifier', value: match[2] });
    else if (match[3] !== undefined) result.push({ ...base, kind: 'parameter', value: text });
    else if (match[4] !== undefined) result.push({ ...base, kind: 'word', value: text });
    else if (match[5] !== undefined) result.push({ ...base, kind: 'number', value: text });
    else result.push({ ...base, kind: '(),;.'.includes(text) ? 'punctuation' : 'operator', value: text });
  }
  return { tokens: result, comments: [] };
}

const check = (sql: string) => checkTokenPolicy(sql, tokens(sql), SQLITE_DENY_LIST);

describe('checkTokenPolicy', () => {
  it('accepts a single read-only query', () => {
    expect(check("SELECT name, replace(name, 'a', 'b') FROM singer WHERE note = 'DELETE me'")).toEqual([]);
    expect(check('WITH x AS (SELECT 1) SELECT * FROM x;')).toEqual([]);
  });

  it('rejects a second statement with its position', () => {
    expect(check('SELECT 1; SELECT 2')).toEqual([
      {
        kind: 'policy',
        message: 'Only one statement is allowed, but a second statement starts at position 11.',
        position: 11,
      },
    ]);
  });

  it('rejects a statement that does not start with a read-only word', () => {
    expect(check('VALUES (1)')).toEqual([]);
    expect(check('SHOW TABLES')[0]?.message).toBe(
      'Only read-only queries starting with SELECT, WITH, VALUES are allowed, but this one starts with "SHOW".',
    );
  });

  it('rejects denied keywords anywhere, but not inside quotes', () => {
    expect(check('SELECT 1 FROM t WHERE x IN (DELETE FROM t)')[0]).toEqual({
      kind: 'policy',
      message: 'DELETE is not allowed because it changes data.',
      position: 29,
    });
    expect(check('SELECT "delete" FROM t')).toEqual([]);
    expect(check('REPLACE INTO t VALUES (1)')[0]?.message).toBe(
      'REPLACE is not allowed because it changes data.',
    );
  });

  it('rejects denied functions, tables and prefixes, quoted or not', () => {
    expect(check('SELECT "load_extension"(\'x\')')[0]?.message).toBe(
      'The function load_extension() is not allowed because it loads native code into the database engine.',
    );
    expect(check('SELECT * FROM dbstat')[0]?.message).toBe(
      'The table dbstat is not allowed because it exposes raw page statistics of the database file.',
    );
    expect(check('SELECT * FROM pragma_index_list')[0]?.message).toContain('pragma');
    expect(check("SELECT * FROM 'sqlite_dbpage'")[0]?.message).toContain(
      'a quoted string can name a table here',
    );
    expect(check("SELECT * FROM t WHERE a LIKE 'pragma_%'")).toEqual([]);
  });

  it('rejects non-ASCII characters outside quotes but allows them inside', () => {
    expect(check('SELECT nаme FROM t')[0]).toMatchObject({ kind: 'policy', position: 9 });
    expect(check('SELECT "nаme", \'ÄÖÜ\' FROM t')).toEqual([]);
    expect(
      check('DEL\u200bETE FROM t')
        .map((violation) => violation.message)
        .join(' '),
    ).toContain('U+200B');
  });

  it('rejects control characters and bound parameters', () => {
    expect(check('SELECT 1\u0000')[0]).toMatchObject({
      kind: 'policy',
      message: 'The control character U+0000 at position 9 is not allowed in a query.',
    });
    expect(check('SELECT * FROM t WHERE a = ?')[0]).toMatchObject({ kind: 'syntax' });
  });

  it('reports an empty query', () => {
    expect(check(' ; ')).toEqual([{ kind: 'syntax', message: 'The query is empty.' }]);
  });

  it('works with any dialect deny list', () => {
    const list = createDenyList({
      statementStarts: ['SELECT'],
      keywords: [['COPY', 'reads or writes files']],
      functions: [['pg_read_file', 'reads files']],
    });
    expect(
      checkTokenPolicy('SELECT pg_read_file(1)', tokens('SELECT pg_read_file(1)'), list)[0]?.message,
    ).toBe('The function pg_read_file() is not allowed because it reads files.');
    expect(checkTokenPolicy('COPY t TO x', tokens('COPY t TO x'), list)[0]?.message).toBe(
      'COPY is not allowed because it reads or writes files.',
    );
  });
});
