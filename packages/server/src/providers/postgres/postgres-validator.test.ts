import { describe, expect, it } from 'vitest';
import { PostgresValidator } from './postgres-validator.js';
import { POSTGRES_HOSTILE_CORPUS } from './test-support/postgres-hostile-corpus.js';
import { FIXTURE_SCHEMA } from './test-support/postgres-schema.js';

// No driver: everything but the dry run (parse, policy, names) runs without a database.
const validator = new PostgresValidator({ schemas: ['public', 'sales'], database: 'shop' });
validator.useSchema(FIXTURE_SCHEMA);
const validate = (sql: string) => validator.validate(sql, { dryRun: false });

describe('PostgresValidator without a database', () => {
  it.each([
    "SELECT name, country FROM customers WHERE mood = 'happy' ORDER BY name LIMIT 10",
    'WITH spent AS (SELECT customer_id, sum(total) AS total FROM orders GROUP BY customer_id) SELECT c.name, s.total FROM customers c JOIN spent s ON s.customer_id = c.id',
    '(SELECT name FROM customers) UNION (SELECT name FROM big_orders) ORDER BY 1',
    'SELECT * FROM (SELECT country, count(*) AS n FROM customers GROUP BY country) t WHERE t.n > 1',
    "VALUES (1, 'a'), (2, 'b')",
    'TABLE sales.regions',
    "SELECT date_trunc('month', ordered_on) AS month, sum(total) FROM orders WHERE ordered_on >= current_date - INTERVAL '1 year' GROUP BY 1 ORDER BY 1 NULLS LAST;",
    "SELECT name FROM customers WHERE name ILIKE '%a%' -- a trailing comment",
    "SELECT 'DELETE FROM orders; DROP TABLE x' AS harmless_text, $$COPY$$ AS more",
    "SELECT id, total::numeric / 3 FROM orders WHERE payload ? 'gift'",
  ])('accepts %s', async (sql) => {
    expect(await validate(sql)).toEqual({ status: 'passed', errors: [], warnings: [] });
  });

  it('reports a syntax error with its 1-based position', async () => {
    expect(await validate('SELECT name FROM WHERE x')).toEqual({
      status: 'failed',
      errors: [
        {
          kind: 'syntax',
          message: 'PostgreSQL cannot parse the query: syntax error at or near "WHERE".',
          position: 18,
        },
      ],
      warnings: [],
    });
  });

  it('rejects a second statement after a semicolon, naming where it starts', async () => {
    const report = await validate('SELECT 1; SELECT 2');
    expect(report.status).toBe('failed');
    expect(report.errors).toEqual([
      { kind: 'policy', message: 'Only one statement is allowed, but the query has 2.', position: 11 },
    ]);
  });

  it('reports unknown tables and columns with suggestions', async () => {
    expect((await validate('SELECT * FROM ordrs')).errors[0]).toMatchObject({
      kind: 'unknown_table',
      suggestions: ['orders'],
      position: 15,
    });
    expect((await validate('SELECT o.totl FROM orders o')).errors[0]).toMatchObject({
      kind: 'unknown_column',
      message: 'no column "totl" in orders; did you mean "total"?',
      suggestions: ['total'],
    });
  });

  it('rejects writes, locks and denied functions with a reason as a sentence', async () => {
    const cases: Array<[string, RegExp]> = [
      [
        'WITH x AS (DELETE FROM orders RETURNING *) SELECT * FROM x',
        /WITH query "x" holding DELETE is not allowed because it changes data/,
      ],
      ['SELECT * INTO stolen FROM customers', /SELECT … INTO is not allowed because it creates a table/],
      ['SELECT * FROM orders FOR UPDATE', /^FOR UPDATE is not allowed because it locks rows/],
      [
        'SELECT pg_sleep(5)',
        /^The function pg_sleep\(\) is not allowed because it delays the query on purpose\.$/,
      ],
      [
        "COPY customers TO PROGRAM 'id'",
        /^COPY … PROGRAM is not allowed because it runs a shell command on the database server\.$/,
      ],
      ['SET ROLE postgres', /^SET ROLE is not allowed because it changes session settings\.$/],
      ['DO $$ BEGIN END $$', /^DO is not allowed because it runs an anonymous code block\.$/],
    ];
    for (const [sql, reason] of cases) {
      const report = await validate(sql);
      expect(report.status, sql).toBe('failed');
      expect(report.errors[0]?.kind, sql).toBe('policy');
      expect(report.errors[0]?.message, sql).toMatch(reason);
    }
  });

  it('does not repeat a token-policy reason the parse tree already gave', async () => {
    const report = await validate('SELECT * FROM orders FOR UPDATE');
    expect(report.errors.map((issue) => issue.message)).toEqual([
      'FOR UPDATE is not allowed because it locks rows (and needs write access).',
    ]);
  });

  it.each(POSTGRES_HOSTILE_CORPUS.map((entry) => [entry.why, entry.sql] as const))(
    'rejects %s',
    async (_why, sql) => {
      const report = await validate(sql);
      expect(report.status).toBe('failed');
      expect(report.errors[0]?.message).toMatch(/\S/);
    },
  );
});
