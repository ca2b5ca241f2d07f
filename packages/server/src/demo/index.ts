export { DEMO_QUESTIONS } from './demo-questions.js';
export { DEMO_INDEX_SQL, DEMO_TABLE_SQL, DEMO_TABLES, type DemoTable } from './demo-schema.js';
export {
  DEMO_DATABASE_FILE_NAME,
  ensureDemoDatabase,
  type EnsureDemoDatabaseOptions,
} from './ensure-demo-database.js';
export {
  generateDemoDatabase,
  type GenerateDemoDatabaseOptions,
  type GeneratedDemoDatabase,
} from './generate-demo-database.js';
export {
  demoColumns,
  demoColumnType,
  demoCreateTableSql,
  type DemoColumn,
  type DemoCopyEngine,
} from './demo-copy-schema.js';
