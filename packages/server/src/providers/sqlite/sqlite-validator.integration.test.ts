import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { SqliteValidator } from './sqlite-validator.js';

const EVAL = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../../../../../shared/eval');
const SETS = [
  { questions: join(EVAL, 'spider-public/spider_dev.json'), databases: join(EVAL, 'spider-public/database') },
  { questions: join(EVAL, 'spider-train/train.json'), databases: join(EVAL, 'spider-train/database') },
];
const available = SETS.every((set) => existsSync(set.questions));

/**
 * The validator must agree with SQLite on every Spider gold query: no false rejection of a query
 * SQLite compiles, no pass for one it cannot. (Many gold queries write text values in double
 * quotes, which this SQLite build reads as column names, so they fail in both.)
 */
describe.skipIf(!available)('SqliteValidator on Spider gold queries (needs ../shared/eval)', () => {
  it('agrees with SQLite on every query', () => {
    const open = new Map<string, { db: Database.Database; validator: SqliteValidator }>();
    const disagreements: string[] = [];
    let checked = 0;
    try {
      for (const set of SETS) {
        const items = JSON.parse(readFileSync(set.questions, 'utf8')) as Array<{
          db_id: string;
          query: string;
        }>;
        for (const item of items) {
          let entry = open.get(`${set.databases}/${item.db_id}`);
          if (!entry) {
            const file = join(set.databases, item.db_id, `${item.db_id}.sqlite`);
            if (!existsSync(file)) continue;
            const db = new Database(file, { readonly: true, fileMustExist: true });
            entry = { db, validator: new SqliteValidator(db) };
            open.set(`${set.databases}/${item.db_id}`, entry);
          }
          let compiles = true;
          try {
            entry.db.prepare(item.query);
          } catch {
            compiles = false;
          }
          const report = entry.validator.validate(item.query);
          checked += 1;
          if ((report.status === 'passed') !== compiles)
            disagreements.push(`${item.db_id}: ${item.query} → ${JSON.stringify(report.errors)}`);
        }
      }
    } finally {
      for (const { db } of open.values()) db.close();
    }
    expect(checked).toBeGreaterThan(7000);
    expect(disagreements).toEqual([]);
  });
});
