import type { ExecutionResult } from '@text2x/protocol';
import { afterAll, beforeAll, describe, expect, it, type TestContext } from 'vitest';
import type { ColumnSchema, Dialect, SchemaInfo, TableSchema } from '../../core/index.js';
import type { Provider, ProviderKind, RowBatch, StreamSummary } from '../provider.js';
import { createProvider } from '../provider-registry.js';
import type { ContractTarget } from './test-support/contract-target.js';
import { describeSafetyCorpus } from './test-support/safety-corpus-runner.js';
import {
  COUNTRIES,
  EVENT_ROWS,
  ODD_NUMBER_COLUMN,
  ODD_ROWS,
  ODD_TABLE,
  ODD_TEXT_COLUMN,
  ORDER_STATUSES,
  SHOP_COMMENTS,
  SHOP_ROW_COUNTS,
  SHOP_TABLES,
  SHOP_VIEW,
} from './test-support/shop-fixture.js';

/** Opens the engine with the shop fixture loaded; called once per test file. */
export type ProviderContractSetup = () => Promise<ContractTarget>;

const DIALECT: Record<ProviderKind, Dialect> = {
  sqlite: 'sqlite',
  postgres: 'postgres',
  mysql: 'mysql',
  duckdb: 'duckdb',
};

/** Queries every dialect reads the same way, with the rows the fixture gives. */
const PORTABLE_QUERIES: ReadonlyArray<{ name: string; sql: string; rows: string[][]; ordered: boolean }> = [
  {
    name: 'a join with GROUP BY',
    sql: 'SELECT c.name, COUNT(o.order_id) AS order_count FROM customers c JOIN orders o ON o.customer_id = c.customer_id GROUP BY c.name ORDER BY order_count DESC, c.name',
    rows: [
      ['Grace Hopper', '3'],
      ['Ada Lovelace', '2'],
      ['Barbara Liskov', '2'],
      ['John Backus', '2'],
      ['Alan Turing', '1'],
      ['Donald Knuth', '1'],
      ['Frances Allen', '1'],
    ],
    ordered: true,
  },
  {
    name: 'a CTE',
    sql: 'WITH totals AS (SELECT order_id, SUM(quantity * unit_price) AS total FROM order_items GROUP BY order_id) SELECT COUNT(*) AS big_orders FROM totals WHERE total > 100',
    rows: [['7']],
    ordered: true,
  },
  {
    name: 'a subquery',
    sql: 'SELECT name FROM customers WHERE customer_id NOT IN (SELECT customer_id FROM orders) ORDER BY name',
    rows: [['Edsger Dijkstra']],
    ordered: true,
  },
  {
    name: 'a UNION',
    sql: "SELECT country AS label FROM customers WHERE country = 'Brazil' UNION SELECT category FROM products WHERE category = 'books'",
    rows: [['Brazil'], ['books']],
    ordered: false,
  },
  {
    name: 'the view',
    sql: `SELECT name, order_count FROM ${SHOP_VIEW} WHERE order_count = 0`,
    rows: [['Edsger Dijkstra', '0']],
    ordered: true,
  },
];

/**
 * The contract every provider runs, against the shop fixture loaded in its engine: introspection,
 * validation, execution, streaming (when the provider has `stream`) and the safety corpus. The
 * provider is opened through `createProvider`, so the registry is exercised too. A part the
 * provider declares absent in its capabilities is skipped with the reason printed.
 *
 *   describeProviderContract('sqlite', createSqliteContractTarget);
 */
