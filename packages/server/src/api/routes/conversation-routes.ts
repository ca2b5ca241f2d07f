import {
  ConversationResponse,
  ErrorResponse,
  FeedbackRequest,
  FeedbackResponse,
  IdParams,
  TurnListResponse,
  type Feedback,
  type TurnRecord,
} from '@text2x/protocol';
import { Text2xError } from '../../core/index.js';
import type { Conversation, FeedbackRecord, MetadataStore, Turn } from '../../store/index.js';
import type { ApiFastify } from './route-context.js';

export function toFeedbackResponse(feedback: FeedbackRecord): Feedback {
  return {
    id: feedback.id,
    turn_id: feedback.turnId,
    rating: feedback.rating,
    comment: feedback.comment,
    corrected_query: feedback.correctedQuery,
    created_at: feedback.createdAt,
  };
}

export function toTurnRecord(turn: Turn, feedback: FeedbackRecord[]): TurnRecord {
  return {
    id: turn.id,
    conversation_id: turn.conversationId,
    index: turn.index,
    question: turn.question,
    status: turn.status,
    query: turn.query,
    confidence: turn.confidence,
    validation_status: turn.validationStatus,
    clarification: turn.clarification,
    execution:
      turn.execution === null
        ? null
        : {
            success: turn.execution.success,
            row_count: turn.execution.rowCount,
            columns: turn.execution.columns,
            execution_time_ms: turn.execution.executionTimeMs,
          },
    error_code: turn.errorCode,
    timings: turn.timings,
    generator: turn.generator,
    created_at: turn.createdAt,
    feedback: feedback.filter((item) => item.turnId === turn.id).map(toFeedbackResponse),
  };
}

async function conversationOrThrow(store: MetadataStore, id: string): Promise<Conversation> {
  const conversation = await store.getConversation(id);
  if (!conversation) throw new Text2xError('CONVERSATION_NOT_FOUND', undefined, { details: { id } });
  return conversation;
}

const limited = { text2x: { limit: 'request' as const } };

/** Conversations, their turns and feedback on a turn. */
export function registerConversationRoutes(fastify: ApiFastify, store: MetadataStore): void {
  fastify.get(
    '/api/v1/conversations/:id',
    {
      config: limited,
      schema: {
        tags: ['conversations'],
        summary: 'A conversation: its data source, creation time and number of turns',
        params: IdParams,
        response: { 200: ConversationResponse, '4xx': ErrorResponse },
      },
    },
    async (request) => {
      const conversation = await conversationOrThrow(store, request.params.id);
      const turns = await store.listTurns(conversation.id);
      return {
        id: conversation.id,
        provider_id: conversation.providerId,
        created_at: conversation.createdAt,
        turn_count: turns.length,
        last_turn_at: turns[turns.length - 1]?.createdAt ?? null,
      } satisfies ConversationResponse;
    },
  );

  fastify.get(
    '/api/v1/conversations/:id/turns',
    {
      config: limited,
      schema: {
        tags: ['conversations'],
        summary: 'The turns of a conversation, oldest first, each with its feedback',
        params: IdParams,
        response: { 200: TurnListResponse, '4xx': ErrorResponse },
      },
    },
    async (request) => {
      const conversation = await conversationOrThrow(store, request.params.id);
      const [turns, feedback] = await Promise.all([
        store.listTurns(conversation.id),
        store.listFeedback(conversation.id),
      ]);
      return {
        conversation_id: conversation.id,
        turns: turns.map((turn) => toTurnRecord(turn, feedback)),
      } satisfies TurnListResponse;
    },
  );

  fastify.post(
    '/api/v1/conversations/:id/feedback',
    {
      config: limited,
      schema: {
        tags: ['conversations'],
        summary: 'Rate a turn (up or down), optionally with a comment and a corrected query',
        description:
          'Rates `turn_id`, or the latest turn when it is absent. The feedback is stored with the turn.',
        params: IdParams,
        body: FeedbackRequest,
        response: { 201: FeedbackResponse, '4xx': ErrorResponse },
      },
    },
    async (request, reply) => {
      const conversation = await conversationOrThrow(store, request.params.id);
      const turns = await store.listTurns(conversation.id);
      const wanted = request.body.turn_id;
      const turn = wanted === undefined ? turns[turns.length - 1] : turns.find((item) => item.id === wanted);
      if (!turn) {
        throw new Text2xError(
          'NOT_FOUND',
          wanted === undefined
            ? 'The conversation has no turns to rate.'
            : 'The conversation has no turn with that id.',
          {
            details: {
              conversation_id: conversation.id,
              ...(wanted === undefined ? {} : { turn_id: wanted }),
            },
          },
        );
      }
      const feedback = await store.addFeedback({
        turnId: turn.id,
        rating: request.body.rating,
        comment: request.body.comment ?? null,
        correctedQuery: request.body.corrected_query ?? null,
      });
      return reply.code(201).send({ feedback: toFeedbackResponse(feedback) } satisfies FeedbackResponse);
    },
  );
}
