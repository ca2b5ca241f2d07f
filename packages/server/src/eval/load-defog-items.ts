import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { expandDefogGold } from './defog-gold-expansion.js';
import type { EvalDialect, EvalItem } from './eval-item.js';
import { parseCsvObjects } from './parse-csv.js';
import { inlineOrderByAggregateAliases } from './inline-order-by-aggregate-aliases.js';
import { removeDatabaseQualifier } from './remove-database-qualifier.js';

/**
 * defog's MySQL gold as it runs on our MariaDB copies: it sometimes names the database
 * (`advising.course_offering`), whose copy here has another name, and it puts NULLs last with an
 * aggregate's alias inside an ORDER BY expression, which MariaDB refuses. Both rewrites keep the
 * meaning.
 */
function adaptMysqlGold(gold: string, database: string): string {
  return inlineOrderByAggregateAliases(removeDatabaseQualifier(gold, database));
}

export interface LoadDefogItemsOptions {
  /** The defog-public folder: `questions_gen_<dialect>.csv`, `idk.csv`, `db/<name>/…`. */
  dir: string;
  /**
   * Which question file (`questions_gen_<dialect>.csv`) and database copy: `sqlite` runs on
   * `db/<name>/<name>_from_pg.sqlite`; `postgres` and `mysql` on the server databases named in
   * `databases`.
   */
  dialect: EvalDialect;
  /**
   * For `postgres` and `mysql`: the URL of each loaded database by defog name (see
   * `ensureDefogServerDatabases`). A question on a database missing here is an error.
   */
  databases?: ReadonlyMap<string, string>;
  /** Leave out questions on databases that are missing (or not in `databases`) instead of throwing; default false. */
  skipMissingDatabases?: boolean;
  /** Add the unanswerable questions of `idk.csv`; default true. */
  includeUnanswerable?: boolean;
}

/**
 * Loads defog sql-eval questions: `questions_gen_<dialect>.csv` (db_name, db_type,
 * query_category, query, question, instructions) with each gold expanded into its alternatives
 * (`expandDefogGold`), then `idk.csv` as `unanswerable` items in category `unanswerable` whose gold
 * is the refusal query the instructions ask for. Throws when a file or database is missing (unless
 * `skipMissingDatabases`).
 */
export function loadDefogItems(options: LoadDefogItemsOptions): EvalItem[] {
  const dir = resolve(options.dir);
  const databases = new Map<string, string>();
  const dbPath = (name: string): string | null => {
    let found = databases.get(name);
    if (!found && options.dialect !== 'sqlite') {
      found = options.databases?.get(name);
      if (!found) {
        if (options.skipMissingDatabases) return null;
        throw new Error(`defog database ${name} was not loaded into ${options.dialect}`);
      }
      databases.set(name, found);
    }
    if (!found) {
      found = join(dir, 'db', name, `${name}_from_pg.sqlite`);
      if (!existsSync(found)) {
        if (options.skipMissingDatabases) return null;
        throw new Error(`defog database ${name} not found: ${found}`);
      }
      databases.set(name, found);
    }
    return found;
  };
  const read = (file: string): Record<string, string>[] => {
    const path = join(dir, file);
    if (!existsSync(path)) throw new Error(`defog file not found: ${path}`);
    return parseCsvObjects(readFileSync(path, 'utf8'));
  };
  const required = (row: Record<string, string>, file: string, index: number, key: string): string => {
    const value = row[key];
    if (value === undefined || value.trim() === '') throw new Error(`${file}: row ${index + 1} lacks ${key}`);
    return value;
  };

  const dialect = options.dialect === 'sqlite' ? {} : { dialect: options.dialect };
  const items: EvalItem[] = [];
  const questionsFile = `questions_gen_${options.dialect}.csv`;
  read(questionsFile).forEach((row, index) => {
    const name = required(row, questionsFile, index, 'db_name');
    const path = dbPath(name);
    if (path === null) return;
    const instructions = row.instructions?.trim();
    items.push({
      id: `defog-${options.dialect}/${index}`,
      benchmark: 'defog',
      dbId: name,
      dbPath: path,
      ...dialect,
      question: required(row, questionsFile, index, 'question'),
      gold: expandDefogGold(required(row, questionsFile, index, 'query')).map((gold) =>
        options.dialect === 'mysql' ? adaptMysqlGold(gold, name) : gold,
      ),
      category: row.query_category || 'unknown',
      ...(instructions && { instructions }),
    });
  });

  if (options.includeUnanswerable ?? true) {
    read('idk.csv').forEach((row, index) => {
      const name = required(row, 'idk.csv', index, 'db_name');
      const path = dbPath(name);
      if (path === null) return;
      const instructions = row.instructions?.trim();
      items.push({
        id: `defog-idk/${index}`,
        benchmark: 'defog',
        dbId: name,
        dbPath: path,
        ...dialect,
        question: required(row, 'idk.csv', index, 'question'),
        gold: expandDefogGold(required(row, 'idk.csv', index, 'query')),
        category: 'unanswerable',
        unanswerable: true,
        ...(instructions && { instructions }),
      });
    });
  }
  return items;
}
