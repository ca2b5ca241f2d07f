import { ChildProcessQueryExecutor } from './child-process-query-executor.js';
import type { EvalItem } from './eval-item.js';
import { buildEvalReport, type EvalItemResult, type EvalReport } from './eval-report.js';
import { GoldResultCache } from './gold-result-cache.js';
import type { QueryExecutor } from './query-executor.js';
import { scorePrediction } from './score-prediction.js';

/** What the engine answered for one item. */
export interface Prediction {
  /** The predicted query; null when the engine gives none. */
  query: string | null;
  /** The engine declined (cannot answer, or asked a clarification question). */
  declined?: boolean;
  /** Engine fault; counted in `errors`. A query given with an error is still scored. */
  error?: string;
  /** Milliseconds the engine took; measured around `predict` when absent. */
  ms?: number;
}

/** An earlier turn of the same conversation (multi-turn sets), oldest first. */
export interface EvalHistoryTurn {
  item: EvalItem;
  question: string;
  /** What the engine predicted for that turn (null when it gave no query). */
  predicted: string | null;
  /** The turn's first gold query. */
  gold: string;
}

/**
 * Asks the engine. `history` holds the earlier turns of the item's conversation (empty for
 * single-turn sets); `signal` aborts when the run is aborted. Throwing counts as an engine error
 * for that item; the run goes on.
 */
export type PredictFunction = (
  item: EvalItem,
  history: readonly EvalHistoryTurn[],
  signal: AbortSignal,
) => Promise<Prediction>;

export interface EvalProgress {
  /** Items finished so far, including this one. */
  done: number;
  total: number;
  /** Right answers so far. */
  correct: number;
  /** The item just finished. */
  result: EvalItemResult;
}

export interface RunEvalOptions {
  items: readonly EvalItem[];
  predict: PredictFunction;
  /** Items (conversations, for multi-turn sets) evaluated at once; default 1. */
  concurrency?: number;
  /** Called after each item, in completion order. */
  onProgress?: (progress: EvalProgress) => void;
  /** Per-query time limit for gold and predicted queries, in milliseconds; default 10 000. */
  timeoutMs?: number;
  /** Score with DISTINCT kept (the stricter Spider number) instead of removed; default false. */
  keepDistinct?: boolean;
  /**
   * Where queries run; default: a `ChildProcessQueryExecutor` with `concurrency` processes,
   * closed when the run ends. A caller-supplied executor is left open.
   */
  executor?: QueryExecutor;
  /** Gold results to reuse across runs; default: a fresh cache. */
  goldCache?: GoldResultCache;
  /** Aborts the run: no new items start, in-flight `predict` calls see the signal; rejects. */
  signal?: AbortSignal;
}

export const DEFAULT_QUERY_TIMEOUT_MS = 10_000;

/**
 * Evaluates `predict` over `items` and scores each answer by execution (see `scorePrediction`
 * for the Spider and defog rules, and `EvalReport` for how unanswerable defog items count).
 * Turns of one conversation run in order (so `history` holds the earlier turns' predictions);
 * conversations and single items run `concurrency` at a time. Results keep the order of `items`.
 */
