import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';

/**
 * A small real server speaking the text2x wire protocol over `ws` and `node:http`, for the SDK's
 * tests: runs emit progress on a timer, keep an event log, and survive a dropped socket so a
 * client can resume. Questions steer misbehaviour ("malformed", "gap", "duplicate", "future",
 * "slow"), so every test drives real sockets, not mocks.
 */

export interface FakeServerOptions {
  /** Milliseconds between two messages of a run. Default 5. */
  stepMs?: number;
  /** Progress messages before the terminal `result`. Default 10. */
  progressCount?: number;
  /** When set, REST and the WebSocket upgrade require `Authorization: Bearer <key>` or `?api_key=`. */
  apiKey?: string;
}

type Message = Record<string, unknown> & { seq: number; type: string; request_id: string };

interface Run {
  requestId: string;
  question: string;
  log: Message[];
  subscribers: Set<WebSocket>;
  done: boolean;
  timer: ReturnType<typeof setTimeout> | undefined;
  /** Total progress messages planned. */
  planned: number;
  /** Messages that are logged but not sent live ("gap": the client must ask for them). */
  hidden: Set<number>;
}

export interface ReceivedFrame {
  connection: number;
  frame: Record<string, unknown>;
}

const STAGES = [
  'started',
  'schema_retrieval',
  'rag_search',
  'context_gathered',
  'query_generation',
  'query_generated',
  'validation',
  'validation_complete',
  'execution_complete',
] as const;

export function progressMessage(requestId: string, seq: number, progress: number): Message {
  return {
    v: 1,
    type: 'progress',
    request_id: requestId,
    seq,
    conversation_id: 'c-1',
    data: {
      stage: STAGES[(seq - 1) % STAGES.length],
      progress,
      message: `step ${seq}`,
    },
  };
}

export function resultMessage(requestId: string, seq: number): Message {
  return {
    v: 1,
    type: 'result',
    request_id: requestId,
    seq,
    conversation_id: 'c-1',
    data: {
      progress: 1,
      conversation_id: 'c-1',
      turn_id: 't-1',
      provider_id: 'demo',
      dialect: 'sqlite',
      generated_query: 'SELECT count(*) FROM orders',
      explanation: 'Counts the orders.',
      confidence_score: 0.9,
      validation_status: 'passed',
      validation_result: { status: 'passed', errors: [], warnings: [] },
      execution_result: {
        success: true,
        columns: [{ name: 'count', type: 'integer' }],
        rows: [[42]],
        row_count: 1,
        truncated: false,
        execution_time_ms: 0.5,
      },
      iterations: 1,
      needs_clarification: false,
      generator: 'fake',
    },
  };
}

export function errorMessage(requestId: string, seq: number, code: string, message: string): Message {
  return {
    v: 1,
    type: 'error',
    request_id: requestId,
    seq,
    data: { progress: 1, code, message, retryable: false },
  };
}

export class FakeText2xServer {
  readonly received: ReceivedFrame[] = [];
  readonly sseRequests: { lastEventId: string | undefined; body: Record<string, unknown> }[] = [];
  /** Open WebSocket connections, by connection number. */
  readonly sockets = new Map<number, WebSocket>();
  connectionsOpened = 0;
  /** When true, `cancel` frames are recorded but do nothing. */
  ignoreCancels = false;
  private readonly runs = new Map<string, Run>();
  private readonly muted = new Set<WebSocket>();
  private readonly tcpSockets = new Set<Socket>();
  private readonly stepMs: number;
  private readonly progressCount: number;

  private constructor(
    private readonly http: Server,
    private readonly wss: WebSocketServer,
    private readonly options: FakeServerOptions,
  ) {
    this.stepMs = options.stepMs ?? 5;
    this.progressCount = options.progressCount ?? 10;
  }

