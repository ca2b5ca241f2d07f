import { tokenizeSql } from './sql-lexer.js';

/**
 * Removes `database.` before table names (`advising.course_offering` → `course_offering`), for gold
 * queries written against a server database named after the benchmark database when the copy here
 * has another name. Strings, comments and quoted identifiers are left alone, and nothing changes
 * when the name is also used on its own (as a table or an alias).
 */
export function removeDatabaseQualifier(sql: string, database: string): string {
  const tokens = tokenizeSql(sql);
  const name = database.toLowerCase();
  const isName = (index: number): boolean =>
    tokens[index]?.kind === 'word' && tokens[index].text.toLowerCase() === name;
  const qualifies = (index: number): boolean =>
    tokens[index + 1]?.text === '.' && tokens[index - 1]?.text !== '.';
  if (!tokens.some((_token, index) => isName(index))) return sql;
  if (tokens.some((_token, index) => isName(index) && !qualifies(index))) return sql;
  return tokens
    .filter((_token, index) => !(isName(index) || (index > 0 && isName(index - 1) && qualifies(index - 1))))
    .map((token) => token.text)
    .join('');
}
