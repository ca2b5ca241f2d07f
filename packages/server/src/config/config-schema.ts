import { z } from 'zod';

/** Price of one model in US dollars per million tokens. */
export const ModelPrice = z.object({
  inputPerMTok: z.number().min(0),
  outputPerMTok: z.number().min(0),
});
export type ModelPrice = z.infer<typeof ModelPrice>;

/**
 * The one configuration schema. Values come from environment variables and an optional JSON file
 * (`TEXT2X_CONFIG`); environment variables win. Secrets are never logged or sent to clients.
 */
export const Text2xConfig = z
  .object({
    /** Data directory for the metadata store and the demo database. Env `TEXT2X_HOME`, default `./.text2x`. */
    home: z.string().min(1).default('./.text2x'),
    /**
     * Model id, e.g. `openai:gpt-4.1-mini`, `anthropic:claude-sonnet-4-5`, `ollama:qwen2.5-coder:7b`,
     * `openai-compatible:<model>`. Env `TEXT2X_MODEL`. Absent: the offline engine answers alone.
     */
    model: z.string().min(3).optional(),
    /** Base URL for `openai-compatible` and `ollama` models. Env `TEXT2X_MODEL_BASE_URL`. */
    modelBaseUrl: z.url().optional(),
    /** Secret. Env `OPENAI_API_KEY`. */
    openaiApiKey: z.string().min(1).optional(),
    /** Secret. Env `ANTHROPIC_API_KEY`. */
    anthropicApiKey: z.string().min(1).optional(),
    /** Secret for an `openai-compatible` server that wants one. Env `TEXT2X_MODEL_API_KEY`. */
    modelApiKey: z.string().min(1).optional(),
    /** Default of `options.enable_execution` when a request does not say. Env `TEXT2X_ENABLE_EXECUTION`, default true. */
    enableExecution: z.boolean().default(true),
    /** Scale of the generated demo database (1 ≈ 50,000 rows). Env `TEXT2X_DEMO_SCALE`, default 1. */
    demoScale: z.number().positive().max(1000).default(1),
    /** Register the demo provider on first use. Env `TEXT2X_DEMO` (`0` disables), default true. */
    demo: z.boolean().default(true),
    /** Per-model prices overriding the built-in table (file only). */
    prices: z.record(z.string(), ModelPrice).default({}),
  })
  .strict();
export type Text2xConfig = z.infer<typeof Text2xConfig>;
export type Text2xConfigInput = z.input<typeof Text2xConfig>;
