import { displayColumns } from './interpretation-context.js';
import { planJoins } from './join-planner.js';
import type { Condition, QueryIR, ValueExpr } from './query-ir.js';
import { andAll, columnRef, columnsOf } from './query-ir.js';
import type { SchemaIndex, TableEntry } from './schema-index.js';

function reachableFrom(index: SchemaIndex, root: TableEntry): Set<TableEntry> {
  const seen = new Set<TableEntry>([root]);
  const queue = [root];
  while (queue.length > 0) {
    const table = queue.shift();
    if (!table) break;
    for (const edge of index.adjacency.get(table.index) ?? []) {
      const other = edge.from === table ? edge.to : edge.from;
      if (!seen.has(other)) {
        seen.add(other);
        queue.push(other);
      }
    }
  }
  return seen;
}

/**
 * Removes the parts of a query that need a table no foreign key connects to its subject, so the
 * rest can still be answered. Returns the tables that were dropped.
 */
export function pruneUnreachable(
  query: QueryIR,
  index: SchemaIndex,
): { query: QueryIR; dropped: TableEntry[] } {
  const reachable = reachableFrom(index, query.root.table);
  const dropped = new Set<TableEntry>();
  const fits = (expr: ValueExpr): boolean =>
    columnsOf(expr).every((ref) => {
      const ok = reachable.has(ref.column.table) && ref.instance === 0;
      if (!ok) dropped.add(ref.column.table);
      return ok;
    });
  const keepCondition = (condition: Condition | undefined): Condition | undefined => {
    if (!condition) return undefined;
    switch (condition.kind) {
      case 'and':
      case 'or': {
        const items = condition.items.map(keepCondition).filter((c): c is Condition => c !== undefined);
        if (items.length === 0) return undefined;
        return condition.kind === 'and'
          ? andAll(items)
          : items.length === 1
            ? items[0]
            : { kind: 'or', items };
      }
      case 'compare':
        return fits(condition.left) && fits(condition.right) ? condition : undefined;
      case 'in-subquery':
      case 'compare-subquery':
        return fits(condition.left) && planJoins(condition.query, index) ? condition : undefined;
      case 'in-list':
      case 'between':
      case 'like':
      case 'is-null':
      case 'date-range':
        return fits(condition.left) ? condition : undefined;
    }
  };
  const select = query.select.filter((item) => fits(item.expr));
  if (select.length === 0) {
    for (const column of displayColumns(query.root.table)) select.push({ expr: columnRef(column) });
  }
  const pruned: QueryIR = {
    ...query,
    select,
    tables: query.tables.filter((t) => reachable.has(t.table) && t.instance === 0),
    joinHints: [],
    where: keepCondition(query.where),
    having: keepCondition(query.having),
    groupBy: query.groupBy.filter(fits),
    orderBy: query.orderBy.filter((o) => fits(o.expr)),
    setOperation: undefined,
  };
  for (const t of query.tables) if (!reachable.has(t.table)) dropped.add(t.table);
  return { query: pruned, dropped: [...dropped] };
}
