import { describe, expect, it } from 'vitest';
import type { EvalItem } from './eval-item.js';
import { GoldResultCache } from './gold-result-cache.js';
import { scorePrediction } from './score-prediction.js';
import { ScriptedQueryExecutor, rows, type ScriptedAnswer } from './test-support/scripted-query-executor.js';

const spiderItem = (gold: string | string[], extra: Partial<EvalItem> = {}): EvalItem => ({
  id: 'x/0',
  benchmark: 'spider',
  dbId: 'db',
  dbPath: '/db.sqlite',
  question: 'q',
  gold: Array.isArray(gold) ? gold : [gold],
  ...extra,
});
const defogItem = (gold: string[], extra: Partial<EvalItem> = {}): EvalItem => ({
  ...spiderItem(gold),
  benchmark: 'defog',
  category: 'group_by',
  ...extra,
});

const score = (
  item: EvalItem,
  predicted: string,
  answers: Record<string, ScriptedAnswer>,
  options: { keepDistinct?: boolean; goldCache?: GoldResultCache } = {},
) => {
  const executor = new ScriptedQueryExecutor(answers);
  const result = scorePrediction(item, predicted, {
    executor,
    goldCache: options.goldCache ?? new GoldResultCache(),
    timeoutMs: 1000,
    keepDistinct: options.keepDistinct ?? false,
  });
  return { executor, result };
};

describe('scorePrediction for Spider', () => {
  const distinctAnswers = {
    'SELECT DISTINCT a FROM t': rows([1], [2]),
    'SELECT  a FROM t': rows([1], [1], [2]),
    'SELECT a FROM t': rows([1], [1], [2]),
  };

  it('removes DISTINCT from both queries by default and reports the kept mode separately', async () => {
    const { result } = score(spiderItem('SELECT DISTINCT a FROM t'), 'SELECT a FROM t', distinctAnswers);
    expect(await result).toMatchObject({ correct: true, correctDistinctKept: false });
  });

  it('scores with DISTINCT kept when asked', async () => {
    const { result } = score(spiderItem('SELECT DISTINCT a FROM t'), 'SELECT a FROM t', distinctAnswers, {
      keepDistinct: true,
    });
    expect(await result).toMatchObject({
      correct: false,
      correctDistinctKept: false,
      reason: 'wrong_result',
    });
  });

  it('makes row order matter only when the gold has ORDER BY', async () => {
    const answers = {
      'SELECT a FROM t ORDER BY a': rows([1], [2]),
      'SELECT a FROM t ORDER BY a DESC': rows([2], [1]),
      'SELECT a FROM t': rows([1], [2]),
    };
    expect(
      await score(spiderItem('SELECT a FROM t ORDER BY a'), 'SELECT a FROM t ORDER BY a DESC', answers)
        .result,
    ).toMatchObject({ correct: false });
    expect(
      await score(spiderItem('SELECT a FROM t'), 'SELECT a FROM t ORDER BY a DESC', answers).result,
    ).toMatchObject({ correct: true });
  });

  it('joins spaced operators in gold and prediction before running them', async () => {
    const { result, executor } = score(
      spiderItem('SELECT count(*) FROM t WHERE a > = 2'),
      'SELECT count(*) FROM t WHERE a ! = 2',
      {
        'SELECT count(*) FROM t WHERE a >= 2': rows([3]),
        'SELECT count(*) FROM t WHERE a != 2': rows([3]),
      },
    );
    expect(await result).toMatchObject({ correct: true, correctDistinctKept: true });
    expect(executor.calls.map((call) => call.sql)).toEqual([
      'SELECT count(*) FROM t WHERE a >= 2',
      'SELECT count(*) FROM t WHERE a != 2',
    ]);
  });

  it('caps the predicted rows at one more than the gold has', async () => {
    const { result, executor } = score(spiderItem('SELECT a FROM t'), 'SELECT a FROM u', {
      'SELECT a FROM t': rows([1], [2]),
      'SELECT a FROM u': rows([1], [2], [3], [4]),
    });
    expect(await result).toMatchObject({ correct: false, reason: 'wrong_result' });
    expect(executor.calls[1]!.options.maxRows).toBe(3);
  });

  it('reports a failing prediction, a slow prediction and a failing gold', async () => {
    const answers: Record<string, ScriptedAnswer> = {
      'SELECT a FROM t': rows([1]),
      'SELECT broken': { error: 'near "broken": syntax error' },
      'SELECT slow': 'timeout',
    };
    expect(await score(spiderItem('SELECT a FROM t'), 'SELECT broken', answers).result).toMatchObject({
      correct: false,
      reason: 'exec_error',
      error: 'near "broken": syntax error',
    });
    expect(await score(spiderItem('SELECT a FROM t'), 'SELECT slow', answers).result).toMatchObject({
      reason: 'timeout',
    });
    expect(await score(spiderItem('SELECT slow'), 'SELECT a FROM t', answers).result).toMatchObject({
      correct: false,
      reason: 'gold_error',
      error: 'gold query timed out',
    });
  });

  it('accepts a match with any gold alternative', async () => {
    const { result } = score(spiderItem(['SELECT a FROM t', 'SELECT b FROM t']), 'SELECT c FROM t', {
      'SELECT a FROM t': rows([1]),
      'SELECT b FROM t': rows([2]),
      'SELECT c FROM t': rows([2]),
    });
    expect(await result).toMatchObject({ correct: true });
  });

  it('runs each gold query once per cache', async () => {
    const cache = new GoldResultCache();
    const answers = { 'SELECT a FROM t': rows([1]), 'SELECT 1': rows([1]) };
    const first = score(spiderItem('SELECT a FROM t'), 'SELECT 1', answers, { goldCache: cache });
    await first.result;
    const second = score(spiderItem('SELECT a FROM t'), 'SELECT 1', answers, { goldCache: cache });
    await second.result;
    expect(second.executor.calls.map((call) => call.sql)).toEqual(['SELECT 1']);
  });

  it('keeps previews of both results for a wrong answer', async () => {
    const { result } = score(spiderItem('SELECT a FROM t'), 'SELECT b FROM t', {
      'SELECT a FROM t': rows([1]),
      'SELECT b FROM t': rows([2]),
    });
    expect(await result).toMatchObject({
      goldPreview: { rows: [[1]], rowCount: 1 },
      predictedPreview: { rows: [[2]], rowCount: 1 },
    });
  });
});

