import { createApp, type App } from '../../app/index.js';
import { loadConfig } from '../../config/index.js';
import { runQuery } from '../../pipeline/index.js';
import type { PredictFunction } from '../run-eval.js';

/** An app with a private in-memory store, no demo provider and the default (offline) generator. */
export function openOfflineApp(home: string): Promise<App> {
  return createApp({
    config: loadConfig({ env: {}, overrides: { home, demo: false } }),
    memoryStore: true,
  });
}

/** How one question ended when asked through the whole pipeline. */
export interface AskOutcome {
  /** The terminal message's type. */
  type: string;
  /** The final query (also for a failed run when the error names one). */
  query: string | null;
  /** Rows of the executed result, for a `result`. */
  rowCount?: number;
  /** Error code and message, for an `error`. */
  error?: string;
}

/** Asks one question of a provider as `text2x ask` would, and reports how it ended. */
export async function askPipeline(
  app: App,
  providerId: string,
  question: string,
  signal?: AbortSignal,
): Promise<AskOutcome> {
  let outcome: AskOutcome = { type: 'none', query: null };
  for await (const message of runQuery(
    app.deps,
    {
      provider_id: providerId,
      query: question.slice(0, 5000),
      options: { max_rows: 1000, timeout_ms: 10_000 },
    },
    signal ? { signal } : {},
  )) {
    if (message.type === 'result') {
      outcome = {
        type: 'result',
        query: message.data.generated_query,
        ...(message.data.execution_result && { rowCount: message.data.execution_result.row_count }),
      };
    } else if (message.type === 'clarification') {
      outcome = { type: 'clarification', query: message.data.current_query };
    } else if (message.type === 'error') {
      const last = message.data.details?.query;
      outcome = {
        type: 'error',
        query: typeof last === 'string' ? last : null,
        error: `${message.data.code}: ${message.data.message}`,
      };
    } else if (message.type === 'cancelled') {
      outcome = { type: 'cancelled', query: null };
    }
  }
  return outcome;
}

/**
 * A `PredictFunction` that asks the pipeline (providers must already be in `app`'s store, with
 * the item's `dbId` as id), counting clarifications and CANNOT_ANSWER as declines, as the eval
 * command does.
 */
export function pipelinePredict(app: App): PredictFunction {
  return async (item, _history, signal) => {
    const question = item.instructions ? `${item.question}\n${item.instructions}` : item.question;
    const outcome = await askPipeline(app, item.dbId, question, signal);
    if (outcome.type === 'result') return { query: outcome.query };
    if (outcome.type === 'clarification' || outcome.error?.startsWith('CANNOT_ANSWER')) {
      return { query: null, declined: true };
    }
    return { query: outcome.query, error: outcome.error ?? outcome.type };
  };
}
