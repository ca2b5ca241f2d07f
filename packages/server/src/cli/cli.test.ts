import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildProgram } from './main.js';

const home = mkdtempSync(join(tmpdir(), 'text2x-cli-'));
const shop = join(home, 'shop.db');
const evalDir =
  process.env.TEXT2X_EVAL_DIR ?? fileURLToPath(new URL('../../../../../shared/eval', import.meta.url));

beforeAll(() => {
  process.env.TEXT2X_HOME = join(home, 'data');
  process.env.TEXT2X_DEMO_SCALE = '0.1';
  const db = new Database(shop);
  db.exec(`CREATE TABLE books (id INTEGER PRIMARY KEY, title TEXT, year INTEGER);
           INSERT INTO books VALUES (1, 'Dune', 1965), (2, 'Emma', 1815);`);
  db.close();
  writeFileSync(join(home, 'corrupt.db'), 'definitely not sqlite'.repeat(50));
});

afterAll(() => rmSync(home, { recursive: true, force: true }));

async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  let code = 0;
  const program = buildProgram(
    { out: (text) => out.push(text), err: (text) => err.push(text), interactive: false },
    (value) => {
      code = value;
    },
  );
  program.exitOverride();
  program.configureOutput({ writeOut: (text) => out.push(text), writeErr: (text) => err.push(text) });
  try {
    await program.parseAsync(['node', 'text2x', ...args]);
  } catch (error) {
    code = (error as { exitCode?: number }).exitCode ?? 1;
  }
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('text2x CLI', () => {
  it('asks the demo database and prints live stages, the query and the answer', async () => {
    const { code, out, err } = await cli('ask', 'How many customers are there?');
    expect(code).toBe(0);
    expect(err).toContain('started');
    expect(err).toContain('execution_complete');
    expect(out).toMatch(/SELECT COUNT\(\*\)\s+FROM customers/i);
    const db = new Database(join(home, 'data', 'demo.db'), { readonly: true });
    const expected = db.prepare('SELECT count(*) FROM customers').pluck().get() as number;
    db.close();
    expect(out).toContain(String(expected));
  });

  it('prints only the terminal message with --json, and no rows with --no-execute', async () => {
    const { code, out } = await cli('ask', 'How many customers are there?', '--json', '--no-execute');
    expect(code).toBe(0);
    const message = JSON.parse(out) as { type: string; data: Record<string, unknown> };
    expect(message.type).toBe('result');
    expect(message.data.execution_result).toBeUndefined();
    expect(message.data.validation_status).toBe('passed');
  });

  it('continues a conversation with --conversation', async () => {
    const first = JSON.parse((await cli('ask', 'How many customers are there?', '--json')).out) as {
      conversation_id: string;
    };
    const second = JSON.parse(
      (await cli('ask', 'How many orders are there?', '--json', '--conversation', first.conversation_id)).out,
    ) as { conversation_id: string };
    expect(second.conversation_id).toBe(first.conversation_id);
  });

  it('adds, lists, tests, shows and removes a SQLite provider', async () => {
    expect((await cli('providers', 'add', 'books', '--sqlite', shop)).out).toContain(
      'added books (1 tables)',
    );
    expect((await cli('providers', 'list')).out).toMatch(/books\s+sqlite/);
    expect((await cli('providers', 'test', 'books')).code).toBe(0);
    expect((await cli('schema', 'books')).out).toMatch(/table books \(2 rows\)[\s\S]*title/);
    expect((await cli('providers', 'add', 'books', '--sqlite', shop)).code).toBe(3);
    expect((await cli('providers', 'remove', 'books')).out).toContain('removed books');
    expect((await cli('providers', 'remove', 'books')).code).toBe(3);
  });

  it('refuses a missing or corrupt database file and registers nothing', async () => {
    const missing = await cli('providers', 'add', 'ghost', '--sqlite', join(home, 'nope.db'));
    expect(missing.code).toBe(4);
    expect(missing.err).toContain('PROVIDER_UNAVAILABLE');
    expect(existsSync(join(home, 'nope.db'))).toBe(false);
    const corrupt = await cli('providers', 'add', 'broken', '--sqlite', join(home, 'corrupt.db'));
    expect(corrupt.code).toBe(4);
    expect((await cli('providers', 'list', '--json')).out).not.toContain('broken');
  });

  it('runs a written query through the same policy and rejects writes with a reason', async () => {
    await cli('providers', 'add', 'books2', '--sqlite', shop);
    const before = createHash('sha256').update(readFileSync(shop)).digest('hex');
    const ok = await cli('sql', 'books2', 'SELECT title FROM books ORDER BY year');
    expect(ok.code).toBe(0);
    expect(ok.out).toMatch(/Emma[\s\S]*Dune/);
    const write = await cli('sql', 'books2', 'DELETE FROM books');
    expect(write.code).toBe(5);
    expect(write.err).toContain('QUERY_REJECTED');
    const unknown = await cli('sql', 'books2', 'SELECT titel FROM books', '--json');
    expect(unknown.code).toBe(5);
    expect(JSON.parse(unknown.out)).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
    expect(unknown.out).toContain('title');
    expect(createHash('sha256').update(readFileSync(shop)).digest('hex')).toBe(before);
  });

  it('reports an unknown provider and invalid arguments with exit codes', async () => {
    const unknown = await cli('ask', 'How many?', '--provider', 'nobody');
    expect(unknown.code).toBe(3);
    expect(unknown.err).toContain('UNKNOWN_PROVIDER');
    expect((await cli('ask', 'q', '--max-rows', '0')).code).not.toBe(0);
    expect((await cli('ask', '   ')).code).toBe(2);
  });

  it.skipIf(!existsSync(join(evalDir, 'spider-public')))(
    'scores a Spider folder and ends with the JSON summary line (skipped without ../shared/eval)',
    async () => {
      const { code, out } = await cli(
        'eval',
        'spider',
        join(evalDir, 'spider-public'),
        '--limit',
        '5',
        '--json',
      );
      expect(code).toBe(0);
      const summary = JSON.parse(out.trim().split('\n').at(-1)!) as Record<string, unknown>;
      expect(Object.keys(summary).slice(0, 7)).toEqual([
        'total',
        'correct',
        'ex',
        'by_hardness',
        'declined',
        'errors',
        'seconds',
      ]);
      expect(summary.total).toBe(5);
    },
  );
});

