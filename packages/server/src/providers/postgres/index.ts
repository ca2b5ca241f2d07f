export {
  PostgresProvider,
  createPostgresProvider,
  type PostgresProviderDependencies,
  type PostgresProviderDescription,
} from './postgres-provider.js';
export { PostgresProviderConfig } from './postgres-config.js';
export type {
  PostgresDriver,
  PostgresField,
  PostgresQueryResult,
  PostgresSession,
} from './postgres-driver.js';
export { createPostgresPoolDriver, type PostgresPoolDriverOptions } from './postgres-pool-driver.js';
export {
  introspectPostgres,
  postgresTableLabel,
  type PostgresIntrospectionOptions,
} from './postgres-introspector.js';
export {
  PostgresValidator,
  loadPostgresParser,
  type PostgresStaticCheck,
  type PostgresValidateOptions,
  type PostgresValidatorOptions,
} from './postgres-validator.js';
export { PostgresExecutor, type PostgresExecutorOptions } from './postgres-executor.js';
export { POSTGRES_DIALECT_NOTES, postgresDialectNotes } from './postgres-dialect-notes.js';
export { tokenizePostgres } from './postgres-lexer.js';
export { checkPostgresAstPolicy } from './postgres-ast-policy.js';
export {
  buildPostgresNameCatalog,
  checkPostgresNames,
  type PostgresCatalogTable,
  type PostgresNameCatalog,
  type PostgresNameIssue,
} from './postgres-name-check.js';
export { categorizePostgresColumn } from './postgres-column-category.js';
export { PostgresTypeRegistry, parsePostgresArray } from './postgres-values.js';
export { quotePostgresIdentifier, quotePostgresLiteral } from './postgres-transaction.js';
