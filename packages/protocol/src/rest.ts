import { z } from 'zod';
import { ERROR_CODES } from './error-codes.js';
import {
  CancelledMessage,
  ClarificationMessage,
  ErrorMessage,
  ExecutionResult,
  ResultMessage,
  ValidationReport,
} from './messages.js';

/**
 * Request and response bodies of the REST API (`/api/v1/…`, `/health`, `/ready`). Field names are
 * snake_case like the rest of the wire protocol. The server validates requests with these schemas
 * and generates its OpenAPI document (`/docs`) from them; the SDK types its calls with them.
 */

/** Every REST error: the HTTP status comes from `ERROR_TABLE[code].http`. Never a stack trace. */
export const ErrorResponse = z.object({
  error: z.object({
    code: z.enum(ERROR_CODES),
    /** Safe to show to a user. */
    message: z.string(),
    /** True when the same request may succeed later (from the error table). */
    retryable: z.boolean(),
    /** Safe structured context (validator issues, the turn id of a failed run…). Never secrets. */
    details: z.record(z.string(), z.unknown()).optional(),
    /** With `RATE_LIMITED`: milliseconds to wait (also sent as the `Retry-After` header, in seconds). */
    retry_after_ms: z.number().int().min(0).optional(),
  }),
});
export type ErrorResponse = z.infer<typeof ErrorResponse>;

/**
 * `POST /api/v1/query` when the run ends with `error` or `cancelled`: the error (status from the
 * table) plus the run's terminal protocol message, which carries `request_id`, `conversation_id`
 * and, for failed runs, the turn id and last query in `details`.
 */
export const QueryErrorResponse = ErrorResponse.extend({
  terminal: z.discriminatedUnion('type', [ErrorMessage, CancelledMessage]).optional(),
});
export type QueryErrorResponse = z.infer<typeof QueryErrorResponse>;

/** `POST /api/v1/query` (200): the run's terminal message, a `result` or a `clarification`. */
export const QueryResponse = z.discriminatedUnion('type', [ResultMessage, ClarificationMessage]);
export type QueryResponse = z.infer<typeof QueryResponse>;

/** Ids of providers, conversations and turns in paths. */
export const ResourceId = z.string().min(1).max(100);

/** A provider id: 1–100 letters, digits, `-`, `_` or `.`, starting with a letter or digit. */
export const ProviderId = z
  .string()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/,
    'a provider id is 1–100 letters, digits, "-", "_" or "." and starts with a letter or digit',
  );

/** Path parameters `{ id }`. */
export const IdParams = z.object({ id: ResourceId });
export type IdParams = z.infer<typeof IdParams>;

/** The feedback a person gave on one turn. */
export const Feedback = z.object({
  id: z.string(),
  turn_id: z.string(),
  /** Thumbs up or down. */
  rating: z.enum(['up', 'down']),
  comment: z.string().nullable(),
  /** The query the person says would have been right; a candidate example for review. */
  corrected_query: z.string().nullable(),
  /** ISO-8601. */
  created_at: z.string(),
});
export type Feedback = z.infer<typeof Feedback>;

/** `POST /api/v1/conversations/:id/feedback`. */
export const FeedbackRequest = z
  .object({
    /** The turn rated; default: the conversation's latest turn. */
    turn_id: ResourceId.optional(),
    rating: z.enum(['up', 'down']),
    comment: z.string().max(5000).optional(),
    corrected_query: z.string().min(1).max(100_000).optional(),
  })
  .strict();
export type FeedbackRequest = z.infer<typeof FeedbackRequest>;

export const FeedbackResponse = z.object({ feedback: Feedback });
export type FeedbackResponse = z.infer<typeof FeedbackResponse>;

/** One turn of a conversation, as stored. */
export const TurnRecord = z.object({
  id: z.string(),
  conversation_id: z.string(),
  /** 1, 2, 3 … within the conversation. */
  index: z.number().int(),
  question: z.string(),
  status: z.enum(['result', 'clarification', 'error', 'cancelled']),
  /** The final query, or the best draft for a clarification; null when none was produced. */
  query: z.string().nullable(),
  confidence: z.number().nullable(),
  validation_status: z.enum(['passed', 'failed']).nullable(),
  clarification: z.object({ question: z.string(), options: z.array(z.string()) }).nullable(),
  /** Summary of the execution (no rows); null when not executed. */
  execution: z
    .object({
      success: z.boolean(),
      row_count: z.number().int(),
      columns: z.array(z.string()),
      execution_time_ms: z.number(),
    })
    .nullable(),
  error_code: z.string().nullable(),
  /** Milliseconds per stage. */
  timings: z.record(z.string(), z.number()),
  generator: z.string().nullable(),
  created_at: z.string(),
  /** Feedback given on this turn, oldest first. */
  feedback: z.array(Feedback),
});
export type TurnRecord = z.infer<typeof TurnRecord>;

/** `GET /api/v1/conversations/:id`. */
export const ConversationResponse = z.object({
  id: z.string(),
  provider_id: z.string(),
  created_at: z.string(),
  turn_count: z.number().int().min(0),
  /** Time of the latest turn; null when there is none. */
  last_turn_at: z.string().nullable(),
});
export type ConversationResponse = z.infer<typeof ConversationResponse>;

/** `GET /api/v1/conversations/:id/turns`: oldest first. */
export const TurnListResponse = z.object({ conversation_id: z.string(), turns: z.array(TurnRecord) });
export type TurnListResponse = z.infer<typeof TurnListResponse>;

