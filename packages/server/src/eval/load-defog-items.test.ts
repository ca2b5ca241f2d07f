import Database from 'better-sqlite3';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDefogItems } from './load-defog-items.js';

describe('loadDefogItems', () => {
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'text2x-eval-defog-'));
    mkdirSync(join(dir, 'db', 'shop'), { recursive: true });
    new Database(join(dir, 'db', 'shop', 'shop_from_pg.sqlite')).close();
    writeFileSync(
      join(dir, 'questions_gen_sqlite.csv'),
      [
        'db_name,db_type,query_category,query,question,instructions',
        'shop,sqlite,group_by,"SELECT {c.id, c.name}, COUNT(*) FROM c GROUP BY {};SELECT c.name FROM c;","Customers, with ""counts""?",',
        'shop,sqlite,instruct,SELECT 1;,"Two',
        'lines?","Use the ""x"" table; ignore nulls."',
      ].join('\n') + '\n',
    );
    writeFileSync(
      join(dir, 'idk.csv'),
      'question,instructions,query,db_name,query_category\n' +
        `What is love?,"If you cannot answer, return 'SELECT ''no'' AS answer;'","SELECT 'no' AS answer;",shop,cat_a\n`,
    );
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads questions with expanded gold alternatives, category and instructions', () => {
    const items = loadDefogItems({ dir, dialect: 'sqlite' });
    expect(items[0]).toEqual({
      id: 'defog-sqlite/0',
      benchmark: 'defog',
      dbId: 'shop',
      dbPath: join(dir, 'db', 'shop', 'shop_from_pg.sqlite'),
      question: 'Customers, with "counts"?',
      gold: [
        'SELECT c.id, COUNT(*) FROM c GROUP BY c.id',
        'SELECT c.name, COUNT(*) FROM c GROUP BY c.name',
        'SELECT c.id, c.name, COUNT(*) FROM c GROUP BY c.id, c.name',
        'SELECT c.name FROM c',
      ],
      category: 'group_by',
    });
    expect(items[1]).toMatchObject({
      question: 'Two\nlines?',
      instructions: 'Use the "x" table; ignore nulls.',
      gold: ['SELECT 1'],
    });
  });

  it('adds idk.csv questions as unanswerable, unless left out', () => {
    const items = loadDefogItems({ dir, dialect: 'sqlite' });
    expect(items[2]).toMatchObject({
      id: 'defog-idk/0',
      category: 'unanswerable',
      unanswerable: true,
      gold: ["SELECT 'no' AS answer"],
      instructions: "If you cannot answer, return 'SELECT ''no'' AS answer;'",
    });
    expect(loadDefogItems({ dir, dialect: 'sqlite', includeUnanswerable: false })).toHaveLength(2);
  });

  it('names a missing database', () => {
    writeFileSync(
      join(dir, 'idk.csv'),
      'question,instructions,query,db_name,query_category\nq,,SELECT 1,gone,cat_a\n',
    );
    expect(() => loadDefogItems({ dir, dialect: 'sqlite' })).toThrow(/gone/);
  });
});
