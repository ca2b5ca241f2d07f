import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ProviderConfig } from './provider.js';
import { createProvider } from './provider-registry.js';
import { createFixtureDatabase, createTempDir } from './sqlite/test-support/sqlite-fixture.js';

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
    const config = { id: 'pg', kind: 'postgres', path: '' } as unknown as ProviderConfig;
    await expect(createProvider(config)).rejects.toMatchObject({
      code: 'INVALID_REQUEST',
      message: expect.stringContaining('postgres') as unknown,
    });
  });

  it('passes PROVIDER_UNAVAILABLE through for a source that cannot be opened', async () => {
    await expect(
      createProvider({ id: 'gone', kind: 'sqlite', path: join(temp.dir, 'gone.sqlite') }),
    ).rejects.toMatchObject({ code: 'PROVIDER_UNAVAILABLE' });
  });
});
