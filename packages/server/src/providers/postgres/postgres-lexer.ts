import type { SqlToken, SqlTokenization } from '../sql-policy/index.js';

/**
 * Splits a query into tokens the way PostgreSQL's scanner (`scan.l`) does with
 * `standard_conforming_strings = on` (which the provider sets in every transaction): `'…'` with
 * `''` and no backslash escapes; `E'…'` with backslash escapes; `U&'…'`, `N'…'`, `B'…'`, `X'…'`;
 * dollar quoting (`$$…$$`, `$tag$…$tag$`); `"…"` and `U&"…"` names; nested `/* … *\/` comments and
 * `--` comments; `$1` parameters; multi-character operators (which stop where a comment starts);
 * any character above U+007F as part of a name. Unquoted words keep their spelling; PostgreSQL
 * folds them to lower case, which the policy does not need since it compares case-insensitively.
 */
export function tokenizePostgres(sql: string): SqlTokenization {
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
      if (end < 0) {
        push('illegal', start, length, undefined, 'an unterminated /* comment');
        index = length;
      } else {
        index = end;
        comments.push({ start, end });
      }
    } else if (char === 0x27 /* ' */) {
      index = readString(sql, index, false, push);
    } else if ((char === 0x45 || char === 0x65) /* E e */ && next === 0x27 && !continuesWord(tokens, start)) {
      index = readString(sql, index + 1, true, push, start);
    } else if (
      (char === 0x4e || char === 0x6e || char === 0x42 || char === 0x62 || char === 0x58 || char === 0x78) &&
      next === 0x27 &&
      !continuesWord(tokens, start)
    ) {
      // N'…' is a plain string; B'…' and X'…' are bit strings.
      const upper = String.fromCharCode(char).toUpperCase();
      if (upper === 'N') {
        index = readString(sql, index + 1, false, push, start);
      } else {
        const end = sql.indexOf("'", index + 2);
        if (end < 0) {
          push('illegal', start, length, undefined, 'an unterminated bit string');
          index = length;
        } else {
          index = end + 1;
          push('blob', start, index);
        }
      }
    } else if (
      (char === 0x55 || char === 0x75) /* U u */ &&
      next === 0x26 /* & */ &&
      (sql[index + 2] === "'" || sql[index + 2] === '"') &&
      !continuesWord(tokens, start)
    ) {
      if (sql[index + 2] === "'") index = readString(sql, index + 2, false, push, start);
      else index = readQuotedName(sql, index + 2, push, start);
    } else if (char === 0x22 /* " */) {
      index = readQuotedName(sql, index, push);
    } else if (char === 0x24 /* $ */) {
      index = readDollar(sql, index, push);
    } else if (isDigit(char) || (char === 0x2e /* . */ && isDigit(next))) {
      index = readNumber(sql, index);
      push('number', start, index);
    } else if (isIdStart(char)) {
      index += 1;
      while (index < length && isIdChar(sql.charCodeAt(index))) index += 1;
      push('word', start, index);
    } else if (char === 0x3a /* : */ && (next === 0x3a || next === 0x3d)) {
      index += 2; // :: and :=
      push('operator', start, index);
    } else if (char === 0x2e /* . */ && next === 0x2e) {
      index += 2;
      push('operator', start, index);
    } else if ('(),;.'.includes(sql[index] as string)) {
      index += 1;
      push('punctuation', start, index);
    } else if ('[]:'.includes(sql[index] as string)) {
      index += 1;
      push('operator', start, index);
    } else if (isOperatorChar(char)) {
      index = readOperator(sql, index);
      push('operator', start, index);
    } else {
      index += 1;
      // Keep a surrogate pair together so the policy reports the real character.
      if (char >= 0xd800 && char <= 0xdbff && index < length) index += 1;
      push('illegal', start, index, undefined, `an unexpected character "${sql.slice(start, index)}"`);
    }
  }
  return { tokens, comments };
}

type Push = (kind: SqlToken['kind'], start: number, end: number, value?: string, problem?: string) => void;

/** PostgreSQL 16+ also counts vertical tab as white space. */
function isSpace(char: number): boolean {
  return char === 0x20 || (char >= 0x09 && char <= 0x0d);
}

function isDigit(char: number): boolean {
  return char >= 0x30 && char <= 0x39;
}

/** Letters, `_` and every character above U+007F start a name. */
function isIdStart(char: number): boolean {
  return (char >= 0x41 && char <= 0x5a) || (char >= 0x61 && char <= 0x7a) || char === 0x5f || char > 0x7f;
}

/** Inside a name digits and `$` are allowed too. */
function isIdChar(char: number): boolean {
  return isIdStart(char) || isDigit(char) || char === 0x24;
}

const OPERATOR_CHARS = '~!@#^&|`?+-*/%<>=';

function isOperatorChar(char: number): boolean {
  return char < 0x80 && OPERATOR_CHARS.includes(String.fromCharCode(char));
}

/** A prefix letter (`E`, `U&`, …) directly after a name character is part of that name. */
function continuesWord(tokens: readonly SqlToken[], start: number): boolean {
  const last = tokens.at(-1);
  return last !== undefined && last.end === start && (last.kind === 'word' || last.kind === 'number');
}

