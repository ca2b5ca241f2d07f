import { randomUUID } from 'node:crypto';
import type { Socket } from 'node:net';
import {
  parseClientMessage,
  type ErrorCode,
  type PongMessage,
  type QueryClientMessage,
} from '@text2x/protocol';
import WebSocket, { type RawData } from 'ws';
import type { ApiContext, Identity } from '../api-context.js';
import { errorMessage, type LoggedEvent, type RunManager } from '../streaming/index.js';

/** Limits of one connection, from the config and the route options. */
export interface WebSocketSessionLimits {
  /** Requests (queries and resumes) followed at once on one socket. */
  maxRequests: number;
  /** Close the socket after this long without a client frame while no request is followed (ms). */
  idleTimeoutMs: number;
  /** Buffered bytes above which deliveries wait for the socket to drain. */
  highWaterMarkBytes: number;
  /** Buffered bytes above which a client that sends but does not read is dropped. */
  maxBufferedBytes: number;
}

/** Close codes this server uses (besides the ones `ws` sends itself, e.g. 1009 for a frame over `maxPayload`). */
export const CLOSE_CODES = {
  /** No frame and no request for `wsIdleTimeoutMs`. */
  idle: 1000,
  /** The server is shutting down; reconnect (elsewhere) and resume. */
  shutdown: 1001,
} as const;

/** One request followed on this socket. */
interface Slot {
  detach: (() => void) | undefined;
  /** A `cancel` arrived before the request's run was known. */
  cancelRequested: boolean;
}

function frameText(data: RawData): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data).toString('utf8');
}

/** The request id a frame names, when it names one that could be valid. */
function namedRequestId(value: unknown): string {
  if (typeof value !== 'object' || value === null) return '';
  const id = (value as { request_id?: unknown }).request_id;
  return typeof id === 'string' && id.length > 0 && id.length <= 100 ? id : '';
}

/**
 * One WebSocket connection: parses client frames, starts, resumes and cancels requests through the
 * run manager and writes their messages with backpressure. Sends in one event-loop turn are
 * corked into one write (the measured 3× over a write per message).
 */
export class WebSocketSession {
  private readonly slots = new Map<string, Slot>();
  /** Queries without a request id whose start is under way (they count against the limit). */
  private anonymousStarts = 0;
  private alive = true;
  private lastFrameAt = Date.now();
  private corked = false;
  private closed = false;
  private draining: Promise<void> | undefined;
  private readonly raw: Socket | undefined;

  constructor(
    private readonly socket: WebSocket,
    private readonly identity: Identity,
    private readonly ctx: ApiContext,
    private readonly runs: RunManager,
    private readonly limits: WebSocketSessionLimits,
    private readonly onClosed: (session: WebSocketSession) => void,
  ) {
    // `ws` keeps the TCP socket private; it is needed to cork and to wait for 'drain'.
    this.raw = (socket as unknown as { _socket?: Socket })._socket;
    ctx.metrics.webSocketConnections(1);
    socket.on('message', (data, isBinary) => this.onFrame(data, isBinary));
    socket.on('pong', () => {
      this.alive = true;
    });
    socket.on('close', () => this.onClose());
  }

  /** Heartbeat tick: drops a peer that did not answer the last ping, closes an idle one. */
  tick(now: number): void {
    if (this.closed) return;
    if (!this.alive) {
      this.socket.terminate();
      return;
    }
    if (
      this.slots.size === 0 &&
      this.anonymousStarts === 0 &&
      now - this.lastFrameAt > this.limits.idleTimeoutMs
    ) {
      this.socket.close(CLOSE_CODES.idle, 'idle timeout');
      return;
    }
    this.alive = false;
    this.socket.ping();
  }

  close(code: number, reason: string): void {
    if (!this.closed) this.socket.close(code, reason);
  }

