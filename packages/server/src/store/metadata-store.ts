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

/**
 * The metadata store: providers, conversations and turns (later: examples, feedback, keys).
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

  /** Releases the connection; calling it again does nothing. */
  close(): Promise<void>;
}
