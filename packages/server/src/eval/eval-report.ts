import type { EvalItem } from './eval-item.js';
import type { ResultPreview } from './result-set.js';
import { SPIDER_HARDNESS_LEVELS } from './spider-hardness.js';

/**
 * Why an item is wrong:
 * - `wrong_result`: the prediction ran but its result differs from every gold result;
 * - `exec_error`: the prediction failed to run;
 * - `timeout`: the prediction ran over the time limit;
 * - `declined`: the engine declined (cannot answer / asked for clarification) an answerable item;
 * - `no_query`: the engine returned no query without declining (or failed: see `error`);
 * - `gold_error`: every gold query failed or timed out (counted in `errors`; the item is wrong).
 */
export type FailureReason =
  'wrong_result' | 'exec_error' | 'timeout' | 'declined' | 'no_query' | 'gold_error';

export const FAILURE_REASONS: readonly FailureReason[] = [
  'wrong_result',
  'exec_error',
  'timeout',
  'declined',
  'no_query',
  'gold_error',
];

/** Count, right answers and accuracy of a group of items. */
export interface GroupScore {
  total: number;
  correct: number;
  /** `correct / total`, rounded to 4 decimals (0 when empty). */
  ex: number;
}

/** The outcome of one item. */
export interface EvalItemResult {
  id: string;
  dbId: string;
  question: string;
  gold: string[];
  /** The predicted query; null when the engine gave none. */
  predicted: string | null;
  correct: boolean;
  /** Right with DISTINCT kept in both queries (Spider's stricter number). */
  correctDistinctKept: boolean;
  /** Set when `correct` is false. */
  reason?: FailureReason;
  /** The engine declined the question. */
  declined?: boolean;
  /** Engine fault (predict threw or returned `error`), or the failing query's error message. */
  error?: string;
  /** True when the engine faulted on this item (counted in `errors`). */
  engineError?: boolean;
  /** Milliseconds the engine took (`ms` from predict, else measured around it). */
  ms: number;
  hardness?: EvalItem['hardness'];
  category?: string;
  unanswerable?: boolean;
  interactionId?: string;
  turnIndex?: number;
  goldPreview?: ResultPreview;
  predictedPreview?: ResultPreview;
}

/**
 * The result of `runEval`. The first seven keys are the summary printed by `summaryLine`.
 *
 * defog: unanswerable (idk.csv) items count as correct when the engine declines them (predict
 * returns `declined: true`, or a null query without an error), or when its query returns the same
 * result as the gold refusal query; `unanswerable` reports them separately as well.
 */
export interface EvalReport {
  total: number;
  correct: number;
  /** Execution accuracy `correct / total` (DISTINCT removed unless `keepDistinct`), 4 decimals. */
  ex: number;
  /**
   * Per Spider hardness (easy, medium, hard, extra, then `unknown`), or per defog
   * `query_category` (alphabetical) — see `group_by`.
   */
  by_hardness: Record<string, GroupScore>;
  /** Items the engine declined (predict returned `declined: true`). */
  declined: number;
  /** Items where the engine faulted or every gold query failed. */
  errors: number;
  /** Wall-clock duration of the run, 1 decimal. */
  seconds: number;
  /** Accuracy with DISTINCT kept in both queries. */
  ex_distinct_kept: number;
  correct_distinct_kept: number;
  /** What `by_hardness` is keyed by: `hardness` (Spider) or `category` (defog). */
  group_by: 'hardness' | 'category';
  /** Failure counts by reason. */
  reasons: Record<FailureReason, number>;
  /** defog idk.csv items: how many there were, how many were declined, how many scored right. */
  unanswerable?: { total: number; declined: number; correct: number };
  /** Multi-turn sets: conversations and how many had every turn right. */
  per_interaction?: GroupScore;
  items: EvalItemResult[];
}

export const ratio = (correct: number, total: number): number =>
  total === 0 ? 0 : Math.round((correct / total) * 10_000) / 10_000;

/** Builds the report from per-item results (in item order). */
export function buildEvalReport(results: readonly EvalItemResult[], seconds: number): EvalReport {
  const total = results.length;
  const correct = results.filter((result) => result.correct).length;
  const correctKept = results.filter((result) => result.correctDistinctKept).length;
  const byCategory =
    results.some((result) => result.category !== undefined) &&
    results.every((result) => result.hardness === undefined);

  const groups = new Map<string, { total: number; correct: number }>();
  for (const result of results) {
    const key = result.hardness ?? result.category ?? 'unknown';
    const group = groups.get(key) ?? { total: 0, correct: 0 };
    group.total++;
    if (result.correct) group.correct++;
    groups.set(key, group);
  }
  const rank = (key: string): number => {
    const index = (SPIDER_HARDNESS_LEVELS as readonly string[]).indexOf(key);
    return index === -1 ? SPIDER_HARDNESS_LEVELS.length : index;
  };
  const keys = [...groups.keys()].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  const by_hardness: Record<string, GroupScore> = {};
  for (const key of keys) {
    const group = groups.get(key)!;
    by_hardness[key] = { total: group.total, correct: group.correct, ex: ratio(group.correct, group.total) };
  }

  const reasons = Object.fromEntries(FAILURE_REASONS.map((reason) => [reason, 0])) as Record<
    FailureReason,
    number
  >;
  for (const result of results) if (result.reason) reasons[result.reason]++;

  const report: EvalReport = {
    total,
    correct,
    ex: ratio(correct, total),
    by_hardness,
    declined: results.filter((result) => result.declined).length,
    errors: results.filter((result) => result.engineError || result.reason === 'gold_error').length,
    seconds: Math.round(seconds * 10) / 10,
    ex_distinct_kept: ratio(correctKept, total),
    correct_distinct_kept: correctKept,
    group_by: byCategory ? 'category' : 'hardness',
    reasons,
    items: [...results],
  };

  const unanswerable = results.filter((result) => result.unanswerable);
  if (unanswerable.length > 0) {
    report.unanswerable = {
      total: unanswerable.length,
      declined: unanswerable.filter(
        (result) => result.declined || (result.predicted === null && !result.engineError),
      ).length,
      correct: unanswerable.filter((result) => result.correct).length,
    };
  }

  const interactions = new Map<string, boolean>();
  for (const result of results) {
    if (result.interactionId === undefined) continue;
    interactions.set(
      result.interactionId,
      (interactions.get(result.interactionId) ?? true) && result.correct,
    );
  }
  if (interactions.size > 0) {
    const allRight = [...interactions.values()].filter(Boolean).length;
    report.per_interaction = {
      total: interactions.size,
      correct: allRight,
      ex: ratio(allRight, interactions.size),
    };
  }
  return report;
}

/**
 * The one-line JSON summary:
 * `{"total":N,"correct":K,"ex":0.xx,"by_hardness":{…},"declined":D,"errors":E,"seconds":S,…}` —
 * exactly those seven keys first, then `ex_distinct_kept`, `group_by`, and `unanswerable` /
 * `per_interaction` when present. No per-item detail.
 */
export function summaryLine(report: EvalReport): string {
  const summary: Record<string, unknown> = {
    total: report.total,
    correct: report.correct,
    ex: report.ex,
    by_hardness: report.by_hardness,
    declined: report.declined,
    errors: report.errors,
    seconds: report.seconds,
    ex_distinct_kept: report.ex_distinct_kept,
    group_by: report.group_by,
  };
  if (report.unanswerable) summary.unanswerable = report.unanswerable;
  if (report.per_interaction) summary.per_interaction = report.per_interaction;
  return JSON.stringify(summary);
}
