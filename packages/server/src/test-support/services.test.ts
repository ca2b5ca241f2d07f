import { describe, expect, it } from 'vitest';
import { scratchDatabaseName, serviceAvailable, serviceUrl } from './services.js';

describe('services', () => {
  it('uses the documented default URLs', () => {
    expect(serviceUrl('postgres')).toMatch(/^postgres:\/\//);
    expect(serviceUrl('mariadb')).toMatch(/^mysql:\/\//);
    expect(serviceUrl('redis')).toMatch(/^redis:\/\//);
  });

  it('fails instead of skipping when services are required and one is missing', async () => {
    const saved = { url: process.env.TEXT2X_TEST_REDIS_URL, require: process.env.TEXT2X_REQUIRE_SERVICES };
    process.env.TEXT2X_TEST_REDIS_URL = 'redis://127.0.0.1:1';
    try {
      process.env.TEXT2X_REQUIRE_SERVICES = '1';
      await expect(serviceAvailable('redis')).rejects.toThrow(/required/);
      process.env.TEXT2X_REQUIRE_SERVICES = '0';
      await expect(serviceAvailable('redis')).resolves.toBe(false);
    } finally {
      if (saved.url === undefined) delete process.env.TEXT2X_TEST_REDIS_URL;
      else process.env.TEXT2X_TEST_REDIS_URL = saved.url;
      if (saved.require === undefined) delete process.env.TEXT2X_REQUIRE_SERVICES;
      else process.env.TEXT2X_REQUIRE_SERVICES = saved.require;
    }
  });

  it('makes distinct lower-case scratch database names', () => {
    const a = scratchDatabaseName('T2X');
    expect(a).toMatch(/^t2x_\d+_[a-z0-9]+$/);
    expect(scratchDatabaseName('t2x')).not.toBe(a);
  });
});
