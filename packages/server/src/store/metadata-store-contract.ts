import { afterEach, describe, expect, it } from 'vitest';
import { Text2xError } from '../core/index.js';
import type { MetadataStore, NewTurn } from './metadata-store.js';

type ProviderConfig = Parameters<MetadataStore['addProvider']>[0];

/**
 * Storage for one contract test: fresh and empty when the factory returns it. `open` may be
 * called again after the previous store was closed and must then see the same data.
 */
export interface MetadataStoreContractStorage {
  /** Opens a store on this storage. */
  open(): Promise<MetadataStore>;
  /** False when data cannot outlive `close()` (an in-memory store): reopening tests are skipped. */
  persistent: boolean;
  /** Removes the storage (temp directory, test schema); called after every test. */
  dispose?(): Promise<void>;
}

/** Returns fresh, empty storage for one test. */
export type MetadataStoreContractFactory = () => Promise<MetadataStoreContractStorage>;

/**
 * The shared contract every MetadataStore implementation runs (SQLite now, PostgreSQL later):
 * `describeMetadataStoreContract('sqlite (memory)', async () => ({ open: …, persistent: false }))`.
 */
export function describeMetadataStoreContract(name: string, factory: MetadataStoreContractFactory): void {
  describe(`MetadataStore contract: ${name}`, () => {
    const cleanups: (() => Promise<void>)[] = [];

    afterEach(async () => {
      for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
    });

    async function freshStorage(): Promise<MetadataStoreContractStorage> {
      const storage = await factory();
      if (storage.dispose !== undefined) {
        const dispose = storage.dispose.bind(storage);
        cleanups.push(dispose);
      }
      return storage;
    }

    async function openOn(storage: MetadataStoreContractStorage): Promise<MetadataStore> {
      const store = await storage.open();
      cleanups.push(() => store.close());
      return store;
    }

    async function freshStore(): Promise<MetadataStore> {
      return openOn(await freshStorage());
    }

    const sales: ProviderConfig = {
      id: 'sales',
      kind: 'sqlite',
      path: '/data/sales.db',
      description: 'Sales data',
    };
    const hr: ProviderConfig = { id: 'hr', kind: 'sqlite', path: '/data/hr.db' };

    function newTurn(conversationId: string, question: string, overrides: Partial<NewTurn> = {}): NewTurn {
      return {
        conversationId,
        question,
        status: 'result',
        query: 'SELECT count(*) FROM orders',
        confidence: 0.9,
        validationStatus: 'passed',
        clarification: null,
        execution: null,
        errorCode: null,
        timings: {},
        generator: 'offline',
        ...overrides,
      };
    }

    describe('providers', () => {
      it('starts with no providers', async () => {
        const store = await freshStore();
        expect(await store.listProviders()).toEqual([]);
      });

      it('adds, gets and lists providers with every field as given', async () => {
        const store = await freshStore();
        await store.addProvider(sales);
        await store.addProvider(hr);
        expect(await store.getProvider('sales')).toEqual(sales);
        expect(await store.getProvider('hr')).toEqual(hr);
        const listed = await store.listProviders();
        expect(listed.map((provider) => provider.id).sort()).toEqual(['hr', 'sales']);
        expect(listed).toContainEqual(sales);
      });

      it('leaves description absent rather than undefined or null when none was given', async () => {
        const store = await freshStore();
        await store.addProvider(hr);
        const stored = await store.getProvider('hr');
        expect(stored).toBeDefined();
        expect(Object.keys(stored ?? {}).sort()).toEqual(['id', 'kind', 'path']);
      });

      it('returns undefined for an unknown provider', async () => {
        const store = await freshStore();
        expect(await store.getProvider('nope')).toBeUndefined();
      });

      it('rejects a second provider with the same id with PROVIDER_EXISTS and keeps the first', async () => {
        const store = await freshStore();
        await store.addProvider(sales);
        const error: unknown = await store
          .addProvider({ ...sales, path: '/other.db' })
          .catch((caught: unknown) => caught);
        expect(error).toBeInstanceOf(Text2xError);
        expect((error as Text2xError).code).toBe('PROVIDER_EXISTS');
        expect(await store.getProvider('sales')).toEqual(sales);
      });

      it('removes a provider and reports whether one was removed', async () => {
        const store = await freshStore();
        await store.addProvider(sales);
        expect(await store.removeProvider('sales')).toBe(true);
        expect(await store.getProvider('sales')).toBeUndefined();
        expect(await store.removeProvider('sales')).toBe(false);
        expect(await store.listProviders()).toEqual([]);
      });

      it('accepts the id of a removed provider again', async () => {
        const store = await freshStore();
        await store.addProvider(sales);
        await store.removeProvider('sales');
        await store.addProvider({ ...sales, path: '/new.db' });
        expect(await store.getProvider('sales')).toMatchObject({ path: '/new.db' });
      });
    });

    describe('conversations', () => {
      it('creates a conversation with a generated id and an ISO-8601 creation time', async () => {
        const store = await freshStore();
        const before = Date.now();
        const conversation = await store.createConversation({ providerId: 'sales' });
        expect(conversation.id).toMatch(/^[0-9a-f-]{36}$/);
        expect(conversation.providerId).toBe('sales');
        expect(new Date(conversation.createdAt).toISOString()).toBe(conversation.createdAt);
        expect(Date.parse(conversation.createdAt)).toBeGreaterThanOrEqual(before - 1000);
        expect(await store.getConversation(conversation.id)).toEqual(conversation);
      });

      it('gives each new conversation a different id', async () => {
        const store = await freshStore();
        const first = await store.createConversation({ providerId: 'sales' });
        const second = await store.createConversation({ providerId: 'sales' });
        expect(first.id).not.toBe(second.id);
      });

      it('keeps an id given by the caller', async () => {
        const store = await freshStore();
        const conversation = await store.createConversation({ id: 'c-1', providerId: 'hr' });
        expect(conversation.id).toBe('c-1');
        expect(await store.getConversation('c-1')).toEqual(conversation);
      });

      it('rejects a second conversation with a taken id and keeps the first', async () => {
        const store = await freshStore();
        const first = await store.createConversation({ id: 'c-1', providerId: 'hr' });
        await expect(store.createConversation({ id: 'c-1', providerId: 'sales' })).rejects.toBeInstanceOf(
          Text2xError,
        );
        expect(await store.getConversation('c-1')).toEqual(first);
      });

      it('returns undefined for an unknown conversation', async () => {
        const store = await freshStore();
        expect(await store.getConversation('missing')).toBeUndefined();
      });
    });

    describe('turns', () => {
      it('numbers turns 1, 2, 3 within each conversation independently', async () => {
        const store = await freshStore();
        const a = await store.createConversation({ providerId: 'sales' });
        const b = await store.createConversation({ providerId: 'sales' });
        const a1 = await store.addTurn(newTurn(a.id, 'first in a'));
        const b1 = await store.addTurn(newTurn(b.id, 'first in b'));
        const a2 = await store.addTurn(newTurn(a.id, 'second in a'));
        const a3 = await store.addTurn(newTurn(a.id, 'third in a'));
        expect([a1.index, a2.index, a3.index, b1.index]).toEqual([1, 2, 3, 1]);
        expect(new Set([a1.id, a2.id, a3.id, b1.id]).size).toBe(4);
        const turns = await store.listTurns(a.id);
        expect(turns.map((turn) => turn.question)).toEqual(['first in a', 'second in a', 'third in a']);
        expect(turns.map((turn) => turn.index)).toEqual([1, 2, 3]);
      });

      it('assigns distinct consecutive indexes to turns added concurrently', async () => {
        const store = await freshStore();
        const conversation = await store.createConversation({ providerId: 'sales' });
        const added = await Promise.all(
          Array.from({ length: 20 }, (_, position) =>
            store.addTurn(newTurn(conversation.id, `q${position}`)),
          ),
        );
        expect(added.map((turn) => turn.index).sort((x, y) => x - y)).toEqual(
          Array.from({ length: 20 }, (_, position) => position + 1),
        );
        expect((await store.listTurns(conversation.id)).map((turn) => turn.index)).toEqual(
          Array.from({ length: 20 }, (_, position) => position + 1),
        );
      });

      it('returns the stored turn from addTurn, equal to what listTurns reads back', async () => {
        const store = await freshStore();
        const conversation = await store.createConversation({ providerId: 'sales' });
        const added = await store.addTurn(newTurn(conversation.id, 'how many orders?'));
        expect(added.conversationId).toBe(conversation.id);
        expect(new Date(added.createdAt).toISOString()).toBe(added.createdAt);
        expect(await store.listTurns(conversation.id)).toEqual([added]);
      });

      it('round-trips every field, including the JSON ones', async () => {
        const store = await freshStore();
        const conversation = await store.createConversation({ providerId: 'sales' });
        const result = newTurn(conversation.id, 'revenue per month in 2024', {
          query: "SELECT strftime('%Y-%m', order_date) AS month, sum(total_amount) FROM orders GROUP BY 1",
          confidence: 0.8125,
          execution: {
            success: true,
            rowCount: 12,
            columns: ['month', 'sum(total_amount)'],
            executionTimeMs: 3.5,
          },
          timings: { retrieve: 1.25, generate: 40, validate: 2, execute: 3.5 },
          generator: 'llm:gpt-4o-mini',
        });
        const clarification = newTurn(conversation.id, 'show the best ones', {
          status: 'clarification',
          query: null,
          confidence: null,
          validationStatus: null,
          clarification: { question: 'Best by what?', options: ['revenue', 'rating', 'units — "sold"'] },
          generator: null,
        });
        const failure = newTurn(conversation.id, 'drop the table', {
          status: 'error',
          query: 'DROP TABLE orders',
          confidence: 0,
          validationStatus: 'failed',
          errorCode: 'QUERY_REJECTED',
          timings: {},
        });
        const cancelled = newTurn(conversation.id, 'ünïcödé ✓ 数据', { status: 'cancelled', query: null });
        for (const turn of [result, clarification, failure, cancelled]) await store.addTurn(turn);

        const stored = await store.listTurns(conversation.id);
        const strip = (turn: (typeof stored)[number]): NewTurn => {
          const { id: _id, index: _index, createdAt: _createdAt, ...rest } = turn;
          return rest;
        };
        expect(stored.map(strip)).toEqual([result, clarification, failure, cancelled]);
      });

      it('keeps the latest N turns in order when a limit is given', async () => {
        const store = await freshStore();
        const conversation = await store.createConversation({ providerId: 'sales' });
        for (let position = 1; position <= 5; position++) {
          await store.addTurn(newTurn(conversation.id, `q${position}`));
        }
        expect((await store.listTurns(conversation.id, 2)).map((turn) => turn.question)).toEqual([
          'q4',
          'q5',
        ]);
        expect((await store.listTurns(conversation.id, 2)).map((turn) => turn.index)).toEqual([4, 5]);
        expect(await store.listTurns(conversation.id, 10)).toHaveLength(5);
        expect(await store.listTurns(conversation.id, 0)).toEqual([]);
      });

      it('lists no turns for a conversation without any, or an unknown one', async () => {
        const store = await freshStore();
        const conversation = await store.createConversation({ providerId: 'sales' });
        expect(await store.listTurns(conversation.id)).toEqual([]);
        expect(await store.listTurns('missing')).toEqual([]);
      });

      it('rejects a turn for an unknown conversation with CONVERSATION_NOT_FOUND', async () => {
        const store = await freshStore();
        const error: unknown = await store
          .addTurn(newTurn('missing', 'q'))
          .catch((caught: unknown) => caught);
        expect(error).toBeInstanceOf(Text2xError);
        expect((error as Text2xError).code).toBe('CONVERSATION_NOT_FOUND');
        expect(await store.listTurns('missing')).toEqual([]);
      });
    });

    describe('api keys', () => {
      const key = (name: string, hash: string) => ({ name, hash, prefix: `t2x_${hash.slice(0, 8)}` });

      it('starts with no keys', async () => {
        const store = await freshStore();
        expect(await store.listApiKeys()).toEqual([]);
        expect(await store.countApiKeys()).toEqual({ total: 0, active: 0 });
      });

      it('creates a key with an id and a creation time and never returns its hash', async () => {
        const store = await freshStore();
        const created = await store.createApiKey(key('ci', 'a'.repeat(64)));
        expect(created).toEqual({
          id: expect.any(String) as unknown,
          name: 'ci',
          prefix: 't2x_aaaaaaaa',
          createdAt: expect.any(String) as unknown,
          revokedAt: null,
          lastUsedAt: null,
        });
        expect(new Date(created.createdAt).toISOString()).toBe(created.createdAt);
        expect(JSON.stringify(await store.listApiKeys())).not.toContain('a'.repeat(64));
      });

      it('finds a key by its hash and nothing for another hash', async () => {
        const store = await freshStore();
        const created = await store.createApiKey(key('ci', 'b'.repeat(64)));
        expect(await store.findApiKeyByHash('b'.repeat(64))).toEqual(created);
        expect(await store.findApiKeyByHash('c'.repeat(64))).toBeUndefined();
      });

      it('refuses a second key with the same hash', async () => {
        const store = await freshStore();
        await store.createApiKey(key('first', 'd'.repeat(64)));
        await expect(store.createApiKey(key('second', 'd'.repeat(64)))).rejects.toMatchObject({
          code: 'INVALID_REQUEST',
        });
        expect((await store.listApiKeys()).map((listed) => listed.name)).toEqual(['first']);
      });

      it('lists keys oldest first, revoked ones included', async () => {
        const store = await freshStore();
        const first = await store.createApiKey(key('first', '1'.repeat(64)));
        const second = await store.createApiKey(key('second', '2'.repeat(64)));
        await store.revokeApiKey(first.id);
        const listed = await store.listApiKeys();
        expect(listed.map((listedKey) => listedKey.id)).toEqual([first.id, second.id]);
        expect(listed[0]?.revokedAt).not.toBeNull();
        expect(listed[1]?.revokedAt).toBeNull();
      });

      it('revokes a key once, keeps the first revocation time and counts active keys', async () => {
        const store = await freshStore();
        const created = await store.createApiKey(key('ci', 'e'.repeat(64)));
        await store.createApiKey(key('other', 'f'.repeat(64)));
        expect(await store.countApiKeys()).toEqual({ total: 2, active: 2 });
        expect(await store.revokeApiKey(created.id)).toBe(true);
        const revokedAt = (await store.findApiKeyByHash('e'.repeat(64)))?.revokedAt;
        expect(revokedAt).toEqual(expect.any(String));
        await new Promise((resolve) => setTimeout(resolve, 5));
        expect(await store.revokeApiKey(created.id)).toBe(true);
        expect((await store.findApiKeyByHash('e'.repeat(64)))?.revokedAt).toBe(revokedAt);
        expect(await store.revokeApiKey('no-such-key')).toBe(false);
        expect(await store.countApiKeys()).toEqual({ total: 2, active: 1 });
      });

      it('records the latest use of a key', async () => {
        const store = await freshStore();
        const created = await store.createApiKey(key('ci', '9'.repeat(64)));
        await store.markApiKeyUsed(created.id, '2026-01-02T03:04:05.000Z');
        expect((await store.findApiKeyByHash('9'.repeat(64)))?.lastUsedAt).toBe('2026-01-02T03:04:05.000Z');
        await store.markApiKeyUsed('no-such-key');
        await store.markApiKeyUsed(created.id);
        const used = (await store.findApiKeyByHash('9'.repeat(64)))?.lastUsedAt;
        expect(Date.parse(used ?? '')).toBeGreaterThan(Date.parse('2026-01-02T03:04:05.000Z'));
      });
    });

    describe('feedback', () => {
      it('stores feedback with a turn and lists it for the conversation', async () => {
        const store = await freshStore();
        const conversation = await store.createConversation({ providerId: 'sales' });
        const first = await store.addTurn(newTurn(conversation.id, 'q1'));
        const second = await store.addTurn(newTurn(conversation.id, 'q2'));
        const down = await store.addFeedback({
          turnId: first.id,
          rating: 'down',
          comment: 'wrong year',
          correctedQuery: 'SELECT count(*) FROM orders WHERE year = 2024',
        });
        const up = await store.addFeedback({ turnId: second.id, rating: 'up' });
        expect(down).toEqual({
          id: expect.any(String) as unknown,
          turnId: first.id,
          rating: 'down',
          comment: 'wrong year',
          correctedQuery: 'SELECT count(*) FROM orders WHERE year = 2024',
          createdAt: expect.any(String) as unknown,
        });
        expect(up).toMatchObject({ turnId: second.id, rating: 'up', comment: null, correctedQuery: null });
        expect(await store.listFeedback(conversation.id)).toEqual([down, up]);
      });

      it('keeps feedback of different conversations apart', async () => {
        const store = await freshStore();
        const a = await store.createConversation({ providerId: 'sales' });
        const b = await store.createConversation({ providerId: 'sales' });
        const turnA = await store.addTurn(newTurn(a.id, 'qa'));
        await store.addTurn(newTurn(b.id, 'qb'));
        await store.addFeedback({ turnId: turnA.id, rating: 'up' });
        expect(await store.listFeedback(b.id)).toEqual([]);
        expect(await store.listFeedback('missing')).toEqual([]);
        expect(await store.listFeedback(a.id)).toHaveLength(1);
      });

      it('rejects feedback on an unknown turn with NOT_FOUND and stores nothing', async () => {
        const store = await freshStore();
        const conversation = await store.createConversation({ providerId: 'sales' });
        await expect(store.addFeedback({ turnId: 'missing', rating: 'up' })).rejects.toMatchObject({
          code: 'NOT_FOUND',
        });
        expect(await store.listFeedback(conversation.id)).toEqual([]);
      });
    });

    describe('lifecycle', () => {
      it('closes more than once without failing', async () => {
        const store = await (await freshStorage()).open();
        await store.close();
        await expect(store.close()).resolves.toBeUndefined();
      });

      it('keeps providers, conversations, turns, keys and feedback after closing and reopening', async (context) => {
        const storage = await freshStorage();
        context.skip(!storage.persistent, 'in-memory storage does not outlive close()');
        const first = await storage.open();
        await first.addProvider(sales);
        const conversation = await first.createConversation({ providerId: 'sales' });
        const turn = await first.addTurn(newTurn(conversation.id, 'q1'));
        const key = await first.createApiKey({ name: 'ci', hash: '7'.repeat(64), prefix: 't2x_77777777' });
        const feedback = await first.addFeedback({ turnId: turn.id, rating: 'up' });
        await first.close();

        const second = await openOn(storage);
        expect(await second.getProvider('sales')).toEqual(sales);
        expect(await second.getConversation(conversation.id)).toEqual(conversation);
        expect(await second.listTurns(conversation.id)).toEqual([turn]);
        expect(await second.listApiKeys()).toEqual([key]);
        expect(await second.listFeedback(conversation.id)).toEqual([feedback]);
        const next = await second.addTurn(newTurn(conversation.id, 'q2'));
        expect(next.index).toBe(2);
      });
    });
  });
}
