/**
 * Row shapes of the SQLite metadata database, as Kysely sees them. Column names are snake_case;
 * the store maps them to the camelCase contract types. JSON columns hold `JSON.stringify` text.
 */
export interface SqliteMetadataTables {
  providers: ProvidersTable;
  conversations: ConversationsTable;
  turns: TurnsTable;
  api_keys: ApiKeysTable;
  feedback: FeedbackTable;
}

export interface ProvidersTable {
  id: string;
  /** `ProviderConfig.kind`. */
  kind: string;
  /** JSON object: the kind-specific fields of `ProviderConfig` (everything except id, kind, description). */
  config: string;
  description: string | null;
  /** ISO-8601 time the provider was added. */
  created_at: string;
}

export interface ConversationsTable {
  id: string;
  /** Not a foreign key: removing a provider keeps its conversation history. */
  provider_id: string;
  /** ISO-8601. */
  created_at: string;
}

export interface TurnsTable {
  id: string;
  conversation_id: string;
  /** 1, 2, 3 … within the conversation; unique together with conversation_id. */
  turn_index: number;
  question: string;
  status: string;
  query: string | null;
  confidence: number | null;
  validation_status: string | null;
  /** JSON or NULL. */
  clarification: string | null;
  /** JSON or NULL. */
  execution: string | null;
  error_code: string | null;
  /** JSON object, never NULL. */
  timings: string;
  generator: string | null;
  /** ISO-8601. */
  created_at: string;
}

export interface ApiKeysTable {
  id: string;
  name: string;
  /** SHA-256 of the whole key, lowercase hex; unique. */
  hash: string;
  /** The key's first characters (`t2x_` + 8), shown in listings. */
  prefix: string;
  /** ISO-8601. */
  created_at: string;
  /** ISO-8601, or NULL while the key is valid. */
  revoked_at: string | null;
  /** ISO-8601 of the latest authenticated request, or NULL. */
  last_used_at: string | null;
}

export interface FeedbackTable {
  id: string;
  /** References turns.id (ON DELETE CASCADE). */
  turn_id: string;
  /** `up` or `down` (CHECK constraint). */
  rating: string;
  comment: string | null;
  corrected_query: string | null;
  /** ISO-8601. */
  created_at: string;
}
