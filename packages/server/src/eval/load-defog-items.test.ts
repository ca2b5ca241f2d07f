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

describe('loadDefogItems for server dialects', () => {
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'text2x-eval-defog-server-'));
    writeFileSync(
      join(dir, 'questions_gen_mysql.csv'),
      [
        'db_name,db_type,query_category,query,question,instructions',
        'shop,mysql,order_by,"SELECT c.name, COUNT(*) AS n FROM shop.c GROUP BY c.name ORDER BY CASE WHEN n IS NULL THEN 1 ELSE 0 END, n DESC;",Busiest?,',
        'zoo,mysql,group_by,SELECT 1;,Zoo?,',
      ].join('\n') + '\n',
    );
    writeFileSync(
      join(dir, 'idk.csv'),
      'question,instructions,query,db_name,query_category\n' +
        `What is love?,,"SELECT 'no' AS answer;",shop,cat_a\n`,
    );
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('points items at the loaded server databases and adapts MySQL gold for MariaDB', () => {
    const url = 'mysql://root@127.0.0.1:3306/text2x_defog_shop';
    const items = loadDefogItems({
      dir,
      dialect: 'mysql',
      databases: new Map([['shop', url]]),
      skipMissingDatabases: true,
    });
    expect(items.map((item) => [item.id, item.dbPath, item.dialect])).toEqual([
      ['defog-mysql/0', url, 'mysql'],
      ['defog-idk/0', url, 'mysql'],
    ]);
    expect(items[0]!.gold).toEqual([
      'SELECT c.name, COUNT(*) AS n FROM c GROUP BY c.name ORDER BY CASE WHEN (COUNT(*)) IS NULL THEN 1 ELSE 0 END, n DESC',
    ]);
  });

  it('throws for a database that was not loaded unless told to skip it', () => {
    expect(() => loadDefogItems({ dir, dialect: 'mysql', databases: new Map() })).toThrow(
      /shop was not loaded into mysql/,
    );
  });
});
