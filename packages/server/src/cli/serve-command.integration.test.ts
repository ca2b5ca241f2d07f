import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { get } from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, describe, expect, it } from 'vitest';

const repositoryRoot = fileURLToPath(new URL('../../../../', import.meta.url));
const entry = fileURLToPath(new URL('./run.ts', import.meta.url));
const root = mkdtempSync(join(tmpdir(), 'text2x-serve-'));
const children: ChildProcess[] = [];

afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

interface Served {
  child: ChildProcess;
  url: string;
  output: () => string;
  exit: Promise<number | null>;
}

/** `text2x serve` as a child process (from source, through tsx) with its own data directory. */
async function serve(args: string[], config: Record<string, unknown> = {}): Promise<Served> {
  const home = mkdtempSync(join(root, 'home-'));
  const configFile = join(home, 'config.json');
  writeFileSync(configFile, JSON.stringify(config));
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (value !== undefined && !name.startsWith('TEXT2X_') && name !== 'REDIS_URL' && name !== 'PORT') {
      env[name] = value;
    }
  }
  Object.assign(env, { TEXT2X_HOME: home, TEXT2X_DEMO_SCALE: '0.05', TEXT2X_CONFIG: configFile });
  const child = spawn(process.execPath, ['--import', 'tsx', entry, 'serve', ...args], {
    cwd: repositoryRoot,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let text = '';
  child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (text += chunk.toString()));
  const exit = once(child, 'exit').then(([code]) => code as number | null);
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start:\n${text}`)), 120_000);
    const check = (): void => {
      const match = /listening on (http:\/\/\S+)/.exec(text);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout.on('data', check);
    void exit.then(() => {
      clearTimeout(timer);
      resolve('');
    });
  });
  return { child, url, output: () => text, exit };
}

/** A GET on a new connection (no keep-alive pool), so a refused connection shows. */
function freshGet(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = get(url, { agent: false }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    request.on('error', reject);
  });
}

interface ExecuteReply {
  execution?: { rows: unknown[][] };
  error?: { code: string };
}

async function execute(url: string, query: string): Promise<{ status: number; body: ExecuteReply }> {
  const response = await fetch(`${url}/api/v1/providers/demo/execute`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, timeout_ms: 120_000, max_rows: 10 }),
  });
  return { status: response.status, body: (await response.json()) as ExecuteReply };
}

const countTo = (n: number): string =>
  `WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < ${n}) SELECT count(*) AS n FROM c`;

// Each test starts a Node process that compiles the server with tsx: slow on a busy machine.
describe('text2x serve', { timeout: 180_000 }, () => {
  it('serves the API with the demo provider on the given port', async () => {
    const served = await serve(['--port', '0']);
    expect(served.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const response = await fetch(`${served.url}/api/v1/query`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ provider_id: 'demo', query: 'How many customers are there?' }),
    });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { type: string }).type).toBe('result');
    served.child.kill('SIGINT');
    expect(await served.exit).toBe(0);
    expect(served.output()).toContain('SIGINT: shutting down');
  });

  it('lets a run in progress finish on SIGTERM, refuses new connections meanwhile, then exits 0', async () => {
    const served = await serve(['--port', '0'], { shutdownGraceMs: 20_000 });
    expect((await execute(served.url, 'SELECT 1')).status).toBe(200); // the demo database is ready
    const running = execute(served.url, countTo(4_000_000));
    await new Promise((resolve) => setTimeout(resolve, 200));
    served.child.kill('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 100));
    await expect(freshGet(`${served.url}/health`)).rejects.toThrow(/ECONNREFUSED|ECONNRESET/);
    const finished = await running;
    expect(finished.status).toBe(200);
    expect(finished.body.execution?.rows).toEqual([[4_000_000]]);
    expect(await served.exit).toBe(0);
  });

  it('cancels a run still going at the shutdown deadline and exits 0', async () => {
    const served = await serve(['--port', '0'], { shutdownGraceMs: 300 });
    expect((await execute(served.url, 'SELECT 1')).status).toBe(200);
    const running = execute(served.url, countTo(1_000_000_000_000));
    await new Promise((resolve) => setTimeout(resolve, 200));
    const signalled = Date.now();
    served.child.kill('SIGTERM');
    const cancelled = await running;
    expect(cancelled.status).toBe(499);
    expect(cancelled.body.error?.code).toBe('CANCELLED');
    expect(await served.exit).toBe(0);
    expect(Date.now() - signalled).toBeLessThan(8_000);
  });

  it('refuses to start on a non-loopback address without an API key', async () => {
    const served = await serve(['--host', '0.0.0.0', '--port', '0']);
    expect(served.url).toBe('');
    expect(await served.exit).toBe(78);
    expect(served.output()).toContain('CONFIG_INVALID');
    expect(served.output()).toContain('text2x keys create --name NAME');
  });
});
