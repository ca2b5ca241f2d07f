import type { ExecutionResult } from '@text2x/protocol';
import { Text2xError } from '../core/index.js';
import type { Provider, RowBatch } from '../providers/index.js';
import { abortable } from './abortable.js';

export interface ExecutionStageOptions {
  maxRows: number;
  timeoutMs: number;
  signal: AbortSignal;
}

/** Stage: runs a validated query read-only with the request's row cap and time limit. */
export function executionStage(
  provider: Provider,
  query: string,
  options: ExecutionStageOptions,
): Promise<ExecutionResult> {
  return abortable(provider.execute(query, options), options.signal);
}

/**
 * Stage, streaming form (`options.stream_rows`): yields the rows in batches as the provider reads
 * them and returns the execution metadata with no rows. Providers without `stream` are chunked
 * from `execute`. A query that fails comes back as `success: false`, like `executionStage`.
 */
export async function* streamingExecutionStage(
  provider: Provider,
  query: string,
  options: ExecutionStageOptions & { batchSize: number },
): AsyncGenerator<RowBatch, ExecutionResult, undefined> {
  if (!provider.stream) {
    const result = await executionStage(provider, query, options);
    for (let offset = 0; offset < result.rows.length; offset += options.batchSize) {
      yield { columns: result.columns, rows: result.rows.slice(offset, offset + options.batchSize) };
    }
    return { ...result, rows: [] };
  }
  const stream = provider.stream(query, options);
  try {
    for (;;) {
      const next = await abortable(stream.next(), options.signal);
      if (next.done) {
        return {
          success: true,
          columns: next.value.columns,
          rows: [],
          row_count: next.value.rowCount,
          truncated: next.value.truncated,
          execution_time_ms: next.value.executionTimeMs,
        };
      }
      yield next.value;
    }
  } catch (error) {
    if (error instanceof Text2xError && error.code === 'EXECUTION_FAILED') {
      return {
        success: false,
        columns: [],
        rows: [],
        row_count: 0,
        truncated: false,
        execution_time_ms: 0,
        error: error.message,
      };
    }
    throw error;
  } finally {
    await stream.return(undefined as never).catch(() => undefined);
  }
}
