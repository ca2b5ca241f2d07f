import { describe, expect, it } from 'vitest';
import { Text2xError, type SchemaInfo } from '../../core/index.js';
import type { MysqlDriverError } from './mysql-session-pool.js';
import { MysqlValidator, type MysqlDryRun, type MysqlValidatorOptions } from './mysql-validator.js';
import { MYSQL_HOSTILE_CORPUS } from './test-support/mysql-hostile-corpus.js';

/** Answers EXPLAIN like a server would, from a function; records every statement it saw. */
class ScriptedDryRun implements MysqlDryRun {
  readonly statements: string[] = [];
  constructor(
    private readonly answer: (statement: string) => MysqlDriverError | undefined = () => undefined,
  ) {}
  explain(statement: string): Promise<MysqlDriverError | undefined> {
    this.statements.push(statement);
    try {
      return Promise.resolve(this.answer(statement));
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  }
}

const column = (name: string, type = 'int(11)', category: 'number' | 'text' | 'date' = 'number') => ({
  name,
  type,
  category,
  nullable: true,
  primaryKey: false,
});

const SCHEMA: SchemaInfo = {
  dialect: 'mysql',
  tables: [
    {
      name: 'singer',
      kind: 'table',
      columns: [
        column('singer_id'),
        column('name', 'varchar(50)', 'text'),
        column('country', 'varchar(40)', 'text'),
        column('age'),
        column('birth_date', 'date', 'date'),
      ],
      primaryKey: ['singer_id'],
      foreignKeys: [],
    },
    {
      name: 'concert',
      kind: 'table',
      columns: [column('concert_id'), column('concert_name', 'varchar(80)', 'text'), column('year')],
      primaryKey: ['concert_id'],
      foreignKeys: [],
    },
    {
      name: 'singer_in_concert',
      kind: 'table',
      columns: [column('concert_id'), column('singer_id')],
      primaryKey: ['concert_id', 'singer_id'],
      foreignKeys: [],
    },
    {
      name: 'Odd Table',
      kind: 'table',
      columns: [column('id'), column('Home Town', 'varchar(40)', 'text')],
      primaryKey: ['id'],
      foreignKeys: [],
    },
    {
      name: 'singer_summary',
      kind: 'view',
      columns: [column('country'), column('singers')],
      primaryKey: [],
      foreignKeys: [],
    },
  ],
};

function validator(
  dryRun: MysqlDryRun = new ScriptedDryRun(),
  options: Partial<MysqlValidatorOptions> = {},
): { validator: MysqlValidator; loads: () => number } {
  let loads = 0;
  const instance = new MysqlValidator({
    flavor: 'mariadb',
    database: 'shop',
    lowerCaseTableNames: 0,
    dryRun,
    loadSchema: () => {
      loads += 1;
      return Promise.resolve(SCHEMA);
    },
    ...options,
  });
  return { validator: instance, loads: () => loads };
}

const serverError = (errno: number, message: string): MysqlDriverError => ({ errno, message });

describe('MysqlValidator accepting read-only queries', () => {
  it.each([
    'SELECT name FROM singer WHERE age > 30 ORDER BY name LIMIT 10',
    'SELECT s.name, c.concert_name FROM singer AS s JOIN singer_in_concert sc ON sc.singer_id = s.singer_id JOIN concert c USING (concert_id)',
    "WITH french AS (SELECT * FROM singer WHERE country = 'France') SELECT name FROM french",
    'WITH RECURSIVE c (n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < 5) SELECT n FROM c',
    'SELECT name FROM singer UNION SELECT concert_name FROM concert',
    'SELECT name FROM singer INTERSECT SELECT name FROM singer WHERE age > 40',
    '(SELECT name FROM singer) UNION (SELECT concert_name FROM concert)',
    'SELECT country, COUNT(*) AS n FROM singer GROUP BY country HAVING n > 1 ORDER BY n DESC',
    'SELECT * FROM (SELECT country, AVG(age) AS avg_age FROM singer GROUP BY country) t WHERE t.avg_age > 30',
    'SELECT name FROM singer s WHERE EXISTS (SELECT 1 FROM singer_in_concert sc WHERE sc.singer_id = s.singer_id)',
    'SELECT `Home Town` FROM `Odd Table`',
    "SELECT YEAR(birth_date), DATE_FORMAT(birth_date, '%Y-%m') FROM singer WHERE birth_date > DATE_SUB(CURDATE(), INTERVAL 1 MONTH)",
    "SELECT age DIV 10, age MOD 10, CONCAT(name, ' (', country, ')') FROM singer",
    "SELECT GROUP_CONCAT(name ORDER BY name SEPARATOR ', ') FROM singer",
    'SELECT name FROM singer # a comment\nWHERE age > 1',
    'SELECT name FROM singer -- a comment',
    'SELECT name FROM singer;',
    'SELECT name FROM singer; -- trailing comment',
    'SELECT NAME, Country FROM singer',
    'SELECT singer.name FROM singer',
    'SELECT shop.singer.name FROM shop.singer',
    'SELECT country, singers FROM singer_summary',
    'SELECT 1 FROM DUAL',
    'SELECT CAST(age AS CHAR CHARACTER SET utf8mb4) FROM singer',
    "SELECT REPLACE(name, 'a', 'b'), TRUNCATE(age / 3, 1), INSERT(name, 1, 2, 'x') FROM singer",
    'SELECT * FROM singer NATURAL JOIN singer_in_concert',
    'SELECT STRAIGHT_JOIN s.name FROM singer s STRAIGHT_JOIN singer_in_concert sc ON sc.singer_id = s.singer_id',
    'SELECT name FROM singer USE INDEX (PRIMARY) WHERE singer_id = 1',
    "SELECT name FROM singer WHERE BINARY name = 'Joe'",
    'SELECT age--1 FROM singer',
  ])('passes %s without asking the server when the dry run is off', async (sql) => {
    const dryRun = new ScriptedDryRun();
    const report = await validator(dryRun).validator.validate(sql, { dryRun: false });
    expect(report).toEqual({ status: 'passed', errors: [], warnings: [] });
    expect(dryRun.statements).toEqual([]);
  });

  it('sends the statement without its semicolon and what follows to EXPLAIN', async () => {
    const dryRun = new ScriptedDryRun();
    const checked = await validator(dryRun).validator.check('SELECT name FROM singer ; # done');
    expect(checked.report.status).toBe('passed');
    expect(checked.statement).toBe('SELECT name FROM singer');
    expect(dryRun.statements).toEqual(['SELECT name FROM singer']);
  });

  it('lets the server decide, with a warning, when the parser cannot read a query', async () => {
    const dryRun = new ScriptedDryRun();
    const report = await validator(dryRun).validator.validate(
      'SELECT name, LAG(age) OVER w FROM singer WINDOW w AS (ORDER BY age)',
      { dryRun: false },
    );
    expect(report.status).toBe('passed');
    expect(report.warnings.map((warning) => warning.kind)).toEqual(['parser_fallback']);
    expect(dryRun.statements).toHaveLength(1);
  });

  it('trusts the server when it accepts a name the resolver flagged', async () => {
    const report = await validator().validator.validate('SELECT nme FROM singer');
    expect(report.status).toBe('passed');
  });
});

describe('MysqlValidator rejecting', () => {
  it('reports a syntax error with the position of the server’s "near" text', async () => {
    const dryRun = new ScriptedDryRun(() =>
      serverError(
        1064,
        "You have an error in your SQL syntax; check the manual that corresponds to your MariaDB server version for the right syntax to use near 'FORM singer' at line 1",
      ),
    );
    const report = await validator(dryRun).validator.validate('SELECT name FORM singer');
    expect(report.status).toBe('failed');
    expect(report.errors).toEqual([
      {
        kind: 'syntax',
        message: "MariaDB cannot parse the query near 'FORM singer' (line 1).",
        position: 13,
      },
    ]);
    expect(report.warnings[0]?.kind).toBe('parser_fallback');
  });

  it('finds the "near" text on the line the server names', async () => {
    const dryRun = new ScriptedDryRun(() =>
      serverError(1064, "You have an error in your SQL syntax; … to use near 'x y' at line 2"),
    );
    const report = await validator(dryRun).validator.validate('SELECT 1 AS `x y`,\n x y');
    expect(report.errors[0]?.position).toBe(21);
  });

  it('says when the query ends too early', async () => {
    const dryRun = new ScriptedDryRun(() =>
      serverError(1064, "You have an error in your SQL syntax; … to use near '' at line 1"),
    );
    const report = await validator(dryRun).validator.validate('SELECT * FROM singer WHERE');
    expect(report.errors[0]).toMatchObject({
      kind: 'syntax',
      message: expect.stringContaining('ends too early'),
      position: 27,
    });
  });

  it('rejects a second statement after a semicolon', async () => {
    const report = await validator().validator.validate('SELECT 1; SELECT 2');
    expect(report.errors[0]).toMatchObject({
      kind: 'policy',
      message: 'Only one statement is allowed, but a second statement starts at position 11.',
      position: 11,
    });
  });

  it('reports unknown tables and columns with suggestions when the server confirms them', async () => {
    const dryRun = new ScriptedDryRun((statement) =>
      statement.includes('singr')
        ? serverError(1146, "Table 'shop.singr' doesn't exist")
        : serverError(1054, "Unknown column 'nme' in 'SELECT'"),
    );
    const { validator: instance } = validator(dryRun);
    expect((await instance.validate('SELECT * FROM singr')).errors).toEqual([
      {
        kind: 'unknown_table',
        message: 'no table "singr"; did you mean "singer"?',
        suggestions: ['singer'],
        position: 15,
      },
    ]);
    expect((await instance.validate('SELECT s.nme FROM singer s', { dryRun: false })).errors).toEqual([
      {
        kind: 'unknown_column',
        message: 'no column "nme" in singer; did you mean "name"?',
        suggestions: ['name'],
        position: 8,
      },
    ]);
  });

  it('refuses a table of another database, whatever the server says', async () => {
    const dryRun = new ScriptedDryRun();
    const report = await validator(dryRun).validator.validate('SELECT * FROM other.singer');
    expect(report.errors).toEqual([
      {
        kind: 'policy',
        message:
          'The table other.singer is not allowed because it is in another database (this data source is the database shop).',
        position: 15,
      },
    ]);
    expect(dryRun.statements).toEqual([]);
  });

  it('refuses a table the server has but the schema does not, such as a Sequence-engine table', async () => {
    const report = await validator().validator.validate('SELECT seq FROM seq_1_to_10');
    expect(report.errors).toMatchObject([{ kind: 'unknown_table', message: 'no table "seq_1_to_10"' }]);
  });

  it('reads the tables from the tokens when the parser cannot, and refuses those outside the schema', async () => {
    const window = 'LAG(age) OVER w';
    const tail = 'WINDOW w AS (ORDER BY age)';
    const { validator: instance } = validator();
    const outside = await instance.validate(
      `SELECT ${window} FROM singer s JOIN other.secrets x ON 1 = 1 ${tail}`,
    );
    expect(outside.errors[0]).toMatchObject({
      kind: 'policy',
      message: expect.stringContaining('other.secrets'),
    });
    const unknown = await instance.validate(`SELECT ${window} FROM singer, seq_1_to_10 ${tail}`);
    expect(unknown.errors).toMatchObject([{ kind: 'unknown_table', message: 'no table "seq_1_to_10"' }]);
    const fine = await instance.validate(
      `WITH x AS (SELECT * FROM singer) SELECT EXTRACT(YEAR FROM birth_date), ${window} FROM x ${tail}`,
    );
    expect(fine.status).toBe('passed');
    expect(fine.warnings[0]?.kind).toBe('parser_fallback');
  });

  it('treats table names and aliases as case-sensitive when lower_case_table_names is 0', async () => {
    const dryRun = new ScriptedDryRun(() => serverError(1146, "Table 'shop.Singer' doesn't exist"));
    const report = await validator(dryRun).validator.validate('SELECT name FROM Singer', { dryRun: false });
    expect(report.errors).toEqual([
      {
        kind: 'unknown_table',
        message: 'no table "Singer" (table names are case-sensitive on this server); did you mean "singer"?',
        suggestions: ['singer'],
        position: 18,
      },
    ]);
    const aliasRun = new ScriptedDryRun(() => serverError(1054, "Unknown column 'S.name' in 'SELECT'"));
    const alias = await validator(aliasRun).validator.validate('SELECT S.name FROM singer s', {
      dryRun: false,
    });
    expect(alias.errors).toHaveLength(1);
    expect(alias.errors[0]).toMatchObject({ kind: 'unknown_table', suggestions: ['s'] });
  });

  it('ignores the case of table names when lower_case_table_names is 1', async () => {
    const report = await validator(new ScriptedDryRun(), { lowerCaseTableNames: 1 }).validator.validate(
      'SELECT S.NAME FROM Singer s',
      { dryRun: false },
    );
    expect(report.status).toBe('passed');
  });

  it('reloads the schema once when a name is unknown, in case a table was added', async () => {
    const { validator: instance, loads } = validator(
      new ScriptedDryRun(() => serverError(1146, "Table 'shop.singr' doesn't exist")),
      { schemaRefreshMs: 0 },
    );
    await instance.validate('SELECT 1 FROM singer', { dryRun: false });
    expect(loads()).toBe(1);
    await instance.validate('SELECT 1 FROM singr', { dryRun: false });
    expect(loads()).toBe(2);
  });

  it('denies the loadable functions installed on the server', async () => {
    const report = await validator(new ScriptedDryRun(), { deniedFunctions: ['my_udf'] }).validator.validate(
      'SELECT my_udf(1)',
    );
    expect(report.errors[0]?.message).toMatch(
      /^The function my_udf\(\) is not allowed because it is a loadable function/,
    );
  });

  it('rejects a query over the length limit', async () => {
    const report = await validator(new ScriptedDryRun(), { maxQueryLength: 10 }).validator.validate(
      'SELECT name FROM singer',
    );
    expect(report.errors[0]?.message).toBe('The query is 23 characters long, but at most 10 are allowed.');
  });

  it('turns a dry run past its time limit into a dry_run issue', async () => {
    const dryRun = new ScriptedDryRun(() => {
      throw new Text2xError(
        'EXECUTION_TIMEOUT',
        'The dry run (EXPLAIN) ran longer than 10 ms and was stopped.',
      );
    });
    const report = await validator(dryRun).validator.validate('SELECT name FROM singer');
    expect(report.errors[0]).toMatchObject({
      kind: 'dry_run',
      message: expect.stringContaining('ran longer'),
    });
  });

  it('passes other faults of the dry run on as errors', async () => {
    const dryRun = new ScriptedDryRun(() => {
      throw new Text2xError('PROVIDER_UNAVAILABLE', 'down');
    });
    await expect(validator(dryRun).validator.validate('SELECT name FROM singer')).rejects.toMatchObject({
      code: 'PROVIDER_UNAVAILABLE',
    });
  });

  it.each([
    ['SELECT * FROM singer FOR UPDATE', /^Locking reads .* because they lock rows\.$/],
    ['SELECT /*!50000 1 */', /^Executable comments .* run the SQL inside them\.$/],
    ['SELECT @x := 1', /^The user variable @x is not allowed/],
    ['SELECT @@version', /^The system variable @@version is not allowed/],
    ["SET NAMES 'utf8'", /^SET is not allowed because it changes variables or settings\.$/],
    ["REPLACE(name, 'a', 'b')", /^Only read-only queries starting with SELECT or WITH are allowed/],
    [
      "SELECT * FROM singer INTO OUTFILE '/tmp/x'",
      /^INTO is not allowed because it writes rows into a table or a file\.$/,
    ],
    ['DO 1', /^DO is not allowed because it evaluates expressions only for their side effects\.$/],
    ['SELECT * FROM mysql.user', /^The table mysql is not allowed because it is a system schema/],
  ])('rejects %s with a reason', async (sql, reason) => {
    const dryRun = new ScriptedDryRun();
    const report = await validator(dryRun).validator.validate(sql);
    expect(report.status).toBe('failed');
    expect(report.errors[0]?.kind).toBe('policy');
    expect(report.errors.some((issue) => reason.test(issue.message))).toBe(true);
    expect(dryRun.statements).toEqual([]);
  });

  it('rejects every statement of the hostile corpus before anything reaches the server', async () => {
    const dryRun = new ScriptedDryRun();
    const { validator: instance } = validator(dryRun);
    const passed: string[] = [];
    for (const entry of MYSQL_HOSTILE_CORPUS) {
      const report = await instance.validate(entry.sql);
      if (report.status !== 'failed' || report.errors.length === 0) passed.push(entry.sql);
      for (const issue of report.errors) expect(issue.message).toMatch(/^\S.*[.?]$/);
    }
    expect(passed).toEqual([]);
    expect(dryRun.statements).toEqual([]);
  });
});
