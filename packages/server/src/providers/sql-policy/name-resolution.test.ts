import sqliteParser from 'node-sql-parser/build/sqlite.js';
import { describe, expect, it } from 'vitest';
import { buildNameCatalog } from './name-catalog.js';
import { checkNames } from './name-resolution.js';

const parser = new sqliteParser.Parser();
const column = (name: string) => ({
  name,
  type: 'TEXT',
  category: 'text' as const,
  nullable: true,
  primaryKey: false,
});
const catalog = buildNameCatalog({
  dialect: 'sqlite',
  tables: [
    {
      name: 'singer',
      kind: 'table',
      columns: ['singer_id', 'name', 'country', 'age'].map(column),
      primaryKey: ['singer_id'],
      foreignKeys: [],
    },
    {
      name: 'concert',
      kind: 'table',
      columns: ['concert_id', 'concert_name', 'year'].map(column),
      primaryKey: ['concert_id'],
      foreignKeys: [],
    },
    {
      name: 'Singer_In_Concert',
      kind: 'table',
      columns: ['concert_id', 'singer_id'].map(column),
      primaryKey: [],
      foreignKeys: [],
    },
    { name: 'summary', kind: 'view', columns: ['country', 'n'].map(column), primaryKey: [], foreignKeys: [] },
  ],
});
const names = (sql: string) =>
  checkNames(parser.astify(sql, { database: 'sqlite' }), catalog, {
    implicitColumns: ['rowid'],
    tableFunctions: new Map([['json_each', ['key', 'value']]]),
  }).map((issue) => `${issue.kind} ${issue.name}: ${issue.message}`);

describe('checkNames', () => {
  it.each([
    'SELECT s.name, c.concert_name FROM singer s JOIN singer_in_concert sic ON s.singer_id = sic.singer_id JOIN concert AS c USING (concert_id)',
    'SELECT NAME FROM SINGER WHERE Country = 1',
    'SELECT name FROM singer s WHERE EXISTS (SELECT 1 FROM singer_in_concert x WHERE x.singer_id = s.singer_id)',
    'SELECT t.n FROM (SELECT name AS n FROM singer) t',
    'WITH a AS (SELECT name FROM singer), b(x) AS (SELECT name FROM a) SELECT x FROM b',
    'WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT x FROM c',
    'SELECT country AS land, count(*) AS k FROM singer GROUP BY land HAVING k > 1 ORDER BY k',
    'SELECT name FROM singer UNION SELECT concert_name FROM concert ORDER BY name',
    'SELECT s.*, rowid FROM singer s',
    'SELECT j.value, name FROM singer, json_each(singer.name) AS j',
    'SELECT whatever FROM unknown_function(1)',
    'SELECT x FROM (SELECT count(*) FROM singer) AS sub',
  ])('accepts %s', (sql) => {
    expect(names(sql)).toEqual([]);
  });

  it('reports an unknown table with a suggestion', () => {
    expect(names('SELECT name FROM singers')).toEqual([
      'unknown_table singers: no table "singers"; did you mean "singer"?',
    ]);
  });

  it('reports an unknown column in the table an alias names', () => {
    expect(names('SELECT s.nme FROM singer AS s')).toEqual([
      'unknown_column s.nme: no column "nme" in singer; did you mean "name"?',
    ]);
  });

  it('reports an unknown unqualified column against every table in scope', () => {
    expect(names('SELECT concert_nam FROM singer JOIN concert ON 1')).toEqual([
      'unknown_column concert_nam: no column "concert_nam" in singer or concert; did you mean "concert_name"?',
    ]);
  });

  it('does not let a subquery in FROM see the tables beside it', () => {
    expect(names('SELECT 1 FROM singer s, (SELECT s.name AS n) AS t')).toEqual([
      'unknown_table s.name: no table or alias "s" in this query (used in s.name)',
    ]);
  });

  it('checks the columns of a known table function', () => {
    expect(names('SELECT j.nothing FROM json_each(1) AS j')).toEqual([
      'unknown_column j.nothing: no column "nothing" in json_each',
    ]);
  });

  it('knows that a view has no rowid', () => {
    expect(names('SELECT rowid FROM summary')).toEqual([
      'unknown_column rowid: no column "rowid" in summary',
    ]);
  });

  it('reads double-quoted strings as column names', () => {
    expect(names('SELECT name FROM singer WHERE country = "France"')).toEqual([
      'unknown_column France: no column "France" in singer',
    ]);
  });

  it('does not repeat an issue for the same name', () => {
    expect(names('SELECT nme, nme FROM singer WHERE nme = 1')).toHaveLength(1);
  });
});
