import { tokenizeSql, type SqlToken } from './sql-lexer.js';

const AGGREGATE_CALL = /\b(count|sum|avg|min|max)\s*\(/i;
const SKIPPED = new Set<SqlToken['kind']>(['whitespace', 'comment']);

/**
 * Rewrites `ORDER BY CASE WHEN total IS NULL THEN 1 ELSE 0 END, total` where `total` is the alias
 * of an aggregate in the SELECT list (`SUM(x) AS total`) so that the alias inside an expression
 * becomes the aggregate itself: MariaDB refuses such a reference ("reference to group function")
 * although MySQL 8 and PostgreSQL accept it, and defog's MySQL gold queries use it to put NULLs
 * last. A bare alias (`ORDER BY total DESC`) is left as it is; so is any query with a set
 * operation, no top-level ORDER BY or no aggregate alias. The result means the same on MySQL.
 */
export function inlineOrderByAggregateAliases(sql: string): string {
  const tokens = tokenizeSql(sql);
  const depths: number[] = [];
  let depth = 0;
  for (const token of tokens) {
    if (token.text === ')') depth--;
    depths.push(depth);
    if (token.text === '(') depth++;
  }
  const word = (index: number): string =>
    tokens[index]?.kind === 'word' ? tokens[index].text.toLowerCase() : '';
  const topLevel = (from: number, to: number, test: (index: number) => boolean): number => {
    for (let index = from; index < to; index++) if (depths[index] === 0 && test(index)) return index;
    return -1;
  };
  const nextSignificant = (index: number): number => {
    let next = index + 1;
    while (next < tokens.length && SKIPPED.has(tokens[next]!.kind)) next++;
    return next;
  };

  if (topLevel(0, tokens.length, (index) => ['union', 'intersect', 'except'].includes(word(index))) >= 0) {
    return sql;
  }
  const select = topLevel(0, tokens.length, (index) => word(index) === 'select');
  const from = topLevel(select + 1, tokens.length, (index) => word(index) === 'from');
  const order = topLevel(
    from + 1,
    tokens.length,
    (index) => word(index) === 'order' && word(nextSignificant(index)) === 'by',
  );
  if (select < 0 || from < 0 || order < 0) return sql;
  const orderStart = nextSignificant(order) + 1;
  const orderEnd = ((end) => (end < 0 ? tokens.length : end))(
    topLevel(
      orderStart,
      tokens.length,
      (index) => ['limit', 'offset', 'fetch'].includes(word(index)) || tokens[index]!.text === ';',
    ),
  );

  const split = (start: number, end: number): [number, number][] => {
    const parts: [number, number][] = [];
    let partStart = start;
    for (let index = start; index < end; index++) {
      if (depths[index] === 0 && tokens[index]!.text === ',') {
        parts.push([partStart, index]);
        partStart = index + 1;
      }
    }
    parts.push([partStart, end]);
    return parts;
  };
  const significant = ([start, end]: [number, number]): number[] => {
    const indexes: number[] = [];
    for (let index = start; index < end; index++) if (!SKIPPED.has(tokens[index]!.kind)) indexes.push(index);
    return indexes;
  };

  const aliases = new Map<string, string>();
  for (const part of split(select + 1, from)) {
    const indexes = significant(part);
    const aliasIndex = indexes[indexes.length - 1];
    const asIndex = indexes[indexes.length - 2];
    if (aliasIndex === undefined || asIndex === undefined || word(asIndex) !== 'as') continue;
    const expression = tokens
      .slice(part[0], asIndex)
      .map((token) => token.text)
      .join('')
      .trim();
    if (tokens[aliasIndex]!.kind === 'word' && AGGREGATE_CALL.test(expression)) {
      aliases.set(word(aliasIndex), expression);
    }
  }
  if (aliases.size === 0) return sql;

  const replaced = new Map<number, string>();
  for (const part of split(orderStart, orderEnd)) {
    const indexes = significant(part);
    const bare =
      indexes.length >= 1 &&
      aliases.has(word(indexes[0]!)) &&
      indexes.slice(1).every((index) => ['asc', 'desc', 'nulls', 'first', 'last'].includes(word(index)));
    if (bare) continue;
    for (const index of indexes) {
      const expression = aliases.get(word(index));
      if (expression === undefined) continue;
      if (tokens[index - 1]?.text === '.' || tokens[nextSignificant(index)]?.text === '(') continue;
      replaced.set(index, `(${expression})`);
    }
  }
  if (replaced.size === 0) return sql;
  return tokens.map((token, index) => replaced.get(index) ?? token.text).join('');
}
