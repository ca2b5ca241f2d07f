import { describe, expect, it } from 'vitest';
import type { EvalItem } from './eval-item.js';
import { summaryLine } from './eval-report.js';
import { runEval, type EvalHistoryTurn, type Prediction } from './run-eval.js';
import { ScriptedQueryExecutor, rows } from './test-support/scripted-query-executor.js';

const executor = new ScriptedQueryExecutor({
  'SELECT 1': rows([1]),
  'SELECT 2': rows([2]),
  'SELECT 3': rows([3]),
  "SELECT 'sorry' AS answer": rows(['sorry']),
  'SELECT broken': { error: 'syntax error' },
});

const item = (id: string, gold: string, extra: Partial<EvalItem> = {}): EvalItem => ({
  id,
  benchmark: 'spider',
  dbId: 'db',
  dbPath: '/db.sqlite',
  question: `question ${id}`,
  gold: [gold],
  ...extra,
});

const answers =
  (table: Record<string, Prediction | Error>) =>
  (evalItem: EvalItem): Promise<Prediction> => {
    const answer = table[evalItem.id];
    if (answer instanceof Error) return Promise.reject(answer);
    return Promise.resolve(answer ?? { query: null });
  };

describe('runEval', () => {
  it('scores each item and groups accuracy by hardness in the canonical order', async () => {
    const items = [
      item('a', 'SELECT 1', { hardness: 'hard' }),
      item('b', 'SELECT 2', { hardness: 'easy' }),
      item('c', 'SELECT 3', { hardness: 'easy' }),
    ];
    const report = await runEval({
      items,
      executor,
      predict: answers({ a: { query: 'SELECT 1' }, b: { query: 'SELECT 2' }, c: { query: 'SELECT 1' } }),
    });
    expect(report).toMatchObject({
      total: 3,
      correct: 2,
      ex: 0.6667,
      declined: 0,
      errors: 0,
      group_by: 'hardness',
    });
    expect(Object.keys(report.by_hardness)).toEqual(['easy', 'hard']);
    expect(report.by_hardness.easy).toEqual({ total: 2, correct: 1, ex: 0.5 });
    expect(report.items.map((result) => result.reason)).toEqual([undefined, undefined, 'wrong_result']);
  });

  it('prints the summary with the seven required keys first', async () => {
    const report = await runEval({
      items: [item('a', 'SELECT 1', { hardness: 'easy' })],
      executor,
      predict: answers({ a: { query: 'SELECT 1' } }),
    });
    const line = summaryLine(report);
    expect(line).toMatch(
      /^\{"total":1,"correct":1,"ex":1,"by_hardness":\{"easy":\{"total":1,"correct":1,"ex":1\}\},"declined":0,"errors":0,"seconds":[0-9.]+,/,
    );
    expect(Object.keys(JSON.parse(line) as object).slice(0, 7)).toEqual([
      'total',
      'correct',
      'ex',
      'by_hardness',
      'declined',
      'errors',
      'seconds',
    ]);
    expect(line).not.toContain('"items"');
  });

  it('counts an engine exception as an error for that item and goes on', async () => {
    const report = await runEval({
      items: [item('a', 'SELECT 1'), item('b', 'SELECT 2')],
      executor,
      predict: answers({ a: new Error('engine exploded'), b: { query: 'SELECT 2' } }),
    });
    expect(report).toMatchObject({ total: 2, correct: 1, errors: 1 });
    expect(report.items[0]).toMatchObject({
      reason: 'no_query',
      error: 'engine exploded',
      engineError: true,
    });
  });

  it('tells declines, missing queries and failing queries apart', async () => {
    const report = await runEval({
      items: [item('a', 'SELECT 1'), item('b', 'SELECT 1'), item('c', 'SELECT 1'), item('d', 'SELECT 1')],
      executor,
      predict: answers({
        a: { query: null, declined: true },
        b: { query: null },
        c: { query: 'SELECT broken' },
        d: { query: 'SELECT 1', declined: true },
      }),
    });
    expect(report.items.map((result) => result.reason)).toEqual([
      'declined',
      'no_query',
      'exec_error',
      'declined',
    ]);
    expect(report).toMatchObject({ declined: 2, errors: 0, correct: 0 });
    expect(report.reasons).toMatchObject({ declined: 2, no_query: 1, exec_error: 1 });
  });

  it('counts a declined unanswerable question as correct and reports unanswerable items apart', async () => {
    const idk = (id: string): EvalItem =>
      item(id, "SELECT 'sorry' AS answer", {
        benchmark: 'defog',
        category: 'unanswerable',
        unanswerable: true,
      });
    const report = await runEval({
      items: [
        idk('a'),
        idk('b'),
        idk('c'),
        idk('d'),
        item('e', 'SELECT 1', { benchmark: 'defog', category: 'ratio' }),
      ],
      executor,
      predict: answers({
        a: { query: null, declined: true },
        b: { query: null },
        c: { query: 'SELECT 1' },
        d: { query: "SELECT 'sorry' AS answer" },
        e: { query: null, declined: true },
      }),
    });
    expect(report.items.map((result) => result.correct)).toEqual([true, true, false, true, false]);
    expect(report.unanswerable).toEqual({ total: 4, declined: 2, correct: 3 });
    expect(report.group_by).toBe('category');
    expect(Object.keys(report.by_hardness)).toEqual(['ratio', 'unanswerable']);
  });

  it('feeds earlier turns of a conversation as history, in order, and scores whole conversations', async () => {
    const seen: { id: string; history: string[] }[] = [];
    const items = [
      item('x/0', 'SELECT 1', { interactionId: 'x', turnIndex: 0 }),
      item('y/0', 'SELECT 1', { interactionId: 'y', turnIndex: 0 }),
      item('x/1', 'SELECT 2', { interactionId: 'x', turnIndex: 1 }),
      item('y/1', 'SELECT 2', { interactionId: 'y', turnIndex: 1 }),
      item('x/2', 'SELECT 3', { interactionId: 'x', turnIndex: 2 }),
    ];
    const report = await runEval({
      items,
      executor,
      concurrency: 2,
      predict: async (evalItem, history: readonly EvalHistoryTurn[]) => {
        seen.push({ id: evalItem.id, history: history.map((turn) => `${turn.item.id}:${turn.predicted}`) });
        await new Promise((resolve) => setTimeout(resolve, 5));
        return { query: evalItem.id === 'y/1' ? 'SELECT 3' : evalItem.gold[0]! };
      },
    });
    expect(seen.find((entry) => entry.id === 'x/2')!.history).toEqual(['x/0:SELECT 1', 'x/1:SELECT 2']);
    expect(seen.find((entry) => entry.id === 'y/0')!.history).toEqual([]);
    expect(report.per_interaction).toEqual({ total: 2, correct: 1, ex: 0.5 });
    expect(report.items.map((result) => result.id)).toEqual(items.map((evalItem) => evalItem.id));
  });

  it('runs items concurrently, reports progress for each and keeps item order', async () => {
    const items = Array.from({ length: 8 }, (_, index) => item(`i${index}`, 'SELECT 1'));
    let running = 0;
    let peak = 0;
    const progress: number[] = [];
    const report = await runEval({
      items,
      executor,
      concurrency: 4,
      onProgress: ({ done }) => progress.push(done),
      predict: async () => {
        running++;
        peak = Math.max(peak, running);
        await new Promise((resolve) => setTimeout(resolve, 10));
        running--;
        return { query: 'SELECT 1' };
      },
    });
    expect(peak).toBe(4);
    expect(progress).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(report.items.map((result) => result.id)).toEqual(items.map((evalItem) => evalItem.id));
    expect(report.correct).toBe(8);
  });

  it('uses the engine-reported time when given', async () => {
    const report = await runEval({
      items: [item('a', 'SELECT 1')],
      executor,
      predict: answers({ a: { query: 'SELECT 1', ms: 1234 } }),
    });
    expect(report.items[0]!.ms).toBe(1234);
  });

  it('stops and rejects when aborted', async () => {
    const controller = new AbortController();
    const items = Array.from({ length: 5 }, (_, index) => item(`i${index}`, 'SELECT 1'));
    const calls: string[] = [];
    const run = runEval({
      items,
      executor,
      signal: controller.signal,
      predict: (evalItem) => {
        calls.push(evalItem.id);
        if (calls.length === 2) controller.abort(new Error('stop'));
        return Promise.resolve({ query: 'SELECT 1' });
      },
    });
    await expect(run).rejects.toThrow('stop');
    expect(calls.length).toBeLessThan(5);
  });
});
