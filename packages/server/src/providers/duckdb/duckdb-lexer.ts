import type { SqlToken, SqlTokenization } from '../sql-policy/index.js';

/**
 * Splits a query into tokens the way DuckDB's scanner (PostgreSQL's `scan.l`) does, so the
 * read-only policy sees the same words, strings and statement breaks as the database:
 * - `'…'` strings with `''` escapes and no backslash escapes; `E'…'` strings with backslash
 *   escapes (`E'\''` is one quote); `N'…'` national strings; `X'…'` and `B'…'` bit strings;
 *   `$$…$$` and `$tag$…$tag$` dollar-quoted strings;
 * - string literals separated only by whitespace that contains a newline (and `--` comments) are
 *   one literal (`'/etc/'⏎'passwd'` is `'/etc/passwd'`), so they are one token here;
 * - `"…"` quoted names with `""` escapes; backticks and brackets are not quotes (`[1, 2]` is a list);
 * - `--` comments to the end of the line and nested `/* … *\/` comments;
 * - `?`, `?1`, `$1` and `$name` parameters; letters, `_`, and any character above U+007F start a name.
 */
export function tokenizeDuckdb(sql: string): SqlTokenization {
  const tokens: SqlToken[] = [];
  const comments: Array<{ start: number; end: number }> = [];
  const length = sql.length;
  let index = 0;

  const push = (
    kind: SqlToken['kind'],
    start: number,
    end: number,
    value?: string,
    problem?: string,
  ): void => {
    const text = sql.slice(start, end);
    const token: SqlToken = { kind, text, value: value ?? text, start, end };
    if (problem !== undefined) token.problem = problem;
    tokens.push(token);
  };

  /** Reads a quoted string (and its newline-separated continuations) starting at `quote`. */
  const readString = (start: number, quote: number, escapes: boolean): void => {
    let value = '';
    let at = quote;
    for (;;) {
      const segment = escapes ? readEscapeString(sql, at) : readStandardString(sql, at);
      if (segment === undefined) {
        push('illegal', start, length, undefined, 'an unterminated string');
        index = length;
        return;
      }
      value += segment.value;
      at = segment.end;
      const continuation = continuationQuote(sql, at, comments);
      if (continuation === undefined) break;
      at = continuation;
    }
    push('string', start, at, value);
    index = at;
  };

  while (index < length) {
    const start = index;
    const char = sql.charCodeAt(index);
    const next = index + 1 < length ? sql.charCodeAt(index + 1) : -1;

    if (isSpace(char)) {
      index += 1;
    } else if (char === 0x2d /* - */ && next === 0x2d) {
      index = lineCommentEnd(sql, index);
      comments.push({ start, end: index });
    } else if (char === 0x2f /* / */ && next === 0x2a /* * */) {
      const end = blockCommentEnd(sql, index);
      if (end === undefined) {
        push('illegal', start, length, undefined, 'an unterminated /* comment');
        index = length;
      } else {
        comments.push({ start, end });
        index = end;
      }
    } else if (char === 0x27 /* ' */) {
      readString(start, index, false);
    } else if ((char === 0x45 || char === 0x65) /* E e */ && next === 0x27) {
      readString(start, index + 1, true);
    } else if ((char === 0x4e || char === 0x6e) /* N n */ && next === 0x27) {
      readString(start, index + 1, false);
    } else if (
      (char === 0x58 || char === 0x78 || char === 0x42 || char === 0x62) /* X B */ &&
      next === 0x27
    ) {
      const segment = readStandardString(sql, index + 1);
      if (segment === undefined) {
        push('illegal', start, length, undefined, 'an unterminated bit string');
        index = length;
      } else {
        index = segment.end;
        push('blob', start, index);
      }
    } else if (char === 0x22 /* " */) {
      const end = readDoubled(sql, index, '"');
      if (end < 0) {
        push('illegal', start, length, undefined, 'an unterminated quoted name');
        index = length;
      } else {
        index = end;
        push('quoted_identifier', start, index, sql.slice(start + 1, index - 1).replaceAll('""', '"'));
      }
    } else if (char === 0x24 /* $ */ && dollarTagEnd(sql, index) !== undefined) {
      const tagEnd = dollarTagEnd(sql, index) as number;
      const tag = sql.slice(index, tagEnd);
      const close = sql.indexOf(tag, tagEnd);
      if (close === -1) {
        push('illegal', start, length, undefined, 'an unterminated dollar-quoted string');
        index = length;
      } else {
        index = close + tag.length;
        push('string', start, index, sql.slice(tagEnd, close));
      }
    } else if (char === 0x24 /* $ */ && (isDigit(next) || isIdStart(next))) {
      index += 1;
      while (index < length && isIdChar(sql.charCodeAt(index))) index += 1;
      push('parameter', start, index);
    } else if (char === 0x3f /* ? */ && !isOperatorChar(next)) {
      index += 1;
      while (index < length && isDigit(sql.charCodeAt(index))) index += 1;
      push('parameter', start, index);
    } else if (isDigit(char) || (char === 0x2e /* . */ && isDigit(next))) {
      index = readNumber(sql, index);
      push('number', start, index);
    } else if (isIdStart(char)) {
      index += 1;
      while (index < length && isIdChar(sql.charCodeAt(index))) index += 1;
      push('word', start, index);
    } else if ('(),;.'.includes(sql[index] as string)) {
      index += 1;
      push('punctuation', start, index);
    } else if ('[]{}:'.includes(sql[index] as string)) {
      index += sql.startsWith('::', index) || sql.startsWith(':=', index) ? 2 : 1;
      push('operator', start, index);
    } else if (isOperatorChar(char)) {
      index = operatorEnd(sql, index);
      push('operator', start, index);
    } else {
      index += 1;
      // Keep a surrogate pair together so the policy reports the real character.
      if (char >= 0xd800 && char <= 0xdbff && index < length) index += 1;
      const shown =
        char < 0x20
          ? `U+${char.toString(16).toUpperCase().padStart(4, '0')}`
          : `"${sql.slice(start, index)}"`;
      push('illegal', start, index, undefined, `an unexpected character ${shown}`);
    }
  }
  return { tokens, comments };
}

