import { join, resolve } from 'node:path';
import { createApp } from '../app/index.js';
import { loadConfig } from '../config/index.js';
import { Text2xError } from '../core/index.js';
import { DEMO_DATABASE_FILE_NAME, generateDemoDatabase } from '../demo/index.js';
import type { DemoCopyTarget } from '../demo/load-demo-copy.js';
import type { ProviderConfig } from '../providers/index.js';
import type { CliOutput } from './cli-output.js';

export interface DemoCommandOptions {
  scale: number;
  seed: number;
  /** SQLite file to write instead of the demo provider's. */
  out?: string;
  /** Load the demo into this PostgreSQL database (created when missing) instead. */
  postgres?: string;
  /** Load the demo into this MariaDB/MySQL database (created when missing) instead. */
  mysql?: string;
  /** Load the demo into this DuckDB file (replaced) instead. */
  duckdb?: string;
  /** Provider id for the copy; default `demo-postgres`, `demo-mysql` or `demo-duckdb`. */
  name?: string;
}

/**
 * `text2x demo [--scale N] [--out FILE]`: (re)generates the demo shop database. Scale 1 is about
 * 50,000 rows; scale 20 about a million, for benchmarks. The default path is the one the `demo`
 * provider reads, so `ask` uses the new data at once.
 *
 * With `--postgres URL`, `--mysql URL` or `--duckdb FILE` the same data (same seed, scale and day)
 * is loaded into that engine instead, and a provider for it is registered (replacing one with the
 * same id).
 */
export async function demoCommand(options: DemoCommandOptions, output: CliOutput): Promise<number> {
  const targets: { id: string; target: DemoCopyTarget; provider: ProviderConfig }[] = [];
  if (options.postgres !== undefined) {
    const id = options.name ?? 'demo-postgres';
    targets.push({
      id,
      target: { engine: 'postgres', url: options.postgres },
      provider: { id, kind: 'postgres', url: options.postgres, description: 'demo shop (PostgreSQL copy)' },
    });
  }
  if (options.mysql !== undefined) {
    const id = options.name ?? 'demo-mysql';
    targets.push({
      id,
      target: { engine: 'mysql', url: options.mysql },
      provider: { id, kind: 'mysql', url: options.mysql, description: 'demo shop (MariaDB/MySQL copy)' },
    });
  }
  if (options.duckdb !== undefined) {
    const id = options.name ?? 'demo-duckdb';
    const path = resolve(options.duckdb);
    targets.push({
      id,
      target: { engine: 'duckdb', path },
      provider: { id, kind: 'duckdb', database: path, description: 'demo shop (DuckDB copy)' },
    });
  }
  if (targets.length > 1 && options.name !== undefined) {
    throw new Text2xError('INVALID_REQUEST', '--name needs exactly one of --postgres, --mysql or --duckdb');
  }
  if (targets.length === 0) return generateSqlite(options, output);

  const app = await createApp({ config: loadConfig() });
  try {
    for (const { id, target, provider } of targets) {
      const started = performance.now();
      // Imported here: it needs every server driver, which nothing else at start-up should load.
      const { loadDemoCopy } = await import('../demo/load-demo-copy.js');
      const rows = await loadDemoCopy({ target, scale: options.scale, seed: options.seed });
      const total = Object.values(rows).reduce((sum, count) => sum + count, 0);
      await app.providers.forget(id);
      await app.store.removeProvider(id);
      await app.store.addProvider(provider);
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      output.out(`loaded the demo into ${target.engine} (${total} rows in ${seconds} s); provider ${id}`);
    }
    return 0;
  } finally {
    await app.close();
  }
}

async function generateSqlite(options: DemoCommandOptions, output: CliOutput): Promise<number> {
  const path = resolve(options.out ?? join(loadConfig().home, DEMO_DATABASE_FILE_NAME));
  const started = performance.now();
  const { rows } = await generateDemoDatabase({ path, scale: options.scale, seed: options.seed });
  const total = Object.values(rows).reduce((sum, count) => sum + count, 0);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  output.out(`generated ${path}: ${total} rows in ${seconds} s`);
  for (const [table, count] of Object.entries(rows)) output.out(`  ${table.padEnd(12)} ${count}`);
  return 0;
}
