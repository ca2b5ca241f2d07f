import {
  DEFAULT_MAX_ROW_BYTES_PER_REQUEST,
  DEFAULT_UNFINISHED_TTL_MS,
  isTerminalType,
  type EventLog,
  type EventLogLimits,
  type EventLogPage,
  type EventLogStatus,
  type LoggedEvent,
} from './event-log.js';
import { firstGoneAfter, RowBudget } from './row-budget.js';

export interface MemoryEventLogOptions extends EventLogLimits {
  /**
   * Bytes (characters of JSON) of all messages kept by this process. Beyond it the oldest finished
   * requests are forgotten first (before their TTL; a resume then gets NOT_FOUND), then the row
   * batches of the oldest running requests are evicted. Default 256 MiB.
   */
  maxTotalBytes?: number;
}

/** Sizes of what the in-memory log holds, for tests and metrics. */
export interface MemoryEventLogStats {
  /** Requests held. */
  requests: number;
  /** Characters of JSON held, all messages. */
  bytes: number;
  /** Characters of JSON held in `rows` messages. */
  rowBytes: number;
  /** The largest `rows` byte count any single request holds now. */
  maxRowBytesOfOneRequest: number;
}

export interface MemoryEventLog extends EventLog {
  stats(): MemoryEventLogStats;
}

interface Stream {
  /** `events[seq - 1]`; undefined once evicted. */
  events: (LoggedEvent | undefined)[];
  lastSeq: number;
  finished: boolean;
  budget: RowBudget;
  bytes: number;
  expiresAt: number;
}

/**
 * The event log of a single node: messages in process memory, expired by a periodic sweep. Two run
 * managers in one process may share it (the tests use that to stand in for two nodes).
 */
