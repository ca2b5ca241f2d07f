import { describe, expect, it } from 'vitest';
import { eventLogContract } from './event-log-contract.js';
import { createMemoryEventLog } from './memory-event-log.js';

eventLogContract('memory event log', (limits) => {
  const log = createMemoryEventLog(limits);
  return Promise.resolve({ log, cleanup: () => log.close() });
});

const rows = (seq: number, size = 1000): { seq: number; type: 'rows'; json: string } => ({
  seq,
  type: 'rows',
  json: 'r'.repeat(size),
});

describe('memory event log', () => {
  it('keeps all requests under the process-wide budget, forgetting the oldest finished requests first', async () => {
    const log = createMemoryEventLog({ ttlMs: 60_000, maxTotalBytes: 2500 });
    await log.append('done-1', { seq: 1, type: 'result', json: 'd'.repeat(800) });
    await log.append('running', rows(1));
    await log.append('done-2', { seq: 1, type: 'result', json: 'd'.repeat(600) });
    expect(log.stats()).toMatchObject({ requests: 3, bytes: 2400 });
    await log.append('running', rows(2, 500));
    // 2900 > 2500: the oldest finished request goes, the running one and the newer finished one stay.
    expect(await log.read('done-1', 0, 10)).toEqual({ status: 'missing' });
    expect((await log.read('done-2', 0, 10)).status).toBe('ok');
    expect(log.stats()).toMatchObject({ requests: 2, bytes: 2100 });
    await log.close();
  });

  it('evicts row batches of the oldest running requests when only running requests are left', async () => {
    const log = createMemoryEventLog({ ttlMs: 60_000, maxRowBytesPerRequest: 10_000, maxTotalBytes: 2500 });
    await log.append('old', rows(1));
    await log.append('old', rows(2));
    await log.append('new', rows(1));
    expect(log.stats().rowBytes).toBe(2000);
    expect(await log.read('old', 0, 10)).toEqual({ status: 'gone', firstSeq: 1, lastSeq: 1 });
    await log.append('new', rows(2));
    expect(log.stats().bytes).toBeLessThanOrEqual(2500);
    expect(await log.read('old', 0, 10)).toEqual({ status: 'gone', firstSeq: 1, lastSeq: 2 });
    const fresh = await log.read('new', 0, 10);
    expect(fresh.status === 'ok' && fresh.events.map((event) => event.seq)).toEqual([1, 2]);
    expect(log.stats()).toMatchObject({ requests: 2, maxRowBytesOfOneRequest: 2000 });
    await log.close();
  });
});
