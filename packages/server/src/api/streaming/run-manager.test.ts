import type { QueryRequest, ServerMessage } from '@text2x/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import type { App } from '../../app/index.js';
import { loadConfig } from '../../config/index.js';
import type { ApiContext, Identity } from '../api-context.js';
import type { LoggedEvent } from './event-log.js';
import { createMemoryEventLog, type MemoryEventLog } from './memory-event-log.js';
import { createRunManager, type RunManager, type RunManagerOptions, type RunRunner } from './run-manager.js';
import type { RunListener, SubscriptionEnd } from './run-subscription.js';
import { RecordingMetrics, TestLimiter } from './test-support/streaming-fixture.js';

const anonymous: Identity = { keyId: null, address: '127.0.0.1' };

function request(requestId?: string): QueryRequest {
  return {
    provider_id: 'shop',
    query: 'How many orders?',
    ...(requestId === undefined ? {} : { request_id: requestId }),
    options: {
      trace_level: 'summary',
      max_iterations: 3,
      confidence_threshold: 0.8,
      clarification_threshold: 0.5,
      max_rows: 1000,
      timeout_ms: 30_000,
      stream_rows: true,
      row_batch_size: 500,
    },
  };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

interface FakeRun {
  /** Non-terminal messages before the result. */
  messages: number;
  /** Characters of padding in each `rows` message (all messages after the first are rows). */
  rowBytes?: number;
  /** Wait between messages (ms); abortable. */
  gapMs?: number;
  /** Throw instead of producing message number `throwAt`. */
  throwAt?: number;
}

/** A runner that yields `started`, then rows batches, then a result with a summary trace; honours the signal. */
function fakeRunner(spec: FakeRun, pulls = { count: 0 }): RunRunner {
  return async function* (req, { signal }): AsyncGenerator<ServerMessage> {
    const id = req.request_id!;
    let seq = 0;
    for (let i = 0; i < spec.messages; i += 1) {
      if (spec.gapMs) await sleep(spec.gapMs);
      if (signal.aborted) {
        yield {
          v: 1,
          type: 'cancelled',
          request_id: id,
          seq: seq + 1,
          data: { progress: 1, reason: 'cancelled' },
        };
        return;
      }
      if (spec.throwAt === i) throw new Error('the runner broke');
      pulls.count += 1;
      seq += 1;
      yield i === 0
        ? {
            v: 1,
            type: 'progress',
            request_id: id,
            seq,
            data: {
              stage: 'validation_complete',
              progress: 0.5,
              message: 'ok',
              iteration: 2,
              validation_status: 'passed',
            },
          }
        : {
            v: 1,
            type: 'rows',
            request_id: id,
            seq,
            data: {
              progress: 0.9,
              columns: [{ name: 'label', type: 'TEXT' }],
              rows: [['x'.repeat(spec.rowBytes ?? 10)]],
              offset: i - 1,
            },
          };
    }
    yield {
      v: 1,
      type: 'result',
      request_id: id,
      seq: seq + 1,
      data: {
        progress: 1,
        conversation_id: 'c',
        turn_id: 't',
        provider_id: 'shop',
        dialect: 'sqlite',
        generated_query: 'SELECT 1',
        explanation: 'one',
        confidence_score: 0.9,
        validation_status: 'passed',
        validation_result: { status: 'passed', errors: [], warnings: [] },
        iterations: 2,
        needs_clarification: false,
        generator: 'fake',
      },
      trace: {
        level: 'summary',
        stages_ms: { generation: 12.5, validation: 1.25 },
        tokens: { input: 300, output: 40 },
        cost_usd: 0.0042,
        iterations: 2,
      },
    };
  };
}

/** A listener that records what it gets; `gate` (when set) holds each delivery until released. */
class Recorder implements RunListener {
  readonly events: LoggedEvent[] = [];
  ended: SubscriptionEnd | undefined;
  gate: Promise<void> | undefined;
  detach: () => void = () => undefined;
  private resolveEnd!: () => void;
  readonly done = new Promise<void>((resolve) => (this.resolveEnd = resolve));

  deliver(event: LoggedEvent): void | Promise<void> {
    this.events.push(event);
    return this.gate;
  }

  end(reason: SubscriptionEnd): void {
    this.ended = reason;
    this.resolveEnd();
  }

  get seqs(): number[] {
    return this.events.map((event) => event.seq);
  }

  get types(): string[] {
    return this.events.map((event) => event.type);
  }
}

interface Node {
  runs: RunManager;
  metrics: RecordingMetrics;
  limiter: TestLimiter;
  log: MemoryEventLog;
}

const managers: RunManager[] = [];
const logs: MemoryEventLog[] = [];

function node(
  options: Partial<RunManagerOptions> & { log?: MemoryEventLog; limiter?: TestLimiter } = {},
): Node {
  const config = loadConfig({ env: {}, overrides: { demo: false, resumeGraceMs: 30_000 } });
  const metrics = new RecordingMetrics();
  const limiter = options.limiter ?? new TestLimiter();
  const ctx: ApiContext = { app: {} as App, config, limiter, metrics };
  const log = options.log ?? createMemoryEventLog({ ttlMs: 60_000 });
  logs.push(log);
  const runs = createRunManager(ctx, { runner: fakeRunner({ messages: 3 }), ...options, eventLog: log });
  managers.push(runs);
  return { runs, metrics, limiter, log };
}

afterEach(async () => {
  await Promise.all(managers.splice(0).map((runs) => runs.shutdown(0)));
  await Promise.all(logs.splice(0).map((log) => log.close()));
});

async function startAndFollow(runs: RunManager, id: string, afterSeq = 0): Promise<Recorder> {
  const started = await runs.start(request(id), anonymous);
  expect(started.status).toBe('started');
  const recorder = new Recorder();
  const attached = await runs.attach(anonymous, id, afterSeq, recorder);
  if (!attached.ok) throw new Error('attach failed');
  recorder.detach = attached.detach;
  return recorder;
}

describe('run manager', () => {
  it('delivers every message of a run once and in order, then ends the subscription', async () => {
    const { runs, limiter } = node({ runner: fakeRunner({ messages: 5 }) });
    const recorder = await startAndFollow(runs, 'a');
    await recorder.done;
    expect(recorder.seqs).toEqual([1, 2, 3, 4, 5, 6]);
    expect(recorder.types.at(-1)).toBe('result');
    expect(recorder.ended).toBe('complete');
    await expect.poll(() => limiter.held).toBe(0);
    expect(runs.activeRuns).toBe(0);
  });

  it('assigns a request id when the request has none and echoes it', async () => {
    const { runs } = node();
    const started = await runs.start(request(), anonymous);
    expect(started.requestId).toMatch(/^[0-9a-f-]{36}$/);
    const recorder = new Recorder();
    await runs.attach(anonymous, started.requestId, 0, recorder);
    await recorder.done;
    expect(recorder.events.every((event) => JSON.parse(event.json).request_id === started.requestId)).toBe(
      true,
    );
  });

  it('replays then continues live, with no gap and no duplicate, for subscribers attached at any point', async () => {
    const { runs } = node({ runner: fakeRunner({ messages: 40, gapMs: 2 }), maxLagMessages: 4 });
    const first = await startAndFollow(runs, 'live');
    const late: { recorder: Recorder; after: number }[] = [];
    for (let i = 0; i < 8; i += 1) {
      await sleep(7);
      const after = Math.max(0, first.seqs.length - (i % 3));
      const recorder = new Recorder();
      const attached = await runs.attach(anonymous, 'live', after, recorder);
      expect(attached.ok).toBe(true);
      late.push({ recorder, after });
    }
    await first.done;
    expect(first.seqs).toEqual(Array.from({ length: 41 }, (_, i) => i + 1));
    for (const { recorder, after } of late) {
      await recorder.done;
      expect(recorder.seqs).toEqual(Array.from({ length: 41 - after }, (_, i) => after + i + 1));
    }
  });

  it('does not pull from the pipeline more than the lag limit ahead of its slowest subscriber', async () => {
    const pulls = { count: 0 };
    const { runs } = node({ runner: fakeRunner({ messages: 200 }, pulls), maxLagMessages: 8 });
    const fast = await startAndFollow(runs, 'bp');
    const slow = new Recorder();
    let release!: () => void;
    slow.gate = new Promise((resolve) => (release = resolve));
    await runs.attach(anonymous, 'bp', 0, slow);
    await sleep(100);
    // The slow one holds its first message; the run may be at most the lag limit (+ the one in flight) ahead.
    expect(slow.seqs).toEqual([1]);
    expect(pulls.count).toBeLessThanOrEqual(1 + 8 + 1);
    slow.gate = undefined;
    release();
    await slow.done;
    await fast.done;
    expect(slow.seqs).toHaveLength(201);
    expect(fast.seqs).toHaveLength(201);
    expect(pulls.count).toBe(200);
  });

  it('bounds the log of a streamed result: a late resume into evicted rows gets INVALID_REQUEST naming the seqs', async () => {
    const log = createMemoryEventLog({ ttlMs: 60_000, maxRowBytesPerRequest: 5_000 });
    const { runs } = node({ log, runner: fakeRunner({ messages: 100, rowBytes: 500 }) });
    const follower = await startAndFollow(runs, 'evict');
    await follower.done;
    expect(follower.seqs).toHaveLength(101);
    expect(log.stats().maxRowBytesOfOneRequest).toBeLessThanOrEqual(5_000 + 700);
    const late = new Recorder();
    const attached = await runs.attach(anonymous, 'evict', 0, late);
    expect(attached.ok).toBe(false);
    if (attached.ok) return;
    expect(attached.message).toMatchObject({ seq: 0, type: 'error', data: { code: 'INVALID_REQUEST' } });
    expect(attached.message.data.details).toMatchObject({ first_missing_seq: 2 });
    expect(attached.message.data.message).toMatch(/messages 2–\d+ .* no longer kept/);
    // The kept tail is still there.
    const tail = new Recorder();
    expect((await runs.attach(anonymous, 'evict', 99, tail)).ok).toBe(true);
    await tail.done;
    expect(tail.seqs).toEqual([100, 101]);
  });

  it('holds a run nobody follows at the row budget instead of evicting, until its client comes back', async () => {
    const log = createMemoryEventLog({ ttlMs: 60_000, maxRowBytesPerRequest: 5_000 });
    const pulls = { count: 0 };
    const { runs } = node({ log, runner: fakeRunner({ messages: 100, rowBytes: 500 }, pulls) });
    await runs.start(request('held'), anonymous);
    await sleep(150);
    const held = (await log.status('anon|held'))!.lastSeq;
    expect(held).toBeLessThan(20);
    expect(log.stats().maxRowBytesOfOneRequest).toBeLessThanOrEqual(5_000);
    const back = new Recorder();
    expect((await runs.attach(anonymous, 'held', 0, back)).ok).toBe(true);
    await back.done;
    expect(back.seqs).toEqual(Array.from({ length: 101 }, (_, i) => i + 1));
  });

  it('cancels a run whose subscribers all left and did not come back within the grace period', async () => {
    const { runs, metrics, limiter } = node({
      runner: fakeRunner({ messages: 1000, gapMs: 5 }),
      graceMs: 100,
    });
    const first = await startAndFollow(runs, 'gone');
    const second = new Recorder();
    const attached = await runs.attach(anonymous, 'gone', 0, second);
    await sleep(30);
    first.detach();
    await sleep(150); // one subscriber is left: no grace timer runs
    expect(metrics.runs).toEqual([]);
    if (attached.ok) attached.detach();
    const left = Date.now();
    await expect.poll(() => metrics.runs.map((run) => run.outcome), { timeout: 3000 }).toEqual(['cancelled']);
    expect(Date.now() - left).toBeGreaterThanOrEqual(90);
    expect(limiter.held).toBe(0);
    // The cancelled message is logged: a late resume sees how the run ended.
    const late = new Recorder();
    expect((await runs.attach(anonymous, 'gone', second.seqs.at(-1)!, late)).ok).toBe(true);
    await late.done;
    expect(late.types.at(-1)).toBe('cancelled');
  });

  it('keeps a run whose client came back within the grace period', async () => {
    const { runs, metrics } = node({ runner: fakeRunner({ messages: 30, gapMs: 10 }), graceMs: 150 });
    await runs.start(request('back'), anonymous);
    const first = new Recorder();
    const attached = (await runs.attach(anonymous, 'back', 0, first)) as { ok: true; detach(): void };
    await sleep(50);
    attached.detach();
    await sleep(100);
    const second = new Recorder();
    expect((await runs.attach(anonymous, 'back', first.seqs.at(-1)!, second)).ok).toBe(true);
    await second.done;
    expect([...first.seqs, ...second.seqs]).toEqual(Array.from({ length: 31 }, (_, i) => i + 1));
    await expect.poll(() => metrics.runs.map((run) => run.outcome)).toEqual(['result']);
  });

  it('lets another node resume, keeps the run alive while that node watches, and cancels across nodes', async () => {
    const shared = createMemoryEventLog({ ttlMs: 60_000 });
    const a = node({ log: shared, runner: fakeRunner({ messages: 60, gapMs: 10 }), graceMs: 50 });
    const b = node({ log: shared, graceMs: 50 });
    await Promise.all([a.runs.ready, b.runs.ready]);
    const onA = await startAndFollow(a.runs, 'x');
    await sleep(80);
    const seen = onA.seqs.length;
    // The client drops from node A and resumes on node B.
    onA.detach();
    const onB = new Recorder();
    expect((await b.runs.attach(anonymous, 'x', seen, onB)).ok).toBe(true);
    await sleep(200); // several grace periods of node A: B's watcher mark keeps the run alive
    expect(a.metrics.runs).toEqual([]);
    await onB.done;
    expect([...onA.seqs.slice(0, seen), ...onB.seqs]).toEqual(Array.from({ length: 61 }, (_, i) => i + 1));
    expect(onB.types.at(-1)).toBe('result');

    // A second run on A, cancelled from B.
    const second = await startAndFollow(a.runs, 'y');
    await sleep(30);
    expect(await b.runs.cancel(anonymous, 'y')).toBe(true);
    await second.done;
    expect(second.types.at(-1)).toBe('cancelled');
  });

  it('refuses a rate-limited start with RATE_LIMITED and retry_after_ms, and counts it', async () => {
    const limiter = new TestLimiter(1);
    const { runs, metrics } = node({ limiter, runner: fakeRunner({ messages: 50, gapMs: 10 }) });
    expect((await runs.start(request('one'), anonymous)).status).toBe('started');
    const refused = await runs.start(request('two'), anonymous, { transport: 'sse' });
    expect(refused).toMatchObject({
      status: 'refused',
      requestId: 'two',
      message: {
        type: 'error',
        seq: 1,
        request_id: 'two',
        data: { code: 'RATE_LIMITED', details: { retry_after_ms: 1500 } },
      },
    });
    expect(metrics.limited).toEqual(['sse']);
  });

  it('reports a finished run to the metrics with timings, tokens and cost from the trace', async () => {
    const { runs, metrics } = node({ runner: fakeRunner({ messages: 2 }) });
    const recorder = await startAndFollow(runs, 'm');
    await recorder.done;
    await expect.poll(() => metrics.runs.length).toBe(1);
    expect(metrics.runs[0]).toMatchObject({
      outcome: 'result',
      iterations: 2,
      stagesMs: { generation: 12.5, validation: 1.25 },
      tokens: { input: 300, output: 40 },
      costUsd: 0.0042,
      validationPassed: true,
    });
    expect(metrics.runs[0]!.durationMs).toBeGreaterThanOrEqual(0);
  });

  it('ends a run whose runner throws with an INTERNAL error as its terminal message', async () => {
    const { runs, metrics } = node({
      runner: fakeRunner({ messages: 5, throwAt: 2 }),
      onError: () => undefined,
    });
    const recorder = await startAndFollow(runs, 'boom');
    await recorder.done;
    expect(recorder.types).toEqual(['progress', 'rows', 'error']);
    expect(JSON.parse(recorder.events.at(-1)!.json)).toMatchObject({ data: { code: 'INTERNAL' } });
    await expect.poll(() => metrics.runs.map((run) => run.outcome)).toEqual(['error']);
  });

  it('on shutdown lets runs finish until the deadline, then cancels the rest and refuses new ones', async () => {
    const { runs } = node({ runner: fakeRunner({ messages: 1000, gapMs: 5 }) });
    const recorder = await startAndFollow(runs, 'long');
    const started = Date.now();
    await runs.shutdown(150);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect(recorder.types.at(-1)).toBe('cancelled');
    expect(recorder.ended).toBe('complete');
    const refused = await runs.start(request('late'), anonymous);
    expect(refused).toMatchObject({ status: 'refused', message: { data: { code: 'INTERNAL' } } });
  });

  it('scopes requests to the identity: another key can neither attach nor cancel', async () => {
    const { runs } = node({ runner: fakeRunner({ messages: 100, gapMs: 5 }) });
    const owner: Identity = { keyId: 'key-1', address: '10.0.0.1' };
    const stranger: Identity = { keyId: 'key-2', address: '10.0.0.1' };
    await runs.start(request('private'), owner);
    const attempt = await runs.attach(stranger, 'private', 0, new Recorder());
    expect(attempt).toMatchObject({ ok: false, message: { data: { code: 'NOT_FOUND' } } });
    expect(await runs.cancel(stranger, 'private')).toBe(false);
    expect(await runs.cancel(owner, 'private')).toBe(true);
  });

  it('answers a start with a request id that is still kept with existing, not a second run', async () => {
    const pulls = { count: 0 };
    const { runs } = node({ runner: fakeRunner({ messages: 3 }, pulls) });
    const recorder = await startAndFollow(runs, 'dup');
    await recorder.done;
    expect(await runs.start(request('dup'), anonymous)).toEqual({ status: 'existing', requestId: 'dup' });
    expect(pulls.count).toBe(3);
  });

  it('runs to the end for REST and returns the terminal message', async () => {
    const { runs } = node({ runner: fakeRunner({ messages: 10 }) });
    const terminal = await runs.runToEnd(request('rest'), anonymous);
    expect(terminal).toMatchObject({ type: 'result', seq: 11, request_id: 'rest' });
  });
});
