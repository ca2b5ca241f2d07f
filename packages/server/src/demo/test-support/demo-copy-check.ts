import { join } from 'node:path';
import { expect } from 'vitest';
import type { App } from '../../app/index.js';
import { askPipeline, openOfflineApp, type AskOutcome } from '../../eval/test-support/index.js';
import { DEMO_QUESTIONS } from '../demo-questions.js';
import { DEMO_TABLES, type DemoTable } from '../demo-schema.js';
import { generateDemoDatabase } from '../generate-demo-database.js';

/** Small enough to load into every engine in a second or two. */
export const DEMO_COPY_TEST_SCALE = 0.05;

export interface DemoBaseline {
  /** The generated SQLite demo file, the source of every copy. */
  sourcePath: string;
  /** An offline app whose store holds `demo-sqlite`; add the copies' providers to it. */
  app: App;
  /** How each demo question ended on SQLite. */
  sqlite: Map<string, AskOutcome>;
}

/** Generates the SQLite demo in `root` (dates ending today) and asks it every demo question. */
export async function sqliteDemoBaseline(root: string): Promise<DemoBaseline> {
  const { path } = await generateDemoDatabase({ path: join(root, 'demo.db'), scale: DEMO_COPY_TEST_SCALE });
  const app = await openOfflineApp(join(root, 'home'));
  await app.store.addProvider({ id: 'demo-sqlite', kind: 'sqlite', path });
  return { sourcePath: path, app, sqlite: await askDemoQuestions(app, 'demo-sqlite') };
}

export async function askDemoQuestions(app: App, providerId: string): Promise<Map<string, AskOutcome>> {
  const outcomes = new Map<string, AskOutcome>();
  for (const question of DEMO_QUESTIONS) outcomes.set(question, await askPipeline(app, providerId, question));
  return outcomes;
}

/**
 * Every demo question gets a result on SQLite and on the copy, with SQLite's row count whenever that
 * has rows (the suggestions shown to every new user must work on every engine, unchanged).
 */
export function expectSameAnswers(baseline: Map<string, AskOutcome>, copy: Map<string, AskOutcome>): void {
  const code = (outcome: AskOutcome | undefined): string | undefined => outcome?.error?.split(':')[0];
  for (const question of DEMO_QUESTIONS) {
    const outcome = copy.get(question);
    const reference = baseline.get(question);
    const detail = `${question}\nsqlite: ${reference?.type} ${reference?.error ?? ''} ${reference?.query ?? ''}\ncopy:   ${outcome?.type} ${outcome?.error ?? ''} ${outcome?.query ?? ''}`;
    expect(reference?.type, detail).toBe('result');
    expect(outcome?.type, detail).toBe(reference?.type);
    expect(code(outcome), detail).toBe(code(reference));
    if (reference?.type === 'result' && (reference.rowCount ?? 0) > 0) {
      expect(outcome?.rowCount, detail).toBe(reference.rowCount);
    }
  }
}

/**
 * Each demo table on the copy has SQLite's row count and the same sums of ids and of one money or
 * count column, read through the provider (so also through its read-only policy).
 */
export async function expectSameTables(
  app: App,
  providerId: string,
  sqliteId = 'demo-sqlite',
): Promise<void> {
  const sums: Record<DemoTable, string> = {
    categories: 'COUNT(parent_id)',
    products: 'SUM(ROUND(price * 100))',
    customers: 'COUNT(DISTINCT country)',
    employees: 'COUNT(manager_id)',
    orders: 'SUM(ROUND(total_amount * 100))',
    order_items: 'SUM(quantity)',
    payments: 'SUM(ROUND(amount * 100))',
    reviews: 'SUM(rating)',
  };
  const read = async (id: string, table: DemoTable): Promise<string> => {
    const { provider } = await app.providers.open(id);
    const result = await provider.execute(`SELECT COUNT(*), SUM(id), ${sums[table]} FROM ${table}`, {
      maxRows: 1,
      timeoutMs: 10_000,
    });
    expect(result.success, `${id} ${table}: ${result.error ?? ''}`).toBe(true);
    return JSON.stringify((result.rows[0] ?? []).map((value) => Number(value)));
  };
  for (const table of DEMO_TABLES) {
    expect(await read(providerId, table), table).toBe(await read(sqliteId, table));
  }
}
