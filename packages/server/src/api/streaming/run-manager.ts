import { randomUUID } from 'node:crypto';
import {
  isTerminal,
  type ErrorMessage,
  type QueryRequest,
  type ServerMessage,
  type TerminalMessage,
} from '@text2x/protocol';
import { Text2xError } from '../../core/index.js';
import { runQuery } from '../../pipeline/index.js';
import type { ApiContext, ApiMetrics, Identity, RunPermit } from '../api-context.js';
import { isTerminalType, type EventLog, type EventLogPage, type LoggedEvent } from './event-log.js';
import { RowBudget } from './row-budget.js';
import {
  errorMessage,
  pageError,
  RunSubscription,
  type RunListener,
  type SubscriptionSource,
} from './run-subscription.js';

/** The transport a request came in on (for the rate-limit metric). */
export type StreamTransport = 'rest' | 'websocket' | 'sse';

/** Produces the messages of one run; the default is the pipeline's `runQuery`. */
export type RunRunner = (
  request: QueryRequest,
  options: { signal: AbortSignal },
) => AsyncIterable<ServerMessage>;

export interface RunManagerOptions {
  /** Where every message of every run is appended (memory, or Redis for several nodes). */
  eventLog: EventLog;
  /**
   * How long a run whose subscribers all detached keeps going, waiting for a resume, before it is
   * cancelled (ms). Default: config `resumeGraceMs` (30000).
   */
  graceMs?: number;
  /**
   * Messages a subscriber may lag behind the newest one before the run stops pulling from the
   * pipeline (backpressure). Default 16.
   */
  maxLagMessages?: number;
  /** Messages read from the event log per page during a replay. Default 256. */
  replayPageSize?: number;
  /** Replaces the pipeline (tests, benchmarks). Default: `runQuery(ctx.app.deps, request, { signal })`. */
  runner?: RunRunner;
  /** Faults no client sees (an event log that fails, a runner that throws); for the server's log. */
  onError?: (error: unknown, context: string) => void;
}

/** What `start` did. */
export type StartResult =
  /** A new run started; attach to receive its messages. */
  | { status: 'started'; requestId: string }
  /**
   * The request's `request_id` names a request of this client that is still kept (running, or
   * finished within the TTL): no new run started; attach to it (the same request sent twice gets
   * the same answer, so a client may retry a query whose fate it does not know).
   */
  | { status: 'existing'; requestId: string }
  /**
   * Refused before running: rate limited (`RATE_LIMITED` with `details.retry_after_ms`), or the
   * server is shutting down. `message` is the request's one message (seq 1); it is not logged.
   */
  | { status: 'refused'; requestId: string; message: ErrorMessage };

/** What `attach` did. */
export type AttachResult =
  | { ok: true; detach: () => void }
  /** Nothing to attach to: `NOT_FOUND` (unknown or expired) or `INVALID_REQUEST` (evicted range, bad last_seq); seq 0. */
  | { ok: false; message: ErrorMessage };

/**
 * Runs requests and fans their messages out to any number of subscribers. Requests are scoped to
 * the caller's identity (its API key id; all anonymous callers share one scope), so one client
 * can neither resume nor cancel another client's request.
 */
export interface RunManager {
  /**
   * Starts a run after `ctx.limiter.acquire(identity)`. The server assigns `request_id` when the
   * request has none. A refused acquire counts `ctx.metrics.rateLimited(transport)`.
   */
  start(
    request: QueryRequest,
    identity: Identity,
    options?: { transport?: StreamTransport },
  ): Promise<StartResult>;
  /**
   * Delivers the request's messages with `seq > afterSeq` to `listener`: a replay from the event log,
   * then live, with no gap and no duplicate. Works for runs on this node and, through the event log,
   * for runs on another node and for finished runs within the TTL.
   */
  attach(
    identity: Identity,
    requestId: string,
    afterSeq: number,
    listener: RunListener,
  ): Promise<AttachResult>;
  /**
   * Cancels a request (on this node, or on another one through the event log); its subscribers
   * receive `cancelled`. False when no such request is kept; true (and nothing happens) when it has
   * already finished.
   */
  cancel(identity: Identity, requestId: string): Promise<boolean>;
  /**
   * Runs a request to its end and returns the terminal message (or the refusal), for `POST
   * /api/v1/query`. `rows` messages are not collected. Aborting `signal` cancels the run.
   */
  runToEnd(
    request: QueryRequest,
    identity: Identity,
    options?: { transport?: StreamTransport; signal?: AbortSignal },
  ): Promise<TerminalMessage>;
  /**
   * Graceful stop: refuses new runs, waits for running ones until `deadlineMs` has passed, then
   * cancels the rest (their clients receive `cancelled`) and waits briefly for those messages to go out.
   */
  shutdown(deadlineMs: number): Promise<void>;
  /** Resolves once the manager receives cross-node cancel requests. */
  readonly ready: Promise<void>;
  /** Runs in progress on this node. */
  readonly activeRuns: number;
}

