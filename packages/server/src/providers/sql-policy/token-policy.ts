import { deniedFunctionReason, deniedTableReason, type DenyList } from './deny-list.js';
import type { PolicyViolation } from './policy-violation.js';
import type { SqlToken, SqlTokenization } from './sql-token.js';

/**
 * The read-only policy over a dialect lexer's tokens. It runs on every query, before and
 * independently of the parser, so it holds even when the parser reads a query differently from
 * the database or cannot read it at all: one statement, a read-only first word, no denied keyword,
 * function or table anywhere, nothing hidden behind look-alike characters.
 */
export function checkTokenPolicy(
  query: string,
  tokenization: SqlTokenization,
  denyList: DenyList,
): PolicyViolation[] {
  const violations: PolicyViolation[] = [];
  const seen = new Set<string>();
  const add = (violation: PolicyViolation): void => {
    if (seen.has(violation.message)) return;
    seen.add(violation.message);
    violations.push(violation);
  };

  const control = findControlCharacter(query);
  if (control !== undefined) {
    add({
      kind: 'policy',
      message: `The control character ${codePoint(query, control)} at position ${control + 1} is not allowed in a query.`,
      position: control + 1,
    });
  }

  const { tokens } = tokenization;
  checkCharacters(tokens, add);
  checkStatements(tokens, denyList, add);

  for (let index = 0; index < tokens.length; index += 1) {
    const token = tokens[index] as SqlToken;
    const next = tokens[index + 1];
    const calledAsFunction = next?.kind === 'punctuation' && next.value === '(';
    const position = token.start + 1;

    if (token.kind === 'word') {
      const upper = token.value.toUpperCase();
      const reason = denyList.keywords.get(upper);
      if (reason !== undefined && !(calledAsFunction && denyList.functionKeywords.has(upper))) {
        add({ kind: 'policy', message: `${upper} is not allowed because it ${reason}.`, position });
        continue;
      }
    }
    if (token.kind === 'word' || token.kind === 'quoted_identifier') {
      const name = token.value.toLowerCase();
      if (calledAsFunction) {
        const reason = deniedFunctionReason(name, denyList);
        if (reason !== undefined) {
          add({
            kind: 'policy',
            message: `The function ${name}() is not allowed because it ${reason}.`,
            position,
          });
        }
      } else {
        const reason = deniedTableReason(name, denyList);
        if (reason !== undefined) {
          add({
            kind: 'policy',
            message: `The table ${name} is not allowed because it ${reason}.`,
            position,
          });
        }
      }
    } else if (token.kind === 'string' && denyList.stringsCanBeNames) {
      const name = token.value.toLowerCase();
      const reason = /^[a-z_][a-z0-9_]*$/.test(name) ? deniedTableReason(name, denyList) : undefined;
      if (reason !== undefined) {
        add({
          kind: 'policy',
          message: `The name '${token.value}' is not allowed (a quoted string can name a table here) because it ${reason}.`,
          position,
        });
      }
    } else if (token.kind === 'parameter') {
      add({
        kind: 'syntax',
        message: `The bound parameter ${token.text} cannot be filled in; write the value into the query as a literal.`,
        position,
      });
    }
  }
  return violations.sort((a, b) => (a.position ?? 0) - (b.position ?? 0));
}

function checkCharacters(tokens: readonly SqlToken[], add: (violation: PolicyViolation) => void): void {
  for (const token of tokens) {
    if (token.kind !== 'word' && token.kind !== 'illegal') continue;
    const offset = firstNonAscii(token.text);
    if (offset !== undefined) {
      const at = token.start + offset;
      add({
        kind: 'policy',
        message:
          `The character ${codePoint(token.text, offset)} at position ${at + 1} is outside quotes; ` +
          'keywords and unquoted names must be plain ASCII so look-alike letters cannot disguise them ' +
          '(quote a name that really contains it).',
        position: at + 1,
      });
    } else if (token.kind === 'illegal') {
      add({
        kind: 'syntax',
        message: `The query has ${token.problem ?? 'an unexpected character'} at position ${token.start + 1}.`,
        position: token.start + 1,
      });
    }
  }
}

function checkStatements(
  tokens: readonly SqlToken[],
  denyList: DenyList,
  add: (violation: PolicyViolation) => void,
): void {
  const starts: SqlToken[] = [];
  let expectStart = true;
  for (const token of tokens) {
    if (token.kind === 'punctuation' && token.value === ';') {
      expectStart = true;
    } else if (expectStart) {
      starts.push(token);
      expectStart = false;
    }
  }
  const first = starts[0];
  if (first === undefined) {
    add({ kind: 'syntax', message: 'The query is empty.' });
    return;
  }
  const second = starts[1];
  if (second !== undefined) {
    add({
      kind: 'policy',
      message: `Only one statement is allowed, but a second statement starts at position ${second.start + 1}.`,
      position: second.start + 1,
    });
  }
  const word = first.kind === 'word' ? first.value.toUpperCase() : undefined;
  if (word !== undefined && denyList.statementStarts.has(word)) return;
  if (word !== undefined && denyList.keywords.has(word)) return; // reported with its own reason
  const allowed = [...denyList.statementStarts].join(', ');
  add({
    kind: 'policy',
    message: `Only read-only queries starting with ${allowed} are allowed, but this one starts with "${first.text.slice(0, 40)}".`,
    position: first.start + 1,
  });
}

function findControlCharacter(text: string): number | undefined {
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (
      (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0b && code !== 0x0c && code !== 0x0d) ||
      code === 0x7f
    ) {
      return index;
    }
  }
  return undefined;
}

function firstNonAscii(text: string): number | undefined {
  for (let index = 0; index < text.length; index += 1) {
    if (text.charCodeAt(index) > 0x7e) return index;
  }
  return undefined;
}

function codePoint(text: string, index: number): string {
  const code = text.codePointAt(index) ?? 0;
  const hex = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  return code >= 0x20 && code !== 0x7f && !/\p{Cf}|\p{Zs}|\p{Zl}|\p{Zp}/u.test(String.fromCodePoint(code))
    ? `${hex} (${String.fromCodePoint(code)})`
    : hex;
}
