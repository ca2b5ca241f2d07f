// The text2x server of `npm run bench:ws`, in its own process: the real `createServer` (Fastify,
// WebSocket route, run manager, pipeline, metadata store) with a zero-latency scripted generator
// that answers every question with the same valid query, executed on a small generated SQLite demo
// database. Auth is off (loopback) and the rate limits are raised out of the way.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from '../../packages/server/src/api/index.js';
import { createApp } from '../../packages/server/src/app/index.js';
import { loadConfig } from '../../packages/server/src/config/index.js';
import { ScriptedGenerator } from '../../packages/server/src/generation/scripted-generator.js';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { ServerCommand, ServerEvent } from './bench-ipc.js';

const FIXED_QUERY =
  'SELECT country, count(*) AS customers FROM customers GROUP BY country ORDER BY customers DESC LIMIT 10';

// Event-loop delay: how long ready work (a socket write, a new frame) waits for the loop.
const loopDelay = monitorEventLoopDelay({ resolution: 10 });
loopDelay.enable();

function send(event: ServerEvent): void {
  process.send?.(event);
}

const home = mkdtempSync(join(tmpdir(), 'text2x-bench-ws-'));
const config = loadConfig({
  env: {},
  overrides: {
    home,
    host: '127.0.0.1',
    port: 0,
    demoScale: 0.02,
    ratePerMinute: 100_000_000,
    maxConcurrentRuns: 1_000_000,
  },
});
const generator = new ScriptedGenerator(
  [
    {
      kind: 'query',
      query: FIXED_QUERY,
      explanation: 'Counts customers per country.',
      confidence: 0.95,
      assumptions: [],
    },
  ],
  { name: 'scripted' },
);
const app = await createApp({ config, generator });
// Open the demo provider (and generate its database) before the first client arrives.
await app.providers.open('demo');
const server = await createServer({ config, app, logging: false });
const baseUrl = await server.listen();
send({ event: 'listening', port: Number(new URL(baseUrl).port), path: '/ws/query' });

// The scripted generator records every call; a benchmark makes millions of them.
setInterval(() => generator.calls.splice(0), 1000).unref();

async function stop(): Promise<void> {
  await server.close({ graceMs: 0 }).catch(() => undefined);
  await app.close().catch(() => undefined);
  rmSync(home, { recursive: true, force: true });
  process.exit(0);
}

const activeRuns = () => server.runs.activeRuns;

process.on('message', (raw) => {
  const command = raw as ServerCommand;
  switch (command.cmd) {
    case 'configure':
      return;
    case 'memory':
      (globalThis as { gc?: () => void }).gc?.();
      send({ event: 'memory', memory: process.memoryUsage() });
      return;
    case 'usage': {
      const cpu = process.cpuUsage();
      send({
        event: 'usage',
        cpuMicros: cpu.user + cpu.system,
        at: performance.now(),
        activeRuns: activeRuns(),
        loopDelayP99Ms: Math.round(loopDelay.percentile(99) / 1e4) / 100,
        loopDelayMaxMs: Math.round(loopDelay.max / 1e4) / 100,
      });
      loopDelay.reset();
      return;
    }
    case 'exit':
      void stop();
  }
});

process.on('disconnect', () => void stop());
