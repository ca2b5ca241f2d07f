import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Text2xError } from '../core/index.js';
import { loadConfig } from './load-config.js';

const dir = mkdtempSync(join(tmpdir(), 'text2x-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('loadConfig', () => {
  it('uses the embedded defaults with an empty environment', () => {
    expect(loadConfig({ env: {} })).toMatchObject({
      home: './.text2x',
      enableExecution: true,
      demoScale: 1,
      demo: true,
      prices: {},
      host: '127.0.0.1',
      port: 8000,
      auth: 'auto',
    });
    expect(loadConfig({ env: {} }).redisUrl).toBeUndefined();
  });

  it('reads the documented environment variables', () => {
    const config = loadConfig({
      env: {
        TEXT2X_HOME: '/data',
        TEXT2X_MODEL: 'ollama:qwen2.5-coder:7b',
        TEXT2X_MODEL_BASE_URL: 'http://127.0.0.1:11434',
        TEXT2X_ENABLE_EXECUTION: 'false',
        TEXT2X_DEMO: '0',
        TEXT2X_DEMO_SCALE: '20',
        OPENAI_API_KEY: 'sk-test',
      },
    });
    expect(config).toMatchObject({
      home: '/data',
      model: 'ollama:qwen2.5-coder:7b',
      modelBaseUrl: 'http://127.0.0.1:11434',
      enableExecution: false,
      demo: false,
      demoScale: 20,
      openaiApiKey: 'sk-test',
    });
  });

  it('lets the environment win over the config file', () => {
    const file = join(dir, 'config.json');
    writeFileSync(
      file,
      JSON.stringify({ home: '/from-file', prices: { 'my-model': { inputPerMTok: 1, outputPerMTok: 2 } } }),
    );
    const config = loadConfig({ env: { TEXT2X_CONFIG: file, TEXT2X_HOME: '/from-env' } });
    expect(config.home).toBe('/from-env');
    expect(config.prices['my-model']).toEqual({ inputPerMTok: 1, outputPerMTok: 2 });
  });

  it.each([
    [{ TEXT2X_ENABLE_EXECUTION: 'maybe' }, 'TEXT2X_ENABLE_EXECUTION'],
    [{ TEXT2X_MODEL_BASE_URL: 'not a url' }, 'modelBaseUrl'],
    [{ TEXT2X_DEMO_SCALE: '-1' }, 'demoScale'],
    [{ TEXT2X_CONFIG: join(dir, 'missing.json') }, 'cannot read'],
  ])('rejects invalid settings with CONFIG_INVALID (%o)', (env, fragment) => {
    try {
      loadConfig({ env });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(Text2xError);
      expect((error as Text2xError).code).toBe('CONFIG_INVALID');
      expect((error as Text2xError).message).toContain(fragment);
    }
  });

  it('rejects unknown keys in the config file and a file that is not JSON', () => {
    const unknown = join(dir, 'unknown.json');
    writeFileSync(unknown, JSON.stringify({ hom: '/typo' }));
    expect(() => loadConfig({ env: { TEXT2X_CONFIG: unknown } })).toThrow(/hom/);
    const broken = join(dir, 'broken.json');
    writeFileSync(broken, '{ nope');
    expect(() => loadConfig({ env: { TEXT2X_CONFIG: broken } })).toThrow(/not valid JSON/);
  });

  it('never puts a secret into an error message', () => {
    try {
      loadConfig({ env: { OPENAI_API_KEY: 'sk-secret-value', TEXT2X_DEMO_SCALE: 'x' } });
      expect.unreachable();
    } catch (error) {
      expect((error as Error).message).not.toContain('sk-secret-value');
    }
  });
});
