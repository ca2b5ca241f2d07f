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
    /** Address the server binds to. Env `TEXT2X_HOST`, default `127.0.0.1` (loopback). */
    host: z.string().min(1).default('127.0.0.1'),
    /** Port of the server. Env `TEXT2X_PORT` (or `PORT`), default 8000. */
    port: z.number().int().min(0).max(65_535).default(8000),
    /** Browser origins allowed by CORS. Env `TEXT2X_CORS_ORIGINS` (comma-separated), default none. */
    corsOrigins: z.array(z.string()).default([]),
    /**
     * `auto` (default): keys are required when any key exists or the server binds beyond loopback;
     * `required`: always. Env `TEXT2X_AUTH`.
     */
    auth: z.enum(['auto', 'required']).default('auto'),
    /** Redis for shared rate limits and the resumable event log across nodes. Env `REDIS_URL`. */
    redisUrl: z.string().min(1).optional(),
    /** Requests per minute per API key (or client address without auth). Env `TEXT2X_RATE_PER_MINUTE`, default 120. */
    ratePerMinute: z.number().int().min(1).default(120),
    /** Runs at once per key (or address). Env `TEXT2X_MAX_CONCURRENT_RUNS`, default 20. */
    maxConcurrentRuns: z.number().int().min(1).default(20),
    /** Largest WebSocket frame accepted, in bytes. Default 65536. */
    wsMaxFrameBytes: z.number().int().min(1024).default(65_536),
    /** Requests running at once on one WebSocket. Default 32. */
    wsMaxRequestsPerSocket: z.number().int().min(1).default(32),
    /** Close a WebSocket with no traffic for this long (ms). Default 300000. */
    wsIdleTimeoutMs: z.number().int().min(1000).default(300_000),
    /** Interval of WebSocket ping frames; a peer that misses one is dropped (ms). Default 30000. */
    wsHeartbeatMs: z.number().int().min(100).default(30_000),
    /** How long a run whose client disconnected keeps going, waiting for a resume (ms). Default 30000. */
    resumeGraceMs: z.number().int().min(0).default(30_000),
    /** How long a finished request's messages stay available for resume (ms). Default 300000. */
    eventLogTtlMs: z.number().int().min(1000).default(300_000),
    /** On SIGTERM/SIGINT, let runs finish for this long before cancelling them (ms). Default 10000. */
    shutdownGraceMs: z.number().int().min(0).default(10_000),
    /** Per-model prices overriding the built-in table (file only). */
    prices: z.record(z.string(), ModelPrice).default({}),
  })
  .strict();
export type Text2xConfig = z.infer<typeof Text2xConfig>;
export type Text2xConfigInput = z.input<typeof Text2xConfig>;