interface Run {
  key: string;
  requestId: string;
  request: QueryRequest;
  controller: AbortController;
  /** Seq of the last recorded message. */
  head: number;
  ended: boolean;
  /** The most recent messages, so live subscribers do not read them back from the log. */
  window: LoggedEvent[];
  subscriptions: Set<RunSubscription>;
  graceTimer: NodeJS.Timeout | undefined;
  /** Set when the run is waiting for its slowest subscriber. */
  lagWaiter: (() => void) | undefined;
  /** Shutdown: stop waiting for slow subscribers. */
  forced: boolean;
  /** The run's row batches as the event log keeps them (same budget, same evictions). */
  rows: RowBudget;
  done: Promise<void>;
}

const SHUTDOWN_FLUSH_MS = 2000;

/** The key of a request in the run table and the event log: the caller's scope plus its request id. */
export function requestKey(identity: Identity, requestId: string): string {
  const scope = identity.keyId === null ? 'anon' : `k:${encodeURIComponent(identity.keyId)}`;
  return `${scope}|${requestId}`;
}

function numberOr(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}

/** What the metrics need from a finished run, read from its terminal message and its trace. */
function runSummary(
  terminal: ServerMessage,
  observed: { iterations: number; validationPassed: boolean | null },
  durationMs: number,
): Parameters<ApiMetrics['runFinished']>[0] {
  const trace = terminal.trace ?? {};
  const stages = trace.stages_ms;
  const stagesMs: Record<string, number> = {};
  if (stages && typeof stages === 'object') {
    for (const [stage, ms] of Object.entries(stages)) if (typeof ms === 'number') stagesMs[stage] = ms;
  }
  const tokens = (trace.tokens ?? {}) as { input?: unknown; output?: unknown };
  const outcome = isTerminal(terminal) ? terminal.type : 'error';
  return {
    outcome,
    durationMs,
    iterations:
      terminal.type === 'result' ? terminal.data.iterations : numberOr(trace.iterations, observed.iterations),
    stagesMs,
    tokens: { input: numberOr(tokens.input, 0), output: numberOr(tokens.output, 0) },
    costUsd: typeof trace.cost_usd === 'number' ? trace.cost_usd : null,
    validationPassed: observed.validationPassed,
  };
}

/**
 * Builds the run manager of one server node. Every message of a run is appended to the event log,
 * then handed to the run's subscribers; the run pulls the next message from the pipeline only when
 * every subscriber is at most `maxLagMessages` behind (a slow client slows its run instead of
 * filling memory). A run without subscribers keeps going for `graceMs`, then is cancelled unless a
 * reader on another node marked it as watched.
 */
