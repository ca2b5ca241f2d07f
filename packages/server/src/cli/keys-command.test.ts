import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildProgram } from './main.js';

const home = mkdtempSync(join(tmpdir(), 'text2x-keys-'));

beforeAll(() => {
  process.env.TEXT2X_HOME = join(home, 'data');
  process.env.TEXT2X_DEMO_SCALE = '0.05';
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

function storedRows(): {
  id: string;
  name: string;
  hash: string;
  prefix: string;
  revoked_at: string | null;
}[] {
  const db = new Database(join(home, 'data', 'text2x.db'), { readonly: true });
  try {
    return db
      .prepare('SELECT id, name, hash, prefix, revoked_at FROM api_keys ORDER BY created_at')
      .all() as never;
  } finally {
    db.close();
  }
}

describe('text2x keys', () => {
  let key: string;

  it('creates a key, prints it once on stdout and stores only its hash', async () => {
    const created = await cli('keys', 'create', '--name', 'ci');
    expect(created.code).toBe(0);
    expect(created.out).toMatch(/^t2x_[A-Za-z0-9_-]{43}$/);
    key = created.out;
    expect(created.err).toContain('shown only this once');
    expect(created.err).not.toContain(key);
    const [row] = storedRows();
    expect(row).toMatchObject({ name: 'ci', prefix: key.slice(0, 12), revoked_at: null });
    expect(row?.hash).toBe(createHash('sha256').update(key).digest('hex'));
    const file = readFileSync(join(home, 'data', 'text2x.db'));
    expect(file.includes(Buffer.from(key))).toBe(false);
    expect(file.includes(Buffer.from(key.slice(12)))).toBe(false);
  });

  it('lists keys with prefix and name, never the key or its hash', async () => {
    await cli('keys', 'create', '--name', 'web ui');
    const listed = await cli('keys', 'list');
    expect(listed.code).toBe(0);
    expect(listed.out).toContain(`${key.slice(0, 12)}…`);
    expect(listed.out).toMatch(/ci\s/);
    expect(listed.out).toContain('web ui');
    expect(listed.out).toContain('never used');
    expect(listed.out).not.toContain(key);
    for (const row of storedRows()) expect(listed.out).not.toContain(row.hash);
    const json = JSON.parse((await cli('keys', 'list', '--json')).out) as Record<string, unknown>[];
    expect(json).toHaveLength(2);
    expect(Object.keys(json[0]!).sort()).toEqual([
      'created_at',
      'id',
      'last_used_at',
      'name',
      'prefix',
      'revoked_at',
    ]);
  });

  it('revokes a key by its prefix or its id', async () => {
    const byPrefix = await cli('keys', 'revoke', key.slice(0, 12));
    expect(byPrefix.code).toBe(0);
    expect(byPrefix.out).toContain('revoked');
    expect(storedRows()[0]?.revoked_at).toEqual(expect.any(String));
    const second = storedRows()[1]!;
    expect((await cli('keys', 'revoke', second.id)).code).toBe(0);
    expect((await cli('keys', 'list')).out.match(/revoked/g)).toHaveLength(2);
  });

  it('reports an unknown key, a too short prefix and an invalid name with exit codes', async () => {
    const unknown = await cli('keys', 'revoke', 't2x_zzzzzzzz');
    expect(unknown.code).toBe(3);
    expect(unknown.err).toContain('NOT_FOUND');
    expect((await cli('keys', 'revoke', 't2x')).code).toBe(3);
    const badName = await cli('keys', 'create', '--name', '   ');
    expect(badName.code).toBe(2);
    expect((await cli('keys', 'create')).code).not.toBe(0);
  });

  it('prints the new key as JSON with --json', async () => {
    const created = await cli('keys', 'create', '--name', 'bot', '--json');
    expect(JSON.parse(created.out)).toEqual({
      id: expect.any(String),
      name: 'bot',
      prefix: expect.stringMatching(/^t2x_.{8}$/),
      key: expect.stringMatching(/^t2x_/),
    });
  });
});
