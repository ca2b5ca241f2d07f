import { tokenizeSql } from './sql-lexer.js';

const UNRESOLVED_DOUBLE_QUOTED =
  /^no such column: "([\s\S]*)" - should this be a string literal in single-quotes\?$/;

/**
 * better-sqlite3 builds SQLite with `SQLITE_DQS=0`: a double-quoted token that names no column is an
 * error. Python's sqlite3 module, which the official Spider scorer uses, keeps SQLite's default of
 * treating such a token as a string literal, and Spider's gold queries rely on it
 * (`WHERE Airline = "JetBlue Airways"`). SQLite names the token it could not resolve in the error;
 * this returns it (or null for any other error) so the caller can turn it into a literal and retry,
 * which reproduces the default behaviour token by token.
 */
export function unresolvedDoubleQuotedToken(errorMessage: string): string | null {
  const match = UNRESOLVED_DOUBLE_QUOTED.exec(errorMessage);
  return match ? match[1]! : null;
}

/** Rewrites every `"<text>"` token (outside literals and comments) into the string `'<text>'`. */
export function doubleQuotedToStringLiteral(sql: string, text: string): string {
  return tokenizeSql(sql)
    .map((token) => {
      if (token.kind !== 'quoted_identifier' || !token.text.startsWith('"')) return token.text;
      const inner = token.text.slice(1, token.text.endsWith('"') && token.text.length > 1 ? -1 : undefined);
      const value = inner.replaceAll('""', '"');
      if (value !== text && inner !== text) return token.text;
      return `'${value.replaceAll("'", "''")}'`;
    })
    .join('');
}