function lineCommentEnd(sql: string, start: number): number {
  let index = start + 2;
  while (index < sql.length && sql[index] !== '\n' && sql[index] !== '\r') index += 1;
  return index;
}

/** End of a block comment, which nests in PostgreSQL; -1 when it is not closed. */
function blockCommentEnd(sql: string, start: number): number {
  let depth = 0;
  let index = start;
  while (index < sql.length) {
    if (sql[index] === '/' && sql[index + 1] === '*') {
      depth += 1;
      index += 2;
    } else if (sql[index] === '*' && sql[index + 1] === '/') {
      depth -= 1;
      index += 2;
      if (depth === 0) return index;
    } else {
      index += 1;
    }
  }
  return -1;
}

/** A string starting at the quote `open`; `escapes` for E'…' (backslash escapes). Returns the end. */
function readString(sql: string, open: number, escapes: boolean, push: Push, tokenStart = open): number {
  let index = open + 1;
  let value = '';
  for (;;) {
    if (index >= sql.length) {
      push('illegal', tokenStart, sql.length, undefined, 'an unterminated string');
      return sql.length;
    }
    const char = sql[index] as string;
    if (char === "'") {
      if (sql[index + 1] === "'") {
        value += "'";
        index += 2;
        continue;
      }
      index += 1;
      push('string', tokenStart, index, value);
      return index;
    }
    if (escapes && char === '\\' && index + 1 < sql.length) {
      value += sql.slice(index, index + 2);
      index += 2;
      continue;
    }
    value += char;
    index += 1;
  }
}

function readQuotedName(sql: string, open: number, push: Push, tokenStart = open): number {
  let index = open + 1;
  let value = '';
  for (;;) {
    const found = sql.indexOf('"', index);
    if (found < 0) {
      push('illegal', tokenStart, sql.length, undefined, 'an unterminated quoted name');
      return sql.length;
    }
    value += sql.slice(index, found);
    if (sql[found + 1] === '"') {
      value += '"';
      index = found + 2;
      continue;
    }
    index = found + 1;
    if (value === '') push('illegal', tokenStart, index, undefined, 'an empty quoted name ""');
    else push('quoted_identifier', tokenStart, index, value);
    return index;
  }
}

/** `$1` (a parameter), `$tag$…$tag$` or `$$…$$` (a dollar-quoted string). */
function readDollar(sql: string, start: number, push: Push): number {
  let index = start + 1;
  if (isDigit(sql.charCodeAt(index))) {
    while (isDigit(sql.charCodeAt(index))) index += 1;
    push('parameter', start, index);
    return index;
  }
  if (sql[index] !== '$') {
    if (!isIdStart(sql.charCodeAt(index))) {
      push('illegal', start, index, undefined, 'an unexpected "$"');
      return index;
    }
    while (index < sql.length && isIdStart(sql.charCodeAt(index))) index += 1;
    while (index < sql.length && (isIdStart(sql.charCodeAt(index)) || isDigit(sql.charCodeAt(index))))
      index += 1;
    if (sql[index] !== '$') {
      push('illegal', start, index, undefined, 'an unexpected "$"');
      return index;
    }
  }
  const tag = sql.slice(start, index + 1);
  const close = sql.indexOf(tag, index + 1);
  if (close < 0) {
    push('illegal', start, sql.length, undefined, 'an unterminated dollar-quoted string');
    return sql.length;
  }
  push('string', start, close + tag.length, sql.slice(index + 1, close));
  return close + tag.length;
}

/** Decimal, hexadecimal (0x), octal (0o) and binary (0b) numbers, with `_` separators (PostgreSQL 16). */
function readNumber(sql: string, start: number): number {
  const length = sql.length;
  let index = start;
  const prefix = sql.slice(index, index + 2).toLowerCase();
  if (prefix === '0x' || prefix === '0o' || prefix === '0b') {
    index += 2;
    while (index < length && (/[0-9a-fA-F]/.test(sql[index] as string) || sql[index] === '_')) index += 1;
    return index;
  }
  const digits = (): void => {
    while (index < length && (isDigit(sql.charCodeAt(index)) || sql[index] === '_')) index += 1;
  };
  digits();
  // `1..2` is not a number followed by a fraction.
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

/**
 * An operator as `scan.l` reads it: the longest run of operator characters, cut before `--` or
 * `/*`, and not ending in `+` or `-` unless it contains one of `~ ! @ # % ^ & | \` ?`.
 */
function readOperator(sql: string, start: number): number {
  let end = start;
  while (end < sql.length && isOperatorChar(sql.charCodeAt(end))) {
    if ((sql[end] === '-' && sql[end + 1] === '-') || (sql[end] === '/' && sql[end + 1] === '*')) break;
    end += 1;
  }
  if (end === start) return start + 1;
  let text = sql.slice(start, end);
  if (text.length > 1 && !/[~!@#%^&|`?]/.test(text)) {
    while (text.length > 1 && (text.endsWith('+') || text.endsWith('-'))) text = text.slice(0, -1);
  }
  return start + text.length;
}
