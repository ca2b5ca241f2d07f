/**
 * The part of the WebSocket API the SDK uses. Both the browser's `WebSocket` and the `ws`
 * package's class fit it, so the SDK works in browsers and in Node 20 without a DOM library.
 */
export interface WebSocketLike {
  /** 0 connecting, 1 open, 2 closing, 3 closed. */
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: { code: number; reason: string }) => void) | null;
  onerror: ((event: unknown) => void) | null;
}

/**
 * A WebSocket class: the browser's global `WebSocket` or `ws`'s default export. The third
 * argument is understood by `ws` only (headers on the upgrade request); browsers ignore it.
 */
export type WebSocketConstructor = new (
  url: string,
  protocols?: string | string[],
  options?: { headers?: Record<string, string> },
) => unknown;

export const WEBSOCKET_OPEN = 1;

/**
 * Whether a WebSocket class can send headers on the upgrade (the `ws` package can; browsers
 * cannot, so the API key then travels as `?api_key=`).
 */
export function canSendHeaders(constructor: WebSocketConstructor): boolean {
  const prototype = (constructor as { prototype?: { ping?: unknown } }).prototype;
  return typeof prototype?.ping === 'function';
}

/**
 * The WebSocket class to use: the injected one, else the global one (browsers, Node 22), else the
 * `ws` package loaded on first use. The module name sits in a variable so that browser bundlers
 * do not pull `ws` in.
 */
export async function resolveWebSocket(injected?: WebSocketConstructor): Promise<WebSocketConstructor> {
  if (injected) return injected;
  const global = (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
  if (global) return global;
  const moduleName = 'ws';
  const loaded = (await import(/* @vite-ignore */ moduleName)) as { default: WebSocketConstructor };
  return loaded.default;
}

/** Text of a message event's data: `ws` may hand over a Buffer, browsers a string. */
export function frameText(data: unknown): string | undefined {
  if (typeof data === 'string') return data;
  if (data instanceof ArrayBuffer) return new TextDecoder().decode(new Uint8Array(data));
  if (ArrayBuffer.isView(data)) {
    return new TextDecoder().decode(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
  }
  if (Array.isArray(data)) {
    return data.map((part) => frameText(part) ?? '').join('');
  }
  return undefined;
}