  private onFrame(data: RawData, isBinary: boolean): void {
    this.lastFrameAt = Date.now();
    if (isBinary) {
      this.sendError('', 'INVALID_REQUEST', 'binary frames are not accepted; send JSON as a text frame');
      return;
    }
    let value: unknown;
    try {
      value = JSON.parse(frameText(data));
    } catch {
      this.sendError('', 'INVALID_REQUEST', 'the frame is not valid JSON');
      return;
    }
    const parsed = parseClientMessage(value);
    if (!parsed.ok) {
      this.sendError(namedRequestId(value), 'INVALID_REQUEST', `invalid message: ${parsed.reason}`);
      return;
    }
    const message = parsed.message;
    switch (message.type) {
      case undefined:
      case 'query':
        void this.onQuery(message);
        return;
      case 'cancel':
        void this.onCancel(message.request_id);
        return;
      case 'resume':
        void this.onResume(message.request_id, message.last_seq);
        return;
      case 'ping': {
        const pong: PongMessage = {
          v: 1,
          type: 'pong',
          request_id: '',
          seq: 0,
          data: { ...(message.id === undefined ? {} : { id: message.id }), time: Date.now() },
        };
        this.sendConnectionLevel(JSON.stringify(pong));
        return;
      }
    }
  }

  private get following(): number {
    return this.slots.size + this.anonymousStarts;
  }

  /**
   * Refuses a request over the per-socket limit: RATE_LIMITED with seq 0 (the request was never
   * started, and its id may name a request that exists elsewhere); the socket stays open.
   */
  private refuseOverLimit(requestId: string): void {
    this.ctx.metrics.rateLimited('websocket');
    this.sendConnectionLevel(
      JSON.stringify(
        errorMessage(
          requestId,
          0,
          'RATE_LIMITED',
          `at most ${this.limits.maxRequests} requests may run at once on one connection`,
          { retry_after_ms: 1000, max_requests_per_connection: this.limits.maxRequests },
        ),
      ),
    );
  }

  private async onQuery(message: QueryClientMessage): Promise<void> {
    const { type: _type, ...request } = message;
    const given = request.request_id;
    if (given !== undefined && this.slots.has(given)) {
      this.sendError(
        given,
        'INVALID_REQUEST',
        `request_id ${JSON.stringify(given)} is already in use on this connection`,
      );
      return;
    }
    if (this.following >= this.limits.maxRequests) {
      this.refuseOverLimit(given ?? randomUUID());
      return;
    }
    let slot: Slot | undefined;
    if (given === undefined) this.anonymousStarts += 1;
    else {
      slot = { detach: undefined, cancelRequested: false };
      this.slots.set(given, slot);
    }
    let started;
    try {
      started = await this.runs.start(request, this.identity, { transport: 'websocket' });
    } catch {
      this.release(given, slot);
      this.sendError(given ?? '', 'INTERNAL', 'the request could not be started');
      return;
    } finally {
      if (given === undefined) this.anonymousStarts -= 1;
    }
    const requestId = started.requestId;
    if (started.status === 'refused') {
      this.release(given, slot);
      this.sendConnectionLevel(JSON.stringify(started.message));
      return;
    }
    if (!slot) {
      slot = { detach: undefined, cancelRequested: false };
      this.slots.set(requestId, slot);
    }
    // A closed socket leaves the run alone: it continues for the grace period, waiting for a resume.
    if (this.closed || this.slots.get(requestId) !== slot) return;
    await this.follow(requestId, 0, slot);
  }

  private async onResume(requestId: string, lastSeq: number): Promise<void> {
    const previous = this.slots.get(requestId);
    if (previous) {
      this.slots.delete(requestId);
      previous.detach?.();
    } else if (this.following >= this.limits.maxRequests) {
      this.refuseOverLimit(requestId);
      return;
    }
    const slot: Slot = { detach: undefined, cancelRequested: false };
    this.slots.set(requestId, slot);
    await this.follow(requestId, lastSeq, slot);
  }