export function createMemoryEventLog(options: MemoryEventLogOptions): MemoryEventLog {
  const ttlMs = options.ttlMs;
  const unfinishedTtlMs = options.unfinishedTtlMs ?? DEFAULT_UNFINISHED_TTL_MS;
  const maxRowBytes = options.maxRowBytesPerRequest ?? DEFAULT_MAX_ROW_BYTES_PER_REQUEST;
  const maxTotalBytes = options.maxTotalBytes ?? 256 * 1024 * 1024;
  const streams = new Map<string, Stream>();
  const watchers = new Map<string, Set<() => void>>();
  const watched = new Map<string, number>();
  const cancelListeners = new Set<(key: string) => void>();
  let totalRowBytes = 0;
  let totalBytes = 0;

  const drop = (key: string, stream: Stream): void => {
    streams.delete(key);
    totalBytes -= stream.bytes;
    totalRowBytes -= stream.budget.bytes;
  };

  const sweep = (): void => {
    const now = Date.now();
    for (const [key, stream] of streams) if (stream.expiresAt <= now) drop(key, stream);
    for (const [key, until] of watched) if (until <= now) watched.delete(key);
  };
  const sweeper = setInterval(sweep, Math.max(250, Math.min(ttlMs, 10_000)));
  sweeper.unref();

  const evict = (stream: Stream, seq: number): void => {
    const event = stream.events[seq - 1];
    if (!event) return;
    stream.events[seq - 1] = undefined;
    stream.bytes -= event.json.length;
    totalBytes -= event.json.length;
  };

  /**
   * Keeps the process-wide budget: forgets the oldest finished requests first (at a high request
   * rate the TTL alone would keep minutes of traffic), then evicts row batches of the oldest
   * running ones. Streams are in insertion order, i.e. oldest first.
   */
  const enforceTotal = (current: Stream): void => {
    if (totalBytes <= maxTotalBytes) return;
    for (const [key, stream] of streams) {
      if (stream.finished && stream !== current) drop(key, stream);
      if (totalBytes <= maxTotalBytes) return;
    }
    for (const stream of streams.values()) {
      const keep = stream === current ? 1 : 0;
      while (totalBytes > maxTotalBytes && stream.budget.size > keep) {
        const before = stream.budget.bytes;
        const seq = stream.budget.evictOldest();
        if (seq === undefined) break;
        totalRowBytes -= before - stream.budget.bytes;
        evict(stream, seq);
      }
      if (totalBytes <= maxTotalBytes) return;
    }
  };

  return {
    maxRowBytesPerRequest: maxRowBytes,

    append(key, event) {
      let stream = streams.get(key);
      if (!stream) {
        stream = {
          events: [],
          lastSeq: 0,
          finished: false,
          budget: new RowBudget(maxRowBytes),
          bytes: 0,
          expiresAt: 0,
        };
        streams.set(key, stream);
      }
      if (event.seq !== stream.lastSeq + 1 || stream.finished) {
        return Promise.reject(
          new Error(`event log ${key}: expected seq ${stream.lastSeq + 1}, got ${event.seq}`),
        );
      }
      stream.events.push(event);
      stream.lastSeq = event.seq;
      stream.bytes += event.json.length;
      totalBytes += event.json.length;
      if (event.type === 'rows') {
        const before = stream.budget.bytes;
        const evicted = stream.budget.add(event.seq, event.json.length);
        totalRowBytes += stream.budget.bytes - before;
        for (const seq of evicted) evict(stream, seq);
      }
      stream.finished = isTerminalType(event.type);
      stream.expiresAt = Date.now() + (stream.finished ? ttlMs : unfinishedTtlMs);
      enforceTotal(stream);
      for (const notify of watchers.get(key) ?? []) notify();
      return Promise.resolve();
    },

    read(key, afterSeq, limit) {
      const stream = streams.get(key);
      if (!stream || stream.expiresAt <= Date.now()) return Promise.resolve({ status: 'missing' });
      const gone = firstGoneAfter(stream.budget.evicted, afterSeq);
      if (gone) return Promise.resolve({ status: 'gone', firstSeq: gone[0], lastSeq: gone[1] });
      const events: LoggedEvent[] = [];
      for (let seq = afterSeq + 1; seq <= stream.lastSeq && events.length < limit; seq += 1) {
        const event = stream.events[seq - 1];
        if (!event) break;
        events.push(event);
      }
      const page: EventLogPage = {
        status: 'ok',
        events,
        lastSeq: stream.lastSeq,
        finished: stream.finished,
      };
      return Promise.resolve(page);
    },

    status(key) {
      const stream = streams.get(key);
      if (!stream || stream.expiresAt <= Date.now()) return Promise.resolve(undefined);
      const status: EventLogStatus = { lastSeq: stream.lastSeq, finished: stream.finished };
      return Promise.resolve(status);
    },

    watch(key, onAppend) {
      let set = watchers.get(key);
      if (!set) {
        set = new Set();
        watchers.set(key, set);
      }
      const entry = (): void => onAppend();
      set.add(entry);
      return Promise.resolve(() => {
        const current = watchers.get(key);
        current?.delete(entry);
        if (current?.size === 0) watchers.delete(key);
      });
    },

    touchWatcher(key, ttl) {
      watched.set(key, Math.max(watched.get(key) ?? 0, Date.now() + ttl));
      return Promise.resolve();
    },

    hasWatcher(key) {
      return Promise.resolve((watched.get(key) ?? 0) > Date.now());
    },

    requestCancel(key) {
      // Delivered asynchronously, like a message from another node.
      for (const listener of cancelListeners) queueMicrotask(() => listener(key));
      return Promise.resolve();
    },

    onCancelRequest(listener) {
      const entry = (key: string): void => listener(key);
      cancelListeners.add(entry);
      return Promise.resolve(() => {
        cancelListeners.delete(entry);
      });
    },

    close() {
      clearInterval(sweeper);
      streams.clear();
      watchers.clear();
      watched.clear();
      cancelListeners.clear();
      totalBytes = 0;
      totalRowBytes = 0;
      return Promise.resolve();
    },

    stats() {
      let maxOne = 0;
      for (const stream of streams.values()) maxOne = Math.max(maxOne, stream.budget.bytes);
      return {
        requests: streams.size,
        bytes: totalBytes,
        rowBytes: totalRowBytes,
        maxRowBytesOfOneRequest: maxOne,
      };
    },
  };
}
