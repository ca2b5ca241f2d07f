import { describe, expect, it } from 'vitest';
import { doubleQuotedToStringLiteral, unresolvedDoubleQuotedToken } from './sqlite-double-quoted-strings.js';

describe('unresolvedDoubleQuotedToken', () => {
  it('reads the token from SQLite’s error and ignores other errors', () => {
    expect(
      unresolvedDoubleQuotedToken(
        'no such column: "JetBlue Airways" - should this be a string literal in single-quotes?',
      ),
    ).toBe('JetBlue Airways');
    expect(unresolvedDoubleQuotedToken('no such column: nope')).toBeNull();
  });
});

describe('doubleQuotedToStringLiteral', () => {
  it('turns every matching double-quoted token into a string literal', () => {
    expect(doubleQuotedToStringLiteral(`SELECT a FROM t WHERE b = "x" OR c = "x" OR d = "y"`, 'x')).toBe(
      `SELECT a FROM t WHERE b = 'x' OR c = 'x' OR d = "y"`,
    );
  });

  it('escapes single quotes and leaves single-quoted text alone', () => {
    expect(doubleQuotedToStringLiteral(`SELECT '"it"' WHERE a = "it's"`, "it's")).toBe(
      `SELECT '"it"' WHERE a = 'it''s'`,
    );
  });
});
