import { join, resolve } from 'node:path';
import { loadConfig } from '../config/index.js';
import { DEMO_DATABASE_FILE_NAME, generateDemoDatabase } from '../demo/index.js';
import type { CliOutput } from './cli-output.js';

/**
 * `text2x demo [--scale N] [--out FILE]`: (re)generates the demo shop database. Scale 1 is about
 * 50,000 rows; scale 20 about a million, for benchmarks. The default path is the one the `demo`
 * provider reads, so `ask` uses the new data at once.
 */
export async function demoCommand(
  options: { scale: number; out?: string; seed: number },
  output: CliOutput,
): Promise<number> {
  const path = resolve(options.out ?? join(loadConfig().home, DEMO_DATABASE_FILE_NAME));
  const started = performance.now();
  const { rows } = await generateDemoDatabase({ path, scale: options.scale, seed: options.seed });
  const total = Object.values(rows).reduce((sum, count) => sum + count, 0);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  output.out(`generated ${path}: ${total} rows in ${seconds} s`);
  for (const [table, count] of Object.entries(rows)) output.out(`  ${table.padEnd(12)} ${count}`);
  return 0;
}
