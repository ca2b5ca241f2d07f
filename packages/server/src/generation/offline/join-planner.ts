import type { QueryIR, TableInstance } from './query-ir.js';
import { referencedInstances } from './query-ir.js';
import type { ColumnEntry, ForeignKeyEdge, SchemaIndex, TableEntry } from './schema-index.js';

/** One join of the plan: `instance` is joined to `parent` over `edge`. */
export interface PlannedJoin {
  instance: TableInstance;
  parent: TableInstance;
  /** Column pairs of the ON clause: [column of instance, column of parent]. */
  on: [ColumnEntry, ColumnEntry][];
}

export interface JoinPlan {
  root: TableInstance;
  joins: PlannedJoin[];
  /** Every table occurrence in FROM order. */
  instances: TableInstance[];
}

const key = (instance: TableInstance): string => `${instance.table.index}:${instance.instance}`;

function pairsFor(edge: ForeignKeyEdge, joined: TableEntry): [ColumnEntry, ColumnEntry][] {
  // Orient the column pairs so the first column belongs to the table being joined.
  if (edge.from === joined) return edge.fromColumns.map((c, i) => [c, edge.toColumns[i] ?? c]);
  return edge.toColumns.map((c, i) => [c, edge.fromColumns[i] ?? c]);
}

interface Step {
  table: number;
  edge: ForeignKeyEdge;
  previous: number;
}

/**
 * Cheapest paths from the tables already in the tree to every other table. Declared keys cost 1,
 * keys the question named cost less, inferred ones more.
 */
function shortestPaths(
  index: SchemaIndex,
  sources: readonly number[],
  preferred: ReadonlySet<ForeignKeyEdge>,
): Map<number, { cost: number; step?: Step }> {
  const best = new Map<number, { cost: number; step?: Step }>();
  const queue: { table: number; cost: number }[] = [];
  for (const source of sources) {
    best.set(source, { cost: 0 });
    queue.push({ table: source, cost: 0 });
  }
  while (queue.length > 0) {
    queue.sort((a, b) => a.cost - b.cost);
    const current = queue.shift();
    if (!current) break;
    if ((best.get(current.table)?.cost ?? Infinity) < current.cost) continue;
    for (const edge of index.adjacency.get(current.table) ?? []) {
      const other = edge.from.index === current.table ? edge.to.index : edge.from.index;
      if (other === current.table) continue;
      const weight = preferred.has(edge) ? 0.6 : edge.implicit ? 1.4 : 1;
      const cost = current.cost + weight;
      if (cost < (best.get(other)?.cost ?? Infinity) - 1e-9) {
        best.set(other, { cost, step: { table: other, edge, previous: current.table } });
        queue.push({ table: other, cost });
      }
    }
  }
  return best;
}

/**
 * Connects the table occurrences a query references with the fewest joins: starting from the root,
 * it repeatedly adds the nearest missing table along its cheapest foreign-key path (bridge tables
 * of many-to-many relationships come in as intermediate steps). Returns null when some table
 * cannot be reached.
 */
export function planJoins(query: QueryIR, index: SchemaIndex): JoinPlan | null {
  const required = referencedInstances(query);
  const preferred = new Set(query.preferredEdges);
  const root = query.root;
  const inTree = new Map<string, TableInstance>([[key(root), root]]);
  const joins: PlannedJoin[] = [];

  // Joins the question fixed (self-joins) come first, when one end is already present.
  const hints = [...query.joinHints];
  let progress = true;
  while (hints.length > 0 && progress) {
    progress = false;
    for (let i = 0; i < hints.length; i++) {
      const hint = hints[i];
      if (!hint) continue;
      const from: TableInstance = { table: hint.edge.from, instance: hint.fromInstance };
      const to: TableInstance = { table: hint.edge.to, instance: hint.toInstance };
      const fromIn = inTree.has(key(from));
      const toIn = inTree.has(key(to));
      if (!fromIn && !toIn) continue;
      if (!(fromIn && toIn)) {
        const adding = fromIn ? to : from;
        const parent = fromIn ? from : to;
        joins.push({ instance: adding, parent, on: pairsFor(hint.edge, adding.table) });
        inTree.set(key(adding), adding);
      }
      hints.splice(i, 1);
      i--;
      progress = true;
    }
  }
  if (hints.length > 0) return null;

  const missing = required.filter((r) => !inTree.has(key(r)));
  const extraInstances = missing.filter((m) => m.instance !== 0);
  if (extraInstances.length > 0) return null;
  let pending = missing.map((m) => m.table.index);
  while (pending.length > 0) {
    const treeTables = [...inTree.values()].filter((t) => t.instance === 0).map((t) => t.table.index);
    const paths = shortestPaths(index, treeTables, preferred);
    let target: number | undefined;
    let targetCost = Infinity;
    for (const table of pending) {
      const cost = paths.get(table)?.cost ?? Infinity;
      if (cost < targetCost) {
        targetCost = cost;
        target = table;
      }
    }
    if (target === undefined || !Number.isFinite(targetCost)) return null;
    const chain: Step[] = [];
    let at: number | undefined = target;
    while (at !== undefined) {
      const step: Step | undefined = paths.get(at)?.step;
      if (!step) break;
      chain.unshift(step);
      at = step.previous;
    }
    for (const step of chain) {
      const table = index.tables[step.table];
      const parentTable = index.tables[step.previous];
      if (!table || !parentTable) return null;
      const instance: TableInstance = { table, instance: 0 };
      if (inTree.has(key(instance))) continue;
      joins.push({ instance, parent: { table: parentTable, instance: 0 }, on: pairsFor(step.edge, table) });
      inTree.set(key(instance), instance);
    }
    pending = pending.filter((t) => !inTree.has(`${t}:0`));
  }
  return { root, joins, instances: [...inTree.values()] };
}