const bin = fileURLToPath(new URL('../../bin/text2x.js', import.meta.url));
const built = existsSync(fileURLToPath(new URL('../../dist/cli/run.js', import.meta.url)));
if (!built)
  process.stderr.write('cli.test: the compiled binary test is skipped: run `npm run build` first\n');

describe.skipIf(!built)('the compiled text2x binary', () => {
  it('answers on the embedded defaults with plain progress lines when not on a terminal', async () => {
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      [bin, 'ask', 'How many orders are there?'],
      {
        env: { ...process.env, TEXT2X_HOME: join(home, 'bin-data'), TEXT2X_DEMO_SCALE: '0.1' },
      },
    );
    expect(stderr).toMatch(/\[\s*2%\] started/);
    expect(stdout).toMatch(/FROM orders/);
    expect(stdout).toMatch(/\(1 row,/);
  });
});

describe('text2x demo', () => {
  it('generates the demo database at a chosen scale and path', async () => {
    const out = join(home, 'small-demo.db');
    const { code, out: text } = await cli('demo', '--scale', '0.05', '--out', out);
    expect(code).toBe(0);
    expect(text).toMatch(/generated .*small-demo\.db: \d+ rows/);
    const db = new Database(out, { readonly: true });
    expect(db.prepare('SELECT count(*) FROM orders').pluck().get()).toBe(500);
    db.close();
    expect((await cli('demo', '--scale', '0')).code).not.toBe(0);
  });
});
