import { loadModule, scanSync } from 'libpg-query';
import { beforeAll, describe, expect, it } from 'vitest';
import { tokenizePostgres } from './postgres-lexer.js';

const kinds = (sql: string) => tokenizePostgres(sql).tokens.map((token) => [token.kind, token.value]);

describe('tokenizePostgres', () => {
  it('reads words, quoted names, strings, numbers, parameters, operators and punctuation', () => {
    expect(kinds(`SELECT "Home ""Town""", 'it''s', 1.5e3, $1, x::int FROM t;`)).toEqual([
      ['word', 'SELECT'],
      ['quoted_identifier', 'Home "Town"'],
      ['punctuation', ','],
      ['string', "it's"],
      ['punctuation', ','],
      ['number', '1.5e3'],
      ['punctuation', ','],
      ['parameter', '$1'],
      ['punctuation', ','],
      ['word', 'x'],
      ['operator', '::'],
      ['word', 'int'],
      ['word', 'FROM'],
      ['word', 't'],
      ['punctuation', ';'],
    ]);
  });

  it('reads dollar-quoted strings, with and without a tag, as strings', () => {
    expect(kinds('SELECT $$a; DROP TABLE t$$, $x$ $$ $x$')).toEqual([
      ['word', 'SELECT'],
      ['string', 'a; DROP TABLE t'],
      ['punctuation', ','],
      ['string', ' $$ '],
    ]);
  });

  it('keeps a dollar sign inside a name instead of starting a dollar quote', () => {
    expect(kinds('SELECT a$b$ FROM t')).toEqual([
      ['word', 'SELECT'],
      ['word', 'a$b$'],
      ['word', 'FROM'],
      ['word', 't'],
    ]);
  });

  it('reads backslash escapes only in E strings', () => {
    expect(kinds(`SELECT E'a\\'; DROP', 'b\\'`)).toEqual([
      ['word', 'SELECT'],
      ['string', "a\\'; DROP"],
      ['punctuation', ','],
      ['string', 'b\\'],
    ]);
  });

  it('skips nested block comments and line comments', () => {
    const { tokens, comments } = tokenizePostgres('SELECT /* a /* b */ DROP */ 1 -- DELETE\n, 2');
    expect(tokens.map((token) => token.text)).toEqual(['SELECT', '1', ',', '2']);
    expect(comments).toHaveLength(2);
  });

  it('cuts an operator before a comment and trims a trailing + or -', () => {
    expect(kinds('SELECT 1 +-- x\n 2, 3 *- 4, a @- b')).toEqual([
      ['word', 'SELECT'],
      ['number', '1'],
      ['operator', '+'],
      ['number', '2'],
      ['punctuation', ','],
      ['number', '3'],
      ['operator', '*'],
      ['operator', '-'],
      ['number', '4'],
      ['punctuation', ','],
      ['word', 'a'],
      ['operator', '@-'],
      ['word', 'b'],
    ]);
  });

  it('marks unterminated strings, names, comments and dollar quotes as illegal', () => {
    for (const sql of ["SELECT 'abc", 'SELECT "abc', 'SELECT /* x', 'SELECT $a$ x', 'SELECT ""']) {
      expect(tokenizePostgres(sql).tokens.at(-1)?.kind, sql).toBe('illegal');
    }
  });

  it('reads prefixed strings: U&, N, B and X', () => {
    expect(kinds(`SELECT U&'d\\0061', N'x', B'101', X'1F', U&"a"`)).toEqual([
      ['word', 'SELECT'],
      ['string', 'd\\0061'],
      ['punctuation', ','],
      ['string', 'x'],
      ['punctuation', ','],
      ['blob', "B'101'"],
      ['punctuation', ','],
      ['blob', "X'1F'"],
      ['punctuation', ','],
      ['quoted_identifier', 'a'],
    ]);
  });
});

describe('tokenizePostgres against PostgreSQL’s own scanner', () => {
  beforeAll(async () => {
    await loadModule();
  });

  const queries = [
    `SELECT c.name, count(o.id) AS n FROM customers c LEFT JOIN orders o ON o.customer_id = c.id GROUP BY 1 ORDER BY n DESC NULLS LAST LIMIT 10`,
    `SELECT $$x$$, $tag$ a $ b $tag$, 'it''s', E'\\n\\'', "we""ird", x::numeric(10,2), a->>'k', b #>> '{a,b}', c @> d`,
    `SELECT 1.5, .5, 1e10, 2.5E-3, 0x1F, 1_000 FROM t WHERE a <= 1 AND b >= 2 AND c <> 3 AND d != 4 AND e ~* 'x'`,
    `SELECT /* outer /* inner */ still comment */ 1 -- trailing`,
    `SELECT a[1], b[1:2], arr[2:] FROM t WHERE x = ANY($1) AND y IS DISTINCT FROM $2`,
    `SELECT 1 +-2, 3*-4, 5 ||- 'x', a @- b, c !~~ d`,
    `WITH x AS (SELECT 1 AS a) SELECT * FROM x, LATERAL (SELECT a) y; `,
    `SELECT format('%s', 1), f(a => 1, b := 2), 1..2`,
  ];

  it.each(queries)('splits %s where PostgreSQL does', (sql) => {
    const theirs = scanSync(sql)
      .tokens.filter((token) => token.tokenName !== 'SQL_COMMENT' && token.tokenName !== 'C_COMMENT')
      .map((token) => [token.start, token.end]);
    const ours = tokenizePostgres(sql).tokens.map((token) => [token.start, token.end]);
    expect(ours).toEqual(theirs);
  });
});
