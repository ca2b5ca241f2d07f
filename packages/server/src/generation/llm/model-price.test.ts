import { describe, expect, it } from 'vitest';
import { estimateCostUsd, modelPrice } from './model-price.js';

describe('modelPrice', () => {
  it('knows the default OpenAI and Anthropic models by id or bare name', () => {
    expect(modelPrice('openai:gpt-4.1-mini')).toEqual({ inputPerMTok: 0.4, outputPerMTok: 1.6 });
    expect(modelPrice('gpt-4o-mini')).toEqual({ inputPerMTok: 0.15, outputPerMTok: 0.6 });
    expect(modelPrice('anthropic:claude-sonnet-4-5')).toEqual({ inputPerMTok: 3, outputPerMTok: 15 });
    expect(modelPrice('anthropic:claude-haiku-4-5')).toEqual({ inputPerMTok: 1, outputPerMTok: 5 });
  });

  it('prices a dated snapshot like its model but not a different model sharing a prefix', () => {
    expect(modelPrice('anthropic:claude-sonnet-4-5-20250929')).toEqual(modelPrice('claude-sonnet-4-5'));
    expect(modelPrice('openai:gpt-4.1-2025-04-14')).toEqual(modelPrice('gpt-4.1'));
    expect(modelPrice('openai:gpt-4.1-turbo')).toBeUndefined();
  });

  it('is free for local and self-hosted models', () => {
    expect(modelPrice('ollama:qwen2.5-coder:7b')).toEqual({ inputPerMTok: 0, outputPerMTok: 0 });
    expect(modelPrice('openai-compatible:llama-3.1-8b')).toEqual({ inputPerMTok: 0, outputPerMTok: 0 });
  });

  it('is unknown for unlisted models and names that only exist on Object.prototype', () => {
    expect(modelPrice('openai:o9-preview')).toBeUndefined();
    expect(modelPrice('openai:constructor')).toBeUndefined();
  });

  it('lets overrides win, by full id or by model name', () => {
    const overrides = {
      'openai-compatible:llama-3.1-8b': { inputPerMTok: 0.05, outputPerMTok: 0.1 },
      'gpt-4.1-mini': { inputPerMTok: 0.2, outputPerMTok: 0.8 },
    };
    expect(modelPrice('openai-compatible:llama-3.1-8b', overrides)).toEqual({
      inputPerMTok: 0.05,
      outputPerMTok: 0.1,
    });
    expect(modelPrice('openai:gpt-4.1-mini', overrides)).toEqual({ inputPerMTok: 0.2, outputPerMTok: 0.8 });
  });
});

describe('estimateCostUsd', () => {
  it('charges input and output tokens per million', () => {
    expect(
      estimateCostUsd(
        { inputTokens: 2_000_000, outputTokens: 500_000 },
        { inputPerMTok: 0.4, outputPerMTok: 1.6 },
      ),
    ).toBeCloseTo(1.6, 10);
    expect(
      estimateCostUsd({ inputTokens: 1200, outputTokens: 80 }, { inputPerMTok: 0, outputPerMTok: 0 }),
    ).toBe(0);
  });
});
