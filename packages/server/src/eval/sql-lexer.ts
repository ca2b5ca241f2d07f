/** A piece of SQL text; concatenating every token's `text` gives back the input. */
export interface SqlToken {
  kind: 'word' | 'string' | 'quoted_identifier' | 'comment' | 'whitespace' | 'symbol';
  text: string;
}

/**
 * Splits SQL into tokens, enough to find keywords and `;` outside literals: single-quoted strings
 * (`''` escapes), double-quoted / back-quoted / bracketed identifiers, `--` and block comments,
 * words and single-character symbols. Unterminated literals run to the end of the input.
 */
export function tokenizeSql(sql: string): SqlToken[] {
  const tokens: SqlToken[] = [];
  let i = 0;
  const n = sql.length;
  const closeQuoted = (start: number, quote: string): number => {
    let j = start + 1;
    while (j < n) {
      if (sql[j] === quote) {
        if (sql[j + 1] === quote && quote !== ']') {
          j += 2;
          continue;
        }
        return j + 1;
      }
      j++;
    }
    return n;
  };
  while (i < n) {
    const ch = sql[i]!;
    let end: number;
    let kind: SqlToken['kind'];
    if (ch === "'") {
      end = closeQuoted(i, "'");
      kind = 'string';
    } else if (ch === '"' || ch === '`') {
      end = closeQuoted(i, ch);
      kind = 'quoted_identifier';
    } else if (ch === '[') {
      end = closeQuoted(i, ']');
      kind = 'quoted_identifier';
    } else if (ch === '-' && sql[i + 1] === '-') {
      const newline = sql.indexOf('\n', i);
      end = newline === -1 ? n : newline;
      kind = 'comment';
    } else if (ch === '/' && sql[i + 1] === '*') {
      const close = sql.indexOf('*/', i + 2);
      end = close === -1 ? n : close + 2;
      kind = 'comment';
    } else if (/\s/.test(ch)) {
      end = i + 1;
      while (end < n && /\s/.test(sql[end]!)) end++;
      kind = 'whitespace';
    } else if (/[A-Za-z0-9_$\u0080-\uffff]/.test(ch)) {
      end = i + 1;
      while (end < n && /[A-Za-z0-9_$\u0080-\uffff]/.test(sql[end]!)) end++;
      kind = 'word';
    } else {
      end = i + 1;
      kind = 'symbol';
    }
    tokens.push({ kind, text: sql.slice(i, end) });
    i = end;
  }
  return tokens;
}

/** Splits on `;` outside literals and comments; drops empty statements; trims each. */
export function splitSqlStatements(sql: string): string[] {
  const statements: string[] = [];
  let current = '';
  for (const token of tokenizeSql(sql)) {
    if (token.kind === 'symbol' && token.text === ';') {
      statements.push(current);
      current = '';
    } else {
      current += token.text;
    }
  }
  statements.push(current);
  return statements.map((statement) => statement.trim()).filter((statement) => statement !== '');
}
