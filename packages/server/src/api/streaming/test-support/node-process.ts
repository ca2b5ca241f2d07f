/**
 * One server node for the cross-node tests, run in its own process:
 * `node --import tsx node-process.ts '{"databasePath":…,"redisUrl":…,"keyPrefix":…}'`.
 * It serves WebSocket and SSE with a run manager whose event log is in Redis, prints
 * `READY <port>` when it listens, and shuts down cleanly on SIGTERM or when stdin closes.
 */
import { Redis } from 'ioredis';
import { createRedisEventLog } from '../redis-event-log.js';
import { routingGenerator, startStreamingServer } from './streaming-fixture.js';

interface NodeParameters {
  databasePath: string;
  redisUrl: string;
  keyPrefix: string;
  graceMs?: number;
  slowMs?: number;
}

const parameters = JSON.parse(process.argv[2] ?? '{}') as NodeParameters;
process.on('uncaughtException', (error) => {
  process.stderr.write(`node-process: uncaught ${error.stack ?? String(error)}\n`);
  process.exit(70);
});
process.on('unhandledRejection', (error) => {
  process.stderr.write(
    `node-process: unhandled rejection ${error instanceof Error ? (error.stack ?? '') : String(error)}\n`,
  );
  process.exit(70);
});
const redis = new Redis(parameters.redisUrl);
const eventLog = createRedisEventLog({ redis, keyPrefix: parameters.keyPrefix, ttlMs: 60_000 });
const server = await startStreamingServer({
  databasePath: parameters.databasePath,
  eventLog,
  generator: routingGenerator({ slowMs: parameters.slowMs ?? 1500 }),
  config: { resumeGraceMs: parameters.graceMs ?? 30_000 },
});
process.stdout.write(`READY ${server.port}\n`);

let stopping = false;
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  await server.close();
  await eventLog.close();
  await redis.quit();
  process.exit(0);
}
process.on('SIGTERM', () => void stop());
process.stdin.on('end', () => void stop());
process.stdin.resume();
