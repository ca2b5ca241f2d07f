import { once } from 'node:events';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import {
  call,
  startTestServer,
  temporaryHome,
  type TestServer,
  type TestServerOptions,
} from '../test-support/test-server.js';
import { generateApiKey } from './api-key.js';

const { home: sharedHome, remove } = temporaryHome('text2x-auth-');
const homes: (() => void)[] = [remove];
const servers: TestServer[] = [];

afterEach(async () => {
  for (const server of servers.splice(0)) await server.close();
});
afterAll(() => {
  for (const removeHome of homes) removeHome();
});

/** A server on its own data directory (own key table), sharing the demo file's directory otherwise. */
async function serverWith(options: Partial<TestServerOptions> = {}) {
  let home = options.home;
  if (home === undefined) {
    const created = temporaryHome('text2x-auth-');
    homes.push(created.remove);
    home = created.home;
  }
  const started = await startTestServer({ ...options, home });
  servers.push(started);
  return started;
}

async function createKey(server: TestServer, name = 'test'): Promise<{ key: string; id: string }> {
  const generated = generateApiKey();
  const record = await server.app.store.createApiKey({
    name,
    hash: generated.hash,
    prefix: generated.prefix,
  });
  return { key: generated.key, id: record.id };
}

/** Opens a WebSocket; resolves with the HTTP status of a refused upgrade, or 101 when it opened. */
async function upgradeStatus(url: string, headers: Record<string, string> = {}): Promise<number> {
  const socket = new WebSocket(url, { headers });
  return new Promise<number>((resolve, reject) => {
    socket.once('open', () => {
      socket.close();
      resolve(101);
    });
    socket.once('unexpected-response', (_request, response) => {
      resolve(response.statusCode ?? 0);
      socket.terminate();
    });
    socket.once('error', (error) => reject(error));
  });
}

describe('auth on loopback without keys', () => {
  it('serves everyone while no key exists and TEXT2X_AUTH is auto', async () => {
    const server = await serverWith({ home: sharedHome });
    expect((await call(`${server.url}/api/v1/providers`)).status).toBe(200);
    expect(await upgradeStatus(`${server.url.replace('http', 'ws')}/ws/query`)).toBe(101);
  });

  it('still refuses a wrong key, so a client that meant to authenticate learns it', async () => {
    const server = await serverWith({ home: sharedHome });
    const response = await call(`${server.url}/api/v1/providers`, { key: 't2x_wrong' });
    expect(response.status).toBe(401);
    expect(response.body.error.code).toBe('UNAUTHORIZED');
  });
});

