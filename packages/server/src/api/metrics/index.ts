export { PrometheusMetrics } from './prometheus-metrics.js';
export { runQueryWithTraceMetrics, traceReportOf, type TraceReport } from './run-query-with-trace-metrics.js';
