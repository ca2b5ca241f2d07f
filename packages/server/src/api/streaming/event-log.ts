import type { ServerMessageType } from '@text2x/protocol';

/**
 * The per-request event log: every message of a run, kept so that a client can resume after a
 * dropped connection (on this node, or on another one when the log lives in Redis).
 *
 * Keys are opaque strings chosen by the run manager (they scope a client's `request_id` to the
 * caller's identity). Each key holds one request's messages in `seq` order, 1, 2, 3, …
 *
 * Bounded memory: `rows` messages are the only large ones, so each implementation keeps a request's
 * row batches up to a byte budget and evicts the oldest batches beyond it. Every other message is
 * kept until the key expires. A read into an evicted range reports `gone` with the missing seqs, so
 * a resume never silently skips messages.
 */
export interface EventLog {
  /**
   * Appends one message of a request. `event.seq` must be one more than the last appended seq of
   * that key. A terminal message (result, clarification, error, cancelled) marks the request
   * finished: its messages then expire after the log's TTL (5 minutes by default).
   */
  append(key: string, event: LoggedEvent): Promise<void>;
  /**
   * Messages of a request with `seq > afterSeq`, at most `limit` of them, in order and without a
   * gap. `missing` when the log holds nothing for the key (never existed, or expired); `gone` when
   * some message after `afterSeq` was evicted (the reader cannot continue without a gap).
   */
  read(key: string, afterSeq: number, limit: number): Promise<EventLogPage>;
  /** The last seq and whether the request has finished, or undefined when the key is missing. */
  status(key: string): Promise<EventLogStatus | undefined>;
  /**
   * Calls `onAppend` after each later append to the key (possibly once for several appends). The
   * promise resolves once notifications are guaranteed, so a `read` made after it misses nothing.
   * Returns the function that stops watching.
   */
  watch(key: string, onAppend: () => void): Promise<() => void>;
  /**
   * Marks the key as watched by a reader (on any node) for `ttlMs`. The node that runs the request
   * does not cancel it for lack of clients while a mark is alive; readers renew it periodically.
   */
  touchWatcher(key: string, ttlMs: number): Promise<void>;
  /** Whether some reader marked the key within its `ttlMs`. */
  hasWatcher(key: string): Promise<boolean>;
  /** Asks whichever node runs the request to cancel it (cross-node `cancel`). */
  requestCancel(key: string): Promise<void>;
  /** Receives cancel requests from every node; resolves once subscribed. Returns the unsubscribe function. */
  onCancelRequest(listener: (key: string) => void): Promise<() => void>;
  /** Stops timers and subscriptions. Does not close a Redis connection that the caller passed in. */
  close(): Promise<void>;
  /** The row byte budget of one request (`maxRowBytesPerRequest`), so a run can avoid evicting. */
  readonly maxRowBytesPerRequest: number;
}

/** One message as stored: its seq and type, and the serialized JSON the transports send as is. */
export interface LoggedEvent {
  seq: number;
  type: ServerMessageType;
  /** The whole message (`JSON.stringify` of a `ServerMessage`). */
  json: string;
}

export interface EventLogStatus {
  /** Seq of the last appended message (0 when none). */
  lastSeq: number;
  /** True once a terminal message was appended. */
  finished: boolean;
}

/** The answer of `EventLog.read`. */
export type EventLogPage =
  | { status: 'missing' }
  /** Messages `firstSeq`…`lastSeq` (inclusive) were evicted by the row byte budget. */
  | { status: 'gone'; firstSeq: number; lastSeq: number }
  | { status: 'ok'; events: LoggedEvent[]; lastSeq: number; finished: boolean };

/** Limits shared by the event log implementations. */
export interface EventLogLimits {
  /** How long a finished request's messages stay readable (ms). Default: config `eventLogTtlMs`, 300000. */
  ttlMs: number;
  /**
   * Bytes (characters of JSON) of `rows` messages kept per request; the oldest batches beyond it are
   * evicted. The newest batch is always kept. Default 8 MiB: more than a socket's kernel buffers
   * plus its high-water mark, so what a dropped client had in flight is still there when it resumes.
   */
  maxRowBytesPerRequest?: number;
  /** How long an unfinished request's messages live after its last append (a crashed run) (ms). Default 3600000. */
  unfinishedTtlMs?: number;
}

export const DEFAULT_MAX_ROW_BYTES_PER_REQUEST = 8 * 1024 * 1024;
export const DEFAULT_UNFINISHED_TTL_MS = 60 * 60 * 1000;

const TERMINAL = new Set<ServerMessageType>(['result', 'clarification', 'error', 'cancelled']);

/** Whether a message type ends its request. */
export function isTerminalType(type: ServerMessageType): boolean {
  return TERMINAL.has(type);
}
