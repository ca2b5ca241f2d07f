export { SqliteProvider, createSqliteProvider } from './sqlite-provider.js';
export { SqliteProviderConfig } from './sqlite-config.js';
export {
  introspectSqlite,
  quoteSqliteIdentifier,
  type SqliteIntrospectionOptions,
} from './sqlite-introspector.js';
export {
  SqliteValidator,
  type SqliteValidateOptions,
  type SqliteValidatorOptions,
} from './sqlite-validator.js';
export { SqliteExecutor, type SqliteExecutorOptions } from './sqlite-executor.js';
export { SQLITE_DIALECT_NOTES, sqliteDialectNotes } from './sqlite-dialect-notes.js';
export { tokenizeSqlite } from './sqlite-lexer.js';
export { categorizeSqliteColumn } from './sqlite-column-category.js';
