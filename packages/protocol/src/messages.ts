import { z } from 'zod';
import { ERROR_CODES } from './error-codes.js';

/**
 * Server → client messages of one run. The schemas tolerate unknown fields (zod strips them instead of failing) so a
 * newer server does not break an older client; the TypeScript union is closed.
 */

/** Progress stages, in the order a run passes them. */
export const PROGRESS_STAGES = [
  'started',
  'schema_retrieval',
  'rag_search',
  'context_gathered',
  'query_generation',
  'generator_fallback',
  'query_generated',
  'validation',
  'validation_complete',
  'execution_complete',
  'iteration_complete',
] as const;
export const ProgressStage = z.enum(PROGRESS_STAGES);
export type ProgressStage = z.infer<typeof ProgressStage>;

export const ValidationStatus = z.enum(['passed', 'failed']);
export type ValidationStatus = z.infer<typeof ValidationStatus>;

/** One problem found by the validator. */
export const ValidationIssue = z.object({
  /** Machine-readable kind: `syntax`, `policy`, `unknown_table`, `unknown_column`, `dry_run`, … */
  kind: z.string(),
  /** Human-readable explanation. */
  message: z.string(),
  /** Names suggested instead of an unknown one ("did you mean"). */
  suggestions: z.array(z.string()).optional(),
  /** 1-based position in the query where known. */
  position: z.number().int().optional(),
});
export type ValidationIssue = z.infer<typeof ValidationIssue>;

export const ValidationReport = z.object({
  status: ValidationStatus,
  errors: z.array(ValidationIssue),
  warnings: z.array(ValidationIssue),
});
export type ValidationReport = z.infer<typeof ValidationReport>;

export const ColumnInfo = z.object({ name: z.string(), type: z.string() });
export type ColumnInfo = z.infer<typeof ColumnInfo>;

/** Rows and metadata of one execution. Values are JSON values (big integers arrive as strings). */
export const ExecutionResult = z.object({
  success: z.boolean(),
  columns: z.array(ColumnInfo),
  rows: z.array(z.array(z.unknown())),
  row_count: z.number().int(),
  truncated: z.boolean(),
  execution_time_ms: z.number(),
  error: z.string().optional(),
});
export type ExecutionResult = z.infer<typeof ExecutionResult>;

const base = {
  /** Protocol version. */
  v: z.literal(1),
  /** Echo of the client's (or the server-assigned) request id. */
  request_id: z.string(),
  /**
   * 1, 2, 3, … per request: a resuming client asks for everything after the last seq it saw.
   * Connection-level messages (`pong`, an error about a frame that names no request) have seq 0 and
   * an empty request_id.
   */
  seq: z.number().int().min(0),
  conversation_id: z.string().optional(),
  /** Present only when `options.trace_level` is not `none`. */
  trace: z.record(z.string(), z.unknown()).optional(),
};

/** Data of a progress message. Stage-specific fields are optional so one schema covers all stages. */
export const ProgressData = z.object({
  stage: ProgressStage,
  /** In [0, 1], never decreasing within a run; 1 only on the terminal message. */
  progress: z.number().min(0).max(1),
  /** One line for people. */
  message: z.string(),
  iteration: z.number().int().optional(),
  tables_found: z.number().int().optional(),
  examples_found: z.number().int().optional(),
  top_similarity: z.number().optional(),
  confidence: z.number().optional(),
  query_preview: z.string().optional(),
  validation_status: ValidationStatus.optional(),
  errors: z.array(ValidationIssue).optional(),
  warnings: z.array(ValidationIssue).optional(),
  success: z.boolean().optional(),
  row_count: z.number().int().optional(),
  execution_time_ms: z.number().optional(),
  generator: z.string().optional(),
});
export type ProgressData = z.infer<typeof ProgressData>;

/** The full answer of a successful run. */
export const ResultData = z.object({
  progress: z.literal(1),
  conversation_id: z.string(),
  turn_id: z.string(),
  provider_id: z.string(),
  dialect: z.string(),
  generated_query: z.string(),
  explanation: z.string(),
  confidence_score: z.number(),
  validation_status: ValidationStatus,
  validation_result: ValidationReport,
  execution_result: ExecutionResult.optional(),
  iterations: z.number().int(),
  needs_clarification: z.literal(false),
  /** Which generator wrote the final query (`offline`, `openai:gpt-4.1-mini`, …). */
  generator: z.string(),
});
export type ResultData = z.infer<typeof ResultData>;

