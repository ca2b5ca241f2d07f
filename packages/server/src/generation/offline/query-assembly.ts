import type { InterpretationContext, PendingCondition } from './interpretation-context.js';
import { adjacent, displayColumns, keyColumns } from './interpretation-context.js';
import type { Condition, QueryIR, ValueExpr } from './query-ir.js';
import { andAll, columnRef, columnsOf, conditionColumns, isAggregate } from './query-ir.js';
import { relatedRowsSubquery } from './nesting-rules.js';
import type { SchemaIndex, TableEntry } from './schema-index.js';

const sameExpr = (a: ValueExpr, b: ValueExpr): boolean =>
  JSON.stringify(exprKey(a)) === JSON.stringify(exprKey(b));

function exprKey(expr: ValueExpr): unknown {
  switch (expr.kind) {
    case 'column':
      return ['c', expr.column.index, expr.instance];
    case 'aggregate':
      return ['a', expr.fn, expr.distinct, expr.arg ? exprKey(expr.arg) : null];
    case 'arithmetic':
      return ['x', expr.op, exprKey(expr.left), exprKey(expr.right)];
    case 'literal':
      return ['l', expr.value];
    case 'year-of':
      return ['y', exprKey(expr.arg)];
    case 'period-of':
      return ['p', expr.unit, exprKey(expr.arg)];
  }
}

/** Folds pending conditions into one: runs joined by "or" become OR groups. */
export function combineConditions(pending: readonly PendingCondition[]): Condition | undefined {
  const groups: Condition[][] = [];
  for (const item of pending) {
    const last = groups[groups.length - 1];
    if (item.joinedByOr && last) last.push(item.condition);
    else groups.push([item.condition]);
  }
  return andAll(groups.map((g) => (g.length === 1 ? g[0] : { kind: 'or', items: g })));
}

function addUnique(list: ValueExpr[], expr: ValueExpr): void {
  if (!list.some((e) => sameExpr(e, expr))) list.push(expr);
}

/** The table of `tables` with the most joins between it and `from`. */
function farthest(
  index: SchemaIndex,
  from: TableEntry,
  tables: readonly TableEntry[],
): TableEntry | undefined {
  if (tables.length === 0) return undefined;
  const distance = new Map<number, number>([[from.index, 0]]);
  const queue = [from.index];
  while (queue.length > 0) {
    const at = queue.shift();
    if (at === undefined) break;
    for (const edge of index.adjacency.get(at) ?? []) {
      const other = edge.from.index === at ? edge.to.index : edge.from.index;
      if (distance.has(other)) continue;
      distance.set(other, (distance.get(at) ?? 0) + 1);
      queue.push(other);
    }
  }
  return [...tables].sort((a, b) => (distance.get(b.index) ?? -1) - (distance.get(a.index) ?? -1))[0];
}

/** Whether no single row can meet both conditions: one column equal to two values, or disjoint ranges. */
function exclusive(a: Condition, b: Condition): boolean {
  if (a.kind !== 'compare' || b.kind !== 'compare') return false;
  if (a.left.kind !== 'column' || b.left.kind !== 'column' || a.left.column !== b.left.column) return false;
  if (a.right.kind !== 'literal' || b.right.kind !== 'literal') return false;
  const x = a.right.value;
  const y = b.right.value;
  if (a.op === '=' && b.op === '=') return x !== y;
  if (typeof x !== 'number' || typeof y !== 'number') return false;
  const below = (op: string): boolean => op === '<' || op === '<=';
  const above = (op: string): boolean => op === '>' || op === '>=';
  if (below(a.op) && above(b.op)) return x <= y;
  if (above(a.op) && below(b.op)) return y <= x;
  return false;
}

/**
 * Whether the question denies that related rows exist ("never worked with", "do not have a …",
 * "without any …") rather than describing the row itself ("whose type is not …").
 */
function deniesExistence(context: InterpretationContext): boolean {
  const words = context.analysis.tokens.map((t) => t.lower);
  return words.some(
    (word, i) =>
      word === 'never' ||
      word === 'without' ||
      ((word === 'not' || word === 'no') && /^(?:have|has|had|any)$/.test(words[i + 1] ?? '')),
  );
}

