import { Text2xError } from '../core/index.js';
import type { ConversationTurnContext } from '../generation/query-generator.js';
import type { Conversation, MetadataStore, NewTurn, Turn } from '../store/metadata-store.js';

/**
 * Opens the request's conversation, creating it when new (`created`: it has no turns yet, so there
 * is no history to read). A conversation belongs to one provider.
 */
export async function openConversation(
  store: MetadataStore,
  providerId: string,
  conversationId: string | undefined,
): Promise<{ conversation: Conversation; created: boolean }> {
  if (conversationId === undefined) {
    return { conversation: await store.createConversation({ providerId }), created: true };
  }
  const existing = await store.getConversation(conversationId);
  if (!existing) {
    return {
      conversation: await store.createConversation({ id: conversationId, providerId }),
      created: true,
    };
  }
  if (existing.providerId !== providerId) {
    throw new Text2xError(
      'INVALID_REQUEST',
      `conversation ${conversationId} belongs to provider "${existing.providerId}", not "${providerId}"`,
    );
  }
  return { conversation: existing, created: false };
}

function summarise(turn: Turn): string | undefined {
  if (!turn.execution) return undefined;
  if (!turn.execution.success) return 'the query failed when it ran';
  return `${turn.execution.rowCount} rows; columns: ${turn.execution.columns.join(', ')}`;
}

/** Earlier turns as generator context, oldest first. */
export function toHistory(turns: readonly Turn[]): ConversationTurnContext[] {
  return turns
    .filter((turn) => turn.status === 'result' || turn.status === 'clarification')
    .map((turn) => {
      const summary = summarise(turn);
      return {
        question: turn.question,
        query: turn.query,
        ...(summary === undefined ? {} : { resultSummary: summary }),
        ...(turn.clarification ? { clarificationQuestion: turn.clarification.question } : {}),
      };
    });
}

const ORDINALS = ['first', 'second', 'third', 'fourth'];

/**
 * When the previous turn asked the user to choose and the reply picks one of its options (by text,
 * number or ordinal), the question to answer is the original question with that choice made
 * explicit. Otherwise the reply stands as it is and the generator reads it against the history.
 */
export function resolveClarificationReply(turns: readonly Turn[], reply: string): string {
  const last = turns[turns.length - 1];
  if (!last || last.status !== 'clarification' || !last.clarification) return reply;
  const options = last.clarification.options;
  const text = reply
    .trim()
    .toLowerCase()
    .replace(/[.!]+$/, '');
  let chosen = options.find((option) => option.toLowerCase() === text);
  if (!chosen) {
    const number = /^(?:option\s*)?(\d)$/.exec(text)?.[1];
    const ordinal = ORDINALS.findIndex(
      (word) => text === word || text === `the ${word}` || text === `the ${word} one`,
    );
    const index = number !== undefined ? Number(number) - 1 : ordinal;
    if (index >= 0) chosen = options[index];
  }
  return chosen === undefined ? reply : `${last.question} (${chosen})`;
}

export function recordTurn(store: MetadataStore, turn: NewTurn): Promise<Turn> {
  return store.addTurn(turn);
}
