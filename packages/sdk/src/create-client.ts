import {
  ConversationResponse,
  ExecuteResponse,
  FeedbackResponse,
  ProviderCreatedResponse,
  ProviderListResponse,
  QueryErrorResponse,
  QueryRequest,
  QueryResponse,
  SchemaResponse,
  TurnListResponse,
  type ExecuteRequestInput,
  type FeedbackRequest,
  type ProviderConfigInput,
  type QueryRequestInput,
  type ServerMessage,
  type TerminalMessage,
} from '@text2x/protocol';
import { Text2xClientError } from './client-error.js';
import { HttpClient, errorFromBody, type FetchFunction } from './http-client.js';
import { reconnectPolicy, type ReconnectOptions } from './reconnect-policy.js';
import { streamOverSse } from './sse-stream.js';
import { WebSocketConnection, type MessageStream } from './websocket-connection.js';
import { canSendHeaders, type WebSocketConstructor } from './websocket-like.js';

export interface ClientOptions {
  /** Where the server listens, e.g. `http://127.0.0.1:8000`. `ws://` is derived from it. */
  baseUrl: string;
  /** API key, sent as `Authorization: Bearer …` (and as `?api_key=` on a browser WebSocket). */
  apiKey?: string;
  /**
   * WebSocket class. Default: the global `WebSocket` (browsers, Node 22), else the `ws` package,
   * loaded on first use so browser bundles do not include it.
   */
  WebSocket?: WebSocketConstructor;
  /** fetch implementation. Default: the global `fetch`. */
  fetch?: FetchFunction;
  /**
   * How the WebSocket carries the API key: `header` (only `ws` can) or `query` (`?api_key=`,
   * weaker: URLs end up in logs). Default: `header` when the class can send headers, else `query`.
   */
  webSocketAuth?: 'header' | 'query';
  /** Reconnection after a dropped stream (WebSocket and SSE). */
  reconnect?: ReconnectOptions;
  /** Application-level ping interval while requests stream over the WebSocket (ms); 0 = off. Default 20000. */
  heartbeatMs?: number;
  /** Close the shared WebSocket after this long without running requests (ms). Default 10000. */
  idleCloseMs?: number;
  /** After a cancel, how long to wait for the server's terminal message before failing (ms). Default 5000. */
  cancelTimeoutMs?: number;
}

export interface QueryStreamOptions {
  /**
   * Aborting sends `cancel` (over the WebSocket, also for SSE streams); the stream then ends with
   * the server's `cancelled` message, or fails with `CANCELLED` if none arrives within
   * `cancelTimeoutMs`.
   */
  signal?: AbortSignal;
  /** `ws` (default): the client's shared WebSocket; `sse`: `POST /api/v1/query/stream`. */
  transport?: 'ws' | 'sse';
}

export interface CallOptions {
  signal?: AbortSignal;
}

export interface ProvidersApi {
  /** `GET /api/v1/providers`. */
  list(options?: CallOptions): Promise<ProviderListResponse>;
  /** `POST /api/v1/providers`: registers a data source and reads its schema. */
  add(config: ProviderConfigInput, options?: CallOptions): Promise<ProviderCreatedResponse>;
  /** `DELETE /api/v1/providers/:id`. */
  remove(id: string, options?: CallOptions): Promise<void>;
  /** `GET /api/v1/providers/:id/schema`. */
  schema(id: string, options?: CallOptions): Promise<SchemaResponse>;
  /** `POST /api/v1/providers/:id/schema/refresh`: reads the schema again from the database. */
  refreshSchema(id: string, options?: CallOptions): Promise<SchemaResponse>;
  /** `POST /api/v1/providers/:id/execute`: validates and runs a query a person wrote or edited. */
  execute(id: string, request: ExecuteRequestInput, options?: CallOptions): Promise<ExecuteResponse>;
}

