import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createMemoryEventLog, type MemoryEventLog } from '../streaming/index.js';
import {
  createTestDatabase,
  NUMBER_ROWS,
  startStreamingServer,
  type StreamingServer,
} from '../streaming/test-support/streaming-fixture.js';
import { TestSocket } from '../streaming/test-support/test-socket.js';

const ROW_BUDGET = 1024 * 1024;
const BATCH = 500;
const BATCHES = NUMBER_ROWS / BATCH;

const database = createTestDatabase();
let server: StreamingServer;
let log: MemoryEventLog;

const question = (requestId: string): Record<string, unknown> => ({
  provider_id: 'shop',
  query: 'Show all numbers',
  request_id: requestId,
  options: { stream_rows: true, row_batch_size: BATCH, max_rows: NUMBER_ROWS },
});

beforeAll(async () => {
  log = createMemoryEventLog({ ttlMs: 60_000, maxRowBytesPerRequest: ROW_BUDGET });
  server = await startStreamingServer({
    databasePath: database.path,
    eventLog: log,
    runManager: { maxLagMessages: 8 },
    webSocket: { highWaterMarkBytes: 256 * 1024 },
  });
});

afterAll(async () => {
  await server.close();
  await log.close();
  database.remove();
});

/** Reads a raw socket and checks the rows as they come, keeping only counters (not the rows). */
function follow(socket: WebSocket, requestId: string) {
  const state = {
    batches: 0,
    rows: 0,
    nextOffset: 0,
    nextN: 1,
    seq: 0,
    terminal: undefined as unknown,
    problems: [] as string[],
  };
  const done = new Promise<typeof state>((resolve) => {
    socket.on('message', (data) => {
      const message = JSON.parse((data as Buffer).toString('utf8'));
      if (message.request_id !== requestId) return;
      if (message.seq !== state.seq + 1) state.problems.push(`seq ${message.seq} after ${state.seq}`);
      state.seq = message.seq;
      if (message.type === 'rows') {
        if (message.data.offset !== state.nextOffset) state.problems.push(`offset ${message.data.offset}`);
        for (const row of message.data.rows as [number, string][]) {
          if (row[0] !== state.nextN) state.problems.push(`row ${row[0]} where ${state.nextN} was due`);
          state.nextN += 1;
        }
        state.batches += 1;
        state.rows += message.data.rows.length;
        state.nextOffset += message.data.rows.length;
      } else if (['result', 'error', 'cancelled', 'clarification'].includes(message.type)) {
        state.terminal = message;
        resolve(state);
      }
    });
  });
  return { state, done };
}

async function headSeq(requestId: string): Promise<number> {
  return (await log.status(`anon|${requestId}`))?.lastSeq ?? 0;
}

describe('row streaming over WebSocket', () => {
  it('streams 100,000 rows in order as rows messages, then a result without rows, with the log bounded', async () => {
    const heapBefore = process.memoryUsage().heapUsed;
    const client = await TestSocket.open(server.wsUrl());
    const { state, done } = follow(client.socket, 'rows-fast');
    client.send(question('rows-fast'));
    await done;
    expect(state.problems).toEqual([]);
    expect(state.rows).toBe(NUMBER_ROWS);
    expect(state.batches).toBe(BATCHES);
    const result = state.terminal as {
      type: string;
      data: { execution_result: { row_count: number; rows: unknown[] } };
    };
    expect(result.type).toBe('result');
    expect(result.data.execution_result.row_count).toBe(NUMBER_ROWS);
    expect(result.data.execution_result.rows).toEqual([]);
    // About 8 MB of rows went through; the log kept at most its budget (plus the newest batch).
    const stats = log.stats();
    expect(stats.maxRowBytesOfOneRequest).toBeLessThanOrEqual(ROW_BUDGET + 64 * 1024);
    expect(stats.bytes).toBeLessThan(ROW_BUDGET + 256 * 1024);
    global.gc?.();
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(64 * 1024 * 1024);
    await client.close();
  }, 60_000);

  it('stops pulling rows while the client does not read, and resumes when it reads again', async () => {
    const socket = new WebSocket(server.wsUrl());
    await new Promise((resolve) => socket.once('open', resolve));
    const { state, done } = follow(socket, 'rows-slow');
    socket.send(JSON.stringify(question('rows-slow')));
    await expect.poll(() => state.batches, { timeout: 10_000 }).toBeGreaterThan(0);
    socket.pause();
    // Wait until the run stops advancing: buffers are full and backpressure holds the pipeline.
    let head = await headSeq('rows-slow');
    for (;;) {
      await new Promise((resolve) => setTimeout(resolve, 300));
      const now = await headSeq('rows-slow');
      if (now === head) break;
      head = now;
    }
    // The server holds at most its high-water mark (plus the message that crossed it) in user space;
    // the rest waits in the pipeline, not in memory. About 8 MB of rows is twice the largest kernel
    // send buffer here (tcp_wmem max 4 MiB), and a receive buffer that is never read does not grow,
    // so the run must stop well before the end.
    const buffered = [...server.server.websocketServer.clients].map((client) => client.bufferedAmount);
    expect(Math.max(...buffered)).toBeLessThanOrEqual(256 * 1024 + 64 * 1024);
    expect(head).toBeLessThan(BATCHES);
    expect(head - state.seq).toBeGreaterThan(8); // the kernel buffers are full, so it is backpressure that stopped it
    socket.resume();
    await done;
    expect(state.problems).toEqual([]);
    expect(state.rows).toBe(NUMBER_ROWS);
    socket.close();
  }, 60_000);
});
