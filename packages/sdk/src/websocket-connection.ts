import { isTerminal, type QueryRequestInput, type ServerMessage } from '@text2x/protocol';
import { AsyncQueue } from './async-queue.js';
import { Text2xClientError } from './client-error.js';
import { reconnectDelay, type ReconnectPolicy } from './reconnect-policy.js';
import { classifyFrame } from './server-message.js';
import {
  WEBSOCKET_OPEN,
  frameText,
  resolveWebSocket,
  type WebSocketConstructor,
  type WebSocketLike,
} from './websocket-like.js';

export interface WebSocketConnectionOptions {
  /** `ws://host:port/ws/query`, with `?api_key=` already added when headers cannot carry the key. */
  url: string;
  /** Headers of the upgrade request (understood by `ws` only). */
  headers?: Record<string, string>;
  WebSocket?: WebSocketConstructor;
  reconnect: ReconnectPolicy;
  /**
   * Interval of application-level pings while requests run (ms); a connection that stays silent
   * for two intervals is treated as dropped and resumed. 0 turns heartbeats off.
   */
  heartbeatMs: number;
  /** Close the socket after this long without running requests (ms). */
  idleCloseMs: number;
  /** After a cancel, how long to wait for the server's terminal message before failing (ms). */
  cancelTimeoutMs: number;
}

/** A request's messages as an async iterator, plus its id (for `cancel`). */
export interface MessageStream extends AsyncIterableIterator<ServerMessage> {
  readonly requestId: string;
}

interface RequestState {
  requestId: string;
  /** The query frame, kept to send it again if the server never saw it. */
  frame: string;
  /** Highest seq delivered to the consumer; 0 before the first message. */
  lastSeq: number;
  /** The query went out on some socket: after a reconnect, resume instead of asking again. */
  sent: boolean;
  /** A `resume` is outstanding for this request from this last seq. */
  resumeFrom: number | undefined;
  queue: AsyncQueue<ServerMessage>;
  cancelTimer: ReturnType<typeof setTimeout> | undefined;
  detachSignal: (() => void) | undefined;
}

/** Close codes after which reconnecting cannot help. */
const FATAL_CLOSE_CODES = new Map<number, 'UNAUTHORIZED' | 'FORBIDDEN'>([
  [4401, 'UNAUTHORIZED'],
  [4403, 'FORBIDDEN'],
]);

/**
 * One WebSocket shared by every streamed request of a client, multiplexed by `request_id`.
 *
 * It connects on first use and reconnects with backoff while requests are running; after a
 * reconnect it sends `resume {request_id, last_seq}` for each of them, and it delivers each seq
 * exactly once and in order (replayed duplicates are dropped, a gap triggers another resume).
 */
export class WebSocketConnection {
  private socket: WebSocketLike | undefined;
  private connecting = false;
  private attempt = 0;
  private reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  private heartbeatTimer: ReturnType<typeof setInterval> | undefined;
  private idleTimer: ReturnType<typeof setTimeout> | undefined;
  private lastReceivedAt = 0;
  private closedByUser = false;
  private readonly requests = new Map<string, RequestState>();
  /** Frames to send once a socket opens (cancels of requests streamed elsewhere, e.g. over SSE). */
  private readonly outbox: string[] = [];

  constructor(private readonly options: WebSocketConnectionOptions) {}

  /** Number of requests whose terminal message has not arrived yet. */
  get activeRequests(): number {
    return this.requests.size;
  }

  /** Sends a query and returns its messages. `request.request_id` must be set and unique. */
  stream(request: QueryRequestInput & { request_id: string }, signal?: AbortSignal): MessageStream {
    const requestId = request.request_id;
    if (this.requests.has(requestId)) {
      throw new Text2xClientError('INVALID_REQUEST', `request ${requestId} is already running`);
    }
    this.closedByUser = false;
    const queue = new AsyncQueue<ServerMessage>(() => this.abandon(requestId));
    const state: RequestState = {
      requestId,
      frame: JSON.stringify({ ...request, type: 'query' }),
      lastSeq: 0,
      sent: false,
      resumeFrom: undefined,
      queue,
      cancelTimer: undefined,
      detachSignal: undefined,
    };
    const iterator = Object.assign(queue, { requestId }) as AsyncQueue<ServerMessage> & MessageStream;
    if (signal?.aborted) {
      queue.fail(new Text2xClientError('CANCELLED', 'the request was cancelled before it was sent'));
      return iterator;
    }
    this.requests.set(requestId, state);
    if (signal) {
      const onAbort = (): void => {
        this.cancel(requestId);
      };
      signal.addEventListener('abort', onAbort, { once: true });
      state.detachSignal = () => signal.removeEventListener('abort', onAbort);
    }
    this.clearIdleTimer();
    if (this.isOpen()) this.sendQuery(state);
    else this.connect();
    return iterator;
  }

