import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteValidator } from './sqlite-validator.js';
import { createFixtureDatabase, createTempDir } from './test-support/sqlite-fixture.js';

describe('SqliteValidator', () => {
  const temp = createTempDir();
  let db: Database.Database;
  let validator: SqliteValidator;

  beforeAll(() => {
    db = new Database(createFixtureDatabase(join(temp.dir, 'fixture.sqlite')), {
      readonly: true,
      fileMustExist: true,
    });
    validator = new SqliteValidator(db);
  });
  afterAll(() => {
    db.close();
    temp.remove();
  });

  const errorsOf = (query: string) => validator.validate(query).errors;

  describe('accepts read-only queries', () => {
    it.each([
      [
        'a join with aliases',
        'SELECT s.name, c.concert_name FROM singer AS s JOIN singer_in_concert sic ON s.singer_id = sic.singer_id JOIN concert c ON c.concert_id = sic.concert_id',
      ],
      [
        'a correlated subquery',
        'SELECT name FROM singer s WHERE EXISTS (SELECT 1 FROM singer_in_concert x WHERE x.singer_id = s.singer_id)',
      ],
      [
        'a subquery in FROM with its own column names',
        'SELECT top.n FROM (SELECT name AS n, age FROM singer ORDER BY age DESC LIMIT 3) AS top WHERE top.age > 30',
      ],
      [
        'IN with a subquery',
        'SELECT name FROM singer WHERE singer_id IN (SELECT singer_id FROM singer_in_concert)',
      ],
      [
        'UNION, INTERSECT and EXCEPT',
        "SELECT name FROM singer WHERE age > 40 UNION SELECT name FROM singer WHERE country = 'France' INTERSECT SELECT name FROM singer EXCEPT SELECT concert_name FROM concert",
      ],
      [
        'a CTE and its columns',
        'WITH old AS (SELECT name, age FROM singer WHERE age > 40) SELECT old.name FROM old ORDER BY old.age',
      ],
      [
        'a CTE with declared columns',
        'WITH pairs(who, years) AS (SELECT name, age FROM singer) SELECT who FROM pairs WHERE years > 30',
      ],
      [
        'a recursive CTE',
        'WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 10) SELECT sum(x) FROM c',
      ],
      [
        'result-column aliases in GROUP BY, HAVING and ORDER BY',
        'SELECT country AS land, count(*) AS n FROM singer GROUP BY land HAVING n > 1 ORDER BY n DESC',
      ],
      ['table.* and rowid', 'SELECT s.*, s.rowid FROM singer s'],
      ['quoted odd names', 'SELECT t."Home Town", "Quote""d", [MixedCase] FROM "Odd Table" AS t'],
      ['a view', 'SELECT country, singers FROM singer_summary'],
      [
        'date functions and string concatenation',
        "SELECT strftime('%Y', birth_date), julianday('now') - julianday(birth_date), name || ' (' || country || ')' FROM singer WHERE date(birth_date) > date('now', '-100 years')",
      ],
      [
        'window functions',
        'SELECT name, rank() OVER (PARTITION BY country ORDER BY age DESC) AS r FROM singer',
      ],
      [
        'NULLS LAST, CROSS JOIN and a FILTER clause',
        'SELECT count(*) FILTER (WHERE a.age > 30) FROM singer a CROSS JOIN concert b GROUP BY b.theme ORDER BY b.theme NULLS LAST',
      ],
      ['json_each', "SELECT j.value FROM json_each('[1, 2, 3]') AS j"],
      ['a backslash inside a string', "SELECT name FROM singer WHERE name LIKE 'x\\%' ESCAPE '\\'"],
      ['a trailing semicolon and comment', 'SELECT name FROM singer; -- the names'],
      ['VALUES', 'VALUES (1, 2), (3, 4)'],
    ])('accepts %s', (_why, query) => {
      const report = validator.validate(query);
      expect(report.errors).toEqual([]);
      expect(report.status).toBe('passed');
    });
  });

  it('rejects a syntax error', () => {
    const report = validator.validate('SELECT name FROM singer WHERE');
    expect(report.status).toBe('failed');
    expect(report.errors[0]).toMatchObject({ kind: 'syntax' });
    expect(errorsOf('SELECT FROM singer')[0]).toMatchObject({ kind: 'syntax', position: 8 });
    expect(errorsOf("SELECT 'unterminated FROM singer")[0]).toMatchObject({ kind: 'syntax' });
    expect(errorsOf('   ')[0]).toMatchObject({ kind: 'syntax', message: 'The query is empty.' });
  });

  it('rejects a second statement after a semicolon', () => {
    const [issue] = errorsOf('SELECT name FROM singer; SELECT age FROM singer');
    expect(issue).toMatchObject({ kind: 'policy', position: 26 });
    expect(issue?.message).toMatch(/only one statement/i);
  });

  it('suggests a column for an unknown column', () => {
    expect(errorsOf('SELECT nme FROM singer')).toEqual([
      {
        kind: 'unknown_column',
        message: 'no column "nme" in singer; did you mean "name"?',
        suggestions: ['name'],
        position: 8,
      },
    ]);
  });

  it('suggests a table for an unknown table', () => {
    expect(errorsOf('SELECT name FROM singers')).toEqual([
      {
        kind: 'unknown_table',
        message: 'no table "singers"; did you mean "singer"?',
        suggestions: ['singer'],
        position: 18,
      },
    ]);
  });

  it('resolves columns through aliases and reports the real table', () => {
    expect(errorsOf('SELECT s.nme FROM singer AS s')[0]).toMatchObject({
      kind: 'unknown_column',
      message: 'no column "nme" in singer; did you mean "name"?',
    });
    expect(errorsOf('SELECT singer.name FROM singer AS s')[0]).toMatchObject({
      kind: 'unknown_table',
      suggestions: ['s'],
    });
    expect(errorsOf('SELECT x.name FROM singer AS s')[0]).toMatchObject({
      kind: 'unknown_table',
      suggestions: ['s'],
    });
  });

  it('checks names against CTE and subquery columns, not the tables behind them', () => {
    expect(errorsOf('WITH old AS (SELECT name FROM singer) SELECT age FROM old')[0]).toMatchObject({
      kind: 'unknown_column',
      message: 'no column "age" in old',
    });
    expect(errorsOf('SELECT x FROM (SELECT 1 AS y) AS one, singer_summary')[0]).toMatchObject({
      kind: 'unknown_column',
      message: 'no column "x" in one or singer_summary',
    });
    expect(errorsOf('SELECT sub.name FROM (SELECT name AS n FROM singer) sub')[0]).toMatchObject({
      kind: 'unknown_column',
      message: 'no column "name" in sub',
    });
    expect(errorsOf('SELECT name FROM singer UNION SELECT nam FROM concert')[0]).toMatchObject({
      kind: 'unknown_column',
    });
  });

  it('reports several unknown names at once', () => {
    const errors = errorsOf('SELECT s.nme, s.agee FROM singer s JOIN concerts c ON 1');
    expect(errors.map((issue) => issue.kind).sort()).toEqual([
      'unknown_column',
      'unknown_column',
      'unknown_table',
    ]);
  });

  it('explains that double quotes name a column when a text value was meant', () => {
    const [issue] = errorsOf('SELECT name FROM singer WHERE country = "France"');
    expect(issue?.kind).toBe('unknown_column');
    expect(issue?.message).toContain("write a text value in single quotes: 'France'");
  });

  it('falls back to SQLite for syntax the parser cannot read, and still checks names', () => {
    const passed = validator.validate('SELECT name FROM singer INDEXED BY sqlite_autoindex_singer_1');
    expect(passed.warnings.map((warning) => warning.kind)).toContain('parser_fallback');
    const failed = validator.validate(
      'SELECT total(agee) FILTER (WHERE age > 1) OVER () FROM singer WINDOW w AS (ORDER BY age)',
    );
    expect(failed.status).toBe('failed');
    expect(failed.errors[0]).toMatchObject({ kind: 'unknown_column', suggestions: ['age'] });
  });

  it('keeps the policy when the parser cannot read the query', () => {
    const report = validator.validate("SELECT total(age) FILTER (WHERE load_extension('x')) FROM singer");
    expect(report.errors[0]).toMatchObject({ kind: 'policy' });
    expect(report.errors[0]?.message).toContain('load_extension');
  });

  it('runs EXPLAIN QUERY PLAN as the dry run, and skips it when asked', () => {
    const report = validator.validate('SELECT nosuch_function(age) FROM singer');
    expect(report.errors[0]).toMatchObject({ kind: 'dry_run' });
    expect(report.errors[0]?.message).toContain('no such function: nosuch_function');
    expect(validator.validate('SELECT nosuch_function(age) FROM singer', { dryRun: false }).status).toBe(
      'passed',
    );
    expect(errorsOf('SELECT name FROM singer s, singer t WHERE name = 1')[0]).toMatchObject({
      kind: 'dry_run',
    }); // ambiguous
  });

  it('rejects a query longer than the limit', () => {
    const small = new SqliteValidator(db, { maxQueryLength: 50 });
    expect(
      small.validate(`SELECT name FROM singer WHERE name = '${'x'.repeat(60)}'`).errors[0],
    ).toMatchObject({ kind: 'policy' });
  });

  it('notices a schema change and re-reads names', () => {
    const path = join(temp.dir, 'changing.sqlite');
    const writer = new Database(path);
    writer.exec('CREATE TABLE a (x INT)');
    const reader = new Database(path, { readonly: true, fileMustExist: true });
    const changing = new SqliteValidator(reader);
    expect(changing.validate('SELECT y FROM a').status).toBe('failed');
    writer.exec('ALTER TABLE a ADD COLUMN y INT');
    expect(changing.validate('SELECT y FROM a').status).toBe('passed');
    reader.close();
    writer.close();
  });
});
