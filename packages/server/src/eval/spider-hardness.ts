/**
 * Spider's difficulty levels, a port of `Evaluator.eval_hardness` and its helpers
 * (`count_component1`, `count_component2`, `count_others`) from taoyds/spider `evaluation.py`,
 * over the parsed-SQL structure of `process_sql.py` (the `sql` field of Spider's JSON files).
 *
 * The port keeps the original's quirks, because published per-level numbers depend on them:
 * `count_agg` over WHERE conditions counts NOT conditions (`cond_unit[0]` is the not-flag), and
 * over HAVING it counts the `and`/`or` connectors and NOT conditions, not aggregates.
 */
export type SpiderHardness = 'easy' | 'medium' | 'hard' | 'extra';

export const SPIDER_HARDNESS_LEVELS: readonly SpiderHardness[] = ['easy', 'medium', 'hard', 'extra'];

/** `(agg_id, col_id, isDistinct)`; agg 0 = none, 1 max, 2 min, 3 count, 4 sum, 5 avg. */
export type SpiderColUnit = [aggId: number, columnId: unknown, isDistinct: boolean];
/** `(unit_op, col_unit1, col_unit2)`. */
export type SpiderValUnit = [unitOp: number, colUnit1: SpiderColUnit, colUnit2: SpiderColUnit | null];
/** `(not_op, op_id, val_unit, val1, val2)`; a value that is a nested query is a `SpiderSql`. */
export type SpiderCondUnit = [
  notOp: boolean,
  opId: number,
  valUnit: SpiderValUnit,
  value1: unknown,
  value2: unknown,
];
/** Conditions alternating with their connectors: `[cond, 'and', cond, 'or', cond]`. */
export type SpiderCondition = (SpiderCondUnit | 'and' | 'or')[];

/** The parsed query of `process_sql.py`. */
export interface SpiderSql {
  select: [isDistinct: boolean, items: [aggId: number, valUnit: SpiderValUnit][]];
  from: { table_units: [kind: string, tableOrSql: unknown][]; conds: SpiderCondition };
  where: SpiderCondition;
  groupBy: SpiderColUnit[];
  having: SpiderCondition;
  /** `[]` or `['asc' | 'desc', val_units]`. */
  orderBy: [] | [direction: string, valUnits: SpiderValUnit[]];
  limit: number | null;
  intersect: SpiderSql | null;
  union: SpiderSql | null;
  except: SpiderSql | null;
}

/** Index of `like` in the original `WHERE_OPS`. */
export const SPIDER_WHERE_OPS = [
  'not',
  'between',
  '=',
  '>',
  '<',
  '>=',
  '<=',
  '!=',
  'in',
  'like',
  'is',
  'exists',
] as const;
export const SPIDER_AGG_OPS = ['none', 'max', 'min', 'count', 'sum', 'avg'] as const;

const LIKE_OP = SPIDER_WHERE_OPS.indexOf('like');

const everyOther = <T>(list: readonly T[], start: number): T[] =>
  list.filter((_, index) => index % 2 === start);

const isSqlObject = (value: unknown): value is SpiderSql =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Python's `unit[0] != 0` for a tuple or a string (`'and'[0]` is `'a'`, which is not 0). */
const hasAgg = (unit: unknown): boolean => {
  if (typeof unit === 'string') return unit.length > 0;
  if (Array.isArray(unit)) {
    const first: unknown = unit[0];
    if (typeof first === 'boolean') return first;
    if (typeof first === 'number') return first !== 0;
    return first !== undefined && first !== null;
  }
  return false;
};

const countAgg = (units: readonly unknown[]): number => units.filter(hasAgg).length;

function nestedSql(sql: SpiderSql): SpiderSql[] {
  const nested: SpiderSql[] = [];
  const condUnits = [
    ...everyOther(sql.from.conds, 0),
    ...everyOther(sql.where, 0),
    ...everyOther(sql.having, 0),
  ] as SpiderCondUnit[];
  for (const unit of condUnits) {
    if (isSqlObject(unit[3])) nested.push(unit[3]);
    if (isSqlObject(unit[4])) nested.push(unit[4]);
  }
  if (sql.intersect) nested.push(sql.intersect);
  if (sql.except) nested.push(sql.except);
  if (sql.union) nested.push(sql.union);
  return nested;
}

export function countComponent1(sql: SpiderSql): number {
  let count = 0;
  if (sql.where.length > 0) count++;
  if (sql.groupBy.length > 0) count++;
  if (sql.orderBy.length > 0) count++;
  if (sql.limit !== null) count++;
  if (sql.from.table_units.length > 0) count += sql.from.table_units.length - 1;
  const connectors = [
    ...everyOther(sql.from.conds, 1),
    ...everyOther(sql.where, 1),
    ...everyOther(sql.having, 1),
  ];
  count += connectors.filter((token) => token === 'or').length;
  const condUnits = [
    ...everyOther(sql.from.conds, 0),
    ...everyOther(sql.where, 0),
    ...everyOther(sql.having, 0),
  ] as SpiderCondUnit[];
  count += condUnits.filter((unit) => unit[1] === LIKE_OP).length;
  return count;
}

export function countComponent2(sql: SpiderSql): number {
  return nestedSql(sql).length;
}

export function countOthers(sql: SpiderSql): number {
  let count = 0;
  let aggCount = countAgg(sql.select[1]);
  aggCount += countAgg(everyOther(sql.where, 0));
  aggCount += countAgg(sql.groupBy);
  if (sql.orderBy.length > 0) {
    const valUnits = sql.orderBy[1] ?? [];
    aggCount += countAgg([
      ...valUnits.filter((unit) => unit[1]).map((unit) => unit[1]),
      ...valUnits.filter((unit) => unit[2]).map((unit) => unit[2]),
    ]);
  }
  aggCount += countAgg(sql.having);
  if (aggCount > 1) count++;
  if (sql.select[1].length > 1) count++;
  if (sql.where.length > 1) count++;
  if (sql.groupBy.length > 1) count++;
  return count;
}

export function evalSpiderHardness(sql: SpiderSql): SpiderHardness {
  const component1 = countComponent1(sql);
  const component2 = countComponent2(sql);
  const others = countOthers(sql);
  if (component1 <= 1 && others === 0 && component2 === 0) return 'easy';
  if (
    (others <= 2 && component1 <= 1 && component2 === 0) ||
    (component1 <= 2 && others < 2 && component2 === 0)
  ) {
    return 'medium';
  }
  if (
    (others > 2 && component1 <= 2 && component2 === 0) ||
    (component1 > 2 && component1 <= 3 && others <= 2 && component2 === 0) ||
    (component1 <= 1 && others === 0 && component2 <= 1)
  ) {
    return 'hard';
  }
  return 'extra';
}