/** Spaces DuckDB skips between tokens (a vertical tab is not one of them). */
function isSpace(char: number): boolean {
  return char === 0x20 || char === 0x09 || char === 0x0a || char === 0x0d || char === 0x0c;
}

function isNewline(char: number): boolean {
  return char === 0x0a || char === 0x0d;
}

function isDigit(char: number): boolean {
  return char >= 0x30 && char <= 0x39;
}

function isIdStart(char: number): boolean {
  return (char >= 0x41 && char <= 0x5a) || (char >= 0x61 && char <= 0x7a) || char === 0x5f || char > 0x7f;
}

function isIdChar(char: number): boolean {
  return isIdStart(char) || isDigit(char) || char === 0x24;
}

/** PostgreSQL's operator characters (DuckDB's `//`, `**`, `->`, `^@`, `@>` are runs of them). */
function isOperatorChar(char: number): boolean {
  return char >= 0 && '+-*/<>=~!@#%^&|`?'.includes(String.fromCharCode(char));
}

/** End of an operator: the run of operator characters, cut before a `--` or `/*` comment. */
function operatorEnd(sql: string, start: number): number {
  let index = start;
  while (index < sql.length && isOperatorChar(sql.charCodeAt(index))) {
    if (index > start && (sql.startsWith('--', index) || sql.startsWith('/*', index))) break;
    index += 1;
  }
  return index;
}

function lineCommentEnd(sql: string, start: number): number {
  let index = start + 2;
  while (index < sql.length && !isNewline(sql.charCodeAt(index))) index += 1;
  return index;
}

/** End of a (nested) block comment, or undefined when it is never closed. */
function blockCommentEnd(sql: string, start: number): number | undefined {
  let depth = 0;
  let index = start;
  while (index < sql.length) {
    if (sql.startsWith('/*', index)) {
      depth += 1;
      index += 2;
    } else if (sql.startsWith('*/', index)) {
      depth -= 1;
      index += 2;
      if (depth === 0) return index;
    } else {
      index += 1;
    }
  }
  return undefined;
}

