// Pipeline overhead per question, excluding the model and query execution: a zero-latency fake
// generator returns the gold query, execution is off; what is timed is request parsing,
// conversation bookkeeping (a real metadata store file), schema and example retrieval, the
// generation stage, validation (parse, policy, names, EXPLAIN QUERY PLAN) and message building.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../packages/server/src/app/index.js';
import { loadConfig } from '../packages/server/src/config/index.js';
import { ScriptedGenerator } from '../packages/server/src/generation/scripted-generator.js';
import { runQuery } from '../packages/server/src/pipeline/index.js';
import { evalDir, summary } from './stats.js';

interface SpiderItem {
  db_id: string;
  question: string;
  query: string;
}

export async function benchPipelineOverhead(): Promise<Record<string, unknown>> {
  const dir = join(evalDir(), 'spider-public');
  const items = JSON.parse(readFileSync(join(dir, 'spider_dev.json'), 'utf8')) as SpiderItem[];
  const gold = new Map(items.map((item) => [`${item.db_id}\u0000${item.question}`, item.query]));
  // The question being run; the fake generator answers it with its gold query instantly.
  let currentGold = '';
  const generator = new ScriptedGenerator(
    [() => ({ kind: 'query', query: currentGold, explanation: 'gold', confidence: 1, assumptions: [] })],
    { name: 'gold' },
  );
  const home = mkdtempSync(join(tmpdir(), 'text2x-bench-'));
  const app = await createApp({
    config: loadConfig({ env: {}, overrides: { home, demo: false } }),
    generator,
  });
  try {
    for (const db of new Set(items.map((item) => item.db_id))) {
      await app.store.addProvider({
        id: db,
        kind: 'sqlite',
        path: join(dir, 'database', db, `${db}.sqlite`),
      });
      await app.providers.open(db);
    }
    const run = async (item: SpiderItem): Promise<number> => {
      currentGold = gold.get(`${item.db_id}\u0000${item.question}`) ?? item.query;
      const started = performance.now();
      let terminal = '';
      for await (const message of runQuery(app.deps, {
        provider_id: item.db_id,
        query: item.question,
        options: { enable_execution: false },
      })) {
        terminal = message.type;
      }
      const ms = performance.now() - started;
      if (terminal === 'progress') throw new Error('run ended without a terminal message');
      return ms;
    };
    for (const item of items.slice(0, 50)) await run(item); // warm-up
    const samples: number[] = [];
    for (const item of items) samples.push(await run(item));
    return { questions: items.length, ms: summary(samples), goal_p50_ms: 2 };
  } finally {
    await app.close();
    rmSync(home, { recursive: true, force: true });
  }
}