describe('auth once a key exists', () => {
  it('refuses a request without a key, with a wrong key or a malformed header, and accepts the key', async () => {
    const server = await serverWith();
    const { key } = await createKey(server);
    const path = `${server.url}/api/v1/providers`;

    const none = await call(path);
    expect(none.status).toBe(401);
    expect(none.body).toEqual({
      error: {
        code: 'UNAUTHORIZED',
        message: 'A valid API key is required: send `Authorization: Bearer KEY`.',
        retryable: false,
      },
    });
    expect((await call(path, { key: `${key}x` })).status).toBe(401);
    expect((await call(path, { key: generateApiKey().key })).status).toBe(401);
    expect((await call(path, { headers: { authorization: `Basic ${key}` } })).status).toBe(401);
    expect((await call(path, { headers: { authorization: 'Bearer' } })).status).toBe(401);
    expect((await call(path, { key })).status).toBe(200);
    expect((await call(path, { headers: { authorization: `bearer ${key}` } })).status).toBe(200);
  });

  it('accepts the key as ?api_key= for browsers, and refuses a wrong or empty one', async () => {
    const server = await serverWith();
    const { key } = await createKey(server);
    expect((await call(`${server.url}/api/v1/providers?api_key=${encodeURIComponent(key)}`)).status).toBe(
      200,
    );
    expect((await call(`${server.url}/api/v1/providers?api_key=t2x_nope`)).status).toBe(401);
    expect((await call(`${server.url}/api/v1/providers?api_key=`)).status).toBe(401);
  });

  it('refuses a revoked key from the next request on', async () => {
    const server = await serverWith();
    const { key, id } = await createKey(server);
    expect((await call(`${server.url}/api/v1/providers`, { key })).status).toBe(200);
    await server.app.store.revokeApiKey(id);
    const response = await call(`${server.url}/api/v1/providers`, { key });
    expect(response.status).toBe(401);
    expect(response.body.error.message).toBe('The API key is not valid or was revoked.');
    // With every key revoked the API stays locked rather than open.
    expect((await call(`${server.url}/api/v1/providers`)).status).toBe(401);
  });

  it('protects every API route and /metrics, and keeps /health, /ready and /docs open', async () => {
    const server = await serverWith();
    const { key } = await createKey(server);
    const guarded: [string, string, unknown?][] = [
      ['POST', '/api/v1/query', { provider_id: 'demo', query: 'How many customers are there?' }],
      ['GET', '/api/v1/conversations/c'],
      ['GET', '/api/v1/conversations/c/turns'],
      ['POST', '/api/v1/conversations/c/feedback', { rating: 'up' }],
      ['POST', '/api/v1/providers/demo/execute', { query: 'SELECT 1' }],
      ['GET', '/api/v1/providers'],
      ['POST', '/api/v1/providers', { id: 'x', kind: 'sqlite', path: '/nope.db' }],
      ['DELETE', '/api/v1/providers/demo'],
      ['GET', '/api/v1/providers/demo/schema'],
      ['POST', '/api/v1/providers/demo/schema/refresh', {}],
      ['POST', '/api/v1/query/stream', { provider_id: 'demo', query: 'q' }],
      ['GET', '/metrics'],
      ['GET', '/api/v1/no-such-route'],
    ];
    for (const [method, path, body] of guarded) {
      const response = await call(`${server.url}${path}`, {
        method,
        ...(body === undefined ? {} : { body }),
      });
      expect(response.status, `${method} ${path}`).toBe(401);
    }
    expect((await call(`${server.url}/api/v1/providers`)).status).toBe(401);
    expect(await server.app.store.getProvider('demo')).toBeDefined();
    for (const path of ['/health', '/ready', '/docs', '/docs/json']) {
      expect((await call(`${server.url}${path}`)).status, path).toBe(200);
    }
    expect((await call(`${server.url}/metrics`, { key })).status).toBe(200);
  });

  it('refuses an unauthenticated WebSocket upgrade with 401 before the upgrade', async () => {
    const server = await serverWith();
    const { key } = await createKey(server);
    const ws = `${server.url.replace('http', 'ws')}/ws/query`;
    expect(await upgradeStatus(ws)).toBe(401);
    expect(await upgradeStatus(ws, { authorization: 'Bearer t2x_wrong' })).toBe(401);
    expect(await upgradeStatus(ws, { authorization: `Bearer ${key}` })).toBe(101);
    expect(await upgradeStatus(`${ws}?api_key=${encodeURIComponent(key)}`)).toBe(101);
    expect(
      await upgradeStatus(`${server.url.replace('http', 'ws')}/ws/nowhere`, {
        authorization: `Bearer ${key}`,
      }),
    ).toBe(404);
  });

  it('answers a query over an authenticated WebSocket', async () => {
    const server = await serverWith();
    const { key } = await createKey(server);
    const socket = new WebSocket(`${server.url.replace('http', 'ws')}/ws/query`, {
      headers: { authorization: `Bearer ${key}` },
    });
    await once(socket, 'open');
    socket.send(JSON.stringify({ provider_id: 'demo', query: 'How many customers are there?' }));
    const types: string[] = [];
    await new Promise<void>((resolve) => {
      socket.on('message', (data: Buffer) => {
        const message = JSON.parse(data.toString()) as { type: string };
        types.push(message.type);
        if (message.type !== 'progress') resolve();
      });
    });
    socket.close();
    expect(types.at(-1)).toBe('result');
  }, 30_000);

  it('records when a key was last used', async () => {
    const server = await serverWith();
    const { key } = await createKey(server);
    await call(`${server.url}/api/v1/providers`, { key });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const [listed] = await server.app.store.listApiKeys();
    expect(listed?.lastUsedAt).toEqual(expect.any(String));
  });
});

describe('forced auth', () => {
  it('refuses to start on a non-loopback address without a key, with a clear message', async () => {
    const started = serverWith({ overrides: { host: '0.0.0.0' } });
    await expect(started).rejects.toMatchObject({
      code: 'CONFIG_INVALID',
      message: expect.stringMatching(/binds to 0\.0\.0\.0.*text2x keys create --name NAME/s),
    });
  });

  it('refuses to start with TEXT2X_AUTH=required and no valid key', async () => {
    await expect(serverWith({ overrides: { auth: 'required' } })).rejects.toMatchObject({
      code: 'CONFIG_INVALID',
    });
  });

  it('starts on a non-loopback address once a key exists, and requires it', async () => {
    const { home, remove: removeHome } = temporaryHome('text2x-auth-');
    homes.push(removeHome);
    const first = await startTestServer({ home, listen: false });
    await createKey(first);
    await first.close();
    const server = await serverWith({ home, overrides: { host: '0.0.0.0' } });
    const port = new URL(server.url).port;
    expect((await call(`http://127.0.0.1:${port}/api/v1/providers`)).status).toBe(401);
    expect((await call(`http://127.0.0.1:${port}/health`)).status).toBe(200);
  });
});
