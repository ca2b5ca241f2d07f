import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { expandDefogGold } from './defog-gold-expansion.js';
import type { EvalItem } from './eval-item.js';
import { parseCsvObjects } from './parse-csv.js';

export interface LoadDefogItemsOptions {
  /** The defog-public folder: `questions_gen_<dialect>.csv`, `idk.csv`, `db/<name>/…`. */
  dir: string;
  /** Only SQLite is executable here (`db/<name>/<name>_from_pg.sqlite`). */
  dialect: 'sqlite';
  /** Add the unanswerable questions of `idk.csv`; default true. */
  includeUnanswerable?: boolean;
}

/**
 * Loads defog sql-eval questions: `questions_gen_<dialect>.csv` (db_name, db_type,
 * query_category, query, question, instructions) with each gold expanded into its alternatives
 * (`expandDefogGold`), then `idk.csv` as `unanswerable` items in category `unanswerable` whose gold
 * is the refusal query the instructions ask for. Throws when a file or database is missing.
 */
export function loadDefogItems(options: LoadDefogItemsOptions): EvalItem[] {
  const dir = resolve(options.dir);
  const databases = new Map<string, string>();
  const dbPath = (name: string): string => {
    let found = databases.get(name);
    if (!found) {
      found = join(dir, 'db', name, `${name}_from_pg.sqlite`);
      if (!existsSync(found)) throw new Error(`defog database ${name} not found: ${found}`);
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

  const items: EvalItem[] = [];
  const questionsFile = `questions_gen_${options.dialect}.csv`;
  read(questionsFile).forEach((row, index) => {
    const name = required(row, questionsFile, index, 'db_name');
    const instructions = row.instructions?.trim();
    items.push({
      id: `defog-${options.dialect}/${index}`,
      benchmark: 'defog',
      dbId: name,
      dbPath: dbPath(name),
      question: required(row, questionsFile, index, 'question'),
      gold: expandDefogGold(required(row, questionsFile, index, 'query')),
      category: row.query_category || 'unknown',
      ...(instructions && { instructions }),
    });
  });

  if (options.includeUnanswerable ?? true) {
    read('idk.csv').forEach((row, index) => {
      const name = required(row, 'idk.csv', index, 'db_name');
      const instructions = row.instructions?.trim();
      items.push({
        id: `defog-idk/${index}`,
        benchmark: 'defog',
        dbId: name,
        dbPath: dbPath(name),
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
