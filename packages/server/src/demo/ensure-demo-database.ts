import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { generateDemoDatabase, type GenerateDemoDatabaseOptions } from './generate-demo-database.js';

/** File name of the demo database inside the data directory. */
export const DEMO_DATABASE_FILE_NAME = 'demo.db';

/** Generation settings used when the file has to be created; see GenerateDemoDatabaseOptions. */
export type EnsureDemoDatabaseOptions = Omit<GenerateDemoDatabaseOptions, 'path'> & {
  /**
   * Regenerate a file older than this many days, so relative dates ("last month") keep finding
   * data. Default 7.
   */
  maxAgeDays?: number;
};

const DAY_MS = 86_400_000;

function isFresh(path: string, maxAgeDays: number, now: Date): boolean {
  if (!existsSync(path)) return false;
  return now.getTime() - statSync(path).mtimeMs < maxAgeDays * DAY_MS;
}

/** Generations in progress in this process, by path: concurrent callers share one. */
const inProgress = new Map<string, Promise<string>>();

/**
 * Returns the path of `<dataDir>/demo.db`, generating it first when it does not exist or is older
 * than `maxAgeDays` (defaults: scale 1, seed 42, dates ending today). A fresh existing file is used
 * as it is, whatever its scale. Callers in the same process share one generation; separate processes may both generate,
 * and the atomic rename means the file is complete either way.
 */
export function ensureDemoDatabase(
  dataDir: string,
  options: EnsureDemoDatabaseOptions = {},
): Promise<string> {
  const path = resolve(join(dataDir, DEMO_DATABASE_FILE_NAME));
  const { maxAgeDays = 7, ...generation } = options;
  if (isFresh(path, maxAgeDays, generation.now ?? new Date())) return Promise.resolve(path);
  const running = inProgress.get(path);
  if (running !== undefined) return running;
  const pending = generateDemoDatabase({ ...generation, path })
    .then(() => path)
    .finally(() => inProgress.delete(path));
  inProgress.set(path, pending);
  return pending;
}