export interface Text2xClient {
  /**
   * `POST /api/v1/query`: runs a question to its end. Resolves with the terminal message — also
   * for runs that ended with `error` or `cancelled`, whose message the server returns with the
   * error. Throws `Text2xClientError` when there was no run (bad request, auth, rate limit, network).
   */
  query(request: QueryRequestInput, options?: CallOptions): Promise<TerminalMessage>;
  /**
   * Streams a question's messages, validated, each seq once and in order, ending after the
   * terminal message. Over the WebSocket, one connection per client carries every stream and a
   * dropped connection is resumed by itself. Throws `Text2xClientError` (from the iterator) when
   * the request cannot be sent or the connection cannot be re-established.
   */
  queryStream(request: QueryRequestInput, options?: QueryStreamOptions): MessageStream;
  /**
   * Cancels a running streamed request (its stream ends with `cancelled`). Returns false when this
   * client has no such request running.
   */
  cancel(requestId: string): Promise<boolean>;
  /** `GET /api/v1/conversations/:id`. */
  conversation(id: string, options?: CallOptions): Promise<ConversationResponse>;
  /** `GET /api/v1/conversations/:id/turns`, oldest first. */
  turns(id: string, options?: CallOptions): Promise<TurnListResponse>;
  /** `POST /api/v1/conversations/:id/feedback`. */
  feedback(
    conversationId: string,
    feedback: FeedbackRequest,
    options?: CallOptions,
  ): Promise<FeedbackResponse>;
  providers: ProvidersApi;
  /**
   * Closes the shared WebSocket; its running streams fail with `CANCELLED` (SSE streams run on
   * until their consumers stop them). The client stays usable.
   */
  close(): void;
}

/** Creates a client for one text2x server. Nothing connects until the first call. */
export function createClient(options: ClientOptions): Text2xClient {
  const http = new HttpClient({ baseUrl: options.baseUrl, apiKey: options.apiKey, fetch: options.fetch });
  const reconnect = reconnectPolicy(options.reconnect);
  let connection: WebSocketConnection | undefined;
  /** Request ids streaming over SSE right now (so `cancel` knows them). */
  const sseStreams = new Set<string>();
  const cancelTimeoutMs = options.cancelTimeoutMs ?? 5000;

  const webSocket = (): WebSocketConnection => {
    connection ??= new WebSocketConnection({
      ...webSocketTarget(options),
      ...(options.WebSocket ? { WebSocket: options.WebSocket } : {}),
      reconnect,
      heartbeatMs: options.heartbeatMs ?? 20_000,
      idleCloseMs: options.idleCloseMs ?? 10_000,
      cancelTimeoutMs,
    });
    return connection;
  };

  const path = (...parts: string[]): string => parts.map(encodeURIComponent).join('/');

  const client: Text2xClient = {
    async query(request, callOptions = {}) {
      checkRequest(request);
      const response = await http.send({
        method: 'POST',
        path: '/api/v1/query',
        body: request,
        signal: callOptions.signal,
        acceptErrorStatus: true,
      });
      if (!response.ok) return terminalFromErrorResponse(response);
      return parseResponse(QueryResponse, await readJson(response), 'POST /api/v1/query');
    },

    queryStream(request, streamOptions = {}) {
      checkRequest(request);
      const withId = { ...request, request_id: request.request_id ?? newRequestId() };
      if ((streamOptions.transport ?? 'ws') === 'ws') {
        return webSocket().stream(withId, streamOptions.signal);
      }
      sseStreams.add(withId.request_id);
      const generator = streamOverSse({
        http,
        request: withId,
        reconnect,
        signal: streamOptions.signal,
        cancelTimeoutMs,
        cancel: (requestId) => webSocket().cancelRemote(requestId),
        onEnd: () => sseStreams.delete(withId.request_id),
      });
      return Object.assign(generator, { requestId: withId.request_id });
    },

    cancel(requestId) {
      if (connection?.cancel(requestId)) return Promise.resolve(true);
      if (!sseStreams.has(requestId)) return Promise.resolve(false);
      // SSE cannot talk back to the server; the WebSocket's `cancel` works for any request of this key.
      webSocket().cancelRemote(requestId);
      return Promise.resolve(true);
    },

    conversation(id, callOptions = {}) {
      return http.json({
        method: 'GET',
        path: `/api/v1/conversations/${path(id)}`,
        schema: ConversationResponse,
        signal: callOptions.signal,
      });
    },

    turns(id, callOptions = {}) {
      return http.json({
        method: 'GET',
        path: `/api/v1/conversations/${path(id)}/turns`,
        schema: TurnListResponse,
        signal: callOptions.signal,
      });
    },

    feedback(conversationId, feedback, callOptions = {}) {
      return http.json({
        method: 'POST',
        path: `/api/v1/conversations/${path(conversationId)}/feedback`,
        body: feedback,
        schema: FeedbackResponse,
        signal: callOptions.signal,
      });
    },

    providers: {
      list(callOptions = {}) {
        return http.json({
          method: 'GET',
          path: '/api/v1/providers',
          schema: ProviderListResponse,
          signal: callOptions.signal,
        });
      },
      add(config, callOptions = {}) {
        return http.json({
          method: 'POST',
          path: '/api/v1/providers',
          body: config,
          schema: ProviderCreatedResponse,
          signal: callOptions.signal,
        });
      },
      async remove(id, callOptions = {}) {
        const response = await http.send({
          method: 'DELETE',
          path: `/api/v1/providers/${path(id)}`,
          signal: callOptions.signal,
        });
        await response.body?.cancel();
      },
      schema(id, callOptions = {}) {
        return http.json({
          method: 'GET',
          path: `/api/v1/providers/${path(id)}/schema`,
          schema: SchemaResponse,
          signal: callOptions.signal,
        });
      },
      refreshSchema(id, callOptions = {}) {
        return http.json({
          method: 'POST',
          path: `/api/v1/providers/${path(id)}/schema/refresh`,
          schema: SchemaResponse,
          signal: callOptions.signal,
        });
      },
      execute(id, request, callOptions = {}) {
        return http.json({
          method: 'POST',
          path: `/api/v1/providers/${path(id)}/execute`,
          body: request,
          schema: ExecuteResponse,
          signal: callOptions.signal,
        });
      },
    },

    close() {
      connection?.close();
    },
  };
  return client;
}

