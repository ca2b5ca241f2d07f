import { splitSqlStatements } from './sql-lexer.js';

/**
 * sql-eval's `get_all_minimal_queries`: `;` separates alternative gold queries, and in each the
 * first `{a, b, …}` holds alternative column expressions; it expands to one query per non-empty
 * subset (in `itertools.combinations` order: all singletons, then pairs, …), and a `GROUP BY {}` in
 * the same query receives the same columns. `SELECT {u.id, u.name} FROM u` gives
 * `SELECT u.id FROM u`, `SELECT u.name FROM u`, `SELECT u.id, u.name FROM u`.
 *
 * Differences from the original, neither of which changes the shipped data: `;` inside string
 * literals does not split, and duplicate expansions are dropped.
 */
export function expandDefogGold(query: string): string[] {
  const expanded: string[] = [];
  for (const statement of splitSqlStatements(query)) {
    const start = statement.indexOf('{');
    const end = start === -1 ? -1 : statement.indexOf('}', start + 1);
    if (start === -1 || end === -1) {
      expanded.push(statement);
      continue;
    }
    const options = statement
      .slice(start + 1, end)
      .split(',')
      .map((option) => option.trim())
      .filter((option) => option !== '');
    const left = statement.slice(0, start);
    const right = statement.slice(end + 1);
    for (const subset of nonEmptySubsets(options)) {
      const columns = subset.join(', ');
      expanded.push(left + columns + right.replaceAll('GROUP BY {}', `GROUP BY ${columns}`));
    }
  }
  return [...new Set(expanded)];
}

/** Non-empty subsets by increasing size, each in input order (itertools.combinations order). */
function nonEmptySubsets<T>(items: readonly T[]): T[][] {
  const result: T[][] = [];
  const choose = (size: number, from: number, chosen: T[]): void => {
    if (chosen.length === size) {
      result.push([...chosen]);
      return;
    }
    for (let i = from; i < items.length; i++) {
      chosen.push(items[i]!);
      choose(size, i + 1, chosen);
      chosen.pop();
    }
  };
  for (let size = 1; size <= items.length; size++) choose(size, 0, []);
  return result;
}
