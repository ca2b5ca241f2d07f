import { isTerminal, type QueryRequest, type ServerMessage } from '@text2x/protocol';
import type { PipelineDeps } from '../../pipeline/index.js';
import { runQuery } from '../../pipeline/index.js';

/** What a run's trace tells the metrics: time per stage, tokens and cost. */
export interface TraceReport {
  stagesMs: Record<string, number>;
  tokens: { input: number; output: number };
  costUsd: number | null;
}

function numberOr(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}

/** Reads a terminal message's summary trace (`stages_ms`, `tokens`, `cost_usd`). */
export function traceReportOf(message: ServerMessage): TraceReport {
  const trace = message.trace ?? {};
  const stagesMs: Record<string, number> = {};
  if (typeof trace.stages_ms === 'object' && trace.stages_ms !== null) {
    for (const [stage, ms] of Object.entries(trace.stages_ms as Record<string, unknown>)) {
      if (typeof ms === 'number' && Number.isFinite(ms)) stagesMs[stage] = ms;
    }
  }
  const tokens = (typeof trace.tokens === 'object' && trace.tokens !== null ? trace.tokens : {}) as Record<
    string,
    unknown
  >;
  return {
    stagesMs,
    tokens: { input: numberOr(tokens.input, 0), output: numberOr(tokens.output, 0) },
    costUsd: typeof trace.cost_usd === 'number' ? trace.cost_usd : null,
  };
}

/**
 * Runs the pipeline so that per-stage latency, tokens and cost are measured for every run, not
 * only for runs whose client asked for a trace: a request with `trace_level: none` runs with
 * `summary`, `onTrace` receives the terminal message's trace, and every message is passed on
 * without the trace the client did not ask for. Requests that asked for a trace pass through
 * untouched (whoever records `runFinished` reads their trace).
 */
export async function* runQueryWithTraceMetrics(
  deps: PipelineDeps,
  request: QueryRequest,
  options: { signal: AbortSignal; onTrace: (report: TraceReport) => void },
): AsyncGenerator<ServerMessage, void, undefined> {
  if (request.options.trace_level !== 'none') {
    yield* runQuery(deps, request, { signal: options.signal });
    return;
  }
  const observed: QueryRequest = { ...request, options: { ...request.options, trace_level: 'summary' } };
  for await (const message of runQuery(deps, observed, { signal: options.signal })) {
    if (message.trace === undefined) {
      yield message;
      continue;
    }
    if (isTerminal(message)) options.onTrace(traceReportOf(message));
    const { trace: _trace, ...rest } = message;
    yield rest;
  }
}