export function createRunManager(ctx: ApiContext, options: RunManagerOptions): RunManager {
  const log = options.eventLog;
  const graceMs = options.graceMs ?? ctx.config.resumeGraceMs;
  const maxLag = Math.max(1, options.maxLagMessages ?? 16);
  const windowSize = maxLag * 2;
  const pageSize = Math.max(1, options.replayPageSize ?? 256);
  const runner: RunRunner =
    options.runner ?? ((request, { signal }) => runQuery(ctx.app.deps, request, { signal }));
  const onError = options.onError ?? (() => undefined);
  const watcherTtlMs = Math.max(2 * graceMs, 2000);
  const runs = new Map<string, Run>();
  const starting = new Set<string>();
  let accepting = true;

  let stopCancelListener: (() => void) | undefined;
  const ready = log
    .onCancelRequest((key) => {
      const run = runs.get(key);
      if (run) abort(run);
    })
    .then(
      (stop) => {
        stopCancelListener = stop;
      },
      (error: unknown) => onError(error, 'event log: cancel subscription'),
    );

  function abort(run: Run): void {
    if (!run.controller.signal.aborted) run.controller.abort(new Text2xError('CANCELLED'));
    wakeRun(run);
  }

  function wakeRun(run: Run): void {
    const waiter = run.lagWaiter;
    run.lagWaiter = undefined;
    waiter?.();
  }

  function lagging(run: Run): boolean {
    for (const subscription of run.subscriptions) {
      if (run.head - subscription.cursor > maxLag) return true;
    }
    return false;
  }

  function armGrace(run: Run): void {
    if (run.ended || run.graceTimer || run.subscriptions.size > 0) return;
    run.graceTimer = setTimeout(() => void graceExpired(run), graceMs);
  }

  async function graceExpired(run: Run): Promise<void> {
    run.graceTimer = undefined;
    if (run.ended || run.subscriptions.size > 0) return;
    let watched = false;
    try {
      watched = await log.hasWatcher(run.key);
    } catch (error) {
      onError(error, 'event log: hasWatcher');
    }
    if (run.ended || run.subscriptions.size > 0) return;
    if (watched) armGrace(run);
    else abort(run);
  }

  /**
   * Nobody follows the run and the next row batch would evict one from the log: the client may not
   * have seen it yet (what was in flight when it dropped). Hold the run until a subscriber comes
   * back, the grace period ends (the run is cancelled), or a reader on another node marks the run
   * as watched (that reader takes the log as it is; a slow one may find rows evicted).
   */
  async function roomForRows(run: Run, bytes: number): Promise<void> {
    const wouldEvict = (): boolean => run.rows.size > 0 && run.rows.bytes + bytes > run.rows.maxBytes;
    while (!run.forced && !run.controller.signal.aborted && run.subscriptions.size === 0 && wouldEvict()) {
      let watched = false;
      try {
        watched = await log.hasWatcher(run.key);
      } catch (error) {
        onError(error, 'event log: hasWatcher');
      }
      if (watched) return;
      await new Promise<void>((resolve) => {
        run.lagWaiter = resolve;
        setTimeout(resolve, 250);
      });
    }
  }

  async function record(run: Run, message: ServerMessage): Promise<void> {
    const event: LoggedEvent = { seq: message.seq, type: message.type, json: JSON.stringify(message) };
    if (event.type === 'rows') {
      await roomForRows(run, event.json.length);
      run.rows.add(event.seq, event.json.length);
    }
    try {
      await log.append(run.key, event);
    } catch (error) {
      // Live subscribers still get it from the window; a later replay reports the gap.
      onError(error, 'event log: append');
    }
    run.window.push(event);
    if (run.window.length > windowSize) run.window.shift();
    run.head = event.seq;
    for (const subscription of run.subscriptions) subscription.notify();
  }

  async function pump(run: Run, permit: RunPermit): Promise<void> {
    const startedAt = performance.now();
    const observed = { iterations: 0, validationPassed: null as boolean | null };
    let terminal: ServerMessage | undefined;
    try {
      for await (const produced of runner(run.request, { signal: run.controller.signal })) {
        // The log needs consecutive seqs; the pipeline numbers them, this only guards the invariant.
        const message =
          produced.seq === run.head + 1 && produced.request_id === run.requestId
            ? produced
            : { ...produced, seq: run.head + 1, request_id: run.requestId };
        if (message.type === 'progress') {
          if (message.data.iteration !== undefined) {
            observed.iterations = Math.max(observed.iterations, message.data.iteration);
          }
          if (message.data.stage === 'validation_complete' && message.data.validation_status) {
            observed.validationPassed = message.data.validation_status === 'passed';
          }
        }
        await record(run, message);
        if (isTerminal(message)) {
          terminal = message;
          break;
        }
        while (!run.forced && !run.controller.signal.aborted && lagging(run)) {
          await new Promise<void>((resolve) => (run.lagWaiter = resolve));
        }
      }
    } catch (error) {
      onError(error, 'runner');
    }
    try {
      if (!terminal) {
        terminal = run.controller.signal.aborted
          ? {
              v: 1,
              type: 'cancelled',
              request_id: run.requestId,
              seq: run.head + 1,
              data: { progress: 1, reason: 'the request was cancelled' },
            }
          : errorMessage(run.requestId, run.head + 1, 'INTERNAL', 'the run ended without an answer');
        await record(run, terminal);
      }
      ctx.metrics.runFinished(runSummary(terminal, observed, performance.now() - startedAt));
    } catch (error) {
      onError(error, 'run end');
    } finally {
      permit.release();
      run.ended = true;
      if (run.graceTimer) clearTimeout(run.graceTimer);
      run.graceTimer = undefined;
      runs.delete(run.key);
    }
  }

  function localSource(run: Run, subscription: () => RunSubscription | undefined): SubscriptionSource {
    return {
      read(afterSeq): Promise<EventLogPage> {
        const finished =
          run.ended || (run.window.at(-1) !== undefined && isTerminalType(run.window.at(-1)!.type));
        if (afterSeq >= run.head) {
          return Promise.resolve({ status: 'ok', events: [], lastSeq: run.head, finished });
        }
        const first = run.window[0];
        if (first && first.seq <= afterSeq + 1) {
          const events = run.window.slice(afterSeq + 1 - first.seq);
          return Promise.resolve({ status: 'ok', events, lastSeq: run.head, finished });
        }
        return log.read(run.key, afterSeq, pageSize);
      },
      advanced: () => wakeRun(run),
      release() {
        const current = subscription();
        if (current) run.subscriptions.delete(current);
        wakeRun(run);
        armGrace(run);
      },
    };
  }

  async function logSource(
    key: string,
    subscription: () => RunSubscription | undefined,
  ): Promise<SubscriptionSource> {
    const unwatch = await log.watch(key, () => subscription()?.notify());
    // Tell the node that runs the request that a client is here, so it does not cancel it.
    const touch = (): void => {
      log.touchWatcher(key, watcherTtlMs).catch((error: unknown) => onError(error, 'event log: touch'));
    };
    touch();
    const timer = setInterval(touch, watcherTtlMs / 4);
    timer.unref();
    let released = false;
    return {
      read: (afterSeq) => log.read(key, afterSeq, pageSize),
      advanced: () => undefined,
      release() {
        if (released) return;
        released = true;
        clearInterval(timer);
        unwatch();
      },
    };
  }

  const manager: RunManager = {
    ready,

    get activeRuns() {
      return runs.size;
    },

    async start(request, identity, startOptions = {}) {
      const transport = startOptions.transport ?? 'websocket';
      const requestId = request.request_id ?? randomUUID();
      const key = requestKey(identity, requestId);
      const refuse = (message: ErrorMessage): StartResult => ({ status: 'refused', requestId, message });
      const shuttingDown = (): StartResult =>
        refuse(errorMessage(requestId, 1, 'INTERNAL', 'the server is shutting down; send the request again'));
      if (!accepting) return shuttingDown();
      if (runs.has(key) || starting.has(key)) return { status: 'existing', requestId };
      starting.add(key);
      try {
        if (request.request_id !== undefined) {
          try {
            if (await log.status(key)) return { status: 'existing', requestId };
          } catch (error) {
            onError(error, 'event log: status');
          }
        }
        let decision;
        try {
          decision = await ctx.limiter.acquire(identity);
        } catch (error) {
          onError(error, 'rate limiter');
          return refuse(errorMessage(requestId, 1, 'INTERNAL', 'the rate limiter is not available'));
        }
        if (!decision.ok) {
          ctx.metrics.rateLimited(transport);
          return refuse(
            errorMessage(requestId, 1, 'RATE_LIMITED', 'Too many requests; try again later.', {
              retry_after_ms: decision.retryAfterMs,
            }),
          );
        }
        if (!accepting) {
          decision.permit.release();
          return shuttingDown();
        }
        let resolveDone!: () => void;
        const run: Run = {
          key,
          requestId,
          request: { ...request, request_id: requestId },
          controller: new AbortController(),
          head: 0,
          ended: false,
          window: [],
          subscriptions: new Set(),
          graceTimer: undefined,
          lagWaiter: undefined,
          forced: false,
          rows: new RowBudget(log.maxRowBytesPerRequest),
          done: new Promise<void>((resolve) => (resolveDone = resolve)),
        };
        runs.set(key, run);
        armGrace(run);
        void pump(run, decision.permit).finally(resolveDone);
        return { status: 'started', requestId };
      } finally {
        starting.delete(key);
      }
    },

    async attach(identity, requestId, afterSeq, listener) {
      const key = requestKey(identity, requestId);
      const run = runs.get(key);
      // Notifications may come before the subscription exists; its first read happens after, so
      // dropping them is safe.
      const holder: { subscription?: RunSubscription } = {};
      const current = (): RunSubscription | undefined => holder.subscription;
      const source = run && !run.ended ? localSource(run, current) : await logSource(key, current);
      const created = new RunSubscription(requestId, afterSeq, listener, source, (error) =>
        onError(error, 'subscription'),
      );
      holder.subscription = created;
      if (run && !run.ended) {
        run.subscriptions.add(created);
        if (run.graceTimer) clearTimeout(run.graceTimer);
        run.graceTimer = undefined;
        wakeRun(run);
      }
      let first: EventLogPage;
      try {
        first = await source.read(afterSeq);
      } catch (error) {
        onError(error, 'event log: read');
        source.release();
        return {
          ok: false,
          message: errorMessage(requestId, 0, 'INTERNAL', 'the event log is not available; try again'),
        };
      }
      const problem = pageError(requestId, first, afterSeq);
      if (problem) {
        source.release();
        return { ok: false, message: problem };
      }
      void created.start(first);
      return { ok: true, detach: () => created.detach() };
    },

    async cancel(identity, requestId) {
      const key = requestKey(identity, requestId);
      const run = runs.get(key);
      if (run) {
        abort(run);
        return true;
      }
      const status = await log.status(key);
      if (!status) return false;
      if (!status.finished) await log.requestCancel(key);
      return true;
    },

    async runToEnd(request, identity, runOptions = {}) {
      const started = await manager.start(request, identity, {
        transport: runOptions.transport ?? 'rest',
      });
      if (started.status === 'refused') return started.message;
      const { signal } = runOptions;
      const onAbort = (): void => {
        manager.cancel(identity, started.requestId).catch((error: unknown) => onError(error, 'cancel'));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      try {
        return await new Promise<TerminalMessage>((resolve) => {
          let settled = false;
          const settle = (message: TerminalMessage): void => {
            if (settled) return;
            settled = true;
            resolve(message);
          };
          manager
            .attach(identity, started.requestId, 0, {
              deliver(event) {
                if (isTerminalType(event.type) || event.seq === 0) {
                  settle(JSON.parse(event.json) as TerminalMessage);
                }
              },
              end() {
                settle(errorMessage(started.requestId, 0, 'INTERNAL', 'the run ended without an answer'));
              },
            })
            .then(
              (attached) => {
                if (!attached.ok) settle(attached.message);
              },
              (error: unknown) => {
                onError(error, 'attach');
                settle(errorMessage(started.requestId, 0, 'INTERNAL', 'the run could not be followed'));
              },
            );
          if (signal?.aborted) onAbort();
        });
      } finally {
        signal?.removeEventListener('abort', onAbort);
      }
    },

    async shutdown(deadlineMs) {
      accepting = false;
      const pending = [...runs.values()];
      const all = (): Promise<unknown> => Promise.all(pending.map((run) => run.done));
      await within(all(), deadlineMs);
      for (const run of runs.values()) {
        run.forced = true;
        abort(run);
      }
      await within(all(), SHUTDOWN_FLUSH_MS);
      // Let subscribers hand the terminal messages to their transports.
      const subscriptions = pending.flatMap((run) => [...run.subscriptions]);
      await within(Promise.all(subscriptions.map((subscription) => subscription.done)), SHUTDOWN_FLUSH_MS);
      await ready;
      stopCancelListener?.();
      stopCancelListener = undefined;
    },
  };
  return manager;
}

async function within(work: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    work,
    new Promise<void>((resolve) => {
      timer = setTimeout(resolve, ms);
    }),
  ]);
  clearTimeout(timer);
}