/** A `'…'` segment with `''` escapes: its value and the index after the closing quote. */
function readStandardString(sql: string, quote: number): { value: string; end: number } | undefined {
  const end = readDoubled(sql, quote, "'");
  if (end < 0) return undefined;
  return { value: sql.slice(quote + 1, end - 1).replaceAll("''", "'"), end };
}

/** An `E'…'` segment: backslash escapes as well as `''`. */
function readEscapeString(sql: string, quote: number): { value: string; end: number } | undefined {
  let value = '';
  let index = quote + 1;
  while (index < sql.length) {
    const char = sql[index] as string;
    if (char === '\\') {
      const escaped = sql[index + 1];
      if (escaped === undefined) return undefined;
      value += ESCAPES[escaped] ?? escaped;
      index += 2;
    } else if (char === "'") {
      if (sql[index + 1] === "'") {
        value += "'";
        index += 2;
      } else {
        return { value, end: index + 1 };
      }
    } else {
      value += char;
      index += 1;
    }
  }
  return undefined;
}

const ESCAPES: Record<string, string> = { b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

/** Index after the closing quote (a doubled quote escapes it), or -1 when it is missing. */
function readDoubled(sql: string, open: number, quote: string): number {
  let index = open + 1;
  for (;;) {
    const found = sql.indexOf(quote, index);
    if (found === -1) return -1;
    if (sql[found + 1] === quote) {
      index = found + 2;
      continue;
    }
    return found + 1;
  }
}

/**
 * Where a string continues after `end`: PostgreSQL's `whitespace_with_newline` — spaces and
 * `--` comments, at least one newline, more spaces and comments — followed by a `'`. Returns the
 * index of that quote (recording the skipped comments), or undefined.
 */
function continuationQuote(
  sql: string,
  end: number,
  comments: Array<{ start: number; end: number }>,
): number | undefined {
  let index = end;
  let sawNewline = false;
  const skipped: Array<{ start: number; end: number }> = [];
  while (index < sql.length) {
    const char = sql.charCodeAt(index);
    if (isNewline(char)) {
      sawNewline = true;
      index += 1;
    } else if (isSpace(char)) {
      index += 1;
    } else if (sql.startsWith('--', index)) {
      const commentEnd = lineCommentEnd(sql, index);
      skipped.push({ start: index, end: commentEnd });
      index = commentEnd;
    } else {
      break;
    }
  }
  if (!sawNewline || sql[index] !== "'") return undefined;
  comments.push(...skipped);
  return index;
}

/** End of a `$tag$` opener at `start` (the tag may be empty), or undefined when it is not one. */
function dollarTagEnd(sql: string, start: number): number | undefined {
  let index = start + 1;
  if (index < sql.length && isDigit(sql.charCodeAt(index))) return undefined;
  while (index < sql.length) {
    const char = sql.charCodeAt(index);
    if (char === 0x24) return index + 1;
    if (!isIdStart(char) && !isDigit(char)) return undefined;
    index += 1;
  }
  return undefined;
}

/** Digits with `_` separators, a fraction and an exponent. DuckDB reads `5abc` as 5 followed by a name. */
function readNumber(sql: string, start: number): number {
  const length = sql.length;
  let index = start;
  const digits = (): void => {
    while (index < length) {
      const char = sql.charCodeAt(index);
      if (isDigit(char) || (char === 0x5f && isDigit(sql.charCodeAt(index + 1)) && index > start)) index += 1;
      else break;
    }
  };
  digits();
  if (sql[index] === '.' && sql[index + 1] !== '.') {
    index += 1;
    digits();
  }
  if (
    (sql[index] === 'e' || sql[index] === 'E') &&
    (isDigit(sql.charCodeAt(index + 1)) ||
      ((sql[index + 1] === '+' || sql[index + 1] === '-') && isDigit(sql.charCodeAt(index + 2))))
  ) {
    index += 2;
    digits();
  }
  return index;
}
