import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { createFixtureDatabase, createTempDir } from './test-support/sqlite-fixture.js';

/**
 * These run a script in a fresh Node process, because the test runner itself keeps the event loop
 * alive and so would hide a `close()` that never settles or an idle child that pins the process.
 */
describe('SQLite provider lifetime in a real process', () => {
  const temp = createTempDir();
  const database = createFixtureDatabase(join(temp.dir, 'fixture.sqlite'));
  const providerModule = pathToFileURL(fileURLToPath(new URL('./sqlite-provider.ts', import.meta.url))).href;
  afterAll(() => temp.remove());

  const runScript = (body: string): { status: number | null; stdout: string; stderr: string } => {
    const script = join(temp.dir, `script-${Math.random().toString(36).slice(2)}.mts`);
    writeFileSync(
      script,
      `import { SqliteProvider } from ${JSON.stringify(providerModule)};\n` +
        `const provider = await SqliteProvider.open({ id: 'p', path: ${JSON.stringify(database)} });\n${body}\n`,
    );
    const result = spawnSync(process.execPath, ['--import', 'tsx', script], {
      encoding: 'utf8',
      timeout: 30_000,
    });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  };

  it('settles close() and lets the process exit', () => {
    const result = runScript(
      `const rows = await provider.execute('SELECT count(*) FROM singer', { maxRows: 1, timeoutMs: 5000 });\n` +
        `console.log(JSON.stringify(rows.rows));\nawait provider.close();\nconsole.log('closed');`,
    );
    expect(result.stderr).toBe('');
    expect(result.stdout.trim().split('\n')).toEqual(['[[6]]', 'closed']);
    expect(result.status).toBe(0);
  });

  it('does not keep the process alive with an idle query process when close() is forgotten', () => {
    const result = runScript(
      `await provider.execute('SELECT 1', { maxRows: 1, timeoutMs: 5000 });\nconsole.log('done');`,
    );
    expect(result.stdout.trim()).toBe('done');
    expect(result.status).toBe(0);
  });
});
