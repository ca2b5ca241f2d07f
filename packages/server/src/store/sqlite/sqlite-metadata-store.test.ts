import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { openMetadataStore } from '../index.js';
import { describeMetadataStoreContract } from '../metadata-store-contract.js';
import type { NewTurn } from '../metadata-store.js';
import { migrateSqliteMetadataStore } from './sqlite-migrations.js';
import { SqliteMetadataStore } from './sqlite-metadata-store.js';

/** A finished turn with nothing but its question. */
function turnFor(conversationId: string, question: string): NewTurn {
  return {
    conversationId,
    question,
    status: 'result',
    query: null,
    confidence: null,
    validationStatus: null,
    clarification: null,
    execution: null,
    errorCode: null,
    timings: {},
    generator: null,
  };
}

function temporaryDirectory(): string {
  return mkdtempSync(join(tmpdir(), 'text2x-store-'));
}

describeMetadataStoreContract('sqlite (data directory)', () => {
  const root = temporaryDirectory();
  // A directory that does not exist yet: opening must create it.
  const dataDir = join(root, 'nested', 'data');
  return Promise.resolve({
    open: () => SqliteMetadataStore.open({ dataDir }),
    persistent: true,
    dispose: () => Promise.resolve(rmSync(root, { recursive: true, force: true })),
  });
});

describeMetadataStoreContract('sqlite (memory)', () =>
  Promise.resolve({ open: () => SqliteMetadataStore.open({ memory: true }), persistent: false }),
);

