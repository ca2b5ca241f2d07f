import { z } from 'zod';

/** Levels of detail for the `trace` attached to messages. */
export const TraceLevel = z.enum(['none', 'summary', 'full']);
export type TraceLevel = z.infer<typeof TraceLevel>;

/**
 * Options of one query run. Unknown keys are rejected so that a typo (`max_iteration`) is an error,
 * not a silently ignored setting.
 */
export const QueryOptions = z
  .object({
    /** `none` (default): no trace; `summary`: timings, tokens, cost; `full`: also context, drafts, prompts. */
    trace_level: TraceLevel.default('none'),
    /** Run the validated query against the data source. Default: the server's config (true in the demo). */
    enable_execution: z.boolean().optional(),
    /** Generate → validate → execute rounds at most. Default 3. */
    max_iterations: z.number().int().min(1).max(10).default(3),
    /** Stop iterating once validation passed and confidence is at least this. Default 0.8. */
    confidence_threshold: z.number().min(0).max(1).default(0.8),
    /** Ask the user instead of answering when the final confidence is below this. Default 0.5. */
    clarification_threshold: z.number().min(0).max(1).default(0.5),
    /** Rows returned at most; more are cut and `truncated` is set. Default 1000. */
    max_rows: z.number().int().min(1).max(100_000).default(1000),
    /** Time limit for the query's execution in milliseconds. Default 30000. */
    timeout_ms: z.number().int().min(1).max(600_000).default(30_000),
    /**
     * Send the result rows as `rows` messages in batches before the terminal `result`, which then
     * carries only the metadata (no rows). Default false.
     */
    stream_rows: z.boolean().default(false),
    /** Rows per `rows` message when `stream_rows` is on. Default 500. */
    row_batch_size: z.number().int().min(1).max(10_000).default(500),
  })
  .strict();
export type QueryOptions = z.infer<typeof QueryOptions>;
export type QueryOptionsInput = z.input<typeof QueryOptions>;

/** One question for one data source. */
export const QueryRequest = z
  .object({
    /** Id of the configured data source, e.g. `demo` or `postgres-main`. */
    provider_id: z.string().min(1).max(100),
    /** The question in plain language (or a reply to a clarification). */
    query: z.string().trim().min(1, 'the question is empty').max(5000),
    /** Continue this conversation; earlier turns become context. A new one is created when absent. */
    conversation_id: z.string().min(1).max(100).optional(),
    /** Client-chosen id echoed in every message; the server assigns one when absent. */
    request_id: z.string().min(1).max(100).optional(),
    options: QueryOptions.default(QueryOptions.parse({})),
  })
  .strict();
export type QueryRequest = z.infer<typeof QueryRequest>;
export type QueryRequestInput = z.input<typeof QueryRequest>;
