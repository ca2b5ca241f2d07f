import type { ServerMessageType } from '@text2x/protocol';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EventLog, LoggedEvent } from './event-log.js';

/** Builds a fresh log for one test; `maxRowBytesPerRequest` and `ttlMs` are the limits under test. */
export type EventLogFactory = (limits: { ttlMs: number; maxRowBytesPerRequest: number }) => Promise<{
  log: EventLog;
  /** Removes what the test left behind (keys, connections). */
  cleanup: () => Promise<void>;
}>;

function event(seq: number, type: ServerMessageType, size = 40): LoggedEvent {
  const json = JSON.stringify({ v: 1, type, seq, request_id: 'r', data: 'x'.repeat(size) });
  return { seq, type, json };
}

async function appendAll(log: EventLog, key: string, events: LoggedEvent[]): Promise<void> {
  for (const item of events) await log.append(key, item);
}

function until(condition: () => boolean, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const check = (): void => {
      if (condition()) resolve();
      else if (Date.now() > deadline) reject(new Error('condition not met in time'));
      else setTimeout(check, 10);
    };
    check();
  });
}

/**
 * The behaviour every event log must have, run by each implementation's test file: ordered
 * replay after any seq, terminal state, row eviction by bytes with a `gone` answer, expiry, live
 * notifications, watcher marks and cross-node cancel requests.
 */
export function eventLogContract(name: string, factory: EventLogFactory): void {
  describe(`${name}: the event log contract`, () => {
    let log: EventLog;
    let cleanup: () => Promise<void>;

    beforeEach(async () => {
      const made = await factory({ ttlMs: 1500, maxRowBytesPerRequest: 1000 });
      log = made.log;
      cleanup = made.cleanup;
    });

    afterEach(async () => {
      await cleanup();
    });

    it('replays the messages after any seq, in order, in pages', async () => {
      await appendAll(log, 'a', [event(1, 'progress'), event(2, 'progress'), event(3, 'progress')]);
      const all = await log.read('a', 0, 10);
      expect(all).toMatchObject({ status: 'ok', lastSeq: 3, finished: false });
      expect(all.status === 'ok' && all.events.map((item) => item.seq)).toEqual([1, 2, 3]);
      const tail = await log.read('a', 1, 1);
      expect(tail.status === 'ok' && tail.events.map((item) => item.seq)).toEqual([2]);
      const none = await log.read('a', 3, 10);
      expect(none).toMatchObject({ status: 'ok', events: [], lastSeq: 3 });
      const first = (await log.read('a', 0, 1)) as { events: LoggedEvent[] };
      expect(first.events[0]).toEqual(event(1, 'progress'));
    });

    it('keeps requests apart by key', async () => {
      await appendAll(log, 'k1', [event(1, 'progress')]);
      await appendAll(log, 'k2', [event(1, 'progress'), event(2, 'result')]);
      expect(await log.status('k1')).toEqual({ lastSeq: 1, finished: false });
      expect(await log.status('k2')).toEqual({ lastSeq: 2, finished: true });
    });

    it('answers missing for a key it never held', async () => {
      expect(await log.read('nothing', 0, 10)).toEqual({ status: 'missing' });
      expect(await log.status('nothing')).toBeUndefined();
    });

    it('marks a request finished at its terminal message', async () => {
      await appendAll(log, 'f', [event(1, 'progress'), event(2, 'cancelled')]);
      const page = await log.read('f', 0, 10);
      expect(page).toMatchObject({ status: 'ok', lastSeq: 2, finished: true });
    });

    it('rejects an append out of sequence', async () => {
      await log.append('seq', event(1, 'progress'));
      await expect(log.append('seq', event(1, 'progress'))).rejects.toThrow();
    });

    it('evicts the oldest row batches beyond the byte budget and reports the evicted range', async () => {
      // Each rows event is ~400 characters; the budget is 1000, so at most two stay.
      const events = [
        event(1, 'progress'),
        event(2, 'rows', 400),
        event(3, 'rows', 400),
        event(4, 'rows', 400),
        event(5, 'rows', 400),
        event(6, 'progress'),
        event(7, 'result'),
      ];
      await appendAll(log, 'rows', events);
      expect(await log.read('rows', 0, 10)).toEqual({ status: 'gone', firstSeq: 2, lastSeq: 3 });
      expect(await log.read('rows', 2, 10)).toEqual({ status: 'gone', firstSeq: 3, lastSeq: 3 });
      const after = await log.read('rows', 3, 10);
      expect(after.status === 'ok' && after.events.map((item) => item.seq)).toEqual([4, 5, 6, 7]);
    });

    it('always keeps the newest row batch, even one over the budget', async () => {
      await appendAll(log, 'big', [event(1, 'rows', 5000), event(2, 'rows', 5000)]);
      expect(await log.read('big', 0, 10)).toEqual({ status: 'gone', firstSeq: 1, lastSeq: 1 });
      const last = await log.read('big', 1, 10);
      expect(last.status === 'ok' && last.events.map((item) => item.seq)).toEqual([2]);
    });

    it('forgets a finished request after the TTL', async () => {
      await appendAll(log, 'ttl', [event(1, 'progress'), event(2, 'result')]);
      expect((await log.read('ttl', 0, 10)).status).toBe('ok');
      await new Promise((resolve) => setTimeout(resolve, 1700));
      expect(await log.read('ttl', 0, 10)).toEqual({ status: 'missing' });
    });

    it('notifies a watcher of later appends and stops when unwatched', async () => {
      let calls = 0;
      await log.append('w', event(1, 'progress'));
      const stop = await log.watch('w', () => (calls += 1));
      await log.append('w', event(2, 'progress'));
      await until(() => calls >= 1);
      stop();
      const seen = calls;
      await log.append('w', event(3, 'result'));
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(calls).toBe(seen);
    });

    it('keeps a watcher mark for its TTL', async () => {
      expect(await log.hasWatcher('m')).toBe(false);
      await log.touchWatcher('m', 300);
      expect(await log.hasWatcher('m')).toBe(true);
      await new Promise((resolve) => setTimeout(resolve, 450));
      expect(await log.hasWatcher('m')).toBe(false);
    });

    it('delivers cancel requests to every subscriber until it unsubscribes', async () => {
      const got: string[] = [];
      const stop = await log.onCancelRequest((key) => got.push(key));
      await log.requestCancel('c-1');
      await until(() => got.length === 1);
      expect(got).toEqual(['c-1']);
      stop();
      await log.requestCancel('c-2');
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(got).toEqual(['c-1']);
    });
  });
}