/** Builds the query of a finished interpretation. */
export function assembleQuery(context: InterpretationContext, subject: TableEntry): QueryIR {
  const select = [...context.select];
  if (select.length === 0) {
    for (const column of displayColumns(subject)) select.push({ expr: columnRef(column) });
  }
  const groupBy: ValueExpr[] = [...context.groupBy];
  const having = context.conditions.filter((c) => c.having);
  let where = context.conditions.filter((c) => !c.having);
  const orderItems = [...context.orderBy];
  let limit = context.limit;
  const extraTables = new Set(context.extraTables);
  extraTables.delete(subject);
  // "the number of events each product is in": rows of a many-to-many relation are counted on
  // its bridge table; the far table adds nothing when none of its columns is used.
  const used = new Set(
    [
      ...select.flatMap((s) => columnsOf(s.expr)),
      ...context.conditions.flatMap((c) => conditionColumns(c.condition)),
      ...groupBy.flatMap(columnsOf),
      ...orderItems.flatMap((o) => columnsOf(o.expr)),
    ].map((ref) => ref.column.table),
  );
  for (const table of [...extraTables]) {
    if (used.has(table) || adjacent(context.index, subject, table)) continue;
    const bridge = context.index.tables.find(
      (b) =>
        b.isBridge &&
        b !== subject &&
        adjacent(context.index, b, subject) &&
        adjacent(context.index, b, table),
    );
    if (!bridge) continue;
    extraTables.delete(table);
    extraTables.add(bridge);
  }
  // "the highest price and the name": the name of the row with the highest price.
  const extremes = select.filter(
    (s) => s.expr.kind === 'aggregate' && (s.expr.fn === 'max' || s.expr.fn === 'min'),
  );
  const plainItems = select.filter((s) => !isAggregate(s.expr));
  const extreme = extremes[0]?.expr;
  if (
    extremes.length === 1 &&
    extreme?.kind === 'aggregate' &&
    extreme.arg?.kind === 'column' &&
    plainItems.length > 0 &&
    select.length === extremes.length + plainItems.length &&
    groupBy.length === 0 &&
    !context.groupBySubject &&
    having.length === 0 &&
    orderItems.length === 0
  ) {
    const index = select.findIndex((s) => s.expr === extreme);
    select[index] = { expr: extreme.arg };
    orderItems.push({ expr: extreme.arg, direction: extreme.fn === 'max' ? 'desc' : 'asc' });
    limit = 1;
  }
  // "the average price of products that have reviews": related rows only filter, so they must not
  // repeat the subject's rows inside an aggregate; they become `key IN (SELECT …)`.
  const aggregatesOnly =
    select.length > 0 &&
    select.every((s) => isAggregate(s.expr)) &&
    groupBy.length === 0 &&
    !context.groupBySubject &&
    having.length === 0;
  if (aggregatesOnly) {
    const used = [...select.map((s) => s.expr), ...orderItems.map((o) => o.expr)].flatMap((e) =>
      columnsOf(e),
    );
    const movable = [...extraTables].filter((table) => !used.some((c) => c.column.table === table));
    const target = farthest(context.index, subject, movable);
    if (target) {
      const moving = new Set(movable);
      const inner = where.filter((c) =>
        conditionColumns(c.condition).every((ref) => moving.has(ref.column.table)),
      );
      const related = relatedRowsSubquery(context.index, subject, target, (query) => {
        query.where = combineConditions(inner);
        for (const table of movable) if (table !== target) query.tables.push({ table, instance: 0 });
      });
      const only = select[0]?.expr;
      const linked = related?.query.select[0]?.expr;
      if (
        related &&
        select.length === 1 &&
        only?.kind === 'aggregate' &&
        only.fn === 'count' &&
        !only.arg &&
        linked?.kind === 'column' &&
        related.left.isPrimary &&
        subject.primaryKey.length === 1 &&
        where.every((c) => inner.includes(c)) &&
        orderItems.length === 0
      ) {
        // "How many different mechanics have completed repairs?": the distinct keys among the
        // related rows, read where they are stored.
        return {
          ...related.query,
          select: [{ expr: { kind: 'aggregate', fn: 'count', arg: linked, distinct: true } }],
          distinct: false,
        };
      }
      if (related) {
        where = [
          ...where.filter((c) => !inner.includes(c)),
          {
            condition: {
              kind: 'in-subquery',
              left: columnRef(related.left),
              negated: false,
              query: related.query,
            },
            at: 0,
            having: false,
            joinedByOr: false,
            separately: false,
          },
        ];
        for (const table of movable) extraTables.delete(table);
      }
    }
  }
  const needsSubjectGroup =
    context.groupBySubject ||
    having.length > 0 ||
    orderItems.some((o) => isAggregate(o.expr) && groupBy.length === 0);
  if (needsSubjectGroup && groupBy.length === 0) {
    for (const key of keyColumns(subject)) addUnique(groupBy, columnRef(key));
    // Per-row figures need to say which row they belong to ("top 5 products by revenue").
    const countsSubjectRows =
      context.countTarget === subject &&
      select.every((s) => s.expr.kind === 'aggregate' && s.expr.fn === 'count' && !s.expr.arg);
    if (!select.some((s) => !isAggregate(s.expr)) && !countsSubjectRows) {
      displayColumns(subject).forEach((column, i) => select.splice(i, 0, { expr: columnRef(column) }));
    }
  }
  const hasAggregate = select.some((s) => isAggregate(s.expr));
  if (groupBy.length > 0) {
    // Plain columns shown next to aggregates must be grouped (portable across dialects).
    if (hasAggregate || having.length > 0 || orderItems.some((o) => isAggregate(o.expr))) {
      for (const item of select) if (!isAggregate(item.expr)) addUnique(groupBy, item.expr);
    }
  } else if (hasAggregate && select.some((s) => !isAggregate(s.expr))) {
    for (const item of select) if (!isAggregate(item.expr)) addUnique(groupBy, item.expr);
  }
  const orderBy = orderItems.filter((o, i, all) => all.findIndex((p) => sameExpr(p.expr, o.expr)) === i);
  // A grouped query can only order by grouped columns or aggregates.
  if (groupBy.length > 0) {
    for (const order of orderBy) {
      if (!isAggregate(order.expr) && !groupBy.some((g) => sameExpr(g, order.expr))) {
        const column = columnsOf(order.expr)[0];
        if (column && column.column.isNumeric) {
          order.expr = {
            kind: 'aggregate',
            fn: order.direction === 'desc' ? 'max' : 'min',
            arg: order.expr,
            distinct: false,
          };
        } else addUnique(groupBy, order.expr);
      }
    }
  }
  const tables = [{ table: subject, instance: 0 }];
  for (const table of extraTables) tables.push({ table, instance: 0 });
  const base: QueryIR = {
    select,
    distinct: context.distinct,
    root: { table: subject, instance: 0 },
    tables,
    joinHints: [],
    preferredEdges: [],
    groupBy,
    orderBy,
    limit,
  };
  // "cities that do not have a workshop named X": the values shown are shared by many rows, so
  // "not" removes every value that has such a row (EXCEPT) rather than keeping the other rows.
  const denied = where.findIndex(
    (c) => c.condition.kind === 'compare' && c.condition.op === '!=' && c.condition.right.kind === 'literal',
  );
  const deniedCondition = where[denied]?.condition;
  if (
    deniedCondition?.kind === 'compare' &&
    deniesExistence(context) &&
    !where.some((c) => c.joinedByOr) &&
    groupBy.length === 0 &&
    having.length === 0 &&
    orderBy.length === 0 &&
    limit === undefined &&
    select.every((s) => s.expr.kind === 'column' && !s.expr.column.isKeyLike && !s.expr.column.isName)
  ) {
    const others = where.filter((_, i) => i !== denied);
    const affirmed: PendingCondition = {
      ...(where[denied] as PendingCondition),
      condition: { ...deniedCondition, op: '=' },
    };
    return {
      ...base,
      where: combineConditions(others),
      setOperation: { op: 'except', query: { ...base, where: combineConditions([...others, affirmed]) } },
    };
  }
  // "both A and B", or two conditions no single row can meet ("founded before 2003 and after
  // 2003", "directed by A and by B"): rows meeting A, intersected with rows meeting B.
  let separately = where.findIndex((c) => c.separately);
  if (separately <= 0) {
    separately = where.findIndex(
      (c, i) =>
        i > 0 &&
        !c.joinedByOr &&
        where.slice(0, i).some((p) => !p.joinedByOr && exclusive(p.condition, c.condition)),
    );
  }
  if (separately > 0) {
    const second = where[separately];
    const rival = where.findIndex(
      (p, i) =>
        i < separately &&
        second !== undefined &&
        (p.separately || exclusive(p.condition, second.condition) || i === separately - 1),
    );
    const others = where.filter((_, i) => i !== separately && i !== rival);
    const firstCondition = where[rival];
    const left: QueryIR = {
      ...base,
      where: combineConditions([...others, ...(firstCondition ? [firstCondition] : [])]),
      having: combineConditions(having),
      orderBy: [],
      limit: undefined,
    };
    const right: QueryIR = {
      ...base,
      where: combineConditions([...others, ...(second ? [second] : [])]),
      having: combineConditions(having),
      orderBy: [],
      limit: undefined,
    };
    return { ...left, setOperation: { op: 'intersect', query: right } };
  }
  // "authors with more than 3 books or born in X": a group condition OR a row condition
  // cannot share one query; the answer is the union of the two.
  const orAcross =
    having.length > 0 &&
    where.length > 0 &&
    [...where, ...having].some((c) => c.joinedByOr) &&
    context.orderBy.length === 0;
  if (orAcross) {
    const rowQuery: QueryIR = {
      ...base,
      where: combineConditions(where.map((c) => ({ ...c, joinedByOr: false }))),
      groupBy: [],
      having: undefined,
      tables: base.tables.filter(
        (t) =>
          where.some((c) => conditionColumns(c.condition).some((r) => r.column.table === t.table)) ||
          t.table === subject,
      ),
    };
    const groupQuery: QueryIR = {
      ...base,
      where: undefined,
      having: combineConditions(having.map((c) => ({ ...c, joinedByOr: false }))),
    };
    return { ...groupQuery, setOperation: { op: 'union', query: rowQuery } };
  }
  return { ...base, where: combineConditions(where), having: combineConditions(having) };
}