/** Rejects a request the server would refuse anyway, before anything is sent. */
function checkRequest(request: QueryRequestInput): void {
  const parsed = QueryRequest.safeParse(request);
  if (parsed.success) return;
  throw new Text2xClientError(
    'INVALID_REQUEST',
    `invalid request: ${parsed.error.issues
      .slice(0, 5)
      .map((issue) => `${issue.path.join('.') || 'request'}: ${issue.message}`)
      .join('; ')}`,
    { details: { issues: parsed.error.issues } },
  );
}

/** The run's own terminal message from an error response, or the mapped error when there was no run. */
async function terminalFromErrorResponse(response: Response): Promise<TerminalMessage> {
  const text = await response.text();
  const parsed = QueryErrorResponse.safeParse(safeJson(text));
  if (parsed.success && parsed.data.terminal) return parsed.data.terminal;
  throw errorFromBody(response, text);
}

async function readJson(response: Response): Promise<unknown> {
  const text = await response.text();
  const value = safeJson(text);
  if (value === undefined) {
    throw new Text2xClientError('INVALID_SERVER_MESSAGE', 'the response body is not JSON', {
      status: response.status,
    });
  }
  return value;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function parseResponse<T extends ServerMessage>(
  schema: { safeParse(value: unknown): { success: true; data: T } | { success: false } },
  value: unknown,
  what: string,
): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw new Text2xClientError('INVALID_SERVER_MESSAGE', `unexpected response to ${what}`);
}

/** `ws://host/ws/query` for an `http://host` base URL, with the key as a header or in the query. */
function webSocketTarget(options: ClientOptions): { url: string; headers?: Record<string, string> } {
  const url = new URL(options.baseUrl);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  url.pathname = `${url.pathname.replace(/\/+$/, '')}/ws/query`;
  url.search = '';
  url.hash = '';
  if (options.apiKey === undefined) return { url: url.toString() };
  const mode =
    options.webSocketAuth ??
    (options.WebSocket
      ? canSendHeaders(options.WebSocket)
        ? 'header'
        : 'query'
      : (globalThis as { WebSocket?: unknown }).WebSocket
        ? 'query'
        : 'header');
  if (mode === 'header')
    return { url: url.toString(), headers: { authorization: `Bearer ${options.apiKey}` } };
  url.searchParams.set('api_key', options.apiKey);
  return { url: url.toString() };
}

/** A request id unique enough to multiplex on one socket; `crypto.randomUUID` needs a secure context. */
function newRequestId(): string {
  const cryptoApi = (globalThis as { crypto?: { randomUUID?: () => string } }).crypto;
  if (typeof cryptoApi?.randomUUID === 'function') return cryptoApi.randomUUID();
  return `r-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}${Math.random()
    .toString(36)
    .slice(2, 12)}`;
}
