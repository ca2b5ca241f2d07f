import { describe, expect, it } from 'vitest';
import { eventLogContract } from './event-log-contract.js';
import { createMemoryEventLog } from './memory-event-log.js';

eventLogContract('memory event log', (limits) => {
  const log = createMemoryEventLog(limits);
  return Promise.resolve({ log, cleanup: () => log.close() });
});

describe('memory event log', () => {
  it('keeps the row bytes of all requests under the process-wide budget, evicting the oldest requests first', async () => {
    const log = createMemoryEventLog({
      ttlMs: 60_000,
      maxRowBytesPerRequest: 10_000,
      maxTotalRowBytes: 2500,
    });
    const rows = (seq: number): { seq: number; type: 'rows'; json: string } => ({
      seq,
      type: 'rows',
      json: 'r'.repeat(1000),
    });
    await log.append('old', rows(1));
    await log.append('old', rows(2));
    await log.append('new', rows(1));
    expect(log.stats().rowBytes).toBe(3000 - 1000);
    expect(await log.read('old', 0, 10)).toEqual({ status: 'gone', firstSeq: 1, lastSeq: 1 });
    await log.append('new', rows(2));
    expect(log.stats().rowBytes).toBeLessThanOrEqual(2500);
    expect(await log.read('old', 0, 10)).toEqual({ status: 'gone', firstSeq: 1, lastSeq: 2 });
    const fresh = await log.read('new', 0, 10);
    expect(fresh.status === 'ok' && fresh.events.map((event) => event.seq)).toEqual([1, 2]);
    expect(log.stats()).toMatchObject({ requests: 2, maxRowBytesOfOneRequest: 2000 });
    await log.close();
  });
});
