import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp, type App } from '../../app/index.js';
import { loadConfig, type Text2xConfig, type Text2xConfigInput } from '../../config/index.js';
import type { QueryGenerator } from '../../generation/query-generator.js';
import { createServer, type CreateServerOptions, type Text2xServer } from '../create-server.js';

/** A temporary data directory (TEXT2X_HOME) for one test file; `remove` deletes it. */
export function temporaryHome(prefix = 'text2x-api-'): { home: string; remove: () => void } {
  const home = mkdtempSync(join(tmpdir(), prefix));
  return { home, remove: () => rmSync(home, { recursive: true, force: true }) };
}

export interface TestServerOptions {
  /** Data directory; the demo database (scale 0.05) is generated there on first use and reused. */
  home: string;
  /** Config on top of the test defaults (port 0, demo scale 0.05). */
  overrides?: Text2xConfigInput;
  /** The generator; default the offline engine. */
  generator?: QueryGenerator;
  limiter?: CreateServerOptions['limiter'];
  eventLog?: CreateServerOptions['eventLog'];
  logging?: CreateServerOptions['logging'];
  /** Skip `listen()` (tests of what listen refuses). */
  listen?: boolean;
}

export interface TestServer {
  url: string;
  server: Text2xServer;
  app: App;
  config: Text2xConfig;
  close(): Promise<void>;
}

/** A real server on 127.0.0.1 with an ephemeral port, its own app and store under `home`. */
export async function startTestServer(options: TestServerOptions): Promise<TestServer> {
  const config = loadConfig({
    env: { TEXT2X_HOME: options.home, TEXT2X_DEMO_SCALE: '0.05' },
    overrides: { port: 0, ...options.overrides },
  });
  const app = await createApp({ config, ...(options.generator ? { generator: options.generator } : {}) });
  const server = await createServer({
    app,
    config,
    logging: options.logging ?? false,
    ...(options.limiter ? { limiter: options.limiter } : {}),
    ...(options.eventLog ? { eventLog: options.eventLog } : {}),
  });
  let url = '';
  try {
    if (options.listen !== false) url = await server.listen();
  } catch (error) {
    await server.close({ graceMs: 0 });
    await app.close();
    throw error;
  }
  return {
    url,
    server,
    app,
    config,
    async close() {
      await server.close({ graceMs: 0 });
      await app.close();
    },
  };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- test helper: bodies are checked with expect()
type JsonBody = any;

/** `fetch` with a JSON body (when given) and an optional API key; returns the status, headers and parsed body. */
export async function call(
  url: string,
  init: {
    method?: string;
    body?: unknown;
    rawBody?: string;
    key?: string;
    headers?: Record<string, string>;
  } = {},
): Promise<{ status: number; headers: Headers; body: JsonBody; text: string }> {
  const headers: Record<string, string> = { ...init.headers };
  if (init.body !== undefined || init.rawBody !== undefined) headers['content-type'] ??= 'application/json';
  if (init.key !== undefined) headers.authorization = `Bearer ${init.key}`;
  const response = await fetch(url, {
    method: init.method ?? (init.body !== undefined || init.rawBody !== undefined ? 'POST' : 'GET'),
    headers,
    ...(init.rawBody !== undefined ? { body: init.rawBody } : {}),
    ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
  });
  const text = await response.text();
  let body: unknown;
  try {
    body = text === '' ? undefined : JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { status: response.status, headers: response.headers, body, text };
}
