import { describe, expect, it } from 'vitest';
import { tokenizeMysql } from './mysql-lexer.js';

const kinds = (sql: string): string[] =>
  tokenizeMysql(sql).tokens.map((token) => `${token.kind}:${token.text}`);

describe('tokenizeMysql', () => {
  it('reads words, backquoted names, strings in both quotes, numbers and punctuation', () => {
    expect(kinds('SELECT `a b`, "x", \'y\', 1.5 FROM t;')).toEqual([
      'word:SELECT',
      'quoted_identifier:`a b`',
      'punctuation:,',
      'string:"x"',
      'punctuation:,',
      "string:'y'",
      'punctuation:,',
      'number:1.5',
      'word:FROM',
      'word:t',
      'punctuation:;',
    ]);
  });

  it('resolves backslash escapes and doubled quotes in strings', () => {
    const [first, second, third] = tokenizeMysql(String.raw`'it\'s' 'a''b' "q\"x"`).tokens;
    expect(first?.value).toBe("it's");
    expect(second?.value).toBe("a'b");
    expect(third?.value).toBe('q"x');
  });

  it('does not end a string at an escaped quote, so hidden text stays inside it', () => {
    const { tokens } = tokenizeMysql(String.raw`SELECT 'a\'; DROP TABLE t; -- '`);
    expect(tokens.map((token) => token.kind)).toEqual(['word', 'string']);
  });

  it('reads a doubled backquote inside a quoted name', () => {
    expect(tokenizeMysql('SELECT `a``b`').tokens[1]?.value).toBe('a`b');
  });

  it('treats # and "-- " as comments but --1 as two minus signs', () => {
    expect(kinds('SELECT 1 # DROP TABLE t\n, 2')).toEqual([
      'word:SELECT',
      'number:1',
      'punctuation:,',
      'number:2',
    ]);
    expect(kinds('SELECT 1 -- DROP TABLE t')).toEqual(['word:SELECT', 'number:1']);
    expect(kinds('SELECT 1--1')).toEqual(['word:SELECT', 'number:1', 'operator:-', 'operator:-', 'number:1']);
    expect(kinds('SELECT 1 --\tx')).toEqual(['word:SELECT', 'number:1']);
  });

  it('records executable comments and optimizer hints', () => {
    const result = tokenizeMysql(
      'SELECT /*!50000 DROP TABLE x*/ /*M!100000 1 */ /*+ SET_VAR(a=1) */ /* plain */ 1',
    );
    expect(result.executableComments).toHaveLength(2);
    expect(result.optimizerHints).toHaveLength(1);
    expect(result.comments).toHaveLength(4);
    expect(kinds('SELECT /*!50000 DROP TABLE x*/ 1')).toEqual(['word:SELECT', 'number:1']);
  });

  it('reports an unterminated comment, string or name as illegal', () => {
    expect(tokenizeMysql('SELECT /* x').tokens.at(-1)?.problem).toBe('an unterminated /* comment');
    expect(tokenizeMysql("SELECT 'x").tokens.at(-1)?.problem).toBe('an unterminated string');
    expect(tokenizeMysql('SELECT `x').tokens.at(-1)?.problem).toBe('an unterminated `name`');
  });

  it('reads user and system variables, quoted or not, as parameters', () => {
    expect(kinds("SELECT @x, @'a b', @`c`, @@version, @@session.sql_mode, ?")).toEqual([
      'word:SELECT',
      'parameter:@x',
      'punctuation:,',
      "parameter:@'a b'",
      'punctuation:,',
      'parameter:@`c`',
      'punctuation:,',
      'parameter:@@version',
      'punctuation:,',
      'parameter:@@session.sql_mode',
      'punctuation:,',
      'parameter:?',
    ]);
  });

  it('reads names that start with digits as names, and hex, bit and exponent literals as numbers', () => {
    expect(kinds("SELECT 1st, 2024_sales, 0x1F, 0xZZ, x'0a', b'101', 1e5, .5, 3.")).toEqual([
      'word:SELECT',
      'word:1st',
      'punctuation:,',
      'word:2024_sales',
      'punctuation:,',
      'number:0x1F',
      'punctuation:,',
      'word:0xZZ',
      'punctuation:,',
      "blob:x'0a'",
      'punctuation:,',
      "number:b'101'",
      'punctuation:,',
      'number:1e5',
      'punctuation:,',
      'number:.5',
      'punctuation:,',
      'number:3.',
    ]);
  });

  it('reads t.5x as a qualified name, not a number', () => {
    expect(kinds('SELECT t.5x')).toEqual(['word:SELECT', 'word:t', 'punctuation:.', 'word:5x']);
  });

  it('reads MySQL operators', () => {
    expect(kinds("a := 1 <=> b ->> '$' -> c && d || !e ^ f")).toEqual([
      'word:a',
      'operator::=',
      'number:1',
      'operator:<=>',
      'word:b',
      'operator:->>',
      "string:'$'",
      'operator:->',
      'word:c',
      'operator:&&',
      'word:d',
      'operator:||',
      'operator:!',
      'word:e',
      'operator:^',
      'word:f',
    ]);
  });

  it('keeps non-ASCII letters inside words, as MySQL does, for the policy to judge', () => {
    expect(kinds('SELECT nаme')).toEqual(['word:SELECT', 'word:nаme']);
  });

  it('marks stray characters as illegal', () => {
    expect(tokenizeMysql('SELECT {d 1}').tokens[1]).toMatchObject({ kind: 'illegal' });
    expect(tokenizeMysql(String.raw`SELECT \N`).tokens[1]).toMatchObject({ kind: 'illegal' });
  });
});
