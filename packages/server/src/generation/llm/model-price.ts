import type { TokenUsage } from '../query-generator.js';

/** Price of a model in US dollars per million tokens (same shape as the config's `prices` entries). */
export interface TokenPrice {
  inputPerMTok: number;
  outputPerMTok: number;
}

/**
 * Built-in list prices (USD per million tokens, standard tier, no caching or batch discounts) as
 * published by OpenAI and Anthropic in 2025. The config's `prices` overrides them per model.
 */
export const DEFAULT_MODEL_PRICES: Readonly<Record<string, TokenPrice>> = {
  'gpt-4.1': { inputPerMTok: 2, outputPerMTok: 8 },
  'gpt-4.1-mini': { inputPerMTok: 0.4, outputPerMTok: 1.6 },
  'gpt-4.1-nano': { inputPerMTok: 0.1, outputPerMTok: 0.4 },
  'gpt-4o': { inputPerMTok: 2.5, outputPerMTok: 10 },
  'gpt-4o-mini': { inputPerMTok: 0.15, outputPerMTok: 0.6 },
  'claude-sonnet-4-5': { inputPerMTok: 3, outputPerMTok: 15 },
  'claude-haiku-4-5': { inputPerMTok: 1, outputPerMTok: 5 },
};

/** Providers that run on the operator's own hardware: no per-token price. */
const FREE_PROVIDERS = new Set(['ollama', 'openai-compatible']);

/** A dated snapshot or alias of a listed model: `claude-sonnet-4-5-20250929`, `gpt-4.1-2025-04-14`. */
const SNAPSHOT_SUFFIX = /-(?:\d{4}-\d{2}-\d{2}|\d{8}|latest)$/;

function own(table: Readonly<Record<string, TokenPrice>>, key: string): TokenPrice | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

/**
 * The price of a model given as `<provider>:<model>` or a bare model name. Lookup order: the
 * overrides (full id, then model name), zero for `ollama` and `openai-compatible`, then the
 * built-in table (exact name, then without a snapshot date suffix). Undefined when unknown.
 */
export function modelPrice(
  modelId: string,
  overrides: Readonly<Record<string, TokenPrice>> = {},
): TokenPrice | undefined {
  const id = modelId.trim();
  const colon = id.indexOf(':');
  const provider = colon < 0 ? undefined : id.slice(0, colon).toLowerCase();
  const model = colon < 0 ? id : id.slice(colon + 1);
  const override = own(overrides, id) ?? own(overrides, model);
  if (override) return override;
  if (provider !== undefined && FREE_PROVIDERS.has(provider)) return { inputPerMTok: 0, outputPerMTok: 0 };
  if (provider !== undefined && provider !== 'openai' && provider !== 'anthropic') return undefined;
  return own(DEFAULT_MODEL_PRICES, model) ?? own(DEFAULT_MODEL_PRICES, model.replace(SNAPSHOT_SUFFIX, ''));
}

/** Cost in US dollars of the tokens used at the given price. */
export function estimateCostUsd(usage: TokenUsage, price: TokenPrice): number {
  return (usage.inputTokens * price.inputPerMTok + usage.outputTokens * price.outputPerMTok) / 1_000_000;
}