export function describeProviderContract(kind: ProviderKind, setup: ProviderContractSetup): void {
  describe(`the ${kind} provider contract`, () => {
    let target: ContractTarget | undefined;
    let opened: Provider | undefined;
    let introspected: SchemaInfo | undefined;

    const provider = (): Provider => {
      if (opened === undefined) throw new Error(`the ${kind} provider did not open`);
      return opened;
    };
    const fixture = (): ContractTarget => {
      if (target === undefined) throw new Error(`the ${kind} fixture was not created`);
      return target;
    };
    const schema = (): SchemaInfo => {
      if (introspected === undefined) throw new Error(`the ${kind} provider did not introspect`);
      return introspected;
    };
    const table = (name: string): TableSchema => {
      const found = findTable(schema(), name);
      if (found === undefined) throw new Error(`introspection has no table "${name}"`);
      return found;
    };
    const column = (tableName: string, name: string): ColumnSchema => {
      const found = table(tableName).columns.find((candidate) => candidate.name === name);
      if (found === undefined) throw new Error(`introspection has no column ${tableName}.${name}`);
      return found;
    };
    const skipBecause = (context: TestContext, reason: string): never => {
      process.stdout.write(`[${kind} contract] skipped "${context.task.name}": ${reason}\n`);
      return context.skip(reason);
    };
    const run = (sql: string, maxRows = 1000): Promise<ExecutionResult> =>
      provider().execute(sql, { maxRows, timeoutMs: 30_000 });

    beforeAll(async () => {
      target = await setup();
      opened = await createProvider(target.config);
      introspected = await opened.introspect();
    });

    afterAll(async () => {
      await opened?.close();
      await target?.dispose();
    });

    describe('identity', () => {
      it('reports its id, kind, dialect, capabilities and dialect notes', () => {
        expect(provider().id).toBe(fixture().config.id);
        expect(provider().kind).toBe(kind);
        expect(provider().dialect).toBe(DIALECT[kind]);
        expect(schema().dialect).toBe(DIALECT[kind]);
        for (const capability of ['dryRun', 'cancellation', 'rowCounts'] as const)
          expect(typeof provider().capabilities[capability]).toBe('boolean');
        expect(provider().dialectNotes.length).toBeGreaterThan(0);
        for (const note of provider().dialectNotes) expect(note.trim()).not.toBe('');
      });
    });

    describe('introspection', () => {
      it('lists the tables and the view, each once, with their kinds', () => {
        for (const { name } of SHOP_TABLES) expect(table(name).kind).toBe('table');
        expect(table(SHOP_VIEW).kind).toBe('view');
        const names = schema().tables.map((entry) => entry.name);
        expect(new Set(names).size).toBe(names.length);
      });

      it('lists columns in declaration order with a declared type and a category', () => {
        expect(table('customers').columns.map((entry) => entry.name)).toEqual([
          'customer_id',
          'name',
          'email',
          'country',
          'signup_date',
          'is_active',
        ]);
        expect(table(SHOP_VIEW).columns.map((entry) => entry.name)).toEqual([
          'customer_id',
          'name',
          'order_count',
        ]);
        // A view's computed column may have no declared type (SQLite), a table's column always has one.
        for (const entry of schema().tables.filter((item) => item.kind === 'table'))
          for (const item of entry.columns)
            expect(item.type.trim(), `${entry.name}.${item.name}`).not.toBe('');
        const categories: Array<[string, string, ColumnSchema['category']]> = [
          ['customers', 'customer_id', 'number'],
          ['customers', 'name', 'text'],
          ['customers', 'country', 'text'],
          ['customers', 'signup_date', 'date'],
          ['customers', 'is_active', 'boolean'],
          ['products', 'price', 'number'],
          ['orders', 'order_date', 'date'],
          ['orders', 'status', 'text'],
          ['order_items', 'quantity', 'number'],
          ['events', 'amount', 'number'],
          [SHOP_VIEW, 'order_count', 'number'],
        ];
        expect(
          categories.map(([tableName, name]) => [tableName, name, column(tableName, name).category]),
        ).toEqual(categories);
      });

      it('reports nullability and primary keys, including a composite key in order', () => {
        expect(column('customers', 'name').nullable).toBe(false);
        expect(column('customers', 'email').nullable).toBe(true);
        expect(table('customers').primaryKey).toEqual(['customer_id']);
        expect(column('customers', 'customer_id').primaryKey).toBe(true);
        expect(column('customers', 'name').primaryKey).toBe(false);
        expect(table('order_items').primaryKey).toEqual(['order_id', 'product_id']);
        expect(table('events').primaryKey).toEqual(['event_id']);
      });

      it('reports foreign keys with the referenced table and columns', () => {
        const keysOf = (name: string): string[] =>
          table(name)
            .foreignKeys.map(
              (key) =>
                `${key.columns.join(',')} -> ${baseName(key.referencedTable)}(${key.referencedColumns.join(',')})`,
            )
            .sort();
        expect(keysOf('orders')).toEqual(['customer_id -> customers(customer_id)']);
        expect(keysOf('order_items')).toEqual([
          'order_id -> orders(order_id)',
          'product_id -> products(product_id)',
        ]);
        expect(keysOf('customers')).toEqual([]);
      });

      it('returns table and column comments as descriptions', (context) => {
        const reason = fixture().noCommentsReason;
        if (reason !== undefined) skipBecause(context, reason);
        expect(table('customers').description).toBe(SHOP_COMMENTS.customersTable);
        expect(column('customers', 'country').description).toBe(SHOP_COMMENTS.countryColumn);
        expect(column('customers', 'email').description ?? '').toBe('');
      });

      it('reports row counts of tables (exact or estimated)', (context) => {
        if (!provider().capabilities.rowCounts)
          skipBecause(context, 'the provider declares the rowCounts capability absent');
        for (const { name } of SHOP_TABLES) {
          const expected = SHOP_ROW_COUNTS[name] ?? 0;
          const counted = table(name).rowCount;
          expect(counted, `row count of ${name}`).toBeDefined();
          expect(Math.abs((counted ?? 0) - expected), `row count of ${name}: ${counted}`).toBeLessThanOrEqual(
            Math.max(2, expected * 0.5),
          );
        }
      });

      it('gives sample values of low-cardinality text columns, most frequent first', () => {
        const statuses = column('orders', 'status').sampleValues ?? [];
        expect(statuses[0]).toBe('delivered');
        expect([...statuses].sort()).toEqual([...ORDER_STATUSES].sort());
        const countries = column('customers', 'country').sampleValues ?? [];
        expect(countries[0]).toBe('France');
        expect([...countries].sort()).toEqual([...COUNTRIES].sort());
        expect([...(column('events', 'kind').sampleValues ?? [])].sort()).toEqual(['buy', 'click', 'view']);
      });

      it('reads a table whose names hold quotes, a backtick, a semicolon and a comment marker', () => {
        const odd = table(ODD_TABLE);
        expect(odd.columns.map((entry) => entry.name)).toEqual([ODD_TEXT_COLUMN, ODD_NUMBER_COLUMN]);
        expect([...(column(ODD_TABLE, ODD_TEXT_COLUMN).sampleValues ?? [])].sort()).toEqual(
          ODD_ROWS.map(([text]) => text).sort(),
        );
        if (provider().capabilities.rowCounts) expect(odd.rowCount).toBe(ODD_ROWS.length);
      });

      it('stops with CANCELLED when its signal has already aborted', async () => {
        await expect(provider().introspect(AbortSignal.abort())).rejects.toMatchObject({ code: 'CANCELLED' });
      });
    });

    describe('validation', () => {
      it.each(PORTABLE_QUERIES.map((query) => [query.name, query.sql] as const))(
        'passes %s',
        async (_name, sql) => {
          const report = await provider().validate(sql);
          expect(report.errors).toEqual([]);
          expect(report.status).toBe('passed');
        },
      );

      it('passes the same queries without the dry run', async () => {
        for (const query of PORTABLE_QUERIES)
          expect((await provider().validate(query.sql, { dryRun: false })).status).toBe('passed');
      });

      it('reports a syntax error, with a position inside the query when it gives one', async () => {
        for (const sql of [
          'SELECT name FROM customers WHERE',
          'SELECT name FROM FROM customers',
          "SELECT name FROM customers WHERE (name = 'x'",
        ]) {
          const report = await provider().validate(sql);
          expect(report.status, sql).toBe('failed');
          const [issue] = report.errors;
          expect(issue?.kind, sql).toBe('syntax');
          expect(issue?.message.trim(), sql).not.toBe('');
          if (issue?.position !== undefined) {
            expect(issue.position, sql).toBeGreaterThanOrEqual(1);
            expect(issue.position, sql).toBeLessThanOrEqual(sql.length + 1);
          } else {
            process.stdout.write(`[${kind} contract] note: no position for the syntax error in "${sql}"\n`);
          }
        }
      });

      it('reports an unknown table with suggestions', async () => {
        const report = await provider().validate('SELECT name FROM customer');
        expect(report.status).toBe('failed');
        const issue = report.errors.find((entry) => entry.kind === 'unknown_table');
        expect(issue, JSON.stringify(report.errors)).toBeDefined();
        expect((issue?.suggestions ?? []).map(baseName)).toContain('customers');
      });

      it('reports an unknown column with suggestions, plain and qualified', async () => {
        for (const [sql, expected] of [
          ['SELECT nme FROM customers', 'name'],
          ['SELECT c.emial FROM customers c', 'email'],
          ['SELECT o.statsu FROM orders o JOIN customers c ON c.customer_id = o.customer_id', 'status'],
        ] as const) {
          const report = await provider().validate(sql);
          expect(report.status, sql).toBe('failed');
          const issue = report.errors.find((entry) => entry.kind === 'unknown_column');
          expect(issue, `${sql}: ${JSON.stringify(report.errors)}`).toBeDefined();
          expect(issue?.suggestions ?? [], sql).toContain(expected);
        }
      });

      it('rejects writes, a second statement and a schema change with a policy reason', async () => {
        for (const sql of [
          'DELETE FROM customers',
          "UPDATE customers SET name = 'x'",
          'DROP TABLE customers',
          'SELECT 1; DROP TABLE customers',
          'CREATE TABLE text2x_contract_x (a INTEGER)',
        ]) {
          const report = await provider().validate(sql);
          expect(report.status, sql).toBe('failed');
          expect(report.errors[0]?.kind, sql).toBe('policy');
          expect(report.errors[0]?.message.length ?? 0, sql).toBeGreaterThan(10);
        }
      });

      it('returns a failed report, never throws, for empty and garbage input', async () => {
        for (const sql of ['', '   ', ';', 'garbage', 'SELECT (', "SELECT 'unterminated", '\u0000']) {
          const report = await provider().validate(sql);
          expect(report.status, JSON.stringify(sql)).toBe('failed');
          expect(report.errors.length, JSON.stringify(sql)).toBeGreaterThan(0);
        }
      });

      it('does not run the query it validates', async () => {
        const sql = fixture().slowQuery.replace('$marker', 'text2x-contract-validate');
        const started = performance.now();
        const report = await provider().validate(sql);
        expect(report.errors).toEqual([]);
        expect(performance.now() - started).toBeLessThan(5_000);
      });

      it('stops with CANCELLED when its signal has already aborted', async () => {
        await expect(provider().validate('SELECT 1', { signal: AbortSignal.abort() })).rejects.toMatchObject({
          code: 'CANCELLED',
        });
      });
    });

    describe('execution', () => {
      it.each(PORTABLE_QUERIES.map((query) => [query.name, query] as const))(
        'returns the fixture rows for %s',
        async (_name, query) => {
          const result = await run(query.sql);
          expect(result.error).toBeUndefined();
          expect(result.success).toBe(true);
          const rows = result.rows.map((row) => row.map(normalizeValue));
          expect(query.ordered ? rows : [...rows].sort(compareRows)).toEqual(
            query.ordered ? query.rows : [...query.rows].sort(compareRows),
          );
          expect(result.row_count).toBe(query.rows.length);
          expect(result.truncated).toBe(false);
        },
      );

      it('validates and runs a query on names that need quoting, quoted for its dialect', async () => {
        const quote = (name: string): string => fixture().quoteIdentifier(name);
        const sql = `SELECT o.${quote(ODD_TEXT_COLUMN)}, o.${quote(ODD_NUMBER_COLUMN)} FROM ${quote(ODD_TABLE)} o ORDER BY o.${quote(ODD_NUMBER_COLUMN)}`;
        expect((await provider().validate(sql)).errors).toEqual([]);
        const result = await run(sql);
        expect(result.columns.map((entry) => entry.name)).toEqual([ODD_TEXT_COLUMN, ODD_NUMBER_COLUMN]);
        expect(result.rows.map((row) => row.map(normalizeValue))).toEqual(
          ODD_ROWS.map(([text, number]) => [text, String(number)]),
        );
      });

      it('stops at max_rows and sets truncated', async () => {
        const result = await run('SELECT event_id FROM events ORDER BY event_id', 1000);
        expect(result.success).toBe(true);
        expect(result.rows).toHaveLength(1000);
        expect(result.row_count).toBe(1000);
        expect(result.truncated).toBe(true);
        expect(normalizeValue(result.rows[0]?.[0])).toBe('1');
        expect(normalizeValue(result.rows[999]?.[0])).toBe('1000');
      });

      it('does not set truncated when the result has exactly max_rows rows', async () => {
        const result = await run('SELECT event_id FROM events WHERE event_id <= 500', 500);
        expect(result.rows).toHaveLength(500);
        expect(result.truncated).toBe(false);
      });

      it('returns 20,000 rows of three columns when max_rows allows it', async () => {
        const result = await run('SELECT event_id, kind, amount FROM events WHERE event_id <= 20000', 20_000);
        expect(result.row_count).toBe(20_000);
        expect(result.rows).toHaveLength(20_000);
        expect(result.truncated).toBe(false);
      });

      it('reports column names and database types', async () => {
        const result = await run(
          'SELECT c.customer_id, c.name, c.signup_date, p.price FROM customers c CROSS JOIN products p WHERE p.product_id = 1 ORDER BY c.customer_id',
        );
        expect(result.columns.map((entry) => entry.name)).toEqual([
          'customer_id',
          'name',
          'signup_date',
          'price',
        ]);
        const [id, name, date, price] = result.columns.map((entry) => entry.type);
        expect(id).toMatch(/int|long|num/i);
        expect(name).toMatch(/char|text|string/i);
        expect(date).toMatch(/date/i);
        expect(price).toMatch(/dec|num|real|double|float/i);
      });

      it('returns JSON values: numbers, strings, booleans and null, dates as ISO text', async () => {
        const result = await run(
          'SELECT customer_id, name, email, signup_date, is_active FROM customers ORDER BY customer_id',
        );
        for (const row of result.rows)
          for (const value of row)
            expect(
              value === null || ['string', 'number', 'boolean'].includes(typeof value),
              String(value),
            ).toBe(true);
        expect(String(result.rows[0]?.[3])).toMatch(/^2023-01-15/);
        expect(result.rows[3]?.[2]).toBeNull();
        expect(JSON.parse(JSON.stringify(result.rows))).toEqual(result.rows);
      });

      it('returns a runtime error as {success: false} with a message', async () => {
        const result = await run(fixture().runtimeErrorQuery);
        expect(result.success).toBe(false);
        expect(result.error?.trim() ?? '').not.toBe('');
        expect(result.rows).toEqual([]);
      });

      it('throws QUERY_REJECTED for a write, with the reason', async () => {
        await expect(run('DELETE FROM customers')).rejects.toMatchObject({
          code: 'QUERY_REJECTED',
          message: expect.stringMatching(/\S/) as unknown,
        });
      });

      it('runs several queries at once', async () => {
        const results = await Promise.all(
          Array.from({ length: 6 }, (_, index) =>
            run(`SELECT COUNT(*) AS n FROM events WHERE amount = ${index}`),
          ),
        );
        expect(results.map((result) => normalizeValue(result.rows[0]?.[0]))).toEqual(Array(6).fill('1000'));
      });

      it('stops a query at the time limit with EXECUTION_TIMEOUT, in the database too', async () => {
        const marker = `text2x-contract-timeout-${process.pid}`;
        const started = performance.now();
        await expect(
          provider().execute(fixture().slowQuery.replace('$marker', marker), { maxRows: 10, timeoutMs: 500 }),
        ).rejects.toMatchObject({ code: 'EXECUTION_TIMEOUT' });
        expect(performance.now() - started).toBeLessThan(5_500);
        await expectStopped(fixture(), marker);
        expect(normalizeValue((await run('SELECT COUNT(*) FROM customers')).rows[0]?.[0])).toBe('8');
      });

      it('stops every query of a burst larger than its pool at the time limit, and keeps working', async () => {
        const marker = `text2x-contract-burst-${process.pid}`;
        const started = performance.now();
        const outcomes = await Promise.allSettled(
          Array.from({ length: 8 }, (_, index) =>
            provider().execute(fixture().slowQuery.replace('$marker', `${marker}-${index}`), {
              maxRows: 10,
              timeoutMs: 500,
            }),
          ),
        );
        for (const outcome of outcomes) {
          expect(outcome.status).toBe('rejected');
          if (outcome.status === 'rejected')
            expect(outcome.reason).toMatchObject({ code: 'EXECUTION_TIMEOUT' });
        }
        expect(performance.now() - started).toBeLessThan(15_000);
        await expectStopped(fixture(), marker);
        expect(normalizeValue((await run('SELECT COUNT(*) FROM customers')).rows[0]?.[0])).toBe('8');
      });

      it('stops a running query with CANCELLED when its signal aborts, in the database too', async (context) => {
        if (!provider().capabilities.cancellation)
          skipBecause(context, 'the provider declares the cancellation capability absent');
        const marker = `text2x-contract-cancel-${process.pid}`;
        const controller = new AbortController();
        const started = performance.now();
        const running = provider().execute(fixture().slowQuery.replace('$marker', marker), {
          maxRows: 10,
          timeoutMs: 60_000,
          signal: controller.signal,
        });
        setTimeout(() => controller.abort(), 300);
        await expect(running).rejects.toMatchObject({ code: 'CANCELLED' });
        expect(performance.now() - started).toBeLessThan(5_000);
        await expectStopped(fixture(), marker);
        expect(normalizeValue((await run('SELECT COUNT(*) FROM customers')).rows[0]?.[0])).toBe('8');
      });

      it('throws CANCELLED at once when its signal has already aborted', async (context) => {
        if (!provider().capabilities.cancellation)
          skipBecause(context, 'the provider declares the cancellation capability absent');
        await expect(
          provider().execute('SELECT 1', { maxRows: 1, timeoutMs: 1000, signal: AbortSignal.abort() }),
        ).rejects.toMatchObject({ code: 'CANCELLED' });
      });
    });

    describe('streaming', () => {
      const streamOf = (context: TestContext): NonNullable<Provider['stream']> => {
        const current = provider();
        if (current.stream === undefined)
          return skipBecause(context, 'the provider has no stream(); callers chunk execute() instead');
        return (query, options) => current.stream!(query, options);
      };

      it('yields every row in batches of at most batch_size with the same columns, then the summary', async (context) => {
        const stream = streamOf(context);
        const collected = await drain(
          stream('SELECT event_id, kind FROM events WHERE event_id <= 10000 ORDER BY event_id', {
            maxRows: 20_000,
            timeoutMs: 30_000,
            batchSize: 1000,
          }),
        );
        expect(collected.rows).toBe(10_000);
        expect(collected.largestBatch).toBeLessThanOrEqual(1000);
        expect(collected.batches).toBeGreaterThanOrEqual(10);
        expect(collected.lastValue).toBe('10000');
        for (const columns of collected.columnNames) expect(columns).toEqual(['event_id', 'kind']);
        expect(collected.summary).toMatchObject({ rowCount: 10_000, truncated: false });
        expect(collected.summary.columns.map((entry) => entry.name)).toEqual(['event_id', 'kind']);
      });

      it('stops at max_rows and sets truncated', async (context) => {
        const stream = streamOf(context);
        const collected = await drain(
          stream('SELECT event_id FROM events', { maxRows: 1234, timeoutMs: 30_000, batchSize: 500 }),
        );
        expect(collected.rows).toBe(1234);
        expect(collected.summary).toMatchObject({ rowCount: 1234, truncated: true });
      });

      it('returns the columns when no row comes back', async (context) => {
        const stream = streamOf(context);
        const collected = await drain(
          stream('SELECT event_id, amount FROM events WHERE event_id < 0', {
            maxRows: 10,
            timeoutMs: 30_000,
            batchSize: 10,
          }),
        );
        expect(collected.rows).toBe(0);
        expect(collected.summary.columns.map((entry) => entry.name)).toEqual(['event_id', 'amount']);
      });

      it('stops when the consumer leaves early, and the provider keeps working', async (context) => {
        const stream = streamOf(context);
        let seen = 0;
        for await (const batch of stream('SELECT event_id FROM events', {
          maxRows: EVENT_ROWS,
          timeoutMs: 30_000,
          batchSize: 100,
        })) {
          seen += batch.rows.length;
          if (seen >= 300) break;
        }
        expect(seen).toBe(300);
        expect(normalizeValue((await run('SELECT COUNT(*) FROM events')).rows[0]?.[0])).toBe(
          String(EVENT_ROWS),
        );
      });

      it('stops the query in the database when the consumer leaves a long result early', async (context) => {
        const stream = streamOf(context);
        const marker = `text2x-contract-stream-leave-${process.pid}`;
        let seen = 0;
        for await (const batch of stream(
          `SELECT '${marker}' AS marker, a.event_id, b.event_id AS other FROM events a CROSS JOIN events b`,
          { maxRows: 1_000_000_000, timeoutMs: 60_000, batchSize: 100 },
        )) {
          seen += batch.rows.length;
          if (seen >= 200) break;
        }
        expect(seen).toBeGreaterThanOrEqual(200);
        await expectStopped(fixture(), marker);
        expect(normalizeValue((await run('SELECT COUNT(*) FROM customers')).rows[0]?.[0])).toBe('8');
      });

      it('throws QUERY_REJECTED for a write and EXECUTION_FAILED for a runtime error', async (context) => {
        const stream = streamOf(context);
        await expect(
          stream('DELETE FROM customers', { maxRows: 10, timeoutMs: 10_000, batchSize: 10 }).next(),
        ).rejects.toMatchObject({ code: 'QUERY_REJECTED' });
        await expect(
          drain(stream(fixture().runtimeErrorQuery, { maxRows: 10, timeoutMs: 10_000, batchSize: 10 })),
        ).rejects.toMatchObject({ code: 'EXECUTION_FAILED' });
      });

      it('stops a stream that keeps producing rows at the time limit', async (context) => {
        const stream = streamOf(context);
        const started = performance.now();
        await expect(
          drain(
            stream('SELECT a.event_id, b.event_id AS other FROM events a CROSS JOIN events b', {
              maxRows: 1_000_000_000,
              timeoutMs: 500,
              batchSize: 1000,
            }),
          ),
        ).rejects.toMatchObject({ code: 'EXECUTION_TIMEOUT' });
        expect(performance.now() - started).toBeLessThan(5_500);
      });

      it('stops at the time limit with EXECUTION_TIMEOUT', async (context) => {
        const stream = streamOf(context);
        const marker = `text2x-contract-stream-timeout-${process.pid}`;
        await expect(
          drain(
            stream(fixture().slowQuery.replace('$marker', marker), {
              maxRows: 10,
              timeoutMs: 500,
              batchSize: 10,
            }),
          ),
        ).rejects.toMatchObject({ code: 'EXECUTION_TIMEOUT' });
        await expectStopped(fixture(), marker);
      });

      it('stops with CANCELLED when its signal aborts', async (context) => {
        const stream = streamOf(context);
        if (!provider().capabilities.cancellation)
          skipBecause(context, 'the provider declares the cancellation capability absent');
        const marker = `text2x-contract-stream-cancel-${process.pid}`;
        const controller = new AbortController();
        setTimeout(() => controller.abort(), 300);
        await expect(
          drain(
            stream(fixture().slowQuery.replace('$marker', marker), {
              maxRows: 10,
              timeoutMs: 60_000,
              batchSize: 10,
              signal: controller.signal,
            }),
          ),
        ).rejects.toMatchObject({ code: 'CANCELLED' });
        await expectStopped(fixture(), marker);
      });
    });

    describeSafetyCorpus(kind, () => ({ provider: provider(), target: fixture() }));
  });
}

