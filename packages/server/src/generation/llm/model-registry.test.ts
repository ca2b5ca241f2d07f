import type { LanguageModel } from 'ai';
import { describe, expect, it } from 'vitest';
import { Text2xError } from '../../core/index.js';
import { parseModelSpec, resolveModel } from './model-registry.js';

function describeModel(model: LanguageModel): { provider: string; modelId: string } {
  if (typeof model === 'string') throw new Error('expected a model object');
  return { provider: model.provider, modelId: model.modelId };
}

function configError(run: () => unknown): Text2xError {
  try {
    run();
  } catch (error) {
    if (error instanceof Text2xError) return error;
    throw error;
  }
  throw new Error('expected a CONFIG_INVALID error');
}

describe('parseModelSpec', () => {
  it('splits on the first colon only so Ollama tags survive', () => {
    expect(parseModelSpec('ollama:qwen2.5-coder:7b')).toEqual({
      provider: 'ollama',
      model: 'qwen2.5-coder:7b',
      id: 'ollama:qwen2.5-coder:7b',
    });
    expect(parseModelSpec(' openai:gpt-4.1-mini ')).toMatchObject({
      provider: 'openai',
      model: 'gpt-4.1-mini',
    });
  });

  it('rejects an unknown provider and lists the valid ones', () => {
    const error = configError(() => parseModelSpec('gemini:pro'));
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.message).toContain('Unknown model provider "gemini"');
    expect(error.message).toContain('openai, anthropic, ollama, openai-compatible');
  });

  it('rejects an id without a provider or without a model', () => {
    expect(configError(() => parseModelSpec('gpt-4.1-mini')).message).toContain('has no provider prefix');
    expect(configError(() => parseModelSpec('openai:')).message).toContain('names no model');
  });
});

describe('resolveModel', () => {
  it('builds an OpenAI Chat Completions model', () => {
    const model = resolveModel('openai:gpt-4.1-mini', { apiKeys: { openai: 'sk-test' } });
    expect(describeModel(model)).toEqual({ provider: 'openai.chat', modelId: 'gpt-4.1-mini' });
  });

  it('builds an Anthropic model', () => {
    const model = resolveModel('anthropic:claude-sonnet-4-5', { apiKeys: { anthropic: 'sk-ant-test' } });
    expect(describeModel(model)).toEqual({ provider: 'anthropic.messages', modelId: 'claude-sonnet-4-5' });
  });

  it('builds an Ollama model whose id keeps its colon, without any key', () => {
    const model = resolveModel('ollama:qwen2.5-coder:7b', { apiKeys: {} });
    expect(describeModel(model)).toEqual({ provider: 'ollama.responses', modelId: 'qwen2.5-coder:7b' });
  });

  it('builds an OpenAI-compatible model for a base URL', () => {
    const model = resolveModel('openai-compatible:llama-3.1-8b', {
      baseUrl: 'http://localhost:8000/v1',
      apiKeys: {},
    });
    expect(describeModel(model)).toEqual({ provider: 'openai-compatible.chat', modelId: 'llama-3.1-8b' });
  });

  it('requires a base URL for an OpenAI-compatible model', () => {
    const error = configError(() => resolveModel('openai-compatible:llama', { apiKeys: { openai: 'sk-x' } }));
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.message).toContain('TEXT2X_MODEL_BASE_URL');
  });

  it('rejects a base URL that is not an http URL', () => {
    expect(
      configError(() => resolveModel('ollama:llama3', { baseUrl: 'localhost:11434', apiKeys: {} })).code,
    ).toBe('CONFIG_INVALID');
    expect(
      configError(() => resolveModel('ollama:llama3', { baseUrl: 'file:///etc/passwd', apiKeys: {} }))
        .message,
    ).toContain('http or https');
  });

  it('names the missing key variable for OpenAI and Anthropic without printing any key', () => {
    const openai = configError(() =>
      resolveModel('openai:gpt-4.1', { apiKeys: { anthropic: 'sk-ant-secret-value' } }),
    );
    expect(openai.code).toBe('CONFIG_INVALID');
    expect(openai.message).toBe('openai:gpt-4.1 needs an API key: set OPENAI_API_KEY.');
    const anthropic = configError(() =>
      resolveModel('anthropic:claude-haiku-4-5', { apiKeys: { openai: 'sk-secret-value' } }),
    );
    expect(anthropic.message).toBe('anthropic:claude-haiku-4-5 needs an API key: set ANTHROPIC_API_KEY.');
    expect(JSON.stringify([openai.details, anthropic.details])).not.toContain('secret');
  });

  it('treats a blank key as missing', () => {
    expect(
      configError(() => resolveModel('openai:gpt-4.1', { apiKeys: { openai: '  ' } })).message,
    ).toContain('OPENAI_API_KEY');
  });
});
