import {
  checkTokenPolicy,
  type DenyList,
  type PolicyViolation,
  type SqlToken,
  type SqlTokenization,
} from '../sql-policy/index.js';
import type { MysqlTokenization } from './mysql-lexer.js';

const LOCKING_READ =
  'Locking reads (FOR UPDATE, FOR SHARE, LOCK IN SHARE MODE) are not allowed because they lock rows.';

/**
 * The read-only policy over MySQL tokens: the shared token policy (one statement, a SELECT or WITH
 * first word, denied keywords, functions and schemas anywhere) plus what only MySQL has: executable
 * comments (`/*!50000 DROP TABLE t *\/` runs), optimizer hints (which can set session variables),
 * user and system variables and `:=` assignments, `SET` outside `CHARACTER SET`, locking reads,
 * and `NEXT VALUE FOR` on sequences. Violations are sorted by position.
 */
export function checkMysqlTokenPolicy(
  query: string,
  tokenization: MysqlTokenization,
  denyList: DenyList,
): PolicyViolation[] {
  const violations: PolicyViolation[] = [];
  for (const range of tokenization.executableComments) {
    violations.push({
      kind: 'policy',
      message:
        'Executable comments (/*! … */ and /*M! … */) are not allowed because MySQL and MariaDB run the SQL inside them.',
      position: range.start + 1,
    });
  }
  for (const range of tokenization.optimizerHints) {
    violations.push({
      kind: 'policy',
      message:
        'Optimizer hints (/*+ … */) are not allowed because they can change session settings and the time limit.',
      position: range.start + 1,
    });
  }

  const { tokens } = tokenization;
  const seen = new Set<string>();
  const add = (message: string, token: SqlToken): void => {
    if (seen.has(message)) return;
    seen.add(message);
    violations.push({ kind: 'policy', message, position: token.start + 1 });
  };
  for (let index = 0; index < tokens.length; index += 1) {
    const token = tokens[index] as SqlToken;
    const next = tokens[index + 1];
    if (token.kind === 'parameter' && token.text.startsWith('@@')) {
      add(
        `The system variable ${token.text} is not allowed because it reads or changes server settings.`,
        token,
      );
    } else if (token.kind === 'parameter' && token.text.startsWith('@')) {
      add(
        `The user variable ${token.text} is not allowed because it keeps state on the connection between queries.`,
        token,
      );
    } else if (token.kind === 'operator' && token.value === ':=') {
      add('The assignment operator := is not allowed because it sets variables.', token);
    } else if (token.kind === 'word') {
      const word = token.value.toUpperCase();
      const nextWord = next?.kind === 'word' ? next.value.toUpperCase() : undefined;
      if (word === 'FOR' && (nextWord === 'UPDATE' || nextWord === 'SHARE')) {
        add(LOCKING_READ, token);
      } else if (word === 'LOCK' && nextWord === 'IN') {
        add(LOCKING_READ, token);
      } else if (word === 'SET' && !isCharacterSet(tokens[index - 1])) {
        add('SET is not allowed because it changes variables or settings.', token);
      } else if (
        word === 'NEXT' &&
        nextWord === 'VALUE' &&
        tokens[index + 2]?.value.toUpperCase() === 'FOR'
      ) {
        add('NEXT VALUE FOR is not allowed because it advances a sequence.', token);
      }
    }
  }

  const first = firstStatementToken(tokens);
  if (
    first?.kind === 'word' &&
    !denyList.statementStarts.has(first.value.toUpperCase()) &&
    denyList.functionKeywords.has(first.value.toUpperCase())
  ) {
    // `REPLACE(…)` reads as the string function to the shared policy; as a first word it is a statement.
    add(
      `Only read-only queries starting with ${[...denyList.statementStarts].join(' or ')} are allowed, but this one starts with "${first.text}".`,
      first,
    );
  }

  violations.push(...checkTokenPolicy(query, sharedPolicyTokens(tokenization), denyList));
  // Violations without a position (an empty query) go last, after the ones that say where.
  const at = (violation: PolicyViolation): number => violation.position ?? Number.MAX_SAFE_INTEGER;
  return violations.sort((a, b) => at(a) - at(b));
}

/**
 * The tokens the shared policy sees: without variables (reported above with MySQL's reasons, not
 * as unfillable parameters) and without the opening parentheses of `(SELECT …) UNION (SELECT …)`,
 * so the first word is the SELECT.
 */
function sharedPolicyTokens(tokenization: SqlTokenization): SqlTokenization {
  const tokens = tokenization.tokens.filter(
    (token) => !(token.kind === 'parameter' && token.text.startsWith('@')),
  );
  let leading = 0;
  while (tokens[leading]?.kind === 'punctuation' && tokens[leading]?.value === '(') leading += 1;
  return { tokens: leading === 0 ? tokens : tokens.slice(leading), comments: tokenization.comments };
}

function firstStatementToken(tokens: readonly SqlToken[]): SqlToken | undefined {
  return tokens.find((token) => !(token.kind === 'punctuation' && token.value === '('));
}

function isCharacterSet(previous: SqlToken | undefined): boolean {
  if (previous?.kind !== 'word') return false;
  const word = previous.value.toUpperCase();
  return word === 'CHARACTER' || word === 'CHAR';
}
