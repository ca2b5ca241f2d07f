import type { ValidationIssue } from '@text2x/protocol';
import type { Dialect, SchemaInfo } from '../core/index.js';

/** An approved question → query example retrieved for the same data source. */
export interface RetrievedExample {
  question: string;
  query: string;
  /** Similarity to the current question in [0, 1]. */
  score: number;
}

/** An earlier turn of the same conversation, oldest first. */
export interface ConversationTurnContext {
  question: string;
  query: string | null;
  /** One line such as "42 rows; columns: country, orders". */
  resultSummary?: string;
  /** Set when the turn asked the user a question; the current question is then the reply. */
  clarificationQuestion?: string;
}

/** The previous iteration's draft and why it failed, fed into the next iteration. */
export interface PreviousAttempt {
  query: string;
  errors: ValidationIssue[];
  /** Execution error when validation passed but the query failed when it ran. */
  executionError?: string;
  confidence: number;
}

export interface GenerationInput {
  question: string;
  dialect: Dialect;
  dialectNotes: readonly string[];
  /** The retrieved part of the schema (most relevant tables first). */
  schema: SchemaInfo;
  /** The whole schema, for generators that do their own linking (the offline engine). */
  fullSchema: SchemaInfo;
  examples: RetrievedExample[];
  history: ConversationTurnContext[];
  /** 1-based iteration number. */
  iteration: number;
  previousAttempts: PreviousAttempt[];
  signal: AbortSignal;
}

/** Model tokens used by one generation. */
export interface TokenUsage {
  inputTokens: number;
  outputTokens: number;
}

/** Debugging detail for trace level `full`. */
export interface GenerationDebug {
  prompt?: string;
  rawOutput?: string;
  notes?: string[];
}

export type GenerationOutcome =
  | {
      kind: 'query';
      query: string;
      explanation: string;
      /** In [0, 1]: how sure the generator is that the query answers the question. */
      confidence: number;
      assumptions: string[];
      usage?: TokenUsage;
      debug?: GenerationDebug;
    }
  | {
      kind: 'clarification';
      question: string;
      /** 2–4 concrete choices where they exist. */
      options: string[];
      /** Best guess so far, if any. */
      query: string | null;
      confidence: number;
      usage?: TokenUsage;
      debug?: GenerationDebug;
    }
  | {
      kind: 'cannot_answer';
      reason: string;
      usage?: TokenUsage;
      debug?: GenerationDebug;
    };

/** Turns a question into a query. Implementations: the LLM generator and the offline engine. */
export interface QueryGenerator {
  /** `offline`, `openai:gpt-4.1-mini`, … */
  readonly name: string;
  /**
   * Returns an outcome for expected results (including "cannot answer"); throws only for faults
   * (network, invalid model output after a retry, abort), which the pipeline may fall back from.
   */
  generate(input: GenerationInput): Promise<GenerationOutcome>;
}