export async function runEval(options: RunEvalOptions): Promise<EvalReport> {
  const started = performance.now();
  const concurrency = Math.max(1, Math.floor(options.concurrency ?? 1));
  const timeoutMs = options.timeoutMs ?? DEFAULT_QUERY_TIMEOUT_MS;
  const ownExecutor = options.executor === undefined;
  const executor = options.executor ?? new ChildProcessQueryExecutor({ size: concurrency });
  const goldCache = options.goldCache ?? new GoldResultCache();
  const abort = new AbortController();
  const onAbort = (): void => abort.abort(options.signal?.reason);
  options.signal?.addEventListener('abort', onAbort, { once: true });
  if (options.signal?.aborted) onAbort();

  const units = groupIntoUnits(options.items);
  const results: EvalItemResult[] = new Array<EvalItemResult>(options.items.length);
  let done = 0;
  let correct = 0;
  let nextUnit = 0;

  const evaluateItem = async (item: EvalItem, history: EvalHistoryTurn[]): Promise<EvalItemResult> => {
    const predictStarted = performance.now();
    let prediction: Prediction;
    try {
      prediction = await options.predict(item, history, abort.signal);
    } catch (error) {
      if (abort.signal.aborted) throw error;
      prediction = { query: null, error: error instanceof Error ? error.message : String(error) };
    }
    const ms = prediction.ms ?? Math.round(performance.now() - predictStarted);
    const query =
      typeof prediction.query === 'string' && prediction.query.trim() !== '' ? prediction.query : null;
    const base: EvalItemResult = {
      id: item.id,
      dbId: item.dbId,
      question: item.question,
      gold: item.gold,
      predicted: query,
      correct: false,
      correctDistinctKept: false,
      ms,
      ...(item.hardness !== undefined && { hardness: item.hardness }),
      ...(item.category !== undefined && { category: item.category }),
      ...(item.unanswerable && { unanswerable: true }),
      ...(item.interactionId !== undefined && { interactionId: item.interactionId }),
      ...(item.turnIndex !== undefined && { turnIndex: item.turnIndex }),
      ...(prediction.declined && { declined: true }),
      ...(prediction.error !== undefined && { error: prediction.error, engineError: true }),
    };

    const declinedOrSilent =
      prediction.declined === true || (query === null && prediction.error === undefined);
    if (item.unanswerable && declinedOrSilent) {
      return { ...base, correct: true, correctDistinctKept: true };
    }
    if (query === null || prediction.declined) {
      if (query === null) return { ...base, reason: prediction.declined ? 'declined' : 'no_query' };
      // Declined with a best-guess query: still a decline.
      return { ...base, reason: 'declined' };
    }
    const score = await scorePrediction(item, query, {
      executor,
      goldCache,
      timeoutMs,
      keepDistinct: options.keepDistinct ?? false,
    });
    return {
      ...base,
      correct: score.correct,
      correctDistinctKept: score.correctDistinctKept,
      ...(score.reason !== undefined && { reason: score.reason }),
      ...(score.error !== undefined && base.error === undefined && { error: score.error }),
      ...(score.goldPreview && { goldPreview: score.goldPreview }),
      ...(score.predictedPreview && { predictedPreview: score.predictedPreview }),
    };
  };

  const worker = async (): Promise<void> => {
    while (!abort.signal.aborted && nextUnit < units.length) {
      const unit = units[nextUnit++]!;
      const history: EvalHistoryTurn[] = [];
      for (const index of unit) {
        if (abort.signal.aborted) return;
        const item = options.items[index]!;
        const result = await evaluateItem(item, [...history]);
        results[index] = result;
        history.push({
          item,
          question: item.question,
          predicted: result.predicted,
          gold: item.gold[0] ?? '',
        });
        done++;
        if (result.correct) correct++;
        options.onProgress?.({ done, total: options.items.length, correct, result });
      }
    }
  };

  try {
    await Promise.all(Array.from({ length: Math.min(concurrency, units.length) }, worker));
    if (abort.signal.aborted) {
      throw abort.signal.reason instanceof Error ? abort.signal.reason : new Error('evaluation aborted');
    }
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    if (ownExecutor) await executor.close();
  }
  return buildEvalReport(results, (performance.now() - started) / 1000);
}

/** Item indexes grouped by conversation (turn order), single items alone; first-seen order. */
function groupIntoUnits(items: readonly EvalItem[]): number[][] {
  const units: number[][] = [];
  const byInteraction = new Map<string, number[]>();
  items.forEach((item, index) => {
    if (item.interactionId === undefined) {
      units.push([index]);
      return;
    }
    let unit = byInteraction.get(item.interactionId);
    if (!unit) {
      unit = [];
      byInteraction.set(item.interactionId, unit);
      units.push(unit);
    }
    unit.push(index);
  });
  for (const unit of byInteraction.values()) {
    unit.sort((a, b) => (items[a]!.turnIndex ?? 0) - (items[b]!.turnIndex ?? 0) || a - b);
  }
  return units;
}