export const ClarificationData = z.object({
  progress: z.literal(1),
  conversation_id: z.string(),
  turn_id: z.string(),
  question: z.string(),
  /** 0–4 concrete choices; the user may answer one of them or in their own words. */
  options: z.array(z.string()),
  current_query: z.string().nullable(),
  confidence: z.number(),
  needs_clarification: z.literal(true),
});
export type ClarificationData = z.infer<typeof ClarificationData>;

export const ErrorData = z.object({
  progress: z.literal(1),
  code: z.enum(ERROR_CODES),
  message: z.string(),
  retryable: z.boolean(),
  /** Safe structured context, e.g. the last query and its validation errors. Never secrets. */
  details: z.record(z.string(), z.unknown()).optional(),
});
export type ErrorData = z.infer<typeof ErrorData>;

export const CancelledData = z.object({ progress: z.literal(1), reason: z.string() });
export type CancelledData = z.infer<typeof CancelledData>;

/** One batch of result rows (with `options.stream_rows`), sent before the terminal `result`. */
export const RowsData = z.object({
  progress: z.number().min(0).max(1),
  columns: z.array(ColumnInfo),
  rows: z.array(z.array(z.unknown())),
  /** Index of this batch's first row in the whole result. */
  offset: z.number().int().min(0),
});
export type RowsData = z.infer<typeof RowsData>;

/** Answer to a client `ping`; connection-level (seq 0). */
export const PongData = z.object({ id: z.string().optional(), time: z.number() });
export type PongData = z.infer<typeof PongData>;

export const ProgressMessage = z.object({ ...base, type: z.literal('progress'), data: ProgressData });
export const ResultMessage = z.object({ ...base, type: z.literal('result'), data: ResultData });
export const ClarificationMessage = z.object({
  ...base,
  type: z.literal('clarification'),
  data: ClarificationData,
});
export const ErrorMessage = z.object({ ...base, type: z.literal('error'), data: ErrorData });
export const CancelledMessage = z.object({ ...base, type: z.literal('cancelled'), data: CancelledData });
export const RowsMessage = z.object({ ...base, type: z.literal('rows'), data: RowsData });
export const PongMessage = z.object({ ...base, type: z.literal('pong'), data: PongData });

export const ServerMessage = z.discriminatedUnion('type', [
  ProgressMessage,
  ResultMessage,
  ClarificationMessage,
  ErrorMessage,
  CancelledMessage,
  RowsMessage,
]);
export type ProgressMessage = z.infer<typeof ProgressMessage>;
export type ResultMessage = z.infer<typeof ResultMessage>;
export type ClarificationMessage = z.infer<typeof ClarificationMessage>;
export type ErrorMessage = z.infer<typeof ErrorMessage>;
export type CancelledMessage = z.infer<typeof CancelledMessage>;
export type RowsMessage = z.infer<typeof RowsMessage>;
export type PongMessage = z.infer<typeof PongMessage>;

/** Everything a server sends on a WebSocket: request messages plus connection-level `pong`. */
export const WireMessage = z.discriminatedUnion('type', [
  ProgressMessage,
  ResultMessage,
  ClarificationMessage,
  ErrorMessage,
  CancelledMessage,
  RowsMessage,
  PongMessage,
]);
export type WireMessage = z.infer<typeof WireMessage>;
export type ServerMessage = z.infer<typeof ServerMessage>;
export type ServerMessageType = ServerMessage['type'];
export type TerminalMessage = ResultMessage | ClarificationMessage | ErrorMessage | CancelledMessage;

export const TERMINAL_TYPES: readonly ServerMessageType[] = ['result', 'clarification', 'error', 'cancelled'];

export function isTerminal(message: ServerMessage): message is TerminalMessage {
  return (
    message.type === 'result' ||
    message.type === 'clarification' ||
    message.type === 'error' ||
    message.type === 'cancelled'
  );
}
