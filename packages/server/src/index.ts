/**
 * `@text2x/server`: the service as a library. Build a server with `createServer`, or use the
 * pipeline directly (`createApp` + `runQuery`) in a process of your own.
 */
export {
  createServer,
  createRateLimiter,
  generateApiKey,
  hashApiKey,
  MemoryRateLimiter,
  PrometheusMetrics,
  RedisRateLimiter,
  type ApiContext,
  type ApiMetrics,
  type ApiRateLimiter,
  type CreateServerOptions,
  type Identity,
  type RateDecision,
  type RateLimiter,
  type RunPermit,
  type ServerLogging,
  type Text2xServer,
} from './api/index.js';
export { createApp, DEMO_PROVIDER_ID, ProviderHub, type App, type CreateAppOptions } from './app/index.js';
export { loadConfig, Text2xConfig, type Text2xConfigInput } from './config/index.js';
export { Text2xError, toText2xError, type Dialect, type SchemaInfo } from './core/index.js';
export type { QueryGenerator } from './generation/query-generator.js';
export { ScriptedGenerator, type ScriptStep } from './generation/scripted-generator.js';
export {
  runEditedQuery,
  runQuery,
  type EditedQueryOutcome,
  type EditedQueryRequest,
  type PipelineDeps,
  type RunQueryOptions,
} from './pipeline/index.js';
export {
  createProvider,
  describeProviderTarget,
  redactUrl,
  type Provider,
  type ProviderConfig,
} from './providers/index.js';
export { openMetadataStore, type MetadataStore, type MetadataStoreOptions } from './store/index.js';
