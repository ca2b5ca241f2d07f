import { loadModule, parseSync } from 'libpg-query';
import { beforeAll, describe, expect, it } from 'vitest';
import { bytePositionMapper } from './postgres-ast.js';
import { buildPostgresNameCatalog, checkPostgresNames } from './postgres-name-check.js';
import { FIXTURE_SCHEMA } from './test-support/postgres-schema.js';

const catalog = buildPostgresNameCatalog(FIXTURE_SCHEMA, ['public', 'sales'], 'shop');
const check = (sql: string) => checkPostgresNames(parseSync(sql), catalog, bytePositionMapper(sql));

beforeAll(async () => {
  await loadModule();
});

describe('checkPostgresNames', () => {
  it.each([
    'SELECT id, name FROM customers',
    'SELECT c.name, o.total FROM customers c JOIN orders o ON o.customer_id = c.id',
    'SELECT customers.name FROM customers',
    'SELECT public.customers.name FROM public.customers',
    'SELECT r.name, t.amount FROM regions r JOIN sales.targets t ON t.region_code = r.code',
    'SELECT sales.regions.code FROM sales.regions',
    'SELECT * FROM shop.public.customers',
    'WITH top AS (SELECT customer_id, sum(total) AS spent FROM orders GROUP BY customer_id) SELECT c.name, top.spent FROM top JOIN customers c ON c.id = top.customer_id',
    'WITH x(a, b) AS (SELECT id, name FROM customers) SELECT a, b FROM x',
    'WITH RECURSIVE c(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM c WHERE k < 5) SELECT k FROM c',
    'SELECT s.cnt FROM (SELECT count(*) AS cnt FROM orders) s',
    'SELECT s.count FROM (SELECT count(*) FROM orders) s',
    'SELECT name FROM customers UNION SELECT name FROM big_orders ORDER BY name',
    'SELECT id FROM orders o WHERE total > (SELECT avg(total) FROM orders i WHERE i.customer_id = o.customer_id)',
    'SELECT country, count(*) AS n FROM customers GROUP BY country ORDER BY n DESC NULLS LAST',
    'SELECT country AS land FROM customers GROUP BY land',
    'SELECT v.a FROM (VALUES (1, 2)) AS v(a, b)',
    'SELECT column1 FROM (VALUES (1)) v',
    'SELECT g FROM generate_series(1, 3) g',
    'SELECT g.n FROM generate_series(1, 3) AS g(n)',
    'SELECT x, o FROM generate_series(1, 3) WITH ORDINALITY AS g(x, o)',
    'SELECT key, value FROM orders, jsonb_each(orders.payload)',
    "SELECT r.a FROM json_to_record('{}') AS r(a int, b text)",
    'SELECT c.name, l.total FROM customers c, LATERAL (SELECT total FROM orders WHERE customer_id = c.id LIMIT 1) l',
    'SELECT c.* FROM customers c',
    "SELECT md5(string_agg(t::text, '' ORDER BY t::text)) FROM orders t",
    'SELECT "Label" FROM "MixedCase"',
    'SELECT "Email Address" FROM customers',
    'SELECT id FROM customers JOIN orders USING (id)',
    'SELECT DISTINCT ON (country) country, name FROM customers ORDER BY country, name',
    'SELECT count(*) FILTER (WHERE is_vip) OVER (PARTITION BY country ORDER BY id) FROM customers',
    'SELECT (payload).x FROM orders',
    'SELECT EXISTS (SELECT 1 FROM orders WHERE orders.customer_id = customers.id) FROM customers',
    'TABLE customers',
    'SELECT * FROM customers TABLESAMPLE SYSTEM (50)',
    'SELECT current_date, now()',
  ])('accepts %s', (sql) => {
    expect(check(sql)).toEqual([]);
  });

  it('reports an unknown table with a suggestion and its position', () => {
    expect(check('SELECT * FROM custmers')).toEqual([
      {
        kind: 'unknown_table',
        name: 'custmers',
        message: 'no table "custmers"; did you mean "customers"?',
        suggestions: ['customers'],
        position: 15,
      },
    ]);
  });

  it('reports an unknown column with the table it is missing from', () => {
    const [issue] = check('SELECT c.nme FROM customers c');
    expect(issue).toMatchObject({
      kind: 'unknown_column',
      message: 'no column "nme" in customers; did you mean "name"?',
      suggestions: ['name'],
      position: 8,
    });
    expect(check('SELECT totl FROM orders')[0]).toMatchObject({
      message: 'no column "totl" in orders; did you mean "total"?',
    });
  });

  it('explains case folding when only the letter case differs', () => {
    const [table] = check('SELECT * FROM MixedCase');
    expect(table?.message).toContain('did you mean "MixedCase"?');
    expect(table?.message).toContain('folded to lower case');
    const [column] = check('SELECT Label FROM "MixedCase"');
    expect(column?.suggestions).toEqual(['Label']);
  });

  it('refuses tables outside the configured schemas', () => {
    expect(check('SELECT * FROM secret.api_keys')[0]?.message).toContain('not one of the configured schemas');
    expect(check('SELECT * FROM pg_catalog.pg_class')[0]?.kind).toBe('unknown_table');
    expect(check('SELECT * FROM other_db.public.customers')[0]?.kind).toBe('unknown_table');
  });

  it('refuses the table name once the table has an alias', () => {
    expect(check('SELECT customers.name FROM customers c')[0]?.message).toBe(
      '"customers" is renamed to "c" in this query, so write c.name instead of customers.name',
    );
  });

  it('does not let a CTE column or a subquery alias leak out of its scope', () => {
    expect(
      check('SELECT spent FROM customers WHERE id IN (SELECT sum(total) AS spent FROM orders)')[0],
    ).toMatchObject({
      kind: 'unknown_column',
      name: 'spent',
    });
    expect(check('SELECT s.cnt FROM (SELECT count(*) FROM orders) s')[0]?.kind).toBe('unknown_column');
  });

  it('gives positions in characters when the query holds non-ASCII text', () => {
    const [issue] = check("SELECT 'Chloé', nme FROM customers");
    expect(issue?.position).toBe(17);
  });
});
