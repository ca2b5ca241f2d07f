export { createLlmGenerator, type LlmGeneratorOptions } from './llm-generator.js';
export { LlmAnswer, normalizeQuery } from './llm-answer.js';
export { redactSecrets, toGenerationError } from './model-error.js';
export {
  resolveModel,
  parseModelSpec,
  MODEL_PROVIDERS,
  DEFAULT_OLLAMA_BASE_URL,
  type ModelEnvironment,
  type ModelProviderName,
  type ModelSpec,
} from './model-registry.js';
export { modelPrice, estimateCostUsd, DEFAULT_MODEL_PRICES, type TokenPrice } from './model-price.js';
