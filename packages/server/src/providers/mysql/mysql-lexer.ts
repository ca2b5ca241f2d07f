import type { SqlToken, SqlTokenization } from '../sql-policy/index.js';

/** A range of the query as [start, end) offsets. */
export interface TextRange {
  start: number;
  end: number;
}

/** A MySQL tokenization: the shared token list plus the comments MySQL does not ignore. */
export interface MysqlTokenization extends SqlTokenization {
  /** `/*! … *\/` and `/*M! … *\/` comments: MySQL and MariaDB run their content as SQL. */
  executableComments: TextRange[];
  /** `/*+ … *\/` comments: optimizer hints in MySQL 8 (and MariaDB 12), which can set session variables. */
  optimizerHints: TextRange[];
}

/**
 * Splits a query into tokens as the MySQL and MariaDB lexers (`sql_lex.cc`) do with the sql_mode the
 * provider enforces on its connections (no ANSI_QUOTES, no NO_BACKSLASH_ESCAPES): `'…'` and `"…"`
 * are strings with backslash escapes and doubled quotes, `` `…` `` is a quoted name, `#` and
 * `-- ` (a space or control character after the dashes) start line comments while `--1` is two
 * minus signs, `/* … *\/` comments do not nest, `/*!…*\/` and `/*M!…*\/` are recorded as executable
 * comments and `/*+…*\/` as optimizer hints. Unquoted names may start with digits (`1st_place`) and
 * contain `$` and any character above U+007F. User and system variables (`@x`, `@'x'`, `@@x`)
 * and `?` placeholders are `parameter` tokens. The read-only policy relies on this agreeing with
 * the server, not with node-sql-parser.
 */
export function tokenizeMysql(sql: string): MysqlTokenization {
  const tokens: SqlToken[] = [];
  const comments: TextRange[] = [];
  const executableComments: TextRange[] = [];
  const optimizerHints: TextRange[] = [];
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
    } else if (char === 0x23 /* # */) {
      index = lineEnd(sql, index);
      comments.push({ start, end: index });
    } else if (char === 0x2d /* - */ && next === 0x2d && dashCommentFollows(sql, index + 2)) {
      index = lineEnd(sql, index);
      comments.push({ start, end: index });
    } else if (char === 0x2f /* / */ && next === 0x2a /* * */) {
      const close = sql.indexOf('*/', index + 2);
      if (close === -1) {
        push('illegal', start, length, undefined, 'an unterminated /* comment');
        index = length;
        continue;
      }
      index = close + 2;
      const range = { start, end: index };
      comments.push(range);
      const third = sql[start + 2];
      if (third === '!' || ((third === 'M' || third === 'm') && sql[start + 3] === '!')) {
        executableComments.push(range);
      } else if (third === '+') {
        optimizerHints.push(range);
      }
    } else if (char === 0x27 /* ' */ || char === 0x22 /* " */) {
      const end = readString(sql, index);
      if (end < 0) {
        push('illegal', start, length, undefined, 'an unterminated string');
        index = length;
      } else {
        push('string', start, end, unescapeString(sql.slice(start + 1, end - 1), sql[start] as string));
        index = end;
      }
    } else if (char === 0x60 /* ` */) {
      const end = readQuotedName(sql, index);
      if (end < 0) {
        push('illegal', start, length, undefined, 'an unterminated `name`');
        index = length;
      } else {
        push('quoted_identifier', start, end, sql.slice(start + 1, end - 1).replaceAll('``', '`'));
        index = end;
      }
    } else if (isHexOrBitLiteral(sql, index)) {
      const end = sql.indexOf("'", index + 2);
      if (end === -1) {
        push('illegal', start, length, undefined, 'an unterminated hexadecimal or bit literal');
        index = length;
      } else {
        index = end + 1;
        const body = sql.slice(start + 2, end);
        const hex = char === 0x78 || char === 0x58;
        const valid = hex ? /^(?:[0-9a-fA-F]{2})*$/.test(body) : /^[01]*$/.test(body);
        if (!valid) push('illegal', start, index, undefined, 'a malformed hexadecimal or bit literal');
        else push(hex ? 'blob' : 'number', start, index);
      }
    } else if ((char === 0x4e || char === 0x6e) /* N n */ && next === 0x27) {
      const end = readString(sql, index + 1);
      if (end < 0) {
        push('illegal', start, length, undefined, 'an unterminated string');
        index = length;
      } else {
        push('string', start, end, unescapeString(sql.slice(start + 2, end - 1), "'"));
        index = end;
      }
    } else if (isDigit(char) || (char === 0x2e /* . */ && isDigit(next) && !afterName(tokens, start))) {
      index = readNumberOrName(sql, index, push);
    } else if (isIdChar(char)) {
      index += 1;
      while (index < length && isIdChar(sql.charCodeAt(index))) index += 1;
      push('word', start, index);
    } else if (char === 0x3f /* ? */) {
      index += 1;
      push('parameter', start, index);
    } else if (char === 0x40 /* @ */) {
      index = readVariable(sql, index);
      if (index < 0) {
        push('illegal', start, length, undefined, 'an unterminated quoted variable name');
        index = length;
      } else if (index === start + 1 || (index === start + 2 && sql[start + 1] === '@')) {
        push('illegal', start, index, undefined, 'an "@" without a variable name');
      } else {
        push('parameter', start, index);
      }
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
  return { tokens, comments, executableComments, optimizerHints };
}