  static async start(options: FakeServerOptions = {}): Promise<FakeText2xServer> {
    const wss = new WebSocketServer({ noServer: true });
    const http = createServer();
    const server = new FakeText2xServer(http, wss, options);
    http.on('request', (request: IncomingMessage, response: ServerResponse) => {
      server.handleHttp(request, response).catch((error: unknown) => {
        response.statusCode = 500;
        response.end(String(error));
      });
    });
    http.on('connection', (socket) => {
      server.tcpSockets.add(socket);
      socket.on('close', () => server.tcpSockets.delete(socket));
    });
    http.on('upgrade', (request, socket, head) => server.handleUpgrade(request, socket as Socket, head));
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    return server;
  }

  get port(): number {
    return (this.http.address() as AddressInfo).port;
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Client frames of one type, in arrival order. */
  framesOfType(type: string): Record<string, unknown>[] {
    return this.received
      .filter((entry) => (entry.frame.type ?? 'query') === type)
      .map((entry) => entry.frame);
  }

  /** Drops every WebSocket at once, without a closing handshake (like a lost network). */
  terminateAll(): void {
    for (const socket of this.sockets.values()) socket.terminate();
  }

  /** Forgets a run, as a server that never received its query would. */
  forgetRun(requestId: string): void {
    const run = this.runs.get(requestId);
    if (run) clearTimeout(run.timer);
    this.runs.delete(requestId);
  }

  /**
   * Makes every open connection silent in both directions without closing it (a half-open TCP
   * connection): nothing is sent to it and what it sends is ignored.
   */
  muteAll(): void {
    for (const socket of this.sockets.values()) this.muted.add(socket);
  }

  /** Sends raw text to every open WebSocket. */
  broadcastRaw(text: string): void {
    for (const socket of this.sockets.values()) socket.send(text);
  }

  async close(): Promise<void> {
    for (const run of this.runs.values()) clearTimeout(run.timer);
    for (const socket of this.sockets.values()) socket.terminate();
    for (const socket of this.tcpSockets) socket.destroy();
    this.wss.close();
    await new Promise<void>((resolve) => this.http.close(() => resolve()));
  }

  private authorized(request: IncomingMessage): boolean {
    if (this.options.apiKey === undefined) return true;
    if (request.headers.authorization === `Bearer ${this.options.apiKey}`) return true;
    const url = new URL(request.url ?? '/', 'http://localhost');
    return url.searchParams.get('api_key') === this.options.apiKey;
  }

  private handleUpgrade(request: IncomingMessage, socket: Socket, head: Buffer): void {
    if (new URL(request.url ?? '/', 'http://localhost').pathname !== '/ws/query') {
      socket.end('HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    if (!this.authorized(request)) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    this.wss.handleUpgrade(request, socket, head, (ws) => this.onConnection(ws));
  }

  private onConnection(ws: WebSocket): void {
    this.connectionsOpened += 1;
    const connection = this.connectionsOpened;
    this.sockets.set(connection, ws);
    ws.on('message', (data) => {
      if (this.muted.has(ws)) return;
      let frame: Record<string, unknown>;
      try {
        frame = JSON.parse(rawText(data)) as Record<string, unknown>;
      } catch {
        ws.send(JSON.stringify(errorMessage('', 0, 'INVALID_REQUEST', 'not JSON')));
        return;
      }
      this.received.push({ connection, frame });
      this.onFrame(ws, frame);
    });
    ws.on('close', () => {
      this.sockets.delete(connection);
      for (const run of this.runs.values()) run.subscribers.delete(ws);
    });
  }

  private onFrame(ws: WebSocket, frame: Record<string, unknown>): void {
    const type = frame.type ?? 'query';
    const requestId = typeof frame.request_id === 'string' ? frame.request_id : '';
    switch (type) {
      case 'ping':
        ws.send(JSON.stringify({ v: 1, type: 'pong', request_id: '', seq: 0, data: { time: Date.now() } }));
        return;
      case 'query': {
        const run = this.startRun(requestId, String(frame.query));
        run.subscribers.add(ws);
        return;
      }
      case 'cancel': {
        const run = this.runs.get(requestId);
        if (run && !run.done && !this.ignoreCancels) {
          clearTimeout(run.timer);
          this.emit(run, {
            v: 1,
            type: 'cancelled',
            request_id: requestId,
            seq: run.log.length + 1,
            data: { progress: 1, reason: 'cancelled by the client' },
          });
        }
        return;
      }
      case 'resume': {
        const run = this.runs.get(requestId);
        if (!run) {
          ws.send(JSON.stringify(errorMessage(requestId, 0, 'NOT_FOUND', 'no such request')));
          return;
        }
        const lastSeq = Number(frame.last_seq);
        for (const message of run.log) if (message.seq > lastSeq) ws.send(JSON.stringify(message));
        if (!run.done) run.subscribers.add(ws);
        return;
      }
      default:
        ws.send(JSON.stringify(errorMessage(requestId, 0, 'INVALID_REQUEST', 'unknown type')));
    }
  }

  private startRun(requestId: string, question: string): Run {
    const run: Run = {
      requestId,
      question,
      log: [],
      subscribers: new Set(),
      done: false,
      timer: undefined,
      planned: this.progressCount,
      hidden: new Set(question.includes('gap') ? [3] : []),
    };
    this.runs.set(requestId, run);
    this.schedule(run);
    return run;
  }

  private schedule(run: Run): void {
    const step = run.question.includes('slow') ? this.stepMs * 20 : this.stepMs;
    run.timer = setTimeout(() => this.step(run), step);
  }

  private step(run: Run): void {
    if (run.done) return;
    const seq = run.log.length + 1;
    if (run.question.includes('malformed') && seq === 2) {
      // Valid envelope, invalid data: the stage is not one the protocol knows.
      this.emit(run, {
        v: 1,
        type: 'progress',
        request_id: run.requestId,
        seq,
        data: { stage: 'bogus', progress: 'half' },
      });
    } else if (run.question.includes('future') && seq === 2) {
      this.emit(run, { v: 1, type: 'thinking', request_id: run.requestId, seq, data: { note: 'new' } });
    } else if (seq <= run.planned) {
      this.emit(run, progressMessage(run.requestId, seq, Math.min(0.99, seq / (run.planned + 1))));
      if (run.question.includes('duplicate')) {
        // Sends the message again plus an old one: the client must drop both.
        const again = JSON.stringify(run.log[run.log.length - 1]);
        for (const ws of run.subscribers) ws.send(again);
        if (run.log.length > 1) for (const ws of run.subscribers) ws.send(JSON.stringify(run.log[0]));
      }
    } else {
      this.emit(run, resultMessage(run.requestId, seq));
      return;
    }
    this.schedule(run);
  }

  private emit(run: Run, message: Message): void {
    run.log.push(message);
    if (message.type === 'result' || message.type === 'cancelled' || message.type === 'error')
      run.done = true;
    if (run.hidden.has(message.seq)) return;
    const text = JSON.stringify(message);
    for (const ws of run.subscribers) if (ws.readyState === ws.OPEN && !this.muted.has(ws)) ws.send(text);
    if (run.done) run.subscribers.clear();
  }

  private async handleHttp(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const body = await readBody(request);
    const send = (status: number, value: unknown, headers: Record<string, string> = {}): void => {
      response.writeHead(status, { 'content-type': 'application/json', ...headers });
      response.end(typeof value === 'string' ? value : JSON.stringify(value));
    };
    const fail = (status: number, code: string, message: string, extra: Record<string, unknown> = {}): void =>
      send(status, { error: { code, message, retryable: status >= 500 || status === 429, ...extra } });
    if (!this.authorized(request)) {
      fail(401, 'UNAUTHORIZED', 'A valid API key is required.');
      return;
    }
    const route = `${request.method} ${url.pathname}`;
    const question = typeof body.query === 'string' ? body.query : '';
    switch (route) {
      case 'POST /api/v1/query': {
        const requestId = typeof body.request_id === 'string' ? body.request_id : 'r-rest';
        if (question.includes('rate')) {
          response.setHeader('retry-after', '2');
          fail(429, 'RATE_LIMITED', 'Too many requests; try again later.', { retry_after_ms: 1500 });
        } else if (question.includes('fail')) {
          send(422, {
            error: { code: 'VALIDATION_FAILED', message: 'No valid query.', retryable: false },
            terminal: errorMessage(requestId, 5, 'VALIDATION_FAILED', 'No valid query.'),
          });
        } else if (question.includes('garbage')) {
          send(200, { type: 'result', data: { nothing: true } });
        } else if (question.includes('html')) {
          response.writeHead(502, { 'content-type': 'text/html' });
          response.end('<html>bad gateway</html>');
        } else {
          send(200, resultMessage(requestId, 12));
        }
        return;
      }
      case 'POST /api/v1/query/stream':
        this.handleSse(request, response, body);
        return;
      case 'GET /api/v1/conversations/c-1':
        send(200, {
          id: 'c-1',
          provider_id: 'demo',
          created_at: '2026-01-01T00:00:00Z',
          turn_count: 0,
          last_turn_at: null,
        });
        return;
      case 'GET /api/v1/conversations/c-1/turns':
        send(200, { conversation_id: 'c-1', turns: [] });
        return;
      case 'POST /api/v1/conversations/c-1/feedback':
        send(201, {
          feedback: {
            id: 'f-1',
            turn_id: typeof body.turn_id === 'string' ? body.turn_id : 't-1',
            rating: body.rating,
            comment: body.comment ?? null,
            corrected_query: body.corrected_query ?? null,
            created_at: '2026-01-01T00:00:00Z',
          },
        });
        return;
      case 'GET /api/v1/providers':
        send(200, { providers: [{ id: 'demo', kind: 'sqlite', target: '/data/demo.db' }] });
        return;
      case 'DELETE /api/v1/providers/demo':
        response.writeHead(204);
        response.end();
        return;
      case 'DELETE /api/v1/providers/missing':
        fail(404, 'UNKNOWN_PROVIDER', 'No data source has that id.');
        return;
      default:
        fail(404, 'NOT_FOUND', 'Not found.');
    }
  }

  /** SSE: a new run per request id; `Last-Event-ID` replays after that seq. "drop" cuts the first response. */
  private handleSse(request: IncomingMessage, response: ServerResponse, body: Record<string, unknown>): void {
    const requestId = String(body.request_id);
    if (String(body.query).includes('rate')) {
      response.writeHead(429, { 'content-type': 'application/json', 'retry-after': '2' });
      response.end(
        JSON.stringify({
          error: { code: 'RATE_LIMITED', message: 'slow down', retryable: true, retry_after_ms: 1500 },
        }),
      );
      return;
    }
    const header = request.headers['last-event-id'];
    const lastEventId = typeof header === 'string' ? header : undefined;
    this.sseRequests.push({ lastEventId, body });
    response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store' });
    response.write(': hello\n\n');
    const run = this.runs.get(requestId) ?? this.startRun(requestId, String(body.query));
    const lastSeq = lastEventId === undefined ? 0 : Number(lastEventId);
    let sent = lastSeq;
    const dropAfter = run.question.includes('drop') && lastEventId === undefined ? 3 : Infinity;
    const pump = (): void => {
      for (const message of run.log) {
        if (message.seq <= sent) continue;
        sent = message.seq;
        response.write(`id: ${message.seq}\nevent: ${message.type}\ndata: ${JSON.stringify(message)}\n\n`);
        if (sent >= dropAfter) {
          // Cut the connection mid-response, after what was written has gone out.
          clearInterval(timer);
          setTimeout(() => response.socket?.destroy(), 20);
          return;
        }
      }
      if (run.done && sent === run.log.length) {
        clearInterval(timer);
        response.end();
      }
    };
    const timer = setInterval(pump, 2);
    response.on('close', () => clearInterval(timer));
  }
}

function rawText(data: RawData): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data).toString('utf8');
}

async function readBody(request: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  if (text === '') return {};
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    return {};
  }
}