describe('scorePrediction for defog', () => {
  const answers = {
    'SELECT name FROM p ORDER BY n DESC': rows(['b'], ['a']),
    'SELECT name, n FROM p ORDER BY n': rows(['a', 1], ['b', 2]),
    'SELECT id FROM p': rows([1], [2]),
  };

  it('ignores order for questions that do not ask for it', async () => {
    const item = defogItem(['SELECT name FROM p ORDER BY n DESC'], { question: 'Which people are there?' });
    expect(await score(item, 'SELECT name, n FROM p ORDER BY n', answers).result).toMatchObject({
      correct: true,
    });
  });

  it('checks order for the order_by category and for questions with the words order, sort or arrange', async () => {
    const byCategory = defogItem(['SELECT name FROM p ORDER BY n DESC'], { category: 'order_by' });
    expect(await score(byCategory, 'SELECT name, n FROM p ORDER BY n', answers).result).toMatchObject({
      correct: false,
      reason: 'wrong_result',
    });
    const byWording = defogItem(['SELECT name FROM p ORDER BY n DESC'], {
      question: 'List people. Sort them by n.',
    });
    expect(await score(byWording, 'SELECT name, n FROM p ORDER BY n', answers).result).toMatchObject({
      correct: false,
    });
  });

  it('accepts a match with any expansion and counts DISTINCT-kept the same', async () => {
    const item = defogItem(['SELECT name FROM p ORDER BY n DESC', 'SELECT id FROM p']);
    expect(await score(item, 'SELECT id FROM p', answers).result).toMatchObject({
      correct: true,
      correctDistinctKept: true,
    });
  });
});

describe('failure previews', () => {
  it('can be serialised to JSON even with big integers and blobs', async () => {
    const { result } = score(spiderItem('SELECT a FROM t'), 'SELECT b FROM t', {
      'SELECT a FROM t': rows([2n ** 62n]),
      'SELECT b FROM t': rows([new Uint8Array([0xab])]),
    });
    const scored = await result;
    expect(JSON.parse(JSON.stringify(scored))).toMatchObject({
      goldPreview: { rows: [['4611686018427387904']] },
      predictedPreview: { rows: [["x'ab'"]] },
    });
  });
});