function isSpace(char: number): boolean {
  return char === 0x20 || (char >= 0x09 && char <= 0x0d);
}

function isDigit(char: number): boolean {
  return char >= 0x30 && char <= 0x39;
}

/** MySQL: letters, digits, `_`, `$` and every character above U+007F can be part of an unquoted name. */
function isIdChar(char: number): boolean {
  return (
    (char >= 0x41 && char <= 0x5a) ||
    (char >= 0x61 && char <= 0x7a) ||
    isDigit(char) ||
    char === 0x5f ||
    char === 0x24 ||
    char > 0x7f
  );
}

/** `--` starts a comment only when a space or control character (or the end) follows. */
function dashCommentFollows(sql: string, index: number): boolean {
  if (index >= sql.length) return true;
  const char = sql.charCodeAt(index);
  return char <= 0x20 || char === 0x7f;
}

function lineEnd(sql: string, index: number): number {
  const newline = sql.indexOf('\n', index);
  return newline === -1 ? sql.length : newline;
}

/** Index after the closing quote, or -1. Backslash escapes the next character; a doubled quote is a quote. */
function readString(sql: string, open: number): number {
  const quote = sql.charCodeAt(open);
  let index = open + 1;
  while (index < sql.length) {
    const char = sql.charCodeAt(index);
    if (char === 0x5c /* \ */) {
      index += 2;
    } else if (char === quote) {
      if (sql.charCodeAt(index + 1) === quote) index += 2;
      else return index + 1;
    } else {
      index += 1;
    }
  }
  return -1;
}

function readQuotedName(sql: string, open: number): number {
  let index = open + 1;
  for (;;) {
    const found = sql.indexOf('`', index);
    if (found === -1) return -1;
    if (sql[found + 1] === '`') {
      index = found + 2;
      continue;
    }
    return found + 1;
  }
}

const ESCAPES: Record<string, string> = {
  '0': '\0',
  b: '\b',
  n: '\n',
  r: '\r',
  t: '\t',
  Z: '\x1a',
};

function unescapeString(body: string, quote: string): string {
  if (!body.includes('\\') && !body.includes(quote + quote)) return body;
  let out = '';
  for (let index = 0; index < body.length; index += 1) {
    const char = body[index] as string;
    if (char === '\\' && index + 1 < body.length) {
      const escaped = body[index + 1] as string;
      // `\%` and `\_` keep their backslash (they are LIKE escapes), as in MySQL.
      out += escaped === '%' || escaped === '_' ? `\\${escaped}` : (ESCAPES[escaped] ?? escaped);
      index += 1;
    } else if (char === quote && body[index + 1] === quote) {
      out += quote;
      index += 1;
    } else {
      out += char;
    }
  }
  return out;
}

