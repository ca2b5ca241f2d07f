import { createAnthropic } from '@ai-sdk/anthropic';
import { createOpenAI } from '@ai-sdk/openai';
import type { LanguageModel } from 'ai';
import { createOllama } from 'ollama-ai-provider-v2';
import { Text2xError } from '../../core/index.js';

/** Model providers a model id may start with (`<provider>:<model>`). */
export const MODEL_PROVIDERS = ['openai', 'anthropic', 'ollama', 'openai-compatible'] as const;
export type ModelProviderName = (typeof MODEL_PROVIDERS)[number];

/** Ollama's API when no base URL is configured. */
export const DEFAULT_OLLAMA_BASE_URL = 'http://127.0.0.1:11434/api';

/** A model id split into its parts. */
export interface ModelSpec {
  provider: ModelProviderName;
  /** The provider's own model name, e.g. `gpt-4.1-mini` or `qwen2.5-coder:7b`. */
  model: string;
  /** `<provider>:<model>`, trimmed. */
  id: string;
}

/** Settings `resolveModel` needs, passed in by the caller (the config module reads the environment). */
export interface ModelEnvironment {
  /**
   * Base URL of the model API. Required for `openai-compatible` (e.g. `http://localhost:8000/v1`).
   * For `ollama`, default `http://127.0.0.1:11434/api` (`/api` is added to a bare host). For
   * `openai` and `anthropic` it replaces the public endpoint (a proxy or gateway); default absent.
   */
  baseUrl?: string;
  apiKeys: {
    /** `OPENAI_API_KEY`; required for `openai`. */
    openai?: string;
    /** `ANTHROPIC_API_KEY`; required for `anthropic`. */
    anthropic?: string;
    /**
     * Key for an `openai-compatible` server, when it wants one. The OpenAI key is never sent to
     * another server; absent, a placeholder is sent (local servers ignore it).
     */
    openaiCompatible?: string;
  };
}

const EXAMPLES =
  'openai:gpt-4.1-mini, anthropic:claude-sonnet-4-5, ollama:qwen2.5-coder:7b, openai-compatible:<model>';

function configError(message: string, details: Record<string, unknown>): Text2xError {
  return new Text2xError('CONFIG_INVALID', message, { details });
}

function isProvider(name: string): name is ModelProviderName {
  return (MODEL_PROVIDERS as readonly string[]).includes(name);
}

/** Splits `<provider>:<model>` at the first colon only: Ollama tags contain colons (`qwen2.5-coder:7b`). */
export function parseModelSpec(spec: string): ModelSpec {
  const trimmed = spec.trim();
  const colon = trimmed.indexOf(':');
  if (colon < 0) {
    throw configError(
      `Model "${trimmed}" has no provider prefix. Use <provider>:<model> with a provider among ${MODEL_PROVIDERS.join(', ')} (e.g. ${EXAMPLES}).`,
      { model: trimmed, providers: [...MODEL_PROVIDERS] },
    );
  }
  const provider = trimmed.slice(0, colon).trim().toLowerCase();
  const model = trimmed.slice(colon + 1).trim();
  if (!isProvider(provider)) {
    throw configError(
      `Unknown model provider "${provider}" in "${trimmed}". Valid providers: ${MODEL_PROVIDERS.join(', ')} (e.g. ${EXAMPLES}).`,
      { model: trimmed, providers: [...MODEL_PROVIDERS] },
    );
  }
  if (model === '') {
    throw configError(`Model id "${trimmed}" names no model after "${provider}:".`, { model: trimmed });
  }
  return { provider, model, id: `${provider}:${model}` };
}

function checkedUrl(value: string, spec: ModelSpec): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw configError(`The model base URL for ${spec.id} is not a valid URL.`, { model: spec.id });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw configError(`The model base URL for ${spec.id} must use http or https.`, { model: spec.id });
  }
  return value.replace(/\/+$/, '');
}

function requireKey(key: string | undefined, envVar: string, spec: ModelSpec): string {
  if (key === undefined || key.trim() === '') {
    throw configError(`${spec.id} needs an API key: set ${envVar}.`, { model: spec.id, envVar });
  }
  return key;
}

/**
 * Builds the AI SDK model for a model id such as `openai:gpt-4.1-mini`. Throws CONFIG_INVALID for an
 * unknown provider, a missing API key (naming the variable, never a value) or a missing base URL.
 * Keys are always passed explicitly, so the provider packages never read the environment
 * themselves. OpenAI models use the Chat Completions API: the same wire format as
 * `openai-compatible` servers, and unlike the Responses API it does not store prompts (schema,
 * sample values) on the provider by default.
 */
export function resolveModel(spec: string, env: ModelEnvironment): LanguageModel {
  const parsed = parseModelSpec(spec);
  const baseURL =
    env.baseUrl === undefined || env.baseUrl.trim() === ''
      ? undefined
      : checkedUrl(env.baseUrl.trim(), parsed);
  switch (parsed.provider) {
    case 'openai': {
      const apiKey = requireKey(env.apiKeys.openai, 'OPENAI_API_KEY', parsed);
      return createOpenAI({ apiKey, ...(baseURL && { baseURL }) }).chat(parsed.model);
    }
    case 'anthropic': {
      const apiKey = requireKey(env.apiKeys.anthropic, 'ANTHROPIC_API_KEY', parsed);
      return createAnthropic({ apiKey, ...(baseURL && { baseURL }) })(parsed.model);
    }
    case 'ollama': {
      // Ollama's endpoints live under /api; accept the bare host people usually write.
      const url =
        baseURL === undefined
          ? DEFAULT_OLLAMA_BASE_URL
          : new URL(baseURL).pathname.length <= 1
            ? `${baseURL}/api`
            : baseURL;
      return createOllama({ baseURL: url })(parsed.model);
    }
    case 'openai-compatible': {
      if (baseURL === undefined) {
        throw configError(
          `${parsed.id} needs the server's base URL: set TEXT2X_MODEL_BASE_URL (e.g. http://localhost:8000/v1).`,
          { model: parsed.id, envVar: 'TEXT2X_MODEL_BASE_URL' },
        );
      }
      const apiKey = env.apiKeys.openaiCompatible?.trim() || 'not-needed';
      return createOpenAI({ apiKey, baseURL, name: 'openai-compatible' }).chat(parsed.model);
    }
  }
}
