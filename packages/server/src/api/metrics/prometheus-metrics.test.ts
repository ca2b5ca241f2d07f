import { describe, expect, it } from 'vitest';
import { PrometheusMetrics } from './prometheus-metrics.js';

describe('PrometheusMetrics', () => {
  it('records runs by outcome with latency per stage, iterations, tokens, cost and the pass ratio', async () => {
    const metrics = new PrometheusMetrics({ processMetrics: false });
    metrics.runFinished({
      outcome: 'result',
      durationMs: 120,
      iterations: 2,
      stagesMs: { generation: 80, validation: 5 },
      tokens: { input: 100, output: 20 },
      costUsd: 0.0005,
      validationPassed: true,
    });
    metrics.runFinished({
      outcome: 'error',
      durationMs: 30,
      iterations: 1,
      stagesMs: {},
      tokens: { input: 0, output: 0 },
      costUsd: null,
      validationPassed: false,
    });
    metrics.traceObserved({ stagesMs: { generation: 10 }, tokens: { input: 5, output: 1 }, costUsd: null });
    metrics.webSocketConnections(3);
    metrics.webSocketConnections(-1);
    metrics.rateLimited('websocket');
    const text = await metrics.render();
    expect(text).toMatch(/^text2x_runs_total\{outcome="result"\} 1$/m);
    expect(text).toMatch(/^text2x_runs_total\{outcome="error"\} 1$/m);
    expect(text).toMatch(/^text2x_runs_total\{outcome="cancelled"\} 0$/m);
    expect(text).toMatch(/^text2x_stage_duration_seconds_count\{stage="generation"\} 2$/m);
    expect(text).toMatch(/^text2x_stage_duration_seconds_sum\{stage="generation"\} 0\.09$/m);
    expect(text).toMatch(/^text2x_run_iterations_sum 3$/m);
    expect(text).toMatch(/^text2x_tokens_total\{direction="input"\} 105$/m);
    expect(text).toMatch(/^text2x_cost_usd_total 0\.0005$/m);
    expect(text).toMatch(/^text2x_validation_pass_ratio 0\.5$/m);
    expect(text).toMatch(/^text2x_websocket_connections 2$/m);
    expect(text).toMatch(/^text2x_rate_limited_total\{transport="websocket"\} 1$/m);
    expect(text).not.toContain('process_');
  });

  it('keeps two instances apart (one registry each)', async () => {
    const first = new PrometheusMetrics();
    const second = new PrometheusMetrics();
    first.rateLimited('rest');
    expect(await second.render()).toMatch(/^text2x_rate_limited_total\{transport="rest"\} 0$/m);
    expect(await first.render()).toMatch(/^text2x_rate_limited_total\{transport="rest"\} 1$/m);
  });
});
