import { setTimeout as sleep } from 'node:timers/promises';

interface TrackedRun {
  controller: AbortController;
  settled: Promise<void>;
}

/**
 * The runs the REST routes started (`POST /api/v1/query`, `…/execute`), so a shutdown can let
 * them finish until a deadline and then cancel the rest. A run started after the shutdown began is
 * cancelled at once (its client gets `cancelled`, and should retry on another node).
 */
export class RunTracker {
  private readonly runs = new Set<TrackedRun>();
  private closing = false;

  /** Runs in progress. */
  get size(): number {
    return this.runs.size;
  }

  /**
   * Runs `work` with a signal that aborts when `cancel` (the client went away) aborts or the
   * shutdown deadline passes.
   */
  async track<T>(work: (signal: AbortSignal) => Promise<T>, cancel?: AbortSignal): Promise<T> {
    const controller = new AbortController();
    const onCancel = (): void => controller.abort(cancel?.reason);
    cancel?.addEventListener('abort', onCancel, { once: true });
    if (cancel?.aborted || this.closing) controller.abort(new Error('the server is shutting down'));
    const result = work(controller.signal);
    const run: TrackedRun = {
      controller,
      settled: result.then(
        () => undefined,
        () => undefined,
      ),
    };
    this.runs.add(run);
    try {
      return await result;
    } finally {
      this.runs.delete(run);
      cancel?.removeEventListener('abort', onCancel);
    }
  }

  /** Lets runs finish for up to `graceMs`, then aborts the rest and waits until they have ended. */
  async shutdown(graceMs: number): Promise<void> {
    this.closing = true;
    const all = (): Promise<unknown> => Promise.all([...this.runs].map((run) => run.settled));
    if (this.runs.size === 0) return;
    const deadline = new AbortController();
    await Promise.race([
      all(),
      sleep(graceMs, undefined, { signal: deadline.signal }).catch(() => undefined),
    ]);
    deadline.abort();
    for (const run of this.runs) run.controller.abort(new Error('the shutdown deadline passed'));
    await all();
  }
}
