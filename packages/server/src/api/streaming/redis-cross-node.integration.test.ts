import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { ServerMessage } from '@text2x/protocol';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serviceAvailable, serviceUrl } from '../../test-support/services.js';
import { openSse } from './test-support/sse-client.js';
import { createTestDatabase, NUMBER_ROWS } from './test-support/streaming-fixture.js';
import { TestSocket } from './test-support/test-socket.js';

const available = await serviceAvailable('redis');
const repositoryRoot = fileURLToPath(new URL('../../../../../', import.meta.url));
const nodeScript = fileURLToPath(new URL('./test-support/node-process.ts', import.meta.url));

interface ServerNode {
  port: number;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** Starts one server node in its own process and waits until it listens. */
function startNode(parameters: Record<string, unknown>): Promise<ServerNode> {
  const child = spawn(process.execPath, ['--import', 'tsx', nodeScript, JSON.stringify(parameters)], {
    cwd: repositoryRoot,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the node did not start within 30 s')), 30_000);
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /READY (\d+)/.exec(output);
      if (!match) return;
      clearTimeout(timer);
      resolve({
        port: Number(match[1]),
        child,
        async stop() {
          child.stdin.end();
          const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
          await exited;
          clearTimeout(killer);
        },
      });
    });
    child.once('exit', (code) => reject(new Error(`the node exited early with ${code}`)));
  });
}

const wsUrl = (node: ServerNode): string => `ws://127.0.0.1:${node.port}/ws/query`;

function expectGapFree(messages: readonly ServerMessage[]): void {
  expect(messages.map((message) => message.seq)).toEqual(messages.map((_, i) => i + 1));
  expect(
    messages.filter((message) => ['result', 'clarification', 'error', 'cancelled'].includes(message.type)),
  ).toHaveLength(1);
}

describe.skipIf(!available)('two server nodes sharing the event log in Redis', () => {
  const database = createTestDatabase();
  const keyPrefix = `text2x-test:${randomUUID()}`;
  let a: ServerNode;
  let b: ServerNode;
  let redis: Redis;

  beforeAll(async () => {
    redis = new Redis(serviceUrl('redis'));
    const parameters = {
      databasePath: database.path,
      redisUrl: serviceUrl('redis'),
      keyPrefix,
      graceMs: 2000,
    };
    [a, b] = await Promise.all([startNode(parameters), startNode(parameters)]);
  }, 60_000);

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    const keys = await redis.keys(`${keyPrefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
    database.remove();
  });

  it('resumes on node B a run that node A is running, after the client dropped, with no gap', async () => {
    const onA = await TestSocket.open(wsUrl(a));
    onA.send({ provider_id: 'shop', query: 'slow: how many orders?', request_id: 'x-1' });
    await onA.waitFor((message) => message.type === 'progress' && message.data.stage === 'query_generation');
    const seen = onA.of('x-1');
    await onA.terminate();

    const onB = await TestSocket.open(wsUrl(b));
    onB.send({ type: 'resume', request_id: 'x-1', last_seq: seen.at(-1)!.seq });
    const rest = await onB.untilTerminal('x-1');
    expect(rest[0]!.seq).toBe(seen.at(-1)!.seq + 1);
    const all = [...seen, ...rest];
    expectGapFree(all);
    expect(all.at(-1)!.type).toBe('result');
    await onB.close();
  }, 30_000);

  it('replays a run that finished on node A from node B within the TTL', async () => {
    const onA = await TestSocket.open(wsUrl(a));
    onA.send({ provider_id: 'shop', query: 'How many orders per country?', request_id: 'x-2' });
    const original = await onA.untilTerminal('x-2');
    await onA.close();
    const onB = await TestSocket.open(wsUrl(b));
    onB.send({ type: 'resume', request_id: 'x-2', last_seq: 0 });
    const replay = await onB.untilTerminal('x-2');
    expect(replay.map((message) => JSON.stringify(message))).toEqual(
      original.map((message) => JSON.stringify(message)),
    );
    await onB.close();
  });

  it('cancels from node B a run on node A', async () => {
    const onA = await TestSocket.open(wsUrl(a));
    onA.send({ provider_id: 'shop', query: 'slow: how many orders?', request_id: 'x-3' });
    await onA.waitFor((message) => message.type === 'progress' && message.data.stage === 'query_generation');
    const onB = await TestSocket.open(wsUrl(b));
    onB.send({ type: 'cancel', request_id: 'x-3' });
    const messages = await onA.untilTerminal('x-3');
    expect(messages.at(-1)!.type).toBe('cancelled');
    expectGapFree(messages);
    expect(onB.messages).toEqual([]);
    await Promise.all([onA.close(), onB.close()]);
  });

  it('keeps the run on node A alive past its grace period while the client follows it from node B', async () => {
    // Grace is 2 s on both nodes; the client leaves A at once and follows from B for longer than that.
    const onA = await TestSocket.open(wsUrl(a));
    onA.send({ provider_id: 'shop', query: 'slow: how many orders?', request_id: 'x-4' });
    await onA.waitFor((message) => message.seq === 1);
    await onA.terminate();
    const onB = await TestSocket.open(wsUrl(b));
    onB.send({ type: 'resume', request_id: 'x-4', last_seq: 0 });
    const messages = await onB.untilTerminal('x-4');
    expectGapFree(messages);
    expect(messages.at(-1)!.type).toBe('result');
    await onB.close();
  }, 30_000);

  it('resumes a row stream of node A on node B in the middle of the rows', async () => {
    const onA = await TestSocket.open(wsUrl(a));
    onA.send({
      provider_id: 'shop',
      query: 'Show all numbers',
      request_id: 'x-5',
      options: { stream_rows: true, row_batch_size: 1000, max_rows: NUMBER_ROWS },
    });
    await onA.waitFor((message) => message.type === 'rows' && message.data.offset >= 10_000);
    await onA.terminate();
    const seen = onA.of('x-5');
    const onB = await TestSocket.open(wsUrl(b));
    onB.send({ type: 'resume', request_id: 'x-5', last_seq: seen.at(-1)!.seq });
    const rest = await onB.untilTerminal('x-5', 60_000);
    const all = [...seen, ...rest];
    expectGapFree(all);
    const rows = all.flatMap((message) => (message.type === 'rows' ? message.data.rows : []));
    expect(rows).toHaveLength(NUMBER_ROWS);
    expect(rows.every((row, i) => row[0] === i + 1)).toBe(true);
    await onB.close();
  }, 60_000);

  it('resumes over SSE on node B with Last-Event-ID', async () => {
    const first = await openSse(`http://127.0.0.1:${a.port}/api/v1/query/stream`, {
      body: { provider_id: 'shop', query: 'slow: how many orders?', request_id: 'x-6' },
    });
    const before: ServerMessage[] = [];
    for await (const event of first.events) {
      if (!event.data) continue; // the `retry:` preamble
      before.push(JSON.parse(event.data) as ServerMessage);
      if (before.length === 4) {
        first.abort();
        break;
      }
    }
    const resumed = await openSse(`http://127.0.0.1:${b.port}/api/v1/query/stream/x-6`, {
      method: 'GET',
      headers: { 'last-event-id': '4' },
    });
    expect(resumed.status).toBe(200);
    const after: ServerMessage[] = [];
    for await (const event of resumed.events)
      if (event.data) after.push(JSON.parse(event.data) as ServerMessage);
    expectGapFree([...before, ...after]);
    expect(after.at(-1)!.type).toBe('result');
  }, 30_000);
});
