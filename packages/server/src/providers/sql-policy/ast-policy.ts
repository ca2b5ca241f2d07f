import { deniedFunctionReason, deniedTableReason, type DenyList } from './deny-list.js';
import type { PolicyViolation } from './policy-violation.js';
import { functionName, isNode, nodeType, type AstNode } from './sql-ast.js';

/** Statement node types that are never a read-only query (node-sql-parser's lower-case names). */
const DENIED_STATEMENT_TYPES = new Set([
  'insert',
  'replace',
  'update',
  'delete',
  'create',
  'drop',
  'alter',
  'truncate',
  'rename',
  'attach',
  'detach',
  'grant',
  'revoke',
  'lock',
  'unlock',
  'use',
  'set',
  'call',
  'exec',
  'execute',
  'transaction',
  'load_data',
  'merge',
  'copy',
  'vacuum',
  'analyze',
  'reindex',
  'pragma',
  'explain',
  'show',
  'declare',
]);

/**
 * The read-only policy over a node-sql-parser AST, the same for every dialect: exactly one
 * statement, a SELECT at the root, and nowhere in the tree a writing statement, `SELECT … INTO`,
 * a locking read, or a denied function or table.
 */
export function checkAstPolicy(ast: unknown, denyList: DenyList): PolicyViolation[] {
  const violations: PolicyViolation[] = [];
  const seen = new Set<string>();
  const add = (message: string): void => {
    if (seen.has(message)) return;
    seen.add(message);
    violations.push({ kind: 'policy', message });
  };

  const statements: unknown[] = Array.isArray(ast) ? (ast as unknown[]) : [ast];
  if (statements.length !== 1) add(`Only one statement is allowed, but the query has ${statements.length}.`);
  const root = statements[0];
  if (isNode(root) && root.type !== 'select') {
    add(
      `Only SELECT queries are allowed, but this is ${article((nodeType(root) ?? 'unknown').toUpperCase())} statement.`,
    );
  }

  // Iterative walk: a hostile query can nest deeply enough to exhaust the call stack.
  const stack: unknown[] = [...statements];
  while (stack.length > 0) {
    const value = stack.pop();
    if (Array.isArray(value)) {
      for (const item of value) stack.push(item);
      continue;
    }
    if (!isNode(value)) continue;
    checkNode(value, denyList, add);
    for (const [key, child] of Object.entries(value)) {
      if (key === 'tableList' || key === 'columnList') continue;
      if (typeof child === 'object' && child !== null) stack.push(child);
    }
  }
  return violations;
}

function checkNode(node: AstNode, denyList: DenyList, add: (message: string) => void): void {
  const type = nodeType(node);
  if (type !== undefined && DENIED_STATEMENT_TYPES.has(type)) {
    const keyword = type.toUpperCase();
    add(
      `${keyword} is not allowed because it ${denyList.keywords.get(keyword) ?? 'is not a read-only query'}.`,
    );
    return;
  }
  if (type === 'select') {
    const into = node.into;
    if (isNode(into) && (into.expr != null || into.position != null)) {
      add('SELECT … INTO is not allowed because it writes rows into a table or a file.');
    }
    if (node.for_update != null || node.locking_read != null) {
      add('FOR UPDATE and other locking reads are not allowed because they lock rows.');
    }
    if (Array.isArray(node.from)) {
      for (const item of node.from) {
        if (isNode(item) && typeof item.table === 'string') checkTableName(item.table, denyList, add);
      }
    }
    return;
  }
  if (type === 'function' || type === 'aggr_func') {
    const name = functionName(node)?.toLowerCase();
    if (name === undefined) return;
    const reason = deniedFunctionReason(name, denyList);
    if (reason !== undefined) add(`The function ${name}() is not allowed because it ${reason}.`);
  }
}

function checkTableName(table: string, denyList: DenyList, add: (message: string) => void): void {
  const name = table.toLowerCase();
  const reason = deniedTableReason(name, denyList);
  if (reason !== undefined) add(`The table ${name} is not allowed because it ${reason}.`);
}

function article(word: string): string {
  return /^[AEIOU]/.test(word) ? `an ${word}` : `a ${word}`;
}
