import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { ensureDemoDatabase } from './ensure-demo-database.js';

describe('ensureDemoDatabase', () => {
  const roots: string[] = [];
  afterEach(() => {
    for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
  });
  function temporaryRoot(): string {
    const root = mkdtempSync(join(tmpdir(), 'text2x-ensure-'));
    roots.push(root);
    return root;
  }

  it('creates <dataDir>/demo.db on first use, creating the directory too', async () => {
    const dataDir = join(temporaryRoot(), 'home', '.text2x');
    const path = await ensureDemoDatabase(dataDir, { scale: 0.05 });
    expect(path).toBe(join(dataDir, 'demo.db'));
    const database = new Database(path, { readonly: true });
    try {
      expect(database.prepare('SELECT count(*) FROM orders').pluck().get()).toBe(500);
    } finally {
      database.close();
    }
  });

  it('returns an existing file as it is without regenerating it', async () => {
    const dataDir = temporaryRoot();
    const path = join(dataDir, 'demo.db');
    writeFileSync(path, 'already here');
    const before = statSync(path).mtimeMs;
    expect(await ensureDemoDatabase(dataDir)).toBe(path);
    expect(statSync(path).mtimeMs).toBe(before);
  });

  it('regenerates a file older than maxAgeDays so relative dates keep finding data', async () => {
    const dataDir = temporaryRoot();
    const path = join(dataDir, 'demo.db');
    writeFileSync(path, 'stale');
    const tenDaysAgo = new Date(Date.now() - 10 * 86_400_000);
    utimesSync(path, tenDaysAgo, tenDaysAgo);
    expect(await ensureDemoDatabase(dataDir, { scale: 0.05 })).toBe(path);
    const database = new Database(path, { readonly: true });
    try {
      expect(database.prepare('SELECT count(*) FROM orders').pluck().get()).toBe(500);
    } finally {
      database.close();
    }
  });

  it('shares one generation between concurrent callers and leaves no temporary file', async () => {
    const dataDir = temporaryRoot();
    const calls = [
      ensureDemoDatabase(dataDir, { scale: 0.05 }),
      ensureDemoDatabase(dataDir, { scale: 0.05 }),
    ];
    expect(calls[0]).toBe(calls[1]);
    const [first, second] = await Promise.all(calls);
    expect(first).toBe(second);
    expect(existsSync(join(dataDir, 'demo.db'))).toBe(true);
    expect(readdirSync(dataDir)).toEqual(['demo.db']);
  });

  it('generates again after a failed attempt', async () => {
    const dataDir = temporaryRoot();
    await expect(ensureDemoDatabase(dataDir, { scale: -1 })).rejects.toMatchObject({
      code: 'INVALID_REQUEST',
    });
    expect(await ensureDemoDatabase(dataDir, { scale: 0.05 })).toBe(join(dataDir, 'demo.db'));
  });
});
