export { DuckdbProvider, createDuckdbProvider } from './duckdb-provider.js';
export { DuckdbProviderConfig, type ResolvedDuckdbProviderConfig } from './duckdb-config.js';
export {
  introspectDuckdb,
  type DuckdbIntrospectionOptions,
  type DuckdbLayout,
} from './duckdb-introspector.js';
export {
  DuckdbValidator,
  type DuckdbValidateOptions,
  type DuckdbValidatorOptions,
} from './duckdb-validator.js';
export { DuckdbExecutor, type DuckdbExecutorOptions } from './duckdb-executor.js';
export { DuckdbDatabase, quoteDuckdbIdentifier, type DuckdbObject } from './duckdb-database.js';
export { DuckdbConnectionPool } from './duckdb-connection-pool.js';
export { DuckdbThreadSlots, DUCKDB_METADATA_SLOTS, DUCKDB_QUERY_SLOTS } from './duckdb-thread-slots.js';
export { DUCKDB_DIALECT_NOTES, duckdbDialectNotes } from './duckdb-dialect-notes.js';
export { tokenizeDuckdb } from './duckdb-lexer.js';
export { categorizeDuckdbColumn } from './duckdb-column-category.js';
export {
  DuckdbFileAllowlist,
  fileFormatOf,
  planFileTables,
  tableNameForPath,
  type DuckdbFileFormat,
  type DuckdbFileTable,
} from './duckdb-file-tables.js';
export { ALLOWED_TABLE_FUNCTIONS, FILE_READER_FUNCTIONS } from './duckdb-query-policy.js';
export { jsonSafeConverter, type JsonSafeValue } from './duckdb-values.js';
