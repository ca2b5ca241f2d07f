/**
 * Narrow readers for node-sql-parser ASTs. The parser's own types are loose and differ between
 * dialects and versions, so the policy reads nodes as plain objects through these helpers.
 */

export type AstNode = Record<string, unknown>;

export function isNode(value: unknown): value is AstNode {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function nodeType(node: AstNode): string | undefined {
  return typeof node.type === 'string' ? node.type : undefined;
}

/** A `SELECT` node; set operations hang the next select on `_next`. */
export interface SelectNode extends AstNode {
  type: 'select';
}

export function isSelect(value: unknown): value is SelectNode {
  return isNode(value) && value.type === 'select';
}

/** The select inside a subquery wrapper `{ ast, tableList, columnList, parentheses }`, if it is one. */
export function subquerySelect(value: unknown): SelectNode | undefined {
  if (!isNode(value)) return undefined;
  if (isSelect(value.ast)) return value.ast;
  return undefined;
}

/** A name written as a string or as a value node (`{ type: 'default', value: 'x' }`). */
export function nameOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (isNode(value)) {
    if (typeof value.value === 'string') return value.value;
    if (isNode(value.expr)) return nameOf(value.expr);
  }
  return undefined;
}

/** The (last part of the) name of a `function` or `aggr_func` node. */
export function functionName(node: AstNode): string | undefined {
  const name = node.name;
  if (typeof name === 'string') return name;
  if (isNode(name) && Array.isArray(name.name)) {
    const parts = name.name.map((part) => nameOf(part)).filter((part): part is string => part !== undefined);
    return parts.at(-1);
  }
  return nameOf(name);
}

/** The array form of a list the parser sometimes wraps (`groupby: { columns: [...] }`). */
export function listOf(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  if (isNode(value) && Array.isArray(value.columns)) return value.columns;
  return [];
}
