import type { ValidationIssue } from '@text2x/protocol';
import type { PolicyViolation } from './policy-violation.js';
import type { SqlToken } from './sql-token.js';

/** A policy violation as a validation issue (with its position when it has one). */
export function issueFromViolation(violation: PolicyViolation): ValidationIssue {
  return violation.position === undefined
    ? { kind: violation.kind, message: violation.message }
    : { kind: violation.kind, message: violation.message, position: violation.position };
}

/** Which tokens may spell a name: by default words and quoted identifiers. */
export type TokenFilter = (token: SqlToken) => boolean;

const NAME_TOKENS: TokenFilter = (token) => token.kind === 'word' || token.kind === 'quoted_identifier';

/** 1-based position of the first token spelling `name` (or `qualifier.name`). */
export function positionOfName(
  name: string,
  tokens: readonly SqlToken[],
  accepts: TokenFilter = NAME_TOKENS,
): number | undefined {
  const parts = name.toLowerCase().split('.');
  const matches = (token: SqlToken | undefined, part: string | undefined): boolean =>
    token !== undefined && part !== undefined && accepts(token) && token.value.toLowerCase() === part;
  for (let index = 0; index < tokens.length; index += 1) {
    if (
      parts.length === 2 &&
      matches(tokens[index], parts[0]) &&
      tokens[index + 1]?.value === '.' &&
      matches(tokens[index + 2], parts[1])
    ) {
      return (tokens[index] as SqlToken).start + 1;
    }
  }
  const last = parts.at(-1);
  const token = tokens.find((candidate) => matches(candidate, last));
  return token === undefined ? undefined : token.start + 1;
}

/** The issue with the position of `name` in the query, when it is found there. */
export function withNamePosition(
  issue: ValidationIssue,
  name: string,
  tokens: readonly SqlToken[],
  accepts?: TokenFilter,
): ValidationIssue {
  const position = positionOfName(name, tokens, accepts);
  return position === undefined ? issue : { ...issue, position };
}
