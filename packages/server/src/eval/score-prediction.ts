import { compareDefogResults } from './defog-result-comparison.js';
import type { EvalItem } from './eval-item.js';
import type { GoldResultCache } from './gold-result-cache.js';
import type { QueryExecutor, QueryOutcome } from './query-executor.js';
import { previewResult, type ResultPreview } from './result-set.js';
import { prepareSpiderQuery, replaceCurrentYear, spiderOrderMatters } from './spider-query-normalization.js';
import { compareSpiderResults } from './spider-result-comparison.js';

/** Where scoring runs its queries. */
export interface ScoringContext {
  executor: QueryExecutor;
  goldCache: GoldResultCache;
  /** Per-query limit in milliseconds. */
  timeoutMs: number;
}

/** Why a scored prediction is wrong. */
export type ScoreFailure = 'wrong_result' | 'exec_error' | 'timeout' | 'gold_error';

export interface PredictionScore {
  /** Right under the requested mode (DISTINCT removed unless `keepDistinct`). */
  correct: boolean;
  /** Right with DISTINCT kept in both queries (defog: same as `correct`). */
  correctDistinctKept: boolean;
  /** Set when `correct` is false. */
  reason?: ScoreFailure;
  /** Execution error of the prediction, or of the gold for `gold_error`. */
  error?: string;
  /** First rows of the gold and predicted results, when `correct` is false and they ran. */
  goldPreview?: ResultPreview;
  predictedPreview?: ResultPreview;
}

/** defog results larger than this are not compared (counted wrong). */
const DEFOG_MAX_ROWS = 1_000_000;

/**
 * Scores a predicted query against an item's gold queries by running both (gold results cached).
 *
 * Spider (official test-suite procedure): spaced operators joined; DISTINCT removed from both
 * queries unless `keepDistinct` (`correctDistinctKept` always reports the kept mode); row order
 * matters only when the gold contains `order by`; see `compareSpiderResults`.
 *
 * defog (sql-eval): each gold expansion is compared with `compareDefogResults` (duplicates dropped,
 * extra predicted columns allowed). Row order matters as in sql-eval's `normalize_table` — for the
 * `order_by` category or when the question matches `\b(order|sort|arrange)\b` (so "sorted" does
 * not count) — and here only when the gold expansion has an ORDER BY, since otherwise there is no
 * reference order. (sql-eval's own check re-sorts ascending results, so it enforces order mostly
 * for descending ones; this one enforces it whenever the rule applies.)
 */
export async function scorePrediction(
  item: EvalItem,
  predicted: string,
  context: ScoringContext & { keepDistinct?: boolean },
): Promise<PredictionScore> {
  return item.benchmark === 'defog'
    ? scoreDefog(item, predicted, context)
    : scoreSpider(item, predicted, context);
}

interface ModeResult {
  correct: boolean;
  reason?: ScoreFailure;
  error?: string;
  goldPreview?: ResultPreview;
  predictedPreview?: ResultPreview;
}

async function scoreSpider(
  item: EvalItem,
  predicted: string,
  context: ScoringContext & { keepDistinct?: boolean },
): Promise<PredictionScore> {
  const keepDistinct = context.keepDistinct ?? false;
  const prepare = (sql: string, keep: boolean): string =>
    replaceCurrentYear(prepareSpiderQuery(sql, { keepDistinct: keep }));
  // Prediction outcomes per (query, row cap), so the two modes share runs when texts agree.
  const predictedRuns = new Map<string, Promise<QueryOutcome>>();

  const runMode = async (keep: boolean): Promise<ModeResult> => {
    const predictedSql = prepare(predicted, keep);
    let goldError: string | undefined;
    let firstFailure: ModeResult | undefined;
    for (const goldQuery of item.gold) {
      const goldSql = prepare(goldQuery, keep);
      const gold = await context.goldCache.run(context.executor, item.dbPath, goldSql, context.timeoutMs);
      if (gold.kind !== 'rows') {
        goldError ??= gold.kind === 'timeout' ? `gold query timed out` : gold.message;
        continue;
      }
      const maxRows = gold.rows.length + 1;
      const runKey = `${maxRows}\u0000${predictedSql}`;
      let run = predictedRuns.get(runKey);
      if (!run) {
        run = context.executor.run(item.dbPath, predictedSql, {
          timeoutMs: context.timeoutMs,
          maxRows,
        });
        predictedRuns.set(runKey, run);
      }
      const outcome = await run;
      if (outcome.kind === 'timeout') return { correct: false, reason: 'timeout' };
      if (outcome.kind === 'error') {
        return { correct: false, reason: 'exec_error', error: outcome.message };
      }
      const orderMatters = spiderOrderMatters(goldSql);
      if (!outcome.truncated && compareSpiderResults(gold, outcome, { orderMatters })) {
        return { correct: true };
      }
      firstFailure ??= {
        correct: false,
        reason: 'wrong_result',
        goldPreview: previewResult(gold),
        predictedPreview: previewResult(outcome),
      };
    }
    return firstFailure ?? { correct: false, reason: 'gold_error', error: goldError };
  };

  const removedSame =
    prepare(predicted, false) === prepare(predicted, true) &&
    item.gold.every((gold) => prepare(gold, false) === prepare(gold, true));
  const kept = await runMode(true);
  const main = keepDistinct || removedSame ? kept : await runMode(false);
  return { ...main, correctDistinctKept: kept.correct };
}

async function scoreDefog(
  item: EvalItem,
  predicted: string,
  context: ScoringContext,
): Promise<PredictionScore> {
  const orderAsked = item.category === 'order_by' || /\b(order|sort|arrange)\b/i.test(item.question);
  let outcome: QueryOutcome | undefined;
  let goldError: string | undefined;
  let failure: ModeResult | undefined;
  for (const goldQuery of item.gold) {
    const gold = await context.goldCache.run(context.executor, item.dbPath, goldQuery, context.timeoutMs);
    if (gold.kind !== 'rows') {
      goldError ??= gold.kind === 'timeout' ? 'gold query timed out' : gold.message;
      continue;
    }
    outcome ??= await context.executor.run(item.dbPath, predicted, {
      timeoutMs: context.timeoutMs,
      maxRows: DEFOG_MAX_ROWS,
    });
    if (outcome.kind === 'timeout') {
      return { correct: false, correctDistinctKept: false, reason: 'timeout' };
    }
    if (outcome.kind === 'error') {
      return {
        correct: false,
        correctDistinctKept: false,
        reason: 'exec_error',
        error: outcome.message,
      };
    }
    const orderMatters = orderAsked && /\border\s+by\b/i.test(goldQuery);
    if (!outcome.truncated && compareDefogResults(gold, outcome, { orderMatters })) {
      return { correct: true, correctDistinctKept: true };
    }
    failure ??= {
      correct: false,
      reason: 'wrong_result',
      goldPreview: previewResult(gold),
      predictedPreview: previewResult(outcome),
    };
  }
  const result = failure ?? { correct: false, reason: 'gold_error' as const, error: goldError };
  return { ...result, correctDistinctKept: false };
}
