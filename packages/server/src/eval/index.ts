export type { EvalBenchmark, EvalDialect, EvalItem } from './eval-item.js';
export { loadSpiderItems, type LoadSpiderItemsOptions } from './load-spider-items.js';
export { loadDefogItems, type LoadDefogItemsOptions } from './load-defog-items.js';
export {
  runEval,
  DEFAULT_QUERY_TIMEOUT_MS,
  type Prediction,
  type PredictFunction,
  type EvalHistoryTurn,
  type EvalProgress,
  type RunEvalOptions,
} from './run-eval.js';
export {
  summaryLine,
  buildEvalReport,
  FAILURE_REASONS,
  type EvalReport,
  type EvalItemResult,
  type FailureReason,
  type GroupScore,
} from './eval-report.js';
export {
  scorePrediction,
  type PredictionScore,
  type ScoreFailure,
  type ScoringContext,
} from './score-prediction.js';
export type { QueryExecutor, QueryOutcome, QueryRunOptions } from './query-executor.js';
export { ChildProcessQueryExecutor } from './child-process-query-executor.js';
export { PostgresQueryExecutor } from './postgres-query-executor.js';
export { MysqlQueryExecutor } from './mysql-query-executor.js';
export {
  ensureDefogServerDatabases,
  DEFAULT_EVAL_MYSQL_URL,
  DEFAULT_EVAL_POSTGRES_URL,
  type EnsureDefogServerDatabasesOptions,
} from './ensure-defog-server-databases.js';
export {
  ensureDefogPostgresDatabase,
  dropPostgresDatabase,
  defogDumpMarker,
  type EnsureDefogPostgresDatabaseOptions,
  type EnsuredDatabase,
} from './ensure-defog-postgres-database.js';
export {
  ensureDefogMysqlDatabase,
  dropMysqlDatabase,
  mysqlColumnType,
  type EnsureDefogMysqlDatabaseOptions,
} from './ensure-defog-mysql-database.js';
export { pgDumpToSql } from './pg-dump-to-sql.js';
export { serverDatabaseUrl } from './server-database-url.js';
export { GoldResultCache } from './gold-result-cache.js';
export type { ResultSet, ResultPreview, SqlValue } from './result-set.js';
export { compareSpiderResults } from './spider-result-comparison.js';
export { compareDefogResults } from './defog-result-comparison.js';
export {
  normalizeSpacedOperators,
  removeDistinct,
  spiderOrderMatters,
} from './spider-query-normalization.js';
export { expandDefogGold } from './defog-gold-expansion.js';
export { parseCsv, parseCsvObjects } from './parse-csv.js';
export {
  evalSpiderHardness,
  SPIDER_HARDNESS_LEVELS,
  type SpiderHardness,
  type SpiderSql,
} from './spider-hardness.js';
export { spiderSqlFromQuery } from './spider-sql-from-query.js';
