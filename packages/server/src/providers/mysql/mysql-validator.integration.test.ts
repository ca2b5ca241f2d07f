import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serviceAvailable } from '../../test-support/services.js';
import { MysqlProvider } from './mysql-provider.js';
import {
  createFixtureTables,
  createScratchDatabase,
  type MysqlFixture,
} from './test-support/mysql-fixture.js';

const available = await serviceAvailable('mariadb');

describe.skipIf(!available)('validating queries against MariaDB', () => {
  let fixture: MysqlFixture;
  let provider: MysqlProvider;

  beforeAll(async () => {
    fixture = await createScratchDatabase('t2x_mysql_valid');
    await createFixtureTables(fixture, 100);
    provider = await MysqlProvider.open({ id: 'valid', url: fixture.url });
  });
  afterAll(async () => {
    await provider?.close();
    await fixture?.drop();
  });

  it('checks names before any introspection was asked for', async () => {
    const report = await provider.validate('SELECT nme FROM singer', { dryRun: false });
    expect(report.errors).toEqual([
      {
        kind: 'unknown_column',
        message: 'no column "nme" in singer; did you mean "name"?',
        suggestions: ['name'],
        position: 8,
      },
    ]);
  });

  it.each([
    'SELECT name FROM singer WHERE age > 30 ORDER BY name LIMIT 10',
    "WITH french AS (SELECT * FROM singer WHERE country = 'France') SELECT f.name FROM french f",
    'WITH RECURSIVE c (n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < 5) SELECT n FROM c',
    'SELECT s.name, c.concert_name FROM singer s JOIN singer_in_concert sc ON sc.singer_id = s.singer_id JOIN concert c ON c.concert_id = sc.concert_id',
    'SELECT * FROM (SELECT country, AVG(age) AS avg_age FROM singer GROUP BY country) t WHERE t.avg_age > 30',
    'SELECT name FROM singer WHERE singer_id IN (SELECT singer_id FROM singer_in_concert)',
    'SELECT name FROM singer UNION ALL SELECT concert_name FROM concert ORDER BY 1',
    'SELECT name FROM singer INTERSECT SELECT name FROM singer WHERE age > 40',
    'SELECT name FROM singer EXCEPT SELECT name FROM singer WHERE age > 40',
    'SELECT country, COUNT(*) AS n FROM singer GROUP BY country HAVING n > 1 ORDER BY n DESC',
    'SELECT `Home Town` FROM `Odd Table`',
    "SELECT YEAR(birth_date), DATE_FORMAT(birth_date, '%Y-%m') FROM singer WHERE birth_date > DATE_SUB(CURDATE(), INTERVAL 1 MONTH)",
    "SELECT age DIV 10, CONCAT(name, ' / ', country) FROM singer",
    'SELECT name, RANK() OVER (PARTITION BY country ORDER BY age DESC) AS r FROM singer',
    "SELECT name FROM singer WHERE BINARY name = 'Joe Sharp'",
    "SELECT jt.v FROM JSON_TABLE('[1, 2]', '$[*]' COLUMNS (v INT PATH '$')) AS jt",
    'SELECT s.name FROM singer s NATURAL JOIN singer_in_concert sc',
    'SELECT name FROM singer # comment',
    'SELECT name FROM singer;',
  ])('passes %s, EXPLAIN included', async (sql) => {
    expect(await provider.validate(sql)).toMatchObject({ status: 'passed', errors: [] });
  });

  it('lets the server judge what the parser cannot read, and says so', async () => {
    const report = await provider.validate(
      'SELECT name, LAG(age) OVER w AS previous FROM singer WINDOW w AS (ORDER BY age)',
    );
    expect(report.status).toBe('passed');
    expect(report.warnings.map((warning) => warning.kind)).toEqual(['parser_fallback']);
  });

  it('reports a syntax error with its position', async () => {
    const report = await provider.validate('SELECT name FORM singer');
    expect(report.status).toBe('failed');
    expect(report.errors[0]).toMatchObject({
      kind: 'syntax',
      message: "MariaDB cannot parse the query near 'singer' (line 1).",
      position: 18,
    });
  });

  it('reports a query that ends too early', async () => {
    const report = await provider.validate('SELECT name FROM singer WHERE');
    expect(report.errors[0]).toMatchObject({ kind: 'syntax', position: 30 });
  });

  it('rejects a second statement', async () => {
    const report = await provider.validate('SELECT 1; SELECT 2');
    expect(report.errors[0]).toMatchObject({ kind: 'policy', position: 11 });
  });

  it('reports unknown tables and columns with suggestions', async () => {
    expect((await provider.validate('SELECT * FROM singers')).errors).toEqual([
      {
        kind: 'unknown_table',
        message: 'no table "singers"; did you mean "singer"?',
        suggestions: ['singer'],
        position: 15,
      },
    ]);
    expect((await provider.validate('SELECT s.nam FROM singer s')).errors[0]).toMatchObject({
      kind: 'unknown_column',
      suggestions: ['name'],
    });
    expect((await provider.validate('SELECT * FROM mysql_evil.singer')).errors[0]).toMatchObject({
      kind: 'policy',
      message: expect.stringContaining('in another database'),
    });
  });

  it('follows the server in treating table names as case-sensitive', async () => {
    const report = await provider.validate('SELECT name FROM Singer');
    expect(report.errors[0]).toMatchObject({ kind: 'unknown_table', suggestions: ['singer'] });
    expect((await provider.validate('SELECT NAME, Country FROM singer')).status).toBe('passed');
  });

  it('reports a runtime-only problem the server finds in the plan as a dry_run issue', async () => {
    const report = await provider.validate('SELECT name FROM singer WHERE no_such_function(age) > 1');
    expect(report.status).toBe('failed');
    expect(report.errors[0]?.kind).toMatch(/dry_run|unknown_column/);
  });

  it.each([
    ['SELECT * FROM singer FOR UPDATE', /lock rows/],
    ['SELECT SLEEP(100)', /sleep\(\) is not allowed/],
    ["SELECT * FROM singer INTO OUTFILE '/tmp/text2x_never'", /INTO is not allowed/],
    ['/*!50000 DROP TABLE singer*/', /Executable comments/],
    ["SELECT LOAD_FILE('/etc/passwd')", /reads files on the database server/],
    ['SELECT @x := 1', /user variable/],
  ])('rejects %s with a policy reason', async (sql, reason) => {
    const report = await provider.validate(sql);
    expect(report.errors[0]?.kind).toBe('policy');
    expect(report.errors.map((issue) => issue.message).join(' ')).toMatch(reason);
  });

  it('sees a table created after the first validation', async () => {
    expect((await provider.validate('SELECT 1 FROM late_table', { dryRun: false })).status).toBe('failed');
    await fixture.admin.query('CREATE TABLE late_table (id INT)');
    await new Promise((resolve) => setTimeout(resolve, 2_100));
    expect((await provider.validate('SELECT id FROM late_table', { dryRun: false })).status).toBe('passed');
  });
});
