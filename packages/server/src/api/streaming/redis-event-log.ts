import type { Redis } from 'ioredis';
import type { ServerMessageType } from '@text2x/protocol';
import {
  DEFAULT_MAX_ROW_BYTES_PER_REQUEST,
  DEFAULT_UNFINISHED_TTL_MS,
  isTerminalType,
  type EventLog,
  type EventLogLimits,
  type LoggedEvent,
} from './event-log.js';
import { firstGoneAfter, RowBudget, type SeqRange } from './row-budget.js';

export interface RedisEventLogOptions extends EventLogLimits {
  /** A connected client; the log duplicates it once for pub/sub. The caller closes it. */
  redis: Redis;
  /** Prefix of every key and channel. Default `text2x:events`. Tests use a unique one. */
  keyPrefix?: string;
  /** Faults of the pub/sub connection (logged by the caller). Default: ignored. */
  onError?: (error: unknown) => void;
}

type ExecResult = [error: Error | null, result: unknown][] | null;

function checked(results: ExecResult): unknown[] {
  if (!results) throw new Error('the Redis transaction was aborted');
  return results.map(([error, value]) => {
    if (error) throw error;
    return value;
  });
}

/**
 * The shared event log of several server nodes, in Redis:
 * - `<prefix>:s:<key>` a stream with one entry per message, entry id `<seq>-0`, fields `t` (type)
 *   and `j` (the JSON), appended with XADD and replayed with XRANGE;
 * - `<prefix>:m:<key>` a hash with `last` (last seq), `fin` (1 once finished) and `ev` (evicted
 *   seq ranges as JSON), written in the same MULTI as the entry;
 * - `<prefix>:n:<key>` a pub/sub channel announcing each append (the live tail of a reader on
 *   another node: it subscribes, then reads with XRANGE after its cursor);
 * - `<prefix>:w:<key>` a key with a TTL marking a reader on some node (see `touchWatcher`);
 * - `<prefix>:control` the channel for cross-node cancel requests.
 * Both keys get PEXPIRE: the TTL after the terminal message, `unfinishedTtlMs` before it.
 *
 * The row byte budget is kept by the appending node, which knows the sizes; evicted batches are
 * removed with XDEL and recorded in `ev`, so readers anywhere see the gap.
 */
