/**
 * One token of a SQL text, as a dialect's lexer reads it. The read-only policy works on these
 * tokens as well as on parser ASTs, so a statement the parser cannot read is still checked.
 */
export type SqlTokenKind =
  /** An unquoted keyword or name (`SELECT`, `singer`). */
  | 'word'
  /** A quoted name (`"Home Town"`, `` `x` ``, `[x]`); `value` is the name without quotes. */
  | 'quoted_identifier'
  /** A string literal; `value` is its content with escapes resolved. */
  | 'string'
  /** A blob literal (`x'00ff'`). */
  | 'blob'
  | 'number'
  /** A bound parameter (`?`, `?1`, `:name`, `@name`, `$name`). */
  | 'parameter'
  /** An operator (`||`, `->>`, `<=`, `+`, …). */
  | 'operator'
  /** `(`, `)`, `,`, `;` or `.`. */
  | 'punctuation'
  /** Something the dialect does not accept here (an unterminated string, a stray character). */
  | 'illegal';

export interface SqlToken {
  kind: SqlTokenKind;
  /** The text exactly as written, quotes included. */
  text: string;
  /** Unquoted name or string content; the same as `text` for other kinds. */
  value: string;
  /** 0-based offset of the first character in the query. */
  start: number;
  /** 0-based offset just after the last character. */
  end: number;
  /** For `illegal` tokens: what is wrong, as a sentence fragment ("unterminated string"). */
  problem?: string;
}

/** A dialect lexer's output: the tokens, and the comment ranges it skipped. */
export interface SqlTokenization {
  tokens: SqlToken[];
  /** Comment ranges as [start, end) offsets; comments are not tokens. */
  comments: Array<{ start: number; end: number }>;
}
