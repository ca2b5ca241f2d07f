import { describe, expect, it } from 'vitest';
import { tokenizeDuckdb } from './duckdb-lexer.js';

const kinds = (sql: string) => tokenizeDuckdb(sql).tokens.map((token) => `${token.kind}:${token.value}`);

describe('tokenizeDuckdb', () => {
  it('reads words, numbers, DuckDB operators and punctuation', () => {
    expect(kinds('SELECT a.b, 1_000, 1.5e3, .5, 7 // 2, 2 ** 3, x::INT FROM t WHERE y <> 3 || z')).toEqual([
      'word:SELECT',
      'word:a',
      'punctuation:.',
      'word:b',
      'punctuation:,',
      'number:1_000',
      'punctuation:,',
      'number:1.5e3',
      'punctuation:,',
      'number:.5',
      'punctuation:,',
      'number:7',
      'operator://',
      'number:2',
      'punctuation:,',
      'number:2',
      'operator:**',
      'number:3',
      'punctuation:,',
      'word:x',
      'operator:::',
      'word:INT',
      'word:FROM',
      'word:t',
      'word:WHERE',
      'word:y',
      'operator:<>',
      'number:3',
      'operator:||',
      'word:z',
    ]);
  });

  it('reads 0x1F as the number 0 followed by a name, as DuckDB does', () => {
    expect(kinds('SELECT 0x1F')).toEqual(['word:SELECT', 'number:0', 'word:x1F']);
  });

  it('reads standard strings with doubled quotes and no backslash escapes', () => {
    expect(kinds("'it''s' 'a\\' ; 'b'")).toEqual(["string:it's", 'string:a\\', 'punctuation:;', 'string:b']);
  });

  it("reads E'' strings with backslash escapes, so an escaped quote does not end them", () => {
    expect(kinds("SELECT E'a\\'b', e'x\\ny' ; 1")).toEqual([
      'word:SELECT',
      "string:a'b",
      'punctuation:,',
      'string:x\ny',
      'punctuation:;',
      'number:1',
    ]);
  });

  it('joins strings separated by a newline into one literal, as DuckDB does', () => {
    expect(kinds("read_csv('/data/'\n'x.csv')")).toEqual([
      'word:read_csv',
      'punctuation:(',
      'string:/data/x.csv',
      'punctuation:)',
    ]);
    expect(kinds("SELECT 'a' -- note\n  'b'")).toEqual(['word:SELECT', 'string:ab']);
    expect(kinds("SELECT 'a' 'b'")).toEqual(['word:SELECT', 'string:a', 'string:b']);
    expect(kinds("SELECT 'a' /* c */ 'b'")).toEqual(['word:SELECT', 'string:a', 'string:b']);
  });

  it('reads dollar-quoted strings with and without a tag', () => {
    expect(kinds("SELECT $$a'b;$$, $t$x$$y$t$")).toEqual([
      'word:SELECT',
      "string:a'b;",
      'punctuation:,',
      'string:x$$y',
    ]);
  });

  it('reads double-quoted names; backticks and brackets are not quotes in DuckDB', () => {
    expect(kinds('"Home ""Town""" [1, 2] `a`')).toEqual([
      'quoted_identifier:Home "Town"',
      'operator:[',
      'number:1',
      'punctuation:,',
      'number:2',
      'operator:]',
      'operator:`',
      'word:a',
      'operator:`',
    ]);
  });

  it('skips line comments and nested block comments and records where they are', () => {
    const result = tokenizeDuckdb('SELECT /* a /* b; */ c; */ 1 -- d;\n;');
    expect(result.tokens.map((token) => token.text)).toEqual(['SELECT', '1', ';']);
    expect(result.comments).toEqual([
      { start: 7, end: 26 },
      { start: 29, end: 34 },
    ]);
  });

  it('marks an unterminated comment, string or name as illegal', () => {
    expect(tokenizeDuckdb('SELECT 1 /* open').tokens.at(-1)).toMatchObject({
      kind: 'illegal',
      problem: 'an unterminated /* comment',
    });
    expect(tokenizeDuckdb("SELECT 'open").tokens.at(-1)).toMatchObject({ kind: 'illegal' });
    expect(tokenizeDuckdb('SELECT "open').tokens.at(-1)).toMatchObject({ kind: 'illegal' });
    expect(tokenizeDuckdb("SELECT E'open\\'").tokens.at(-1)).toMatchObject({ kind: 'illegal' });
  });

  it('reads parameters, bit strings and national strings', () => {
    expect(kinds("? ?1 $1 $name X'1F' B'101' N'abc'")).toEqual([
      'parameter:?',
      'parameter:?1',
      'parameter:$1',
      'parameter:$name',
      "blob:X'1F'",
      "blob:B'101'",
      'string:abc',
    ]);
  });

  it('cuts an operator before a comment that follows it', () => {
    expect(kinds('1 +-- c\n 2')).toEqual(['number:1', 'operator:+', 'number:2']);
  });

  it('reads a vertical tab and a backslash as illegal characters, as DuckDB does', () => {
    expect(kinds('SELECT\u000b1 \\').filter((kind) => kind.startsWith('illegal'))).toHaveLength(2);
  });

  it('reads characters above U+007F as part of a name', () => {
    expect(kinds('SELECT ä, a\u200bb')).toEqual(['word:SELECT', 'word:ä', 'punctuation:,', 'word:a\u200bb']);
  });
});
