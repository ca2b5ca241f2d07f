import type { InterpretationContext } from './interpretation-context.js';
import type { Condition } from './query-ir.js';
import { columnRef, emptyQuery } from './query-ir.js';
import type { ColumnEntry, TableEntry } from './schema-index.js';

/** A key of a table pointing at the same table's rows and named as their parent (`parent_id`). */
function parentKey(
  table: TableEntry,
  index: InterpretationContext['index'],
): { key: ColumnEntry; target: ColumnEntry } | undefined {
  for (const edge of index.adjacency.get(table.index) ?? []) {
    if (edge.from !== table || edge.to !== table || edge.fromColumns.length !== 1) continue;
    const key = edge.fromColumns[0];
    const target = edge.toColumns[0];
    if (key && target && key.words.includes('parent')) return { key, target };
  }
  return undefined;
}

/**
 * "medicines in the Antibiotics class" when classes nest (`parent_id`): rows filed under a
 * subclass of Antibiotics are in Antibiotics too, so a stored value of a hierarchical table
 * that places other rows matches the row named or its children (one level).
 */
export function widenToChildren(context: InterpretationContext): void {
  for (const pending of context.conditions) {
    const condition = pending.condition;
    if (condition.kind !== 'compare' || condition.op !== '=' || pending.having) continue;
    const { left, right } = condition;
    if (left.kind !== 'column' || left.instance !== 0 || right.kind !== 'literal') continue;
    if (typeof right.value !== 'string' || left.column.category !== 'text') continue;
    const table = left.column.table;
    if (table === context.subject) continue;
    const parent = parentKey(table, context.index);
    if (!parent) continue;
    const named = emptyQuery(table);
    named.select = [{ expr: columnRef(parent.target) }];
    named.where = { ...condition };
    const children: Condition = {
      kind: 'in-subquery',
      left: columnRef(parent.key),
      negated: false,
      query: named,
    };
    pending.condition = { kind: 'or', items: [condition, children] };
  }
}