  /**
   * Asks the server to cancel a request. The stream then ends with the server's `cancelled` (or
   * whatever terminal message won the race); if none arrives within `cancelTimeoutMs`, the
   * stream fails with `CANCELLED`. Returns false when no such request is running here.
   */
  cancel(requestId: string): boolean {
    const state = this.requests.get(requestId);
    if (!state) return false;
    if (state.cancelTimer !== undefined) return true;
    if (!state.sent) {
      // The query never left: nothing runs on the server.
      this.finish(state, new Text2xClientError('CANCELLED', 'the request was cancelled before it was sent'));
      return true;
    }
    // While reconnecting, the cancel follows the resume on the next socket.
    if (this.isOpen()) this.send({ type: 'cancel', request_id: requestId });
    state.cancelTimer = unref(
      setTimeout(() => {
        this.finish(state, new Text2xClientError('CANCELLED', 'the request was cancelled'));
      }, this.options.cancelTimeoutMs),
    );
    return true;
  }

  /**
   * Sends `cancel` for a request this connection does not stream (one streamed over SSE, or by
   * another client with the same key): the server cancels by request id within the caller's scope.
   * Connects when needed; best effort.
   */
  cancelRemote(requestId: string): void {
    const frame = JSON.stringify({ type: 'cancel', request_id: requestId });
    this.closedByUser = false;
    if (this.isOpen()) {
      this.sendText(frame);
      if (this.requests.size === 0) this.scheduleIdleClose();
      return;
    }
    this.outbox.push(frame);
    this.connect();
  }

  /** Closes the socket and fails running requests with `CANCELLED`. */
  close(): void {
    this.closedByUser = true;
    for (const state of [...this.requests.values()]) {
      this.send({ type: 'cancel', request_id: state.requestId });
      this.finish(state, new Text2xClientError('CANCELLED', 'the client was closed'));
    }
    this.clearTimers();
    this.outbox.length = 0;
    const socket = this.socket;
    this.socket = undefined;
    if (socket) {
      detach(socket);
      socket.close(1000, 'client closed');
    }
  }

  private isOpen(): boolean {
    return this.socket !== undefined && this.socket.readyState === WEBSOCKET_OPEN;
  }

  private send(message: Record<string, unknown>): void {
    this.sendText(JSON.stringify(message));
  }

  private sendText(text: string): void {
    if (this.isOpen()) this.socket!.send(text);
  }

  private sendQuery(state: RequestState): void {
    state.sent = true;
    this.sendText(state.frame);
  }

  private sendResume(state: RequestState): void {
    state.resumeFrom = state.lastSeq;
    this.send({ type: 'resume', request_id: state.requestId, last_seq: state.lastSeq });
  }

  private connect(): void {
    if (this.connecting || this.socket || this.reconnectTimer !== undefined) return;
    this.connecting = true;
    void resolveWebSocket(this.options.WebSocket).then(
      (constructor) => {
        this.connecting = false;
        if (this.closedByUser || !this.hasWork()) return;
        let socket: WebSocketLike;
        try {
          socket = new constructor(
            this.options.url,
            undefined,
            this.options.headers ? { headers: this.options.headers } : undefined,
          ) as WebSocketLike;
        } catch (error) {
          this.failAll(new Text2xClientError('CONNECTION_FAILED', describe(error), { cause: error }));
          return;
        }
        this.attach(socket);
      },
      (error: unknown) => {
        this.connecting = false;
        this.failAll(
          new Text2xClientError('CONNECTION_FAILED', `no WebSocket implementation: ${describe(error)}`, {
            retryable: false,
            cause: error,
          }),
        );
      },
    );
  }

