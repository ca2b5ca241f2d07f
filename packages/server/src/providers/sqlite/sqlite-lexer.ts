import type { SqlToken, SqlTokenization } from '../sql-policy/index.js';

/**
 * Splits a query into tokens exactly as SQLite's own tokenizer (`tokenize.c`) does: no backslash
 * escapes, `''` inside strings, `"…"`, `` `…` `` and `[…]` as quoted names, `--` and `/* … *\/`
 * comments (an unclosed block comment runs to the end), and any character above U+007F as part of
 * a name. The read-only policy relies on this agreeing with the database, not with the parser.
 */
export function tokenizeSqlite(sql: string): SqlTokenization {
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
      const newline = sql.indexOf('\n', index + 2);
      index = newline === -1 ? length : newline + 1;
      comments.push({ start, end: newline === -1 ? length : newline });
    } else if (char === 0x2f /* / */ && next === 0x2a /* * */) {
      const close = sql.indexOf('*/', index + 2);
      index = close === -1 ? length : close + 2;
      comments.push({ start, end: index });
    } else if (char === 0x27 /* ' */) {
      index = readQuoted(sql, index, "'");
      if (index < 0) {
        push('illegal', start, length, undefined, 'an unterminated string');
        index = length;
      } else {
        push('string', start, index, sql.slice(start + 1, index - 1).replaceAll("''", "'"));
      }
    } else if (char === 0x22 /* " */ || char === 0x60 /* ` */) {
      const quote = sql[index] as string;
      index = readQuoted(sql, index, quote);
      if (index < 0) {
        push('illegal', start, length, undefined, 'an unterminated quoted name');
        index = length;
      } else {
        push(
          'quoted_identifier',
          start,
          index,
          sql.slice(start + 1, index - 1).replaceAll(quote + quote, quote),
        );
      }
    } else if (char === 0x5b /* [ */) {
      const close = sql.indexOf(']', index + 1);
      if (close === -1) {
        push('illegal', start, length, undefined, 'an unterminated [name]');
        index = length;
      } else {
        index = close + 1;
        push('quoted_identifier', start, index, sql.slice(start + 1, close));
      }
    } else if ((char === 0x78 || char === 0x58) /* x X */ && next === 0x27) {
      const end = readQuoted(sql, index + 1, "'");
      if (end < 0) {
        push('illegal', start, length, undefined, 'an unterminated blob literal');
        index = length;
      } else {
        index = end;
        const hex = sql.slice(start + 2, end - 1);
        if (/^(?:[0-9a-fA-F]{2})*$/.test(hex)) push('blob', start, index);
        else push('illegal', start, index, undefined, 'a malformed blob literal');
      }
    } else if (isDigit(char) || (char === 0x2e /* . */ && isDigit(next))) {
      index = readNumber(sql, index);
      if (index < length && isIdChar(sql.charCodeAt(index))) {
        while (index < length && isIdChar(sql.charCodeAt(index))) index += 1;
        push('illegal', start, index, undefined, 'a malformed number');
      } else {
        push('number', start, index);
      }
    } else if (isIdStart(char)) {
      index += 1;
      while (index < length && isIdChar(sql.charCodeAt(index))) index += 1;
      push('word', start, index);
    } else if (char === 0x3f /* ? */) {
      index += 1;
      while (index < length && isDigit(sql.charCodeAt(index))) index += 1;
      push('parameter', start, index);
    } else if (char === 0x3a || char === 0x40 || char === 0x23 || char === 0x24 /* : @ # $ */) {
      index = readVariable(sql, index);
      if (index === start + 1)
        push('illegal', start, index, undefined, `an unexpected "${sql[start] ?? ''}"`);
      else push('parameter', start, index);
    } else {
      const operator = readOperator(sql, index);
      if (operator === 0) {
        index += 1;
        // Keep a surrogate pair together so the policy reports the real character.
        if (char >= 0xd800 && char <= 0xdbff && index < length) index += 1;
        push('illegal', start, index, undefined, `an unexpected character "${sql.slice(start, index)}"`);
      } else {
        index += operator;
        const text = sql.slice(start, index);
        push(text.length === 1 && '(),;.'.includes(text) ? 'punctuation' : 'operator', start, index);
      }
    }
  }
  return { tokens, comments };
}

function isSpace(char: number): boolean {
  return char === 0x20 || (char >= 0x09 && char <= 0x0d);
}

function isDigit(char: number): boolean {
  return char >= 0x30 && char <= 0x39;
}

/** SQLite: letters, `_` and every character above U+007F start a name. */
function isIdStart(char: number): boolean {
  return (char >= 0x41 && char <= 0x5a) || (char >= 0x61 && char <= 0x7a) || char === 0x5f || char > 0x7f;
}

function isIdChar(char: number): boolean {
  return isIdStart(char) || isDigit(char) || char === 0x24;
}

/** Index after the closing quote, or -1 when it is missing. A doubled quote is an escaped quote. */
function readQuoted(sql: string, open: number, close: string): number {
  let index = open + 1;
  for (;;) {
    const found = sql.indexOf(close, index);
    if (found === -1) return -1;
    if (sql[found + 1] === close) {
      index = found + 2;
      continue;
    }
    return found + 1;
  }
}

function readNumber(sql: string, start: number): number {
  const length = sql.length;
  let index = start;
  const digits = (hex: boolean): void => {
    while (index < length) {
      const char = sql.charCodeAt(index);
      const ok =
        isDigit(char) || (hex && /[a-fA-F]/.test(sql[index] ?? '')) || (char === 0x5f && index > start);
      if (!ok) break;
      index += 1;
    }
  };
  if (
    sql[index] === '0' &&
    (sql[index + 1] === 'x' || sql[index + 1] === 'X') &&
    /[0-9a-fA-F]/.test(sql[index + 2] ?? '')
  ) {
    index += 2;
    digits(true);
    return index;
  }
  digits(false);
  if (sql[index] === '.') {
    index += 1;
    digits(false);
  }
  if (
    (sql[index] === 'e' || sql[index] === 'E') &&
    (isDigit(sql.charCodeAt(index + 1)) ||
      ((sql[index + 1] === '+' || sql[index + 1] === '-') && isDigit(sql.charCodeAt(index + 2))))
  ) {
    index += 2;
    digits(false);
  }
  return index;
}

/** `:name`, `@name`, `#name` and TCL-style `$name::part(suffix)`. */
function readVariable(sql: string, start: number): number {
  const length = sql.length;
  let index = start + 1;
  const tcl = sql[start] === '$';
  while (index < length) {
    const char = sql.charCodeAt(index);
    if (isIdChar(char)) {
      index += 1;
    } else if (tcl && char === 0x3a && sql[index + 1] === ':') {
      index += 2;
    } else if (tcl && char === 0x28 /* ( */ && index > start + 1) {
      const close = sql.indexOf(')', index);
      if (close === -1) return index;
      index = close + 1;
      break;
    } else {
      break;
    }
  }
  return index;
}

const OPERATORS = [
  '->>',
  '->',
  '||',
  '<=',
  '>=',
  '<>',
  '<<',
  '>>',
  '==',
  '!=',
  '(',
  ')',
  ',',
  ';',
  '.',
  '+',
  '-',
  '*',
  '/',
  '%',
  '<',
  '>',
  '=',
  '&',
  '|',
  '~',
];

function readOperator(sql: string, index: number): number {
  for (const operator of OPERATORS) {
    if (sql.startsWith(operator, index)) return operator.length;
  }
  return 0;
}
