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
export {
  createPostgresProvider,
  PostgresProvider,
  PostgresProviderConfig,
  POSTGRES_DIALECT_NOTES,
  type PostgresDriver,
  type PostgresProviderDependencies,
} from './postgres/index.js';
export {
  createMysqlProvider,
  MysqlProvider,
  MysqlProviderConfig,
  MYSQL_DIALECT_NOTES,
  mysqlDialectNotes,
} from './mysql/index.js';
export {
  createDuckdbProvider,
  DuckdbProvider,
  DuckdbProviderConfig,
  DUCKDB_DIALECT_NOTES,
  duckdbDialectNotes,
} from './duckdb/index.js';
export * from './sql-policy/index.js';
