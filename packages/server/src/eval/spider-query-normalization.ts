import { tokenizeSql } from './sql-lexer.js';

/**
 * The official `postprocess`: joins spaced comparison operators (`> =` → `>=`, `< =` → `<=`,
 * `! =` → `!=`). Like the original it is a plain text replacement, literals included.
 */
export function normalizeSpacedOperators(sql: string): string {
  return sql.replaceAll('> =', '>=').replaceAll('< =', '<=').replaceAll('! =', '!=');
}

/**
 * The official `remove_distinct`: drops every `DISTINCT` keyword token (any case), keeping the
 * whitespace around it. Words inside string literals, quoted identifiers and longer words such as
 * `distinct_count` are kept, as sqlparse's tokenizer keeps them.
 */
export function removeDistinct(sql: string): string {
  return tokenizeSql(sql)
    .filter((token) => !(token.kind === 'word' && token.text.toLowerCase() === 'distinct'))
    .map((token) => token.text)
    .join('');
}

/** The official `replace_cur_year`: `YEAR(CURDATE())` (MySQL) becomes `2020` before running. */
export function replaceCurrentYear(sql: string): string {
  return sql.replace(/YEAR\s*\(\s*CURDATE\s*\(\s*\)\s*\)\s*/gi, '2020');
}

/** The official rule: row order matters when the gold query contains `order by` (any case). */
export function spiderOrderMatters(goldSql: string): boolean {
  return goldSql.toLowerCase().includes('order by');
}

/** The Spider queries to run for one mode: operators joined and, by default, DISTINCT removed. */
export function prepareSpiderQuery(sql: string, options: { keepDistinct: boolean }): string {
  const normalized = normalizeSpacedOperators(sql);
  return options.keepDistinct ? normalized : removeDistinct(normalized);
}
