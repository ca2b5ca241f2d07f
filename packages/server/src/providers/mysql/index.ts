export { MysqlProvider, createMysqlProvider } from './mysql-provider.js';
export {
  MysqlProviderConfig,
  MysqlTlsSetting,
  mysqlConnectionSettings,
  type MysqlConnectionSettings,
} from './mysql-config.js';
export {
  introspectMysql,
  quoteMysqlIdentifier,
  type MysqlIntrospectionOptions,
} from './mysql-introspector.js';
export {
  MysqlValidator,
  type MysqlCheckedQuery,
  type MysqlDryRun,
  type MysqlValidateOptions,
  type MysqlValidatorOptions,
} from './mysql-validator.js';
export { MysqlExecutor, type MysqlExecutorOptions } from './mysql-executor.js';
export {
  MysqlSessionPool,
  type MysqlDriverError,
  type MysqlFlavor,
  type MysqlServerInfo,
  type ReadOnlySession,
} from './mysql-session-pool.js';
export { MYSQL_DIALECT_NOTES, mysqlDialectNotes } from './mysql-dialect-notes.js';
export { tokenizeMysql, type MysqlTokenization } from './mysql-lexer.js';
export { checkMysqlTokenPolicy } from './mysql-token-policy.js';
export { categorizeMysqlColumn } from './mysql-column-category.js';
export { mysqlColumnTypeName } from './mysql-result-values.js';
