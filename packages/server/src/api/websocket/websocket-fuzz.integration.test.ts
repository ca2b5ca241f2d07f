import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestDatabase,
  startStreamingServer,
  type StreamingServer,
} from '../streaming/test-support/streaming-fixture.js';
import { TestSocket } from '../streaming/test-support/test-socket.js';

/** mulberry32: a small seeded PRNG, so a failing run can be replayed with its seed. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SEED = Number(process.env.TEXT2X_FUZZ_SEED ?? 20261127);
const FRAMES = 2400;
const MAX_FRAME = 65_536;

type Frame = { kind: string; data: string | Buffer };

/** Builds one malformed frame. Every one of them is invalid, so each must get exactly one INVALID_REQUEST. */
function malformed(random: () => number): Frame {
  const int = (n: number): number => Math.floor(random() * n);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)]!;
  const text = (length: number): string =>
    Array.from({ length }, () =>
      String.fromCodePoint(pick([int(95) + 32, int(0x2fff) + 0x100, int(0xffff - 0xe000) + 0xe000])),
    ).join('');
  const validQuery = { provider_id: 'shop', query: 'How many orders?' };
  const kind = int(9);
  switch (kind) {
    case 0: {
      // Not JSON: random text, truncated objects, trailing garbage.
      const valid = JSON.stringify({ ...validQuery, request_id: `f-${int(1e6)}` });
      return {
        kind: 'not-json',
        data: pick([
          text(1 + int(200)),
          valid.slice(0, 1 + int(valid.length - 2)),
          `${valid}}`,
          `{'provider_id': 'shop'}`,
          'NaN',
          '',
          '\u0000\u0001',
        ]),
      };
    }
    case 1:
      // JSON that is not an object.
      return {
        kind: 'not-object',
        data: pick(['null', '42', '"query"', '[]', 'true', '[{"provider_id":"shop"}]', '-0.5e9']),
      };
    case 2: {
      // Known fields with wrong types or values.
      const wrong: unknown[] = [
        { ...validQuery, provider_id: int(1000) },
        { ...validQuery, query: [] },
        { ...validQuery, query: '   ' },
        { ...validQuery, query: 'q'.repeat(5001 + int(100)) },
        { ...validQuery, options: { max_iterations: 11 + int(100) } },
        { ...validQuery, options: { trace_level: 'everything' } },
        { ...validQuery, options: { stream_rows: 'yes' } },
        { ...validQuery, options: { max_iteration: 2 } },
        { ...validQuery, options: [] },
        { ...validQuery, request_id: '' },
        { ...validQuery, request_id: 'r'.repeat(101) },
        { ...validQuery, conversation_id: 17 },
        { ...validQuery, extra_field: true },
        { type: 'cancel', request_id: int(100) },
        { type: 'cancel' },
        { type: 'resume', request_id: 'x', last_seq: -1 - int(10) },
        { type: 'resume', request_id: 'x', last_seq: random() + 0.01 },
        { type: 'resume', request_id: 'x' },
        { type: 'ping', id: { nested: true } },
        { type: 'ping', extra: 1 },
        { type: 'query', provider_id: 'shop' },
        {},
      ];
      return { kind: 'wrong-types', data: JSON.stringify(pick(wrong)) };
    }
    case 3:
      // Unknown message types.
      return {
        kind: 'unknown-type',
        data: JSON.stringify({
          type: pick([
            'subscribe',
            'QUERY',
            'Ping',
            'result',
            'progress',
            '',
            text(8),
            7,
            null,
            false,
            ['query'],
            { t: 1 },
          ]),
          request_id: `u-${int(1000)}`,
        }),
      };
    case 4: {
      // Binary frames: random bytes, and valid JSON sent as binary.
      const bytes = Buffer.alloc(1 + int(512));
      for (let i = 0; i < bytes.length; i += 1) bytes[i] = int(256);
      return { kind: 'binary', data: pick([bytes, Buffer.from(JSON.stringify(validQuery))]) };
    }
    case 5: {
      // Deep nesting (as deep as the frame limit allows) in different places.
      const depth = 100 + int(30_000);
      const array = '['.repeat(depth) + ']'.repeat(depth);
      const object = '{"a":'.repeat(Math.min(depth, 10_000)) + '1' + '}'.repeat(Math.min(depth, 10_000));
      return {
        kind: 'deep',
        data: pick([
          array,
          object,
          `{"provider_id":"shop","query":"q","options":${object}}`,
          `{"type":"ping","id":${array}}`,
          `{"provider_id":${array},"query":"q"}`,
        ]),
      };
    }
    case 6:
      // Prototype keys and odd shapes.
      return {
        kind: 'prototype',
        data: pick([
          '{"__proto__":{"polluted":true},"provider_id":"shop","query":"q"}',
          '{"constructor":{"prototype":{"polluted":true}},"provider_id":"shop","query":"q"}',
          '{"provider_id":"shop","query":"q","options":{"__proto__":{"trace_level":"full"}}}',
          '{"type":"__proto__"}',
          '{"type":"toString"}',
        ]),
      };
    case 7:
      // Duplicated keys where the last one is wrong.
      return { kind: 'duplicate-keys', data: '{"provider_id":"shop","query":"q","query":5}' };
    default: {
      // Very long strings in every field, still under the frame limit.
      const long = 'z'.repeat(1000 + int(50_000));
      return {
        kind: 'long-strings',
        data: pick([
          JSON.stringify({ type: long }),
          JSON.stringify({ type: 'cancel', request_id: long }),
          JSON.stringify({ ...validQuery, provider_id: long }),
        ]),
      };
    }
  }
}

