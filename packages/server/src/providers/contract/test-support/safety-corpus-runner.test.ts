import Database from 'better-sqlite3';
import type { ExecutionResult, ValidationReport } from '@text2x/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Text2xError, type SchemaInfo } from '../../../core/index.js';
import type { ExecuteOptions, Provider } from '../../provider.js';
import type { ContractTarget } from './contract-target.js';
import type { SafetyStatement } from './safety-corpus.js';
import { runSafetyStatement } from './safety-corpus-runner.js';
import { createSqliteContractTarget } from './sqlite-contract-target.js';

/**
 * A deliberately unsafe provider over the SQLite fixture, opened read-write: it passes whatever
 * its `accept` rule says and runs whatever it is given. The runner must report every way it fails.
 */
class UnsafeProvider implements Provider {
  readonly id = 'unsafe';
  readonly kind = 'sqlite';
  readonly dialect = 'sqlite';
  readonly capabilities = { dryRun: false, cancellation: false, rowCounts: false };
  readonly dialectNotes = ['none'];
  readonly #db: Database.Database;
  /** What validate says; execute ignores it unless `executeHonoursValidation`. */
  accept: (sql: string) => ValidationReport = () => ({ status: 'passed', errors: [], warnings: [] });
  executeHonoursValidation = true;
  delayMs = 0;
  throwRaw = false;

  constructor(path: string) {
    this.#db = new Database(path);
  }

  introspect(): Promise<SchemaInfo> {
    return Promise.resolve({ dialect: 'sqlite', tables: [] });
  }

  validate(sql: string): Promise<ValidationReport> {
    return Promise.resolve(this.accept(sql));
  }

  async execute(sql: string, options: ExecuteOptions): Promise<ExecutionResult> {
    const report = this.accept(sql);
    if (this.executeHonoursValidation && report.status === 'failed')
      throw new Text2xError('QUERY_REJECTED', report.errors[0]?.message ?? '');
    if (this.throwRaw) throw new Error('socket hang up');
    await new Promise((resolve) => setTimeout(resolve, this.delayMs));
    try {
      const statement = this.#db.prepare(sql);
      const rows = statement.reader ? (statement.raw().all() as unknown[][]) : (statement.run(), []);
      return {
        success: true,
        columns: [],
        rows: rows.slice(0, options.maxRows),
        row_count: Math.min(rows.length, options.maxRows),
        truncated: rows.length > options.maxRows,
        execution_time_ms: 0,
      };
    } catch (error) {
      return {
        success: false,
        columns: [],
        rows: [],
        row_count: 0,
        truncated: false,
        execution_time_ms: 0,
        error: error instanceof Error ? error.message : String(error),
      };
    }
  }

  close(): Promise<void> {
    this.#db.close();
    return Promise.resolve();
  }
}

const statement = (sql: string, extra: Partial<SafetyStatement> = {}): SafetyStatement => ({
  sql,
  providers: ['sqlite'],
  category: 'data change',
  why: 'test',
  ...extra,
});

const policy = (message: string): ValidationReport => ({
  status: 'failed',
  errors: [{ kind: 'policy', message }],
  warnings: [],
});

describe('the safety corpus runner against an unsafe provider', () => {
  let target: ContractTarget;
  let provider: UnsafeProvider;

  beforeAll(async () => {
    target = await createSqliteContractTarget();
    if (target.config.kind !== 'sqlite') throw new Error('expected a SQLite target');
    provider = new UnsafeProvider(target.config.path);
  });
  afterAll(async () => {
    await provider.close();
    await target.dispose();
  });

  it('reports a write that ran as a problem, and the snapshot shows the change', async () => {
    const before = await target.snapshot('full');
    const quickBefore = await target.snapshot('quick');
    const verdict = await runSafetyStatement(
      provider,
      'sqlite',
      statement("UPDATE customers SET name = 'x'"),
    );
    expect(verdict.outcome).toBeUndefined();
    expect(verdict.problem).toMatch(/^ran to completion/);
    const after = await target.snapshot('full');
    expect(after['table customers']).not.toBe(before['table customers']);
    expect(after['database file']).not.toBe(before['database file']);
    expect((await target.snapshot('quick'))['database file']).not.toBe(quickBefore['database file']);
  });

  it('counts a statement marked harmless on this provider as passed harmlessly', async () => {
    const verdict = await runSafetyStatement(
      provider,
      'sqlite',
      statement('SELECT 1 -- ; DROP TABLE customers', { harmlessOn: ['sqlite'] }),
    );
    expect(verdict.outcome).toBe('passed harmlessly');
    const elsewhere = await runSafetyStatement(
      provider,
      'sqlite',
      statement('SELECT 1 -- ; DROP TABLE customers', { harmlessOn: ['mysql'] }),
    );
    expect(elsewhere.problem).toMatch(/^ran to completion/);
  });

  it('counts a policy rejection with a reason, by the kind of the issue', async () => {
    provider.accept = () => policy('DELETE is not allowed because it changes data.');
    const verdict = await runSafetyStatement(provider, 'sqlite', statement('DELETE FROM customers'));
    expect(verdict).toMatchObject({ outcome: 'rejected by policy', issueKind: 'policy' });
  });

  it('reports a rejection without a reason', async () => {
    provider.accept = () => policy(' ');
    expect((await runSafetyStatement(provider, 'sqlite', statement('DELETE FROM customers'))).problem).toBe(
      'validation failed without giving a reason',
    );
  });

  it('reports an execute that runs what validation failed', async () => {
    provider.accept = () => policy('Not allowed.');
    provider.executeHonoursValidation = false;
    try {
      const verdict = await runSafetyStatement(provider, 'sqlite', statement('SELECT 1'));
      expect(verdict.problem).toMatch(/validation failed \(policy: Not allowed\.\), yet execute ran it/);
    } finally {
      provider.executeHonoursValidation = true;
    }
  });

  it('counts a statement the database refused as stopped by the database', async () => {
    provider.accept = () => ({ status: 'passed', errors: [], warnings: [] });
    const verdict = await runSafetyStatement(provider, 'sqlite', statement('SELECT * FROM no_such_table'));
    expect(verdict.outcome).toBe('stopped by database');
    expect(verdict.detail).toMatch(/no such table/);
  });

  it('reports a raw driver error escaping execute', async () => {
    provider.throwRaw = true;
    try {
      expect((await runSafetyStatement(provider, 'sqlite', statement('SELECT 1'))).problem).toMatch(
        /raw error: Error: socket hang up/,
      );
    } finally {
      provider.throwRaw = false;
    }
  });

  it('tells a resource attack cut at the limit from one that ended by itself, and catches an overrun', async () => {
    const resource = statement('SELECT 1', { category: 'resource exhaustion' });
    const limits = { timeLimitMs: 200, slackMs: 1000 };
    provider.delayMs = 190;
    expect((await runSafetyStatement(provider, 'sqlite', resource, limits)).outcome).toBe(
      'stopped by database',
    );
    provider.delayMs = 0;
    expect((await runSafetyStatement(provider, 'sqlite', resource, limits)).outcome).toBe(
      'passed harmlessly',
    );
    provider.delayMs = 1500;
    try {
      expect((await runSafetyStatement(provider, 'sqlite', resource, limits)).problem).toMatch(
        /with a 200 ms limit/,
      );
    } finally {
      provider.delayMs = 0;
    }
  });
});
