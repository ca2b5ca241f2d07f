import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { ApiMetrics } from '../api-context.js';
import type { TraceReport } from './run-query-with-trace-metrics.js';

type RunReport = Parameters<ApiMetrics['runFinished']>[0];

/** Latency buckets in seconds: 1 ms … 2 min (runs with a model take seconds). */
const LATENCY_BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];

/**
 * The server's Prometheus metrics, in a registry of its own (two servers in one process, as in
 * tests, never share or clash). Names, all prefixed `text2x_`:
 * - `runs_total{outcome}`, `run_duration_seconds{outcome}`: runs by terminal message type;
 * - `stage_duration_seconds{stage}`: per pipeline stage (schema_retrieval, generation, …);
 * - `run_iterations`: generate/validate rounds per run;
 * - `tokens_total{direction}` (input/output) and `cost_usd_total` (runs with a known price);
 * - `validations_total{status}` and `validation_pass_ratio`: the final validation of each run;
 * - `websocket_connections`: open WebSocket connections;
 * - `rate_limited_total{transport}`: requests refused by the rate limiter;
 * - `http_requests_total{method,route,status}`, `http_request_duration_seconds{method,route}`;
 * plus Node's process metrics (`text2x_process_…`, `text2x_nodejs_…`).
 */
export class PrometheusMetrics implements ApiMetrics {
  readonly registry = new Registry();
  private readonly runs: Counter<'outcome'>;
  private readonly runDuration: Histogram<'outcome'>;
  private readonly stageDuration: Histogram<'stage'>;
  private readonly iterations: Histogram;
  private readonly tokens: Counter<'direction'>;
  private readonly cost: Counter;
  private readonly validations: Counter<'status'>;
  private readonly connections: Gauge;
  private readonly limited: Counter<'transport'>;
  private readonly httpRequests: Counter<'method' | 'route' | 'status'>;
  private readonly httpDuration: Histogram<'method' | 'route'>;
  private passed = 0;
  private failed = 0;

  constructor(options: { processMetrics?: boolean } = {}) {
    const registers = [this.registry];
    this.runs = new Counter({
      name: 'text2x_runs_total',
      help: 'Runs by outcome (the terminal message type).',
      labelNames: ['outcome'],
      registers,
    });
    for (const outcome of ['result', 'clarification', 'error', 'cancelled']) this.runs.inc({ outcome }, 0);
    this.runDuration = new Histogram({
      name: 'text2x_run_duration_seconds',
      help: 'Time from the start of a run to its terminal message.',
      labelNames: ['outcome'],
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.stageDuration = new Histogram({
      name: 'text2x_stage_duration_seconds',
      help: 'Time spent in each pipeline stage per run (summed over iterations).',
      labelNames: ['stage'],
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.iterations = new Histogram({
      name: 'text2x_run_iterations',
      help: 'Generate/validate iterations per run.',
      buckets: [1, 2, 3, 4, 5, 6, 8, 10],
      registers,
    });
    this.tokens = new Counter({
      name: 'text2x_tokens_total',
      help: 'Model tokens used, by direction.',
      labelNames: ['direction'],
      registers,
    });
    this.tokens.inc({ direction: 'input' }, 0);
    this.tokens.inc({ direction: 'output' }, 0);
    this.cost = new Counter({
      name: 'text2x_cost_usd_total',
      help: 'Model cost in US dollars, for runs whose model price is known.',
      registers,
    });
    this.validations = new Counter({
      name: 'text2x_validations_total',
      help: "Runs by the final query's validation status.",
      labelNames: ['status'],
      registers,
    });
    this.validations.inc({ status: 'passed' }, 0);
    this.validations.inc({ status: 'failed' }, 0);
    const passRatio: Gauge = new Gauge({
      name: 'text2x_validation_pass_ratio',
      help: 'Share of validated runs whose final query passed validation (0 before any run).',
      registers,
      collect: () => {
        const total = this.passed + this.failed;
        passRatio.set(total === 0 ? 0 : this.passed / total);
      },
    });
    this.connections = new Gauge({
      name: 'text2x_websocket_connections',
      help: 'Open WebSocket connections.',
      registers,
    });
    this.limited = new Counter({
      name: 'text2x_rate_limited_total',
      help: 'Requests refused by the rate limiter, by transport.',
      labelNames: ['transport'],
      registers,
    });
    for (const transport of ['rest', 'websocket', 'sse']) this.limited.inc({ transport }, 0);
    this.httpRequests = new Counter({
      name: 'text2x_http_requests_total',
      help: 'HTTP requests by method, route pattern and status.',
      labelNames: ['method', 'route', 'status'],
      registers,
    });
    this.httpDuration = new Histogram({
      name: 'text2x_http_request_duration_seconds',
      help: 'HTTP request latency by method and route pattern.',
      labelNames: ['method', 'route'],
      buckets: LATENCY_BUCKETS,
      registers,
    });
    if (options.processMetrics !== false) {
      collectDefaultMetrics({ register: this.registry, prefix: 'text2x_' });
    }
  }

  runFinished(run: RunReport): void {
    this.runs.inc({ outcome: run.outcome });
    this.runDuration.observe({ outcome: run.outcome }, run.durationMs / 1000);
    if (run.iterations > 0) this.iterations.observe(run.iterations);
    this.traceObserved({ stagesMs: run.stagesMs, tokens: run.tokens, costUsd: run.costUsd });
    if (run.validationPassed !== null) {
      this.validations.inc({ status: run.validationPassed ? 'passed' : 'failed' });
      if (run.validationPassed) this.passed += 1;
      else this.failed += 1;
    }
  }

  /**
   * Stage times, tokens and cost of a run whose client asked for no trace, measured separately
   * (`runQueryWithTraceMetrics`) because `runFinished` reads them from the trace the client sees.
   */
  traceObserved(report: TraceReport): void {
    for (const [stage, ms] of Object.entries(report.stagesMs)) {
      if (Number.isFinite(ms)) this.stageDuration.observe({ stage }, ms / 1000);
    }
    if (report.tokens.input > 0) this.tokens.inc({ direction: 'input' }, report.tokens.input);
    if (report.tokens.output > 0) this.tokens.inc({ direction: 'output' }, report.tokens.output);
    if (report.costUsd !== null && report.costUsd > 0) this.cost.inc(report.costUsd);
  }

  webSocketConnections(delta: number): void {
    this.connections.inc(delta);
  }

  rateLimited(transport: 'rest' | 'websocket' | 'sse'): void {
    this.limited.inc({ transport });
  }

  /** One finished HTTP request; `route` is the route pattern (`/api/v1/providers/:id`), never the raw URL. */
  httpRequest(request: { method: string; route: string; status: number; durationMs: number }): void {
    this.httpRequests.inc({ method: request.method, route: request.route, status: String(request.status) });
    this.httpDuration.observe({ method: request.method, route: request.route }, request.durationMs / 1000);
  }

  /** The text exposition format for `GET /metrics`. */
  render(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
