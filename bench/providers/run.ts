// `npm run bench:providers`: each provider against its bare driver, in one run. PostgreSQL and
// MariaDB parts need their servers (127.0.0.1:5432, 127.0.0.1:3306) and are skipped with a note
// when they do not answer.
import { benchDuckdb } from './duckdb.bench.js';
import { benchMysql } from './mysql.bench.js';
import { benchPostgres } from './postgres.bench.js';
import { benchSqlite } from './sqlite.bench.js';

const report: Record<string, unknown> = { node: process.version, date: new Date().toISOString() };
const parts: [string, () => Promise<Record<string, unknown>>][] = [
  ['sqlite', benchSqlite],
  ['duckdb', benchDuckdb],
  ['postgres', benchPostgres],
  ['mysql', benchMysql],
];
for (const [name, run] of parts) {
  try {
    report[name] = await run();
  } catch (error) {
    report[name] = { skipped: error instanceof Error ? error.message : String(error) };
  }
  console.log(name, JSON.stringify(report[name]));
}
console.log(JSON.stringify(report, null, 2));
