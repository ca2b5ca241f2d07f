import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { RunTracker } from './run-tracker.js';

function abortable(ms: number, signal: AbortSignal): Promise<string> {
  return sleep(ms, 'finished', { signal }).catch(() => 'aborted');
}

describe('RunTracker', () => {
  it('lets runs finish within the grace period', async () => {
    const tracker = new RunTracker();
    const run = tracker.track((signal) => abortable(50, signal));
    expect(tracker.size).toBe(1);
    await tracker.shutdown(1000);
    expect(await run).toBe('finished');
    expect(tracker.size).toBe(0);
  });

  it('aborts runs still going at the deadline and waits for them to end', async () => {
    const tracker = new RunTracker();
    const run = tracker.track((signal) => abortable(10_000, signal));
    const started = Date.now();
    await tracker.shutdown(100);
    expect(await run).toBe('aborted');
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('aborts a run started after the shutdown began, and one whose client went away', async () => {
    const tracker = new RunTracker();
    const client = new AbortController();
    const gone = tracker.track((signal) => abortable(10_000, signal), client.signal);
    client.abort();
    expect(await gone).toBe('aborted');
    await tracker.shutdown(0);
    expect(await tracker.track((signal) => abortable(10_000, signal))).toBe('aborted');
  });
});