  private attach(socket: WebSocketLike): void {
    this.socket = socket;
    let upgradeStatus: number | undefined;
    socket.onopen = () => {
      this.lastReceivedAt = Date.now();
      for (const state of this.requests.values()) {
        if (state.sent) this.sendResume(state);
        else this.sendQuery(state);
        if (state.cancelTimer !== undefined) this.send({ type: 'cancel', request_id: state.requestId });
      }
      for (const frame of this.outbox.splice(0)) this.sendText(frame);
      this.startHeartbeat();
      if (this.requests.size === 0) this.scheduleIdleClose();
    };
    socket.onmessage = (event) => {
      // Only a server that answers counts as back: one that accepts and drops at once keeps backing off.
      this.attempt = 0;
      this.lastReceivedAt = Date.now();
      const text = frameText(event.data);
      if (text !== undefined) this.receive(text);
    };
    socket.onerror = (event) => {
      // `ws` reports a refused upgrade as "Unexpected server response: 401"; browsers say nothing.
      const message = (event as { message?: unknown }).message;
      const match = typeof message === 'string' ? /Unexpected server response: (\d+)/.exec(message) : null;
      if (match) upgradeStatus = Number(match[1]);
    };
    socket.onclose = (event) => {
      if (this.socket !== socket) return;
      detach(socket);
      this.socket = undefined;
      this.stopHeartbeat();
      this.onDropped(event.code, event.reason, upgradeStatus);
    };
  }

  private onDropped(code: number, reason: string, upgradeStatus: number | undefined): void {
    if (this.closedByUser) return;
    const fatal =
      FATAL_CLOSE_CODES.get(code) ??
      (upgradeStatus === 401 ? 'UNAUTHORIZED' : upgradeStatus === 403 ? 'FORBIDDEN' : undefined);
    if (fatal) {
      this.failAll(
        new Text2xClientError(fatal, reason || `the server refused the connection (${fatal})`, {
          status: upgradeStatus ?? 0,
        }),
      );
      return;
    }
    if (!this.hasWork()) return;
    this.attempt += 1;
    if (this.attempt > this.options.reconnect.attempts) {
      this.attempt = 0;
      this.failAll(
        new Text2xClientError(
          'CONNECTION_FAILED',
          `the WebSocket connection dropped (close code ${code}) and could not be re-established`,
          { status: upgradeStatus ?? 0 },
        ),
      );
      return;
    }
    this.reconnectTimer = unref(
      setTimeout(
        () => {
          this.reconnectTimer = undefined;
          this.connect();
        },
        reconnectDelay(this.attempt, this.options.reconnect),
      ),
    );
  }

  private receive(text: string): void {
    const frame = classifyFrame(text);
    switch (frame.kind) {
      case 'pong':
        return;
      case 'invalid': {
        const state = frame.requestId === undefined ? undefined : this.requests.get(frame.requestId);
        if (!state) return; // nothing to attach it to; a connection-level oddity is ignored
        this.send({ type: 'cancel', request_id: state.requestId });
        this.finish(
          state,
          new Text2xClientError(
            'INVALID_SERVER_MESSAGE',
            `invalid message from the server: ${frame.reason}`,
            {
              details: { reason: frame.reason },
            },
          ),
        );
        return;
      }
      case 'unknown': {
        const state = this.requests.get(frame.requestId);
        if (state && this.inSequence(state, frame.seq)) state.lastSeq = frame.seq;
        return;
      }
      case 'message':
        this.route(frame.message);
        return;
    }
  }

  /** True when `seq` is the next one; drops duplicates and asks for a replay after a gap. */
  private inSequence(state: RequestState, seq: number): boolean {
    if (seq <= state.lastSeq) return false;
    if (seq === state.lastSeq + 1) {
      state.resumeFrom = undefined;
      return true;
    }
    if (state.resumeFrom !== state.lastSeq) this.sendResume(state);
    return false;
  }

