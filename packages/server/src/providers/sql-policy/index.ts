export type { SqlToken, SqlTokenKind, SqlTokenization } from './sql-token.js';
export type { PolicyViolation } from './policy-violation.js';
export {
  COMMON_DENIED_KEYWORDS,
  createDenyList,
  deniedFunctionReason,
  deniedTableReason,
  type DenyList,
} from './deny-list.js';
export { SQLITE_DENY_LIST } from './sqlite-deny-list.js';
export { DUCKDB_DENIED_STATEMENTS, DUCKDB_DENY_LIST } from './duckdb-deny-list.js';
export { MYSQL_DENY_LIST } from './mysql-deny-list.js';
export { POSTGRES_DENY_LIST } from './postgres-deny-list.js';
export { checkTokenPolicy } from './token-policy.js';
export { checkAstPolicy } from './ast-policy.js';
export { buildNameCatalog, type CatalogTable, type NameCatalog } from './name-catalog.js';
export { checkNames, type NameCheckOptions, type NameIssue } from './name-resolution.js';
export {
  issueFromViolation,
  positionOfName,
  withNamePosition,
  type TokenFilter,
} from './validation-issues.js';
export { didYouMean } from './name-resolution.js';
