import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { ChildProcessQueryExecutor } from './child-process-query-executor.js';
import { GoldResultCache } from './gold-result-cache.js';
import { loadDefogItems } from './load-defog-items.js';
import { loadSpiderItems } from './load-spider-items.js';
import { runEval } from './run-eval.js';

const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
const candidates = [process.env.TEXT2X_EVAL_DIR, join(repoRoot, '..', 'shared', 'eval')].filter(
  (dir): dir is string => !!dir,
);
const evalDir = candidates.map((dir) => resolve(dir)).find((dir) => existsSync(join(dir, 'spider-public')));
const skipReason = `no evaluation data in ${candidates.join(' or ')} (set TEXT2X_EVAL_DIR)`;
if (!evalDir) process.stderr.write(`eval-datasets.integration.test.ts skipped: ${skipReason}\n`);

/** A query that returns one row no gold result has. */
const WRONG = "SELECT 'text2x: deliberately wrong' AS x, -987654321 AS y";

describe.skipIf(!evalDir)(
  `evaluation on the public datasets${evalDir ? '' : ` (skipped: ${skipReason})`}`,
  () => {
    const executor = new ChildProcessQueryExecutor({ size: 2 });
    const goldCache = new GoldResultCache();
    afterAll(() => executor.close());

    it('scores the gold queries of the first 20 Spider dev questions at 100% and a wrong query at 0%', async () => {
      const items = loadSpiderItems({ dir: join(evalDir!, 'spider-public') }).slice(0, 20);
      const gold = await runEval({
        items,
        executor,
        goldCache,
        predict: (item) => Promise.resolve({ query: item.gold[0]! }),
      });
      expect(gold).toMatchObject({ total: 20, correct: 20, ex: 1, ex_distinct_kept: 1, errors: 0 });
      const wrong = await runEval({
        items,
        executor,
        goldCache,
        predict: () => Promise.resolve({ query: WRONG }),
      });
      expect(wrong).toMatchObject({ total: 20, correct: 0, ex: 0 });
      expect(wrong.reasons.wrong_result).toBe(20);
    });

    it('scores gold at 100% on defog questions and declines right on unanswerable ones', async () => {
      const all = loadDefogItems({ dir: join(evalDir!, 'defog-public'), dialect: 'sqlite' });
      const items = [
        ...all.filter((item) => !item.unanswerable).slice(0, 15),
        ...all.filter((item) => item.unanswerable).slice(0, 5),
      ];
      const gold = await runEval({
        items,
        executor,
        goldCache,
        predict: (item) =>
          Promise.resolve(item.unanswerable ? { query: null, declined: true } : { query: item.gold[0]! }),
      });
      expect(gold).toMatchObject({
        total: 20,
        correct: 20,
        group_by: 'category',
        unanswerable: { total: 5, declined: 5, correct: 5 },
      });
      const wrong = await runEval({
        items,
        executor,
        goldCache,
        predict: () => Promise.resolve({ query: WRONG }),
      });
      expect(wrong.correct).toBe(0);
    });

    it('runs SParC conversations turn by turn and scores whole conversations', async () => {
      const items = loadSpiderItems({ dir: join(evalDir!, 'spider-public'), file: 'sparc_dev.json' }).filter(
        (item) => item.interactionId === 'sparc_dev/0' || item.interactionId === 'sparc_dev/1',
      );
      const report = await runEval({
        items,
        executor,
        goldCache,
        predict: (item, history) => {
          expect(history).toHaveLength(item.turnIndex!);
          return Promise.resolve({ query: item.gold[0]! });
        },
      });
      expect(report.per_interaction).toEqual({ total: 2, correct: 2, ex: 1 });
      expect(report.correct).toBe(items.length);
    });

    it('computes the official hardness of every Spider dev question from its query', async () => {
      const { spiderSqlFromQuery } = await import('./spider-sql-from-query.js');
      const { evalSpiderHardness } = await import('./spider-hardness.js');
      const items = loadSpiderItems({ dir: join(evalDir!, 'spider-public') });
      const computed = items.map((item) => {
        const sql = spiderSqlFromQuery(item.gold[0]!);
        return sql ? evalSpiderHardness(sql) : null;
      });
      expect(computed).toEqual(items.map((item) => item.hardness));
    });
  },
);