describe('SqliteMetadataStore', () => {
  const roots: string[] = [];
  afterEach(() => {
    for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
  });
  function dataDirectory(): string {
    const root = temporaryDirectory();
    roots.push(root);
    return root;
  }

  it('keeps its data in <dataDir>/text2x.db in WAL mode', async () => {
    const dataDir = dataDirectory();
    const store = await SqliteMetadataStore.open({ dataDir });
    expect(store.path).toBe(join(dataDir, 'text2x.db'));
    await store.addProvider({ id: 'demo', kind: 'sqlite', path: '/demo.db' });
    await store.close();

    const raw = new Database(join(dataDir, 'text2x.db'), { readonly: true });
    try {
      expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(raw.prepare('SELECT id, kind, config, description FROM providers').all()).toEqual([
        { id: 'demo', kind: 'sqlite', config: '{"path":"/demo.db"}', description: null },
      ]);
    } finally {
      raw.close();
    }
  });

  it('runs no migration when the database is already current', async () => {
    const dataDir = dataDirectory();
    await (await SqliteMetadataStore.open({ dataDir })).close();
    await (await SqliteMetadataStore.open({ dataDir })).close();

    const database = new Database(join(dataDir, 'text2x.db'));
    const db = new Kysely<unknown>({ dialect: new SqliteDialect({ database }) });
    try {
      const applied = database.prepare('SELECT name FROM kysely_migration').all();
      expect(applied).toEqual([
        { name: '0001_providers_conversations_turns' },
        { name: '0002_api_keys_feedback' },
      ]);
      expect(await migrateSqliteMetadataStore(db)).toEqual([]);
      expect(database.prepare('SELECT count(*) AS n FROM kysely_migration').get()).toEqual({ n: 2 });
    } finally {
      await db.destroy();
    }
  });

  it('creates the tables and the unique turn index on a fresh database', async () => {
    const database = new Database(':memory:');
    const db = new Kysely<unknown>({ dialect: new SqliteDialect({ database }) });
    try {
      expect(await migrateSqliteMetadataStore(db)).toEqual([
        '0001_providers_conversations_turns',
        '0002_api_keys_feedback',
      ]);
      const tables = database
        .prepare(
          "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'kysely%' ORDER BY name",
        )
        .all();
      expect(tables).toEqual([
        { name: 'api_keys' },
        { name: 'conversations' },
        { name: 'feedback' },
        { name: 'providers' },
        { name: 'turns' },
      ]);
      const index = database
        .prepare("SELECT sql FROM sqlite_master WHERE name = 'turns_conversation_id_turn_index'")
        .get() as { sql: string } | undefined;
      expect(index?.sql).toMatch(/^create unique index/i);
    } finally {
      await db.destroy();
    }
  });

  it('opens through openMetadataStore with either option', async () => {
    const inMemory = await openMetadataStore({ memory: true });
    const onDisk = await openMetadataStore({ dataDir: dataDirectory() });
    try {
      expect(inMemory).toBeInstanceOf(SqliteMetadataStore);
      expect(onDisk).toBeInstanceOf(SqliteMetadataStore);
    } finally {
      await inMemory.close();
      await onDisk.close();
    }
  });

  it('keeps two in-memory stores apart', async () => {
    const first = await openMetadataStore({ memory: true });
    const second = await openMetadataStore({ memory: true });
    try {
      await first.addProvider({ id: 'a', kind: 'sqlite', path: '/a.db' });
      expect(await second.listProviders()).toEqual([]);
    } finally {
      await first.close();
      await second.close();
    }
  });

  it('rejects a negative or fractional turn limit with INVALID_REQUEST', async () => {
    const store = await openMetadataStore({ memory: true });
    try {
      await expect(store.listTurns('c', -1)).rejects.toMatchObject({ code: 'INVALID_REQUEST' });
      await expect(store.listTurns('c', 1.5)).rejects.toMatchObject({ code: 'INVALID_REQUEST' });
    } finally {
      await store.close();
    }
  });

  it('brings a database created before the keys and feedback migration up to date, keeping its data', async () => {
    const dataDir = dataDirectory();
    const path = join(dataDir, 'text2x.db');
    const database = new Database(path);
    const db = new Kysely<unknown>({ dialect: new SqliteDialect({ database }) });
    // Only the first migration, as an older release left it.
    const { Migrator } = await import('kysely');
    const first = await new Migrator({
      db,
      provider: {
        getMigrations: async () => {
          const { SQLITE_MIGRATIONS } = await import('./sqlite-migrations.js');
          return {
            '0001_providers_conversations_turns': SQLITE_MIGRATIONS['0001_providers_conversations_turns']!,
          };
        },
      },
    }).migrateToLatest();
    expect(first.error).toBeUndefined();
    database
      .prepare("INSERT INTO providers VALUES ('old', 'sqlite', '{\"path\":\"/old.db\"}', NULL, 'x')")
      .run();
    await db.destroy();

    const store = await SqliteMetadataStore.open({ dataDir });
    try {
      expect(await store.getProvider('old')).toEqual({ id: 'old', kind: 'sqlite', path: '/old.db' });
      expect(await store.countApiKeys()).toEqual({ total: 0, active: 0 });
    } finally {
      await store.close();
    }
  });

  it('deletes the feedback of a turn with it (ON DELETE CASCADE is enforced)', async () => {
    const dataDir = dataDirectory();
    const store = await SqliteMetadataStore.open({ dataDir });
    const conversation = await store.createConversation({ providerId: 'p' });
    const turn = await store.addTurn(turnFor(conversation.id, 'q'));
    await store.addFeedback({ turnId: turn.id, rating: 'down' });
    await store.close();
    const database = new Database(join(dataDir, 'text2x.db'));
    try {
      database.pragma('foreign_keys = ON');
      database.prepare('DELETE FROM conversations').run();
      expect(database.prepare('SELECT count(*) AS n FROM feedback').get()).toEqual({ n: 0 });
      expect(() =>
        database.prepare("INSERT INTO feedback VALUES ('f', 'no-turn', 'up', NULL, NULL, 'x')").run(),
      ).toThrow(/FOREIGN KEY/);
    } finally {
      database.close();
    }
  });

  it('deletes the turns of a conversation with it (ON DELETE CASCADE is enforced)', async () => {
    const dataDir = dataDirectory();
    const store = await SqliteMetadataStore.open({ dataDir });
    const conversation = await store.createConversation({ providerId: 'p' });
    await store.addTurn(turnFor(conversation.id, 'q'));
    await store.close();
    const database = new Database(join(dataDir, 'text2x.db'));
    try {
      database.pragma('foreign_keys = ON');
      database.prepare('DELETE FROM conversations').run();
      expect(database.prepare('SELECT count(*) AS n FROM turns').get()).toEqual({ n: 0 });
    } finally {
      database.close();
    }
  });

  describe('group commit of conversations and turns', () => {
    it('commits writes made together in one go, and a failing write fails alone', async () => {
      const dataDir = dataDirectory();
      const store = await SqliteMetadataStore.open({ dataDir });
      await store.createConversation({ id: 'taken', providerId: 'p' });
      const results = await Promise.allSettled([
        store.createConversation({ id: 'a', providerId: 'p' }),
        store.createConversation({ id: 'taken', providerId: 'p' }),
        store.createConversation({ id: 'b', providerId: 'p' }),
        store.addTurn(turnFor('missing', 'q')),
      ]);
      expect(results.map((result) => result.status)).toEqual([
        'fulfilled',
        'rejected',
        'fulfilled',
        'rejected',
      ]);
      expect((results[1] as PromiseRejectedResult).reason).toMatchObject({ code: 'INVALID_REQUEST' });
      expect((results[3] as PromiseRejectedResult).reason).toMatchObject({ code: 'CONVERSATION_NOT_FOUND' });
      await store.close();
      const database = new Database(join(dataDir, 'text2x.db'), { readonly: true });
      try {
        expect(database.prepare('SELECT id FROM conversations ORDER BY id').pluck().all()).toEqual([
          'a',
          'b',
          'taken',
        ]);
        expect(database.prepare('SELECT count(*) FROM turns').pluck().get()).toBe(0);
      } finally {
        database.close();
      }
    });

    it('numbers turns written together without gaps or repeats, and reads see queued writes', async () => {
      const store = await SqliteMetadataStore.open({ memory: true });
      const conversation = await store.createConversation({ providerId: 'p' });
      const writes = Array.from({ length: 20 }, (_, index) =>
        store.addTurn(turnFor(conversation.id, `q${index}`)),
      );
      // Read before the queued writes have been committed by the scheduled flush.
      const seen = await store.listTurns(conversation.id);
      expect(seen.map((turn) => turn.index)).toEqual(Array.from({ length: 20 }, (_, index) => index + 1));
      const written = await Promise.all(writes);
      expect(written.map((turn) => turn.index)).toEqual(seen.map((turn) => turn.index));
      await store.close();
    });

    it('commits what is queued when closed, and refuses writes afterwards', async () => {
      const dataDir = dataDirectory();
      const store = await SqliteMetadataStore.open({ dataDir });
      const pending = store.createConversation({ id: 'late', providerId: 'p' });
      await store.close();
      await expect(pending).resolves.toMatchObject({ id: 'late' });
      await expect(store.createConversation({ providerId: 'p' })).rejects.toMatchObject({ code: 'INTERNAL' });
      const reopened = await SqliteMetadataStore.open({ dataDir });
      expect(await reopened.getConversation('late')).toMatchObject({ id: 'late' });
      await reopened.close();
    });
  });
});