/** `POST /api/v1/providers/:id/execute`: a query a person wrote or edited. */
export const ExecuteRequest = z
  .object({
    query: z.string().trim().min(1, 'the query is empty').max(100_000),
    /** Rows returned at most. Default 1000. */
    max_rows: z.number().int().min(1).max(100_000).default(1000),
    /** Time limit in milliseconds. Default 30000. */
    timeout_ms: z.number().int().min(1).max(600_000).default(30_000),
  })
  .strict();
export type ExecuteRequest = z.infer<typeof ExecuteRequest>;
export type ExecuteRequestInput = z.input<typeof ExecuteRequest>;

export const ExecuteResponse = z.object({
  provider_id: z.string(),
  query: z.string(),
  validation: ValidationReport,
  execution: ExecutionResult,
});
export type ExecuteResponse = z.infer<typeof ExecuteResponse>;

/** TLS settings for server databases: `true` verifies with the system CAs. */
export const TlsSettingInput = z.union([
  z.boolean(),
  z
    .object({
      /** Verify the server certificate. Default true. */
      reject_unauthorized: z.boolean().optional(),
      /** Path of a CA certificate file (PEM) on the server. */
      ca_file: z.string().min(1).optional(),
    })
    .strict(),
]);

const providerBase = {
  id: ProviderId,
  /** What the data is, for people and prompts. */
  description: z.string().max(1000).optional(),
};

/**
 * `POST /api/v1/providers`: one data source, validated per kind. Prefer `password_env` (the name of
 * an environment variable on the server) to a password in the URL; listings always redact it.
 */
export const ProviderConfigInput = z.discriminatedUnion('kind', [
  z
    .object({
      ...providerBase,
      kind: z.literal('sqlite'),
      /** Path of an existing database file on the server, opened read-only. */
      path: z.string().min(1).max(4096),
    })
    .strict(),
  z
    .object({
      ...providerBase,
      kind: z.literal('postgres'),
      /** `postgres://USER@HOST:PORT/DB`. */
      url: z.string().regex(/^postgres(ql)?:\/\//, 'a postgres URL starts with postgres://'),
      password_env: z.string().min(1).max(200).optional(),
      /** Schemas to introspect and allow. Default `['public']`. */
      schemas: z.array(z.string().min(1)).min(1).optional(),
      tls: TlsSettingInput.optional(),
      pool_size: z.number().int().min(1).max(100).optional(),
    })
    .strict(),
  z
    .object({
      ...providerBase,
      kind: z.literal('mysql'),
      /** `mysql://USER@HOST:PORT/DB` (MySQL 8 or MariaDB 10.6+). */
      url: z.string().regex(/^(mysql|mariadb):\/\//, 'a mysql URL starts with mysql://'),
      password_env: z.string().min(1).max(200).optional(),
      tls: TlsSettingInput.optional(),
      pool_size: z.number().int().min(1).max(100).optional(),
    })
    .strict(),
  z
    .object({
      ...providerBase,
      kind: z.literal('duckdb'),
      /** A DuckDB database file, opened read-only. */
      database: z.string().min(1).optional(),
      /** CSV, Parquet or JSON files or globs; each becomes a table. */
      files: z.array(z.string().min(1)).min(1).optional(),
    })
    .strict()
    .refine((value) => value.database !== undefined || value.files !== undefined, {
      message: 'a duckdb provider needs a database file or data files',
    }),
]);
export type ProviderConfigInput = z.infer<typeof ProviderConfigInput>;

/** A provider in listings: where it points (a path, or a URL with any password replaced by `***`). */
export const ProviderSummary = z.object({
  id: z.string(),
  kind: z.string(),
  description: z.string().optional(),
  target: z.string(),
});
export type ProviderSummary = z.infer<typeof ProviderSummary>;

export const ProviderListResponse = z.object({ providers: z.array(ProviderSummary) });
export type ProviderListResponse = z.infer<typeof ProviderListResponse>;

/** `POST /api/v1/providers` (201): the provider as listed and the number of tables found. */
export const ProviderCreatedResponse = z.object({
  provider: ProviderSummary,
  tables: z.number().int().min(0),
});
export type ProviderCreatedResponse = z.infer<typeof ProviderCreatedResponse>;

export const SchemaColumn = z.object({
  name: z.string(),
  /** Declared type as the database reports it. */
  type: z.string(),
  category: z.enum(['number', 'text', 'date', 'boolean', 'other']),
  nullable: z.boolean(),
  primary_key: z.boolean(),
  description: z.string().optional(),
  /** Up to 20 frequent values of a low-cardinality text column. */
  sample_values: z.array(z.string()).optional(),
});

export const SchemaTable = z.object({
  name: z.string(),
  kind: z.enum(['table', 'view']),
  columns: z.array(SchemaColumn),
  primary_key: z.array(z.string()),
  foreign_keys: z.array(
    z.object({
      columns: z.array(z.string()),
      referenced_table: z.string(),
      referenced_columns: z.array(z.string()),
    }),
  ),
  row_count: z.number().optional(),
  description: z.string().optional(),
});

/** `GET /api/v1/providers/:id/schema` and `POST …/schema/refresh`. */
export const SchemaResponse = z.object({
  provider_id: z.string(),
  dialect: z.string(),
  tables: z.array(SchemaTable),
});
export type SchemaResponse = z.infer<typeof SchemaResponse>;

/** `GET /health`: the process is up. */
export const HealthResponse = z.object({ status: z.literal('ok') });
export type HealthResponse = z.infer<typeof HealthResponse>;

/** `GET /ready` (200 when ready, 503 when not): the metadata store and every provider answer. */
export const ReadyResponse = z.object({
  status: z.enum(['ready', 'not_ready']),
  checks: z.object({ store: z.enum(['ok', 'failed']), providers: z.enum(['ok', 'failed']) }),
});
export type ReadyResponse = z.infer<typeof ReadyResponse>;
