export type {
  ExecuteOptions,
  Provider,
  ProviderCapabilities,
  ProviderConfig,
  ProviderKind,
  RowBatch,
  StreamOptions,
  StreamSummary,
  TlsSetting,
  ValidateOptions,
} from './provider.js';
export { describeProviderTarget, redactUrl } from './provider.js';
export { createProvider, PROVIDER_KINDS } from './provider-registry.js';
export { suggestNames, type NameSuggestionOptions } from './name-suggestions.js';
// The provider implementations are not re-exported here: each kind is imported on first use by
// the registry (`createProvider`), so a server with only SQLite never loads pg, mysql2 or DuckDB.
// Import a provider's folder (e.g. './sqlite/index.js') directly where its class is needed.
export * from './sql-policy/index.js';
