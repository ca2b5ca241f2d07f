import type { ProviderConfig } from '../providers/provider.js';

/** A conversation: a sequence of turns against one provider. */
export interface Conversation {
  id: string;
  providerId: string;
  /** ISO-8601 time of creation. */
  createdAt: string;
}

/** How a turn ended. */
export type TurnStatus = 'result' | 'clarification' | 'error' | 'cancelled';

/** One question and what text2x did with it. */
export interface Turn {
  id: string;
  conversationId: string;
  /** 1, 2, 3 … within the conversation. */
  index: number;
  question: string;
  status: TurnStatus;
  /** The final query, or the best draft for a clarification; null when none was produced. */
  query: string | null;
  confidence: number | null;
  validationStatus: 'passed' | 'failed' | null;
  /** Set for a clarification turn. */
  clarification: { question: string; options: string[] } | null;
  /** Short summary of the execution; null when not executed. */
  execution: { success: boolean; rowCount: number; columns: string[]; executionTimeMs: number } | null;
  /** Error code when status is `error`. */
  errorCode: string | null;
  /** Milliseconds per stage. */
  timings: Record<string, number>;
  /** Which generator wrote the query. */
  generator: string | null;
  createdAt: string;
}

export type NewTurn = Omit<Turn, 'id' | 'index' | 'createdAt'>;

/** An API key as stored: never the key itself, only its SHA-256 hash and a display prefix. */
export interface ApiKeyRecord {
  id: string;
  /** Who or what the key is for, e.g. `ci` or `web-ui`. */
  name: string;
  /** The key's first characters (`t2x_` + 8), for telling keys apart in listings. */
  prefix: string;
  /** ISO-8601 time of creation. */
  createdAt: string;
  /** ISO-8601 time of revocation; null while the key is valid. */
  revokedAt: string | null;
  /** ISO-8601 time of the latest authenticated request with the key; null when never used. */
  lastUsedAt: string | null;
}

/** What `createApiKey` stores; the caller generates the key and hashes it. */
export interface NewApiKey {
  name: string;
  /** SHA-256 of the whole key, lowercase hex. Unique: a second key with the same hash is refused. */
  hash: string;
  prefix: string;
}

/** A person's rating of one turn. */
export interface FeedbackRecord {
  id: string;
  turnId: string;
  rating: 'up' | 'down';
  comment: string | null;
  /** The query the person says would have been right. */
  correctedQuery: string | null;
  /** ISO-8601. */
  createdAt: string;
}

export interface NewFeedback {
  turnId: string;
  rating: 'up' | 'down';
  /** Default null. */
  comment?: string | null;
  /** Default null. */
  correctedQuery?: string | null;
}

/**
 * The metadata store: providers, conversations and turns, API keys and feedback (later: examples).
 * Implementations: embedded SQLite (default) and, later, PostgreSQL; both run one contract suite.
 */
export interface MetadataStore {
  listProviders(): Promise<ProviderConfig[]>;
  getProvider(id: string): Promise<ProviderConfig | undefined>;
  /** Throws Text2xError PROVIDER_EXISTS when the id is taken. */
  addProvider(config: ProviderConfig): Promise<void>;
  /** Returns false when no provider had that id. */
  removeProvider(id: string): Promise<boolean>;

  /**
   * Creates a conversation; `id` is generated when absent (`crypto.randomUUID()`). A taken `id`
   * throws Text2xError INVALID_REQUEST. `providerId` is not checked against the providers.
   */
  createConversation(input: { id?: string; providerId: string }): Promise<Conversation>;
  getConversation(id: string): Promise<Conversation | undefined>;
  /**
   * Appends a turn and assigns its id, its index (previous highest index + 1, atomically) and
   * `createdAt`. Throws Text2xError CONVERSATION_NOT_FOUND when the conversation does not exist.
   */
  addTurn(turn: NewTurn): Promise<Turn>;
  /**
   * Turns oldest first; `limit` keeps the most recent ones (0 gives none; a negative or fractional
   * limit throws INVALID_REQUEST). An unknown conversation has no turns.
   */
  listTurns(conversationId: string, limit?: number): Promise<Turn[]>;

  /**
   * Stores a new API key (id and `createdAt` assigned here). A hash that is already stored throws
   * Text2xError INVALID_REQUEST.
   */
  createApiKey(key: NewApiKey): Promise<ApiKeyRecord>;
  /** Every key, revoked ones included, oldest first. */
  listApiKeys(): Promise<ApiKeyRecord[]>;
  /** The key with this hash, revoked or not (the caller decides); undefined when none. */
  findApiKeyByHash(hash: string): Promise<ApiKeyRecord | undefined>;
  /**
   * Revokes a key. Returns false when no key has that id; revoking a revoked key keeps the first
   * revocation time and returns true.
   */
  revokeApiKey(id: string): Promise<boolean>;
  /** Records a use of the key at `at` (ISO-8601, default now). An unknown id does nothing. */
  markApiKeyUsed(id: string, at?: string): Promise<void>;
  /** Number of keys: `total` counts revoked keys too, `active` only valid ones. */
  countApiKeys(): Promise<{ total: number; active: number }>;

  /** Stores feedback on a turn. Throws Text2xError NOT_FOUND when the turn does not exist. */
  addFeedback(feedback: NewFeedback): Promise<FeedbackRecord>;
  /** Feedback on every turn of a conversation, oldest first; none for an unknown conversation. */
  listFeedback(conversationId: string): Promise<FeedbackRecord[]>;

  /** Releases the connection; calling it again does nothing. */
  close(): Promise<void>;
}
