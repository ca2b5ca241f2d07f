// Browser tests in headless Chromium (Debian's chromium through playwright-core) against the real
// server with the demo provider:
// - the seed client from issue 3, run unchanged, receives progress messages and then a result;
// - the SDK, bundled for browsers, streams over the global WebSocket and over SSE and calls REST.
// The pages come from a tiny node:http server on another port, so the WebSocket and fetch calls are
// cross-origin, as from a page served by any other app (the server allows that origin by CORS).
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/index.js';
import { createServer, type Text2xServer } from '../index.js';

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const root = fileURLToPath(new URL('../../../../../', import.meta.url));

function chromiumAvailable(): boolean {
  if (existsSync(CHROMIUM)) return true;
  const reason = `${CHROMIUM} is missing (apt-get install -y chromium)`;
  if (process.env.TEXT2X_REQUIRE_SERVICES === '1') {
    throw new Error(`Chromium is required (TEXT2X_REQUIRE_SERVICES=1) but ${reason}`);
  }
  process.stderr.write(
    `skipping the browser tests: ${reason} (set TEXT2X_REQUIRE_SERVICES=1 to fail instead)\n`,
  );
  return false;
}

/** What the seed page's UI hooks recorded. */
interface PageEvent {
  kind: 'progress' | 'clarification' | 'result' | 'error';
  stage?: string;
  progress?: number;
  question?: string;
  message?: string;
  data?: Record<string, unknown>;
}

/** What the SDK page collected. */
interface SdkOutcome {
  websocket: { type: string; seq: number; stage?: string }[];
  sse: { type: string; seq: number; stage?: string }[];
  rest: string | null;
  error: string | null;
}

/** The SDK as one ES module for browsers; `ws` must stay out of it. */
async function bundleSdk(): Promise<string> {
  const result = await build({
    entryPoints: [join(root, 'packages/sdk/src/index.ts')],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
    tsconfig: join(root, 'tsconfig.json'),
  });
  return result.outputFiles[0]!.text;
}

describe.skipIf(!chromiumAvailable())('headless Chromium against the real server', () => {
  let home = '';
  let profile = '';
  let server: Text2xServer | undefined;
  let serverPort = 0;
  let pages: Server | undefined;
  let browser: BrowserContext | undefined;
  let sdkBundle = '';
  const consoleErrors: string[] = [];

  function html(file: string): string {
    return readFileSync(new URL(file, import.meta.url), 'utf8').replace('__PORT__', String(serverPort));
  }

  async function open(path: string): Promise<Page> {
    consoleErrors.length = 0;
    const page = await browser!.newPage();
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(`${path}: ${message.text()}`);
    });
    page.on('pageerror', (error) => consoleErrors.push(`${path}: ${error.message}`));
    const pagePort = (pages!.address() as AddressInfo).port;
    await page.goto(`http://127.0.0.1:${pagePort}${path}`);
    return page;
  }

  beforeAll(async () => {
    home = mkdtempSync(join(tmpdir(), 'text2x-browser-'));
    profile = mkdtempSync(join(tmpdir(), 'text2x-chromium-'));
    sdkBundle = await bundleSdk();
    pages = createHttpServer((request, response) => {
      const routes: Record<string, [string, () => string]> = {
        '/': ['text/html', () => html('./seed-client.html')],
        '/sdk': ['text/html', () => html('./sdk-page.html')],
        '/sdk.js': ['text/javascript', () => sdkBundle],
      };
      if (request.url === '/favicon.ico') {
        response.writeHead(204);
        response.end();
        return;
      }
      const route = routes[request.url ?? '/'];
      response.writeHead(route ? 200 : 404, {
        'content-type': `${route?.[0] ?? 'text/plain'}; charset=utf-8`,
      });
      response.end(route ? route[1]() : 'not found');
    });
    await new Promise<void>((resolve) => pages!.listen(0, '127.0.0.1', resolve));
    const pageOrigin = `http://127.0.0.1:${(pages.address() as AddressInfo).port}`;

    const config = loadConfig({
      env: {},
      overrides: { home, host: '127.0.0.1', port: 0, demoScale: 0.02, corsOrigins: [pageOrigin] },
    });
    server = await createServer({ config, logging: false });
    serverPort = Number(new URL(await server.listen()).port);

    browser = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
    });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise<void>((resolve) => (pages ? pages.close(() => resolve()) : resolve()));
    await server?.close({ graceMs: 0 });
    if (profile) rmSync(profile, { recursive: true, force: true });
    if (home) rmSync(home, { recursive: true, force: true });
  });

  it('runs the seed client unchanged: progress messages, then a result', async () => {
    const page = await open('/');
    await page.waitForFunction(
      () =>
        (globalThis as unknown as { __events: PageEvent[] }).__events.some(
          (event) => event.kind !== 'progress',
        ),
      undefined,
      { timeout: 60_000 },
    );
    const events = await page.evaluate(() => (globalThis as unknown as { __events: PageEvent[] }).__events);
    await page.close();

    const progress = events.filter((event) => event.kind === 'progress');
    const last = events.at(-1)!;
    expect(last.kind, JSON.stringify(last)).toBe('result');
    expect(events.filter((event) => event.kind !== 'progress')).toHaveLength(1);
    expect(progress.length).toBeGreaterThanOrEqual(5);
    expect(progress[0]?.stage).toBe('started');
    expect(progress.map((event) => event.stage)).toEqual(
      expect.arrayContaining([
        'schema_retrieval',
        'context_gathered',
        'query_generated',
        'validation_complete',
      ]),
    );
    const values = progress.map((event) => event.progress!);
    expect(values.every((value, index) => index === 0 || value >= values[index - 1]!)).toBe(true);
    expect(values.every((value) => value >= 0 && value < 1)).toBe(true);
    expect(last.data).toMatchObject({
      provider_id: 'demo',
      validation_status: 'passed',
      needs_clarification: false,
    });
    expect(last.data?.execution_result).toMatchObject({ success: true });
    expect(consoleErrors).toEqual([]);
  });

  it('runs the SDK bundled for browsers over the WebSocket, SSE and REST', async () => {
    expect(sdkBundle).not.toMatch(/permessage-deflate|WebSocketServer/);
    const page = await open('/sdk');
    const outcome = await page.evaluate(
      () => (globalThis as unknown as { __sdk: Promise<SdkOutcome> }).__sdk,
      undefined,
    );
    await page.close();

    expect(outcome.error).toBeNull();
    for (const messages of [outcome.websocket, outcome.sse]) {
      expect(messages.map((message) => message.seq)).toEqual(messages.map((_, index) => index + 1));
      expect(messages[0]?.stage).toBe('started');
      expect(messages.at(-1)?.type).toBe('result');
    }
    expect(outcome.rest).toBe('result');
    expect(consoleErrors).toEqual([]);
  });
});