  private async onCancel(requestId: string): Promise<void> {
    const slot = this.slots.get(requestId);
    if (slot && !slot.detach) {
      // Its run is still being started or attached; cancel once it is known.
      slot.cancelRequested = true;
      return;
    }
    let found: boolean;
    try {
      found = await this.runs.cancel(this.identity, requestId);
    } catch {
      this.sendError(requestId, 'INTERNAL', 'the request could not be cancelled; try again');
      return;
    }
    if (!found) this.sendError(requestId, 'NOT_FOUND', `no request ${JSON.stringify(requestId)} to cancel`);
  }

  /** Attaches this socket to a request's messages after `afterSeq`. */
  private async follow(requestId: string, afterSeq: number, slot: Slot): Promise<void> {
    let attached;
    try {
      attached = await this.runs.attach(this.identity, requestId, afterSeq, {
        deliver: (event) => this.deliver(event),
        end: () => this.release(requestId, slot),
      });
    } catch {
      this.release(requestId, slot);
      this.sendError(requestId, 'INTERNAL', 'the request could not be followed; try again');
      return;
    }
    if (!attached.ok) {
      this.release(requestId, slot);
      this.sendConnectionLevel(JSON.stringify(attached.message));
      return;
    }
    slot.detach = attached.detach;
    if (this.closed || this.slots.get(requestId) !== slot) {
      attached.detach();
      return;
    }
    if (slot.cancelRequested) void this.onCancel(requestId);
  }

  private release(requestId: string | undefined, slot: Slot | undefined): void {
    if (requestId !== undefined && slot && this.slots.get(requestId) === slot) this.slots.delete(requestId);
  }

  /** A message of a followed request; returns a promise while the socket is above its high-water mark. */
  private deliver(event: LoggedEvent): void | Promise<void> {
    if (this.closed) return;
    this.write(event.json);
    if (this.socket.bufferedAmount > this.limits.highWaterMarkBytes) return this.drained();
  }

  /** An answer to a frame (error, pong). A client that floods frames without reading is dropped. */
  private sendConnectionLevel(json: string): void {
    if (this.closed) return;
    if (this.socket.bufferedAmount > this.limits.maxBufferedBytes) {
      this.socket.terminate();
      return;
    }
    this.write(json);
  }

  private sendError(requestId: string, code: ErrorCode, message: string): void {
    this.sendConnectionLevel(JSON.stringify(errorMessage(requestId, 0, code, message)));
  }

  private write(json: string): void {
    if (this.socket.readyState !== WebSocket.OPEN) return;
    if (!this.corked && this.raw) {
      this.corked = true;
      this.raw.cork();
      setImmediate(() => this.uncork());
    }
    this.socket.send(json);
  }

  private uncork(): void {
    if (!this.corked) return;
    this.corked = false;
    this.raw?.uncork();
  }

  /** Resolves when the socket's buffer is below half the high-water mark, or the socket closed. */
  private drained(): Promise<void> {
    this.uncork();
    this.draining ??= new Promise<void>((resolve) => {
      const low = this.limits.highWaterMarkBytes / 2;
      const check = (): void => {
        if (!this.closed && this.socket.readyState === WebSocket.OPEN && this.socket.bufferedAmount > low)
          return;
        clearInterval(poll);
        this.raw?.off('drain', check);
        this.socket.off('close', check);
        this.draining = undefined;
        resolve();
      };
      // 'drain' is the signal; the poll covers buffers that drained without one.
      const poll = setInterval(check, 50);
      this.raw?.on('drain', check);
      this.socket.on('close', check);
    });
    return this.draining;
  }

  private onClose(): void {
    if (this.closed) return;
    this.closed = true;
    this.corked = false;
    this.ctx.metrics.webSocketConnections(-1);
    const slots = [...this.slots.values()];
    this.slots.clear();
    // The runs go on for the grace period, waiting for a resume on this or another connection.
    for (const slot of slots) slot.detach?.();
    this.onClosed(this);
  }
}
