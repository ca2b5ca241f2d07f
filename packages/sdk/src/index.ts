/**
 * Typed client for text2x: REST calls, and streamed runs over one shared, self-resuming WebSocket
 * (or Server-Sent Events). Works in Node 20 (with `ws`) and in browsers; depends only on the
 * protocol package, whose schemas and types it re-exports.
 */
export * from '@text2x/protocol';
export { createClient } from './create-client.js';
export type {
  CallOptions,
  ClientOptions,
  ProvidersApi,
  QueryStreamOptions,
  Text2xClient,
} from './create-client.js';
export { Text2xClientError } from './client-error.js';
export type { ClientErrorCode, Text2xClientErrorOptions } from './client-error.js';
export type { MessageStream } from './websocket-connection.js';
export type { ReconnectOptions } from './reconnect-policy.js';
export type { WebSocketConstructor, WebSocketLike } from './websocket-like.js';
export type { FetchFunction } from './http-client.js';
export { parseServerMessage } from './server-message.js';
export { parseEventStream, type ServerSentEvent } from './event-stream-parser.js';