  private route(message: ServerMessage): void {
    const state = this.requests.get(message.request_id);
    if (!state) return; // a late message for a request that finished or was abandoned
    if (message.seq === 0) {
      // A connection-level answer about this request (the resume or the query was refused).
      if (message.type !== 'error') return;
      if (message.data.code === 'NOT_FOUND' && state.resumeFrom === 0 && state.lastSeq === 0) {
        state.resumeFrom = undefined;
        if (state.cancelTimer !== undefined) {
          // Cancelled meanwhile, and nothing runs on the server: done.
          this.finish(state, new Text2xClientError('CANCELLED', 'the request was cancelled'));
          return;
        }
        // The server never saw the query (the socket dropped before it arrived): ask again.
        this.sendQuery(state);
        return;
      }
      state.queue.push(message);
      this.finish(state);
      return;
    }
    if (!this.inSequence(state, message.seq)) return;
    state.lastSeq = message.seq;
    state.queue.push(message);
    if (isTerminal(message)) this.finish(state);
  }

  /** Ends a request: the queue ends (or fails with `error`) and the request is forgotten. */
  private finish(state: RequestState, error?: Text2xClientError): void {
    if (this.requests.get(state.requestId) !== state) return;
    this.requests.delete(state.requestId);
    if (state.cancelTimer !== undefined) clearTimeout(state.cancelTimer);
    state.detachSignal?.();
    if (error) state.queue.fail(error);
    else state.queue.end();
    if (this.requests.size === 0) this.scheduleIdleClose();
  }

  /** The consumer stopped reading: cancel the run on the server and forget it. */
  private abandon(requestId: string): void {
    const state = this.requests.get(requestId);
    if (!state) return;
    if (state.sent) {
      const frame = JSON.stringify({ type: 'cancel', request_id: requestId });
      // Not connected right now: the cancel goes out on the next socket, so the run does not
      // keep going on the server until its resume grace period ends.
      if (this.isOpen()) this.sendText(frame);
      else this.outbox.push(frame);
    }
    this.finish(state);
  }

  private hasWork(): boolean {
    return this.requests.size > 0 || this.outbox.length > 0;
  }

  private failAll(error: Text2xClientError): void {
    this.outbox.length = 0;
    for (const state of [...this.requests.values()]) this.finish(state, error);
  }

  private startHeartbeat(): void {
    this.stopHeartbeat();
    const interval = this.options.heartbeatMs;
    if (interval <= 0) return;
    this.heartbeatTimer = unref(
      setInterval(() => {
        const socket = this.socket;
        if (!socket || this.requests.size === 0) return;
        if (Date.now() - this.lastReceivedAt > 2 * interval) {
          // Half-open connection: give up on it now instead of waiting for TCP to notice.
          detach(socket);
          this.socket = undefined;
          this.stopHeartbeat();
          terminate(socket);
          this.onDropped(1006, 'heartbeat timeout', undefined);
          return;
        }
        this.send({ type: 'ping' });
      }, interval),
    );
  }

  private stopHeartbeat(): void {
    if (this.heartbeatTimer !== undefined) clearInterval(this.heartbeatTimer);
    this.heartbeatTimer = undefined;
  }

  private scheduleIdleClose(): void {
    this.clearIdleTimer();
    this.idleTimer = unref(
      setTimeout(() => {
        this.idleTimer = undefined;
        if (this.hasWork() || !this.socket) return;
        const socket = this.socket;
        this.socket = undefined;
        this.stopHeartbeat();
        detach(socket);
        socket.close(1000, 'idle');
      }, this.options.idleCloseMs),
    );
  }

  private clearIdleTimer(): void {
    if (this.idleTimer !== undefined) clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
  }

  private clearTimers(): void {
    this.clearIdleTimer();
    this.stopHeartbeat();
    if (this.reconnectTimer !== undefined) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = undefined;
  }
}

function detach(socket: WebSocketLike): void {
  socket.onopen = null;
  socket.onmessage = null;
  socket.onclose = null;
  // Keep an error handler: `ws` throws on an 'error' event nobody listens to.
  socket.onerror = () => undefined;
}

/** Drops a socket at once: `ws` can terminate; a browser socket can only be closed. */
function terminate(socket: WebSocketLike): void {
  const withTerminate = socket as WebSocketLike & { terminate?: () => void };
  if (typeof withTerminate.terminate === 'function') withTerminate.terminate();
  else socket.close(4000, 'heartbeat timeout');
}

/** Timers must not keep a Node process alive on their own. */
function unref<T>(timer: T): T {
  (timer as { unref?: () => void }).unref?.();
  return timer;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
