import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckdbProvider } from './duckdb-provider.js';
import { createDuckdbFixture, createTempDir, type DuckdbFixture } from './test-support/duckdb-fixture.js';

describe('DuckDB validation', () => {
  const temp = createTempDir();
  let fixture: DuckdbFixture;
  let provider: DuckdbProvider;

  beforeAll(async () => {
    fixture = await createDuckdbFixture(temp.dir);
    provider = await DuckdbProvider.open({ id: 'shop', database: fixture.database, files: fixture.files });
  });
  afterAll(async () => {
    await provider.close();
    temp.remove();
  });

  const errorsOf = async (query: string) => (await provider.validate(query)).errors;
  const sql = (text: string) => text.replaceAll('$CSV', fixture.csv).replaceAll('$GLOB', fixture.glob);

  describe('accepts read-only queries', () => {
    it.each([
      [
        'a join with aliases',
        'SELECT c.name, o.amount FROM customers AS c JOIN orders o ON o.customer_id = c.customer_id',
      ],
      [
        'a CTE and its columns',
        'WITH rich AS (SELECT customer_id, sum(amount) AS total FROM orders GROUP BY 1) SELECT total FROM rich',
      ],
      [
        'a recursive CTE',
        'WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 10) SELECT sum(x) FROM c',
      ],
      [
        'a correlated subquery',
        'SELECT name FROM customers c WHERE EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = c.customer_id)',
      ],
      [
        'set operations',
        'SELECT name FROM customers UNION SELECT status FROM orders INTERSECT SELECT status FROM orders EXCEPT SELECT 1::VARCHAR',
      ],
      [
        'QUALIFY on a window function',
        'SELECT customer_id, amount FROM orders QUALIFY row_number() OVER (PARTITION BY customer_id ORDER BY amount DESC) = 1',
      ],
      ['GROUP BY ALL and ORDER BY ALL', 'SELECT country, count(*) FROM customers GROUP BY ALL ORDER BY ALL'],
      ['FROM-first syntax', 'FROM customers SELECT name WHERE vip'],
      ['FROM alone', 'FROM customers'],
      [
        'star EXCLUDE, REPLACE and RENAME',
        'SELECT * EXCLUDE (email) REPLACE (upper(name) AS name) FROM customers',
      ],
      [
        'lists, structs and lambdas',
        "SELECT [1, 2, 3] AS l, {'a': 1} AS s, list_transform(tags, t -> upper(t)) FROM people",
      ],
      [
        'integer division, intervals, casts and ILIKE',
        "SELECT 7 // 2, ordered_at + INTERVAL 1 MONTH, amount::DOUBLE FROM orders WHERE status ILIKE 'PA%'",
      ],
      [
        'date_trunc and strftime',
        "SELECT date_trunc('month', ordered_at) AS m, strftime(ordered_at, '%Y') FROM orders",
      ],
      ['VALUES', 'VALUES (1, 2), (3, 4)'],
      ['PIVOT inside FROM', "SELECT * FROM orders PIVOT (sum(amount) FOR status IN ('paid', 'refunded'))"],
      ['file-backed tables', 'SELECT region, sum(amount) FROM sales_2024 JOIN logs ON true GROUP BY region'],
      [
        'a table in another schema, bare and qualified',
        'SELECT p.title FROM products p JOIN inventory.products q USING (sku)',
      ],
      ['fully qualified names', 'SELECT count(*) FROM shop.main.customers, memory.main.sales_2024'],
      ['read_csv of a configured file', "SELECT * FROM read_csv('$CSV', header = true)"],
      ['a configured file read by name in FROM', "SELECT * FROM '$CSV'"],
      [
        'the configured glob and a file it matches',
        "SELECT * FROM read_csv('$GLOB') UNION ALL SELECT * FROM read_csv_auto(['$GLOB'])",
      ],
      [
        'range, generate_series and unnest',
        'SELECT * FROM range(3) r, generate_series(1, 2) g, unnest([1, 2]) u',
      ],
      ['columns named like statements', 'SELECT 1 AS load, 2 AS show, 3 AS call, 4 AS export, 5 AS set'],
      ['comments and a trailing semicolon', '/* report */ SELECT name -- who\nFROM customers;'],
      ['escape strings and dollar quotes', "SELECT E'it\\'s', $$a;b$$ FROM customers"],
    ])('%s', async (_name, query) => {
      const report = await provider.validate(sql(query));
      expect(report.errors).toEqual([]);
      expect(report.status).toBe('passed');
    });
  });

  it('reads DuckDB-only syntax with DuckDB itself, without warnings', async () => {
    expect(await provider.validate('FROM customers SELECT name')).toEqual({
      status: 'passed',
      errors: [],
      warnings: [],
    });
  });

  it('lists every unknown name when the query can be parsed, not only the first DuckDB reports', async () => {
    const errors = await errorsOf('SELECT nme, contry FROM customers JOIN ordrs ON true');
    expect(errors.map((issue) => [issue.kind, issue.suggestions])).toEqual([['unknown_table', ['orders']]]);
    const columns = await errorsOf('SELECT nme, contry FROM customers');
    expect(columns.map((issue) => issue.suggestions)).toEqual([['name'], ['country']]);
  });

  it('reports a syntax error with its position', async () => {
    expect(await errorsOf('SELECT name FROM WHERE')).toEqual([
      {
        kind: 'syntax',
        message: 'DuckDB cannot parse the query: syntax error at or near "WHERE".',
        position: 18,
      },
    ]);
  });

  it('suggests tables for an unknown table', async () => {
    expect(await errorsOf('SELECT * FROM customer')).toEqual([
      {
        kind: 'unknown_table',
        message: 'no table "customer"; did you mean "customers" or "customers_2"?',
        suggestions: ['customers', 'customers_2'],
        position: 15,
      },
    ]);
    expect(await errorsOf('SELECT * FROM inventory.prods')).toMatchObject([
      { kind: 'unknown_table', suggestions: ['products'] },
    ]);
  });

  it('suggests columns for an unknown column, parsed or not', async () => {
    expect(await errorsOf('SELECT nme FROM customers')).toEqual([
      {
        kind: 'unknown_column',
        message: 'no column "nme" in customers; did you mean "name"?',
        suggestions: ['name'],
        position: 8,
      },
    ]);
    expect(await errorsOf('FROM customers SELECT countr')).toEqual([
      expect.objectContaining({ kind: 'unknown_column', suggestions: ['country'] }),
    ]);
    expect(await errorsOf('SELECT c.emial FROM customers c')).toEqual([
      expect.objectContaining({ kind: 'unknown_column', suggestions: ['email'] }),
    ]);
  });

  it('explains that double quotes name a column', async () => {
    const [issue] = await errorsOf('SELECT name FROM customers WHERE country = "France"');
    expect(issue?.kind).toBe('unknown_column');
    expect(issue?.message).toContain("write a text value in single quotes: 'France'");
  });

  it('reports an unknown function with DuckDB’s suggestion', async () => {
    expect(await errorsOf('SELECT flor(amount) FROM orders')).toEqual([
      expect.objectContaining({
        kind: 'unknown_function',
        message: expect.stringContaining('no function flor()'),
      }),
    ]);
  });

  it('reports a type error from the binder', async () => {
    const [issue] = await errorsOf('SELECT amount + ordered_at FROM orders');
    expect(issue?.kind).toBe('dry_run');
    expect(issue?.message).toMatch(/^DuckDB rejected the query: /);
  });

  it('refuses bound parameters', async () => {
    expect(await errorsOf('SELECT * FROM customers WHERE customer_id = $1')).toEqual([
      expect.objectContaining({ kind: 'syntax', message: expect.stringContaining('bound parameter $1') }),
    ]);
  });

  it('applies the file rule to a path-like name even when a CTE has that name', async () => {
    const [issue] = await errorsOf('WITH "/etc/passwd" AS (SELECT 1) SELECT * FROM "/etc/passwd"');
    expect(issue).toMatchObject({ kind: 'policy' });
    expect(issue?.message).toContain('/etc/passwd');
  });

  it('skips the dry run when asked and still checks names', async () => {
    expect((await provider.validate('SELECT name FROM customers', { dryRun: false })).status).toBe('passed');
    expect((await provider.validate('SELECT nme FROM customers', { dryRun: false })).status).toBe('failed');
  });

  it('refuses a query longer than the limit', async () => {
    const short = await DuckdbProvider.open({ id: 'short', files: [fixture.csv], maxQueryLength: 20 });
    try {
      expect(await short.validate('SELECT region, amount FROM sales_2024')).toMatchObject({
        status: 'failed',
        errors: [{ kind: 'policy', message: expect.stringContaining('at most 20') }],
      });
    } finally {
      await short.close();
    }
  });

  it('validates concurrently on its own connections', async () => {
    const reports = await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        provider.validate(
          index % 2 === 0 ? `SELECT ${index} FROM customers` : `SELECT nme${index} FROM customers`,
        ),
      ),
    );
    expect(reports.map((report) => report.status)).toEqual(
      Array.from({ length: 20 }, (_, index) => (index % 2 === 0 ? 'passed' : 'failed')),
    );
  });
});