export function createRedisEventLog(options: RedisEventLogOptions): EventLog {
  const { redis } = options;
  const prefix = options.keyPrefix ?? 'text2x:events';
  const ttlMs = options.ttlMs;
  const unfinishedTtlMs = options.unfinishedTtlMs ?? DEFAULT_UNFINISHED_TTL_MS;
  const maxRowBytes = options.maxRowBytesPerRequest ?? DEFAULT_MAX_ROW_BYTES_PER_REQUEST;
  const budgets = new Map<string, RowBudget>();
  const streamKey = (key: string): string => `${prefix}:s:${key}`;
  const metaKey = (key: string): string => `${prefix}:m:${key}`;
  const watchKey = (key: string): string => `${prefix}:w:${key}`;
  const notifyChannel = (key: string): string => `${prefix}:n:${key}`;
  const controlChannel = `${prefix}:control`;

  // Pub/sub needs its own connection; it is opened on first use.
  let subscriber: Redis | undefined;
  const channelListeners = new Map<string, Set<(message: string) => void>>();
  const subscribed = new Set<string>();
  let channelQueue: Promise<void> = Promise.resolve();
  let closed = false;

  const connection = (): Redis => {
    if (!subscriber) {
      subscriber = redis.duplicate();
      subscriber.on('error', (error: unknown) => options.onError?.(error));
      subscriber.on('message', (channel: string, message: string) => {
        for (const listener of channelListeners.get(channel) ?? []) listener(message);
      });
    }
    return subscriber;
  };

  /**
   * Brings the subscription of one channel in line with its listeners. Commands run one after the
   * other so that a quick unsubscribe/subscribe pair cannot end in the wrong state.
   */
  const reconcile = (channel: string): Promise<void> => {
    channelQueue = channelQueue
      .catch(() => undefined)
      .then(async () => {
        if (closed) return;
        const wanted = (channelListeners.get(channel)?.size ?? 0) > 0;
        if (wanted && !subscribed.has(channel)) {
          await connection().subscribe(channel);
          subscribed.add(channel);
        } else if (!wanted && subscribed.has(channel)) {
          subscribed.delete(channel);
          await connection().unsubscribe(channel);
        }
      });
    return channelQueue;
  };

  const listen = async (channel: string, listener: (message: string) => void): Promise<() => void> => {
    let set = channelListeners.get(channel);
    if (!set) {
      set = new Set();
      channelListeners.set(channel, set);
    }
    const entry = (message: string): void => listener(message);
    set.add(entry);
    await reconcile(channel);
    return () => {
      const current = channelListeners.get(channel);
      if (!current?.delete(entry)) return;
      if (current.size === 0) channelListeners.delete(channel);
      reconcile(channel).catch((error: unknown) => options.onError?.(error));
    };
  };

  return {
    maxRowBytesPerRequest: maxRowBytes,

    async append(key, event) {
      const finished = isTerminalType(event.type);
      const ttl = finished ? ttlMs : unfinishedTtlMs;
      const multi = redis.multi();
      multi.xadd(streamKey(key), `${event.seq}-0`, 't', event.type, 'j', event.json);
      if (event.type === 'rows') {
        let budget = budgets.get(key);
        if (!budget) {
          budget = new RowBudget(maxRowBytes);
          budgets.set(key, budget);
        }
        const evicted = budget.add(event.seq, event.json.length);
        if (evicted.length > 0) {
          multi.xdel(streamKey(key), ...evicted.map((seq) => `${seq}-0`));
          multi.hset(metaKey(key), 'ev', JSON.stringify(budget.evicted));
        }
      }
      multi.hset(metaKey(key), 'last', String(event.seq), 'fin', finished ? '1' : '0');
      multi.pexpire(streamKey(key), ttl);
      multi.pexpire(metaKey(key), ttl);
      multi.publish(notifyChannel(key), String(event.seq));
      if (finished) budgets.delete(key);
      checked(await multi.exec());
    },

    async read(key, afterSeq, limit) {
      const [meta, entries] = checked(
        await redis
          .multi()
          .hmget(metaKey(key), 'last', 'fin', 'ev')
          .xrange(streamKey(key), `(${afterSeq}-0`, '+', 'COUNT', Math.max(1, limit))
          .exec(),
      ) as [(string | null)[], [string, string[]][]];
      const [last, fin, ev] = meta;
      if (last === null || last === undefined) return { status: 'missing' };
      const gone = firstGoneAfter(ev ? (JSON.parse(ev) as SeqRange[]) : [], afterSeq);
      if (gone) return { status: 'gone', firstSeq: gone[0], lastSeq: gone[1] };
      const events: LoggedEvent[] = [];
      let expected = afterSeq + 1;
      for (const [id, fields] of entries) {
        const seq = Number(id.slice(0, id.indexOf('-')));
        // A hole not yet recorded in `ev` (cannot happen with MULTI, but never skip silently).
        if (seq !== expected) return { status: 'gone', firstSeq: expected, lastSeq: seq - 1 };
        let type = '';
        let json = '';
        for (let i = 0; i + 1 < fields.length; i += 2) {
          if (fields[i] === 't') type = fields[i + 1]!;
          else if (fields[i] === 'j') json = fields[i + 1]!;
        }
        events.push({ seq, type: type as ServerMessageType, json });
        expected += 1;
      }
      return { status: 'ok', events, lastSeq: Number(last), finished: fin === '1' };
    },

    async status(key) {
      const [last, fin] = await redis.hmget(metaKey(key), 'last', 'fin');
      if (last === null || last === undefined) return undefined;
      return { lastSeq: Number(last), finished: fin === '1' };
    },

    watch(key, onAppend) {
      return listen(notifyChannel(key), () => onAppend());
    },

    async touchWatcher(key, ttl) {
      await redis.set(watchKey(key), '1', 'PX', Math.max(1, Math.round(ttl)));
    },

    async hasWatcher(key) {
      return (await redis.exists(watchKey(key))) > 0;
    },

    async requestCancel(key) {
      await redis.publish(controlChannel, key);
    },

    onCancelRequest(listener) {
      return listen(controlChannel, listener);
    },

    async close() {
      closed = true;
      channelListeners.clear();
      budgets.clear();
      await channelQueue.catch(() => undefined);
      if (subscriber) {
        const connection = subscriber;
        subscriber = undefined;
        await connection.quit().catch(() => connection.disconnect());
      }
    },
  };
}