function isHexOrBitLiteral(sql: string, index: number): boolean {
  const char = sql[index];
  return (char === 'x' || char === 'X' || char === 'b' || char === 'B') && sql[index + 1] === "'";
}

/** True when the previous token ends right here and is a name, so `.5` is `t.5col`, not a number. */
function afterName(tokens: readonly SqlToken[], start: number): boolean {
  const last = tokens.at(-1);
  return (
    last !== undefined && last.end === start && (last.kind === 'word' || last.kind === 'quoted_identifier')
  );
}

/**
 * A number (`12`, `1.5`, `.5`, `1e-3`, `0x1F`, `0b101`), or a name that starts with digits
 * (`1st`, `2024_sales`): MySQL reads digits followed by name characters as a name.
 */
function readNumberOrName(
  sql: string,
  start: number,
  push: (kind: SqlToken['kind'], start: number, end: number) => void,
): number {
  const length = sql.length;
  let index = start;
  const hexOrBinary = /^0[xb]/.exec(sql.slice(start, start + 2));
  if (hexOrBinary) {
    const digit = sql[start + 1] === 'x' ? /[0-9a-fA-F]/ : /[01]/;
    index = start + 2;
    while (index < length && digit.test(sql[index] ?? '')) index += 1;
    if (index > start + 2 && (index >= length || !isIdChar(sql.charCodeAt(index)))) {
      push('number', start, index);
      return index;
    }
    index = start;
  }
  while (index < length && isDigit(sql.charCodeAt(index))) index += 1;
  if (sql[index] === '.') {
    index += 1;
    while (index < length && isDigit(sql.charCodeAt(index))) index += 1;
    if (exponentAt(sql, index)) index = skipExponent(sql, index);
  } else if (exponentAt(sql, index)) {
    index = skipExponent(sql, index);
  } else if (index < length && isIdChar(sql.charCodeAt(index))) {
    while (index < length && isIdChar(sql.charCodeAt(index))) index += 1;
    push('word', start, index);
    return index;
  }
  push('number', start, index);
  return index;
}

function skipExponent(sql: string, index: number): number {
  let at = index + (sql[index + 1] === '+' || sql[index + 1] === '-' ? 2 : 1);
  while (at < sql.length && isDigit(sql.charCodeAt(at))) at += 1;
  return at;
}

function exponentAt(sql: string, index: number): boolean {
  const char = sql[index];
  if (char !== 'e' && char !== 'E') return false;
  const next = sql.charCodeAt(index + 1);
  if (isDigit(next)) return true;
  return (sql[index + 1] === '+' || sql[index + 1] === '-') && isDigit(sql.charCodeAt(index + 2));
}

/**
 * `@name`, `@'quoted'`, `` @`quoted` ``, `@@name`, `@@session.name`: index after it, or -1 when
 * a quoted name is not closed.
 */
function readVariable(sql: string, start: number): number {
  let index = start + 1;
  if (sql[index] === '@') index += 1;
  const quote = sql[index];
  if (quote === "'" || quote === '"') return readString(sql, index);
  if (quote === '`') return readQuotedName(sql, index);
  while (index < sql.length) {
    const char = sql.charCodeAt(index);
    if (isIdChar(char) || (char === 0x2e /* . */ && isIdChar(sql.charCodeAt(index + 1)))) index += 1;
    else break;
  }
  return index;
}

const OPERATORS = [
  '<=>',
  '->>',
  ':=',
  '->',
  '&&',
  '||',
  '<=',
  '>=',
  '<>',
  '<<',
  '>>',
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
  '^',
  '~',
  '!',
];

function readOperator(sql: string, index: number): number {
  for (const operator of OPERATORS) {
    if (sql.startsWith(operator, index)) return operator.length;
  }
  return 0;
}
