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
export {
  createSqliteProvider,
  introspectSqlite,
  quoteSqliteIdentifier,
  SqliteProvider,
  SqliteProviderConfig,
  SQLITE_DIALECT_NOTES,
  sqliteDialectNotes,
  type SqliteIntrospectionOptions,
} from './sqlite/index.js';
export * from './sql-policy/index.js';
