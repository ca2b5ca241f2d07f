import { describe, expect, it } from 'vitest';
import { tokenizeSqlite } from './sqlite-lexer.js';

const kinds = (sql: string) => tokenizeSqlite(sql).tokens.map((token) => `${token.kind}:${token.value}`);

describe('tokenizeSqlite', () => {
  it('reads words, numbers, operators and punctuation', () => {
    expect(kinds('SELECT a.b, 1.5e3, 0x1F, .5 FROM t WHERE x >= 2 AND y <> 3 || z ->> 4')).toEqual([
      'word:SELECT',
      'word:a',
      'punctuation:.',
      'word:b',
      'punctuation:,',
      'number:1.5e3',
      'punctuation:,',
      'number:0x1F',
      'punctuation:,',
      'number:.5',
      'word:FROM',
      'word:t',
      'word:WHERE',
      'word:x',
      'operator:>=',
      'number:2',
      'word:AND',
      'word:y',
      'operator:<>',
      'number:3',
      'operator:||',
      'word:z',
      'operator:->>',
      'number:4',
    ]);
  });

  it('reads strings with doubled quotes and no backslash escapes, as SQLite does', () => {
    expect(kinds("'it''s' 'a\\' ; 'b'")).toEqual(["string:it's", 'string:a\\', 'punctuation:;', 'string:b']);
  });

  it('reads the three kinds of quoted names', () => {
    expect(kinds('"Home ""Town""" `a``b` [c d]')).toEqual([
      'quoted_identifier:Home "Town"',
      'quoted_identifier:a`b',
      'quoted_identifier:c d',
    ]);
  });

  it('skips comments and records where they are, an unclosed block comment running to the end', () => {
    const result = tokenizeSqlite('SELECT /* a; */ 1 -- b;\n; /* open');
    expect(result.tokens.map((token) => token.text)).toEqual(['SELECT', '1', ';']);
    expect(result.comments).toEqual([
      { start: 7, end: 15 },
      { start: 18, end: 23 },
      { start: 26, end: 33 },
    ]);
  });

  it('reads blobs and parameters', () => {
    expect(kinds("x'00ff' ?1 ? :name @v $t::x(y)")).toEqual([
      "blob:x'00ff'",
      'parameter:?1',
      'parameter:?',
      'parameter::name',
      'parameter:@v',
      'parameter:$t::x(y)',
    ]);
  });

  it('marks what SQLite would not accept as illegal', () => {
    const illegal = (sql: string) =>
      tokenizeSqlite(sql)
        .tokens.filter((token) => token.kind === 'illegal')
        .map((token) => token.problem);
    expect(illegal("'open")).toEqual(['an unterminated string']);
    expect(illegal('"open')).toEqual(['an unterminated quoted name']);
    expect(illegal("x'0'")).toEqual(['a malformed blob literal']);
    expect(illegal('12abc')).toEqual(['a malformed number']);
    expect(illegal('a # b')).toEqual(['an unexpected "#"']);
    expect(illegal('a ! b')).toEqual(['an unexpected character "!"']);
  });

  it('keeps characters above U+007F inside names, as SQLite does', () => {
    expect(kinds('SELECT nаme, Ｘ;\u00a0DROP')).toEqual([
      'word:SELECT',
      'word:nаme',
      'punctuation:,',
      'word:Ｘ',
      'punctuation:;',
      'word:\u00a0DROP',
    ]);
  });

  it('records offsets', () => {
    const [first, second] = tokenizeSqlite('  SELECT\n"x"').tokens;
    expect(first).toMatchObject({ start: 2, end: 8 });
    expect(second).toMatchObject({ start: 9, end: 12, text: '"x"', value: 'x' });
  });
});
