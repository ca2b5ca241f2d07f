import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import type { ProviderConfig } from './provider.js';
import { createProvider, PROVIDER_KINDS, PROVIDER_LOADERS } from './provider-registry.js';
import { createFixtureDatabase, createTempDir } from './sqlite/test-support/sqlite-fixture.js';

const run = promisify(execFile);
const here = dirname(fileURLToPath(import.meta.url));

describe('createProvider', () => {
  const temp = createTempDir();
  afterAll(() => temp.remove());

  it('opens a sqlite provider from its stored configuration', async () => {
    const path = createFixtureDatabase(join(temp.dir, 'fixture.sqlite'));
    const provider = await createProvider({ id: 'main', kind: 'sqlite', path });
    try {
      expect(provider).toMatchObject({ id: 'main', kind: 'sqlite', dialect: 'sqlite' });
      expect(
        (await provider.execute('SELECT count(*) FROM singer', { maxRows: 1, timeoutMs: 5_000 })).rows,
      ).toEqual([[6]]);
    } finally {
      await provider.close();
    }
  });

  it('rejects an unknown kind with INVALID_REQUEST', async () => {
    const config = { id: 'ora', kind: 'oracle', url: '' } as unknown as ProviderConfig;
    await expect(createProvider(config)).rejects.toMatchObject({
      code: 'INVALID_REQUEST',
      message: expect.stringMatching(/"oracle".*sqlite, postgres, mysql, duckdb/) as unknown,
    });
  });

  it('treats names inherited by every object as unknown kinds', async () => {
    const config = { id: 'odd', kind: 'toString' } as unknown as ProviderConfig;
    await expect(createProvider(config)).rejects.toMatchObject({ code: 'INVALID_REQUEST' });
  });

  it('has a loader for every kind it names', () => {
    expect(Object.keys(PROVIDER_LOADERS).sort()).toEqual([...PROVIDER_KINDS].sort());
  });

  /** Runs an ES module script in a fresh Node process that cannot import any server driver. */
  async function runRefusingDrivers(script: string): Promise<string> {
    writeRefusingResolver();
    const register = pathToFileURL(join(temp.dir, 'register.mjs')).href;
    const { stdout } = await run(
      process.execPath,
      ['--import', 'tsx', '--import', register, '--input-type=module', '-e', script],
      { cwd: here },
    );
    return stdout;
  }

  function writeRefusingResolver(): void {
    writeFileSync(
      join(temp.dir, 'refuse-drivers.mjs'),
      `const REFUSED = ['pg', 'mysql2', '@duckdb/node-api', 'libpg-query'];
export async function resolve(specifier, context, next) {
  if (REFUSED.some((name) => specifier === name || specifier.startsWith(name + '/')))
      throw new Error('refused import of ' + specifier);
  return next(specifier, context);
}`,
    );
    writeFileSync(
      join(temp.dir, 'register.mjs'),
      "import { register } from 'node:module';\nregister('./refuse-drivers.mjs', import.meta.url);\n",
    );
  }

  it('loads the drivers of a kind only when a provider of that kind is opened', async () => {
    // A fresh Node process whose module resolution refuses the other kinds' drivers: opening a
    // SQLite provider must not need them, and opening a PostgreSQL one must ask for one of its
    // drivers (pg or libpg-query: the module graph resolves them in no fixed order).
    const path = createFixtureDatabase(join(temp.dir, 'lazy.sqlite'));
    const script = `
      const { createProvider } = await import(${JSON.stringify(pathToFileURL(join(here, 'provider-registry.ts')).href)});
      const provider = await createProvider({ id: 'lazy', kind: 'sqlite', path: ${JSON.stringify(path)} });
      const result = await provider.execute('SELECT count(*) FROM singer', { maxRows: 1, timeoutMs: 5000 });
      await provider.close();
      const postgres = await createProvider({ id: 'pg', kind: 'postgres', url: 'postgres://nobody@127.0.0.1:9/none' })
        .then(() => 'opened', (error) => error.code + ': ' + error.message);
      process.stdout.write(JSON.stringify({ rows: result.rows, postgres }));`;
    const stdout = await runRefusingDrivers(script);
    const outcome = JSON.parse(stdout) as { rows: unknown[][]; postgres: string };
    expect(outcome.rows).toEqual([[6]]);
    expect(outcome.postgres).toMatch(
      /^PROVIDER_UNAVAILABLE: The postgres provider could not be loaded: .*refused import of (pg|libpg-query)\b/,
    );
  });

  it('starts the CLI, the app and the server and answers a demo question without any server driver', async () => {
    // The same refusing resolver, around the whole start-up path.
    const home = join(temp.dir, 'home');
    const src = join(here, '..');
    const url = (file: string): string => JSON.stringify(pathToFileURL(join(src, file)).href);
    const script = `
      await import(${url('cli/main.ts')});
      const { createApp } = await import(${url('app/index.ts')});
      const { createServer } = await import(${url('api/index.ts')});
      const { loadConfig } = await import(${url('config/index.ts')});
      const { runQuery } = await import(${url('pipeline/index.ts')});
      const config = loadConfig({ env: {}, overrides: { home: ${JSON.stringify(home)}, port: 0, demoScale: 0.02 } });
      const app = await createApp({ config });
      const server = await createServer({ config, app, logging: false });
      const base = await server.listen();
      const health = (await fetch(base + '/health')).status;
      let terminal = '';
      for await (const message of runQuery(app.deps, { provider_id: 'demo', query: 'How many customers are there per country?' })) terminal = message.type;
      await server.close({ graceMs: 0 });
      await app.close();
      process.stdout.write(JSON.stringify({ health, terminal }));`;
    const stdout = await runRefusingDrivers(script);
    expect(JSON.parse(stdout)).toEqual({ health: 200, terminal: 'result' });
  });

  it('passes PROVIDER_UNAVAILABLE through for a source that cannot be opened', async () => {
    await expect(
      createProvider({ id: 'gone', kind: 'sqlite', path: join(temp.dir, 'gone.sqlite') }),
    ).rejects.toMatchObject({ code: 'PROVIDER_UNAVAILABLE' });
  });
});