const database = createTestDatabase();
let server: StreamingServer;

beforeAll(async () => {
  server = await startStreamingServer({ databasePath: database.path });
});

afterAll(async () => {
  await server.close();
  database.remove();
});

describe('WebSocket fuzz', () => {
  it(`answers ${FRAMES} malformed frames (seed ${SEED}) with INVALID_REQUEST and still serves a normal query`, async () => {
    const random = prng(SEED);
    const deadline = Date.now() + 45_000;
    const sockets = await Promise.all(Array.from({ length: 4 }, () => TestSocket.open(server.wsUrl())));
    const sent = sockets.map(() => 0);
    const kinds = new Map<string, number>();
    for (let i = 0; i < FRAMES; i += 1) {
      const frame = malformed(random);
      expect(
        typeof frame.data === 'string' ? Buffer.byteLength(frame.data) : frame.data.length,
      ).toBeLessThanOrEqual(MAX_FRAME);
      kinds.set(frame.kind, (kinds.get(frame.kind) ?? 0) + 1);
      const index = i % sockets.length;
      sockets[index]!.send(frame.data);
      sent[index]! += 1;
      // Let replies flow now and then; a client that never reads would be dropped (by design).
      if (i % 200 === 199)
        await expect.poll(() => sockets.every((socket, j) => socket.messages.length === sent[j])).toBe(true);
      expect(Date.now()).toBeLessThan(deadline);
    }
    await expect
      .poll(() => sockets.map((socket) => socket.messages.length), { timeout: 20_000 })
      .toEqual(sent);
    for (const socket of sockets) {
      expect(socket.invalid).toEqual([]);
      for (const message of socket.messages) {
        expect(message.type).toBe('error');
        expect(message.seq).toBe(0);
        if (message.type === 'error') expect(message.data.code).toBe('INVALID_REQUEST');
      }
    }
    expect([...kinds.keys()].sort()).toEqual([
      'binary',
      'deep',
      'duplicate-keys',
      'long-strings',
      'not-json',
      'not-object',
      'prototype',
      'unknown-type',
      'wrong-types',
    ]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();

    // Oversized frames close their socket with 1009; the others are unaffected.
    const huge = await Promise.all(Array.from({ length: 10 }, () => TestSocket.open(server.wsUrl())));
    huge.forEach((socket, i) =>
      socket.send(i % 2 === 0 ? 'x'.repeat(MAX_FRAME + 1 + i * 1000) : Buffer.alloc(MAX_FRAME * 2)),
    );
    for (const socket of huge) expect((await socket.closed).code).toBe(1009);

    // The same sockets and a new one still get answers.
    for (const [i, socket] of sockets.entries()) {
      socket.send({ provider_id: 'shop', query: 'How many orders?', request_id: `after-fuzz-${i}` });
    }
    const fresh = await TestSocket.open(server.wsUrl());
    fresh.send({ provider_id: 'shop', query: 'How many orders?', request_id: 'fresh' });
    const results = await Promise.all([
      ...sockets.map((socket, i) => socket.untilTerminal(`after-fuzz-${i}`)),
      fresh.untilTerminal('fresh'),
    ]);
    for (const messages of results) expect(messages.at(-1)!.type).toBe('result');
    await Promise.all([...sockets, fresh].map((socket) => socket.close()));
  }, 90_000);
});
