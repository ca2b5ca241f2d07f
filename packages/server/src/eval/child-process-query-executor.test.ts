import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChildProcessQueryExecutor } from './child-process-query-executor.js';

const RUNAWAY = 'WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c';

describe('ChildProcessQueryExecutor', () => {
  let dir: string;
  let dbPath: string;
  const executor = new ChildProcessQueryExecutor({ size: 2 });

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'text2x-eval-executor-'));
    dbPath = join(dir, 'test.sqlite');
    const db = new Database(dbPath);
    db.exec(`
      CREATE TABLE t (i INTEGER, s TEXT, r REAL, b BLOB, "Home Town" TEXT);
      INSERT INTO t VALUES (1, 'one', 1.5, x'0102', 'Paris'), (9007199254740993, NULL, -0.25, NULL, 'Lyon');
      CREATE TABLE n (x INTEGER);
      WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 1000) INSERT INTO n SELECT x FROM c;
    `);
    db.close();
  });

  afterAll(async () => {
    await executor.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('returns column names and values by SQLite storage class', async () => {
    const outcome = await executor.run(dbPath, 'SELECT i, s, r, b FROM t ORDER BY rowid', {
      timeoutMs: 5000,
    });
    expect(outcome.kind).toBe('rows');
    if (outcome.kind !== 'rows') return;
    expect(outcome.columns).toEqual(['i', 's', 'r', 'b']);
    expect(outcome.rows[0]!.slice(0, 3)).toEqual([1, 'one', 1.5]);
    expect(Array.from(outcome.rows[0]![3] as Uint8Array)).toEqual([1, 2]);
    expect(outcome.rows[1]).toEqual([9007199254740993n, null, -0.25, null]);
    expect(outcome.truncated).toBe(false);
  });

  it('reports a failing query as an error outcome', async () => {
    const outcome = await executor.run(dbPath, 'SELECT nope FROM t', { timeoutMs: 5000 });
    expect(outcome).toMatchObject({ kind: 'error', message: expect.stringMatching(/no such column: nope/) });
  });

  it('opens the database read-only', async () => {
    const outcome = await executor.run(dbPath, "INSERT INTO t (s) VALUES ('x') RETURNING s", {
      timeoutMs: 5000,
    });
    expect(outcome).toMatchObject({ kind: 'error', message: expect.stringMatching(/readonly/) });
  });

  it('rejects statements that return no rows and multiple statements', async () => {
    expect((await executor.run(dbPath, 'DELETE FROM t', { timeoutMs: 5000 })).kind).toBe('error');
    expect((await executor.run(dbPath, 'SELECT 1; SELECT 2', { timeoutMs: 5000 })).kind).toBe('error');
  });

  it('reports a missing database file as an error', async () => {
    const outcome = await executor.run(join(dir, 'missing.sqlite'), 'SELECT 1', { timeoutMs: 5000 });
    expect(outcome.kind).toBe('error');
  });

  it('stops reading after maxRows and says so', async () => {
    const outcome = await executor.run(dbPath, 'SELECT x FROM n', { timeoutMs: 5000, maxRows: 10 });
    expect(outcome).toMatchObject({ kind: 'rows', truncated: true });
    if (outcome.kind === 'rows') expect(outcome.rows).toHaveLength(10);
  });

  it('kills a query over the time limit and keeps serving queries', async () => {
    const started = performance.now();
    const outcome = await executor.run(dbPath, RUNAWAY, { timeoutMs: 300 });
    expect(outcome).toEqual({ kind: 'timeout', timeoutMs: 300 });
    expect(performance.now() - started).toBeLessThan(3000);
    const next = await executor.run(dbPath, 'SELECT count(*) FROM n', { timeoutMs: 5000 });
    expect(next).toMatchObject({ kind: 'rows', rows: [[1000]] });
  });

  it('runs queries side by side while one is stuck', async () => {
    const stuck = executor.run(dbPath, RUNAWAY, { timeoutMs: 1500 });
    const quick = await executor.run(dbPath, 'SELECT 42', { timeoutMs: 1000 });
    expect(quick).toMatchObject({ kind: 'rows', rows: [[42]] });
    expect((await stuck).kind).toBe('timeout');
  });

  it('reads an unresolved double-quoted token as a string, as SQLite does by default', async () => {
    const outcome = await executor.run(dbPath, 'SELECT i FROM t WHERE s = "one"', { timeoutMs: 5000 });
    expect(outcome).toMatchObject({ kind: 'rows', rows: [[1]] });
    const column = await executor.run(dbPath, `SELECT "Home Town" FROM t WHERE "Home Town" = "Lyon"`, {
      timeoutMs: 5000,
    });
    expect(column).toMatchObject({ kind: 'rows', rows: [['Lyon']] });
  });

  it('starts again after close', async () => {
    const local = new ChildProcessQueryExecutor();
    expect((await local.run(dbPath, 'SELECT 1', { timeoutMs: 5000 })).kind).toBe('rows');
    await local.close();
    expect((await local.run(dbPath, 'SELECT 2', { timeoutMs: 5000 })).kind).toBe('rows');
    await local.close();
  });
});