/** A table by name, also when the provider qualifies names with a schema (`public.customers`). */
function findTable(schema: SchemaInfo, name: string): TableSchema | undefined {
  return (
    schema.tables.find((entry) => entry.name === name) ??
    schema.tables.find((entry) => baseName(entry.name) === name)
  );
}

function baseName(name: string): string {
  return name.slice(name.lastIndexOf('.') + 1);
}

/** Values as text for comparisons across drivers (a count may be a number, a bigint or a string). */
function normalizeValue(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  if (typeof value === 'string') return /^-?\d+\.0+$/.test(value) ? value.replace(/\.0+$/, '') : value;
  return JSON.stringify(value);
}

function compareRows(a: string[], b: string[]): number {
  return a.join('\u0000') < b.join('\u0000') ? -1 : a.join('\u0000') > b.join('\u0000') ? 1 : 0;
}

/** Waits until no statement with the marker runs on the server (in-process engines: nothing to check). */
async function expectStopped(target: ContractTarget, marker: string): Promise<void> {
  if (target.runningStatements === undefined) return;
  const deadline = Date.now() + 5_000;
  let running = await target.runningStatements(marker);
  while (running > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    running = await target.runningStatements(marker);
  }
  expect(running, `statements with ${marker} still running on the server`).toBe(0);
}

interface Drained {
  rows: number;
  batches: number;
  largestBatch: number;
  lastValue: string | undefined;
  columnNames: string[][];
  summary: StreamSummary;
}

async function drain(stream: AsyncGenerator<RowBatch, StreamSummary, undefined>): Promise<Drained> {
  const drained: Omit<Drained, 'summary'> = {
    rows: 0,
    batches: 0,
    largestBatch: 0,
    lastValue: undefined,
    columnNames: [],
  };
  let next = await stream.next();
  while (next.done !== true) {
    drained.rows += next.value.rows.length;
    drained.batches += 1;
    drained.largestBatch = Math.max(drained.largestBatch, next.value.rows.length);
    drained.lastValue = normalizeValue(next.value.rows.at(-1)?.[0]);
    drained.columnNames.push(next.value.columns.map((entry) => entry.name));
    next = await stream.next();
  }
  return { ...drained, summary: next.value };
}
