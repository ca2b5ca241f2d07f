import { z } from 'zod';
import { QueryRequest } from './query-request.js';

/**
 * Client → server messages on the WebSocket. A frame without `type` is a query, so the seed
 * client (`{provider_id, query, options}`) works unchanged.
 */
export const QueryClientMessage = QueryRequest.extend({ type: z.literal('query').optional() }).strict();
export type QueryClientMessage = z.infer<typeof QueryClientMessage>;

/** Cancel a running request; the run ends with `cancelled`. */
export const CancelClientMessage = z
  .object({ type: z.literal('cancel'), request_id: z.string().min(1).max(100) })
  .strict();
export type CancelClientMessage = z.infer<typeof CancelClientMessage>;

/**
 * Replay every message of a request after `last_seq` (0 = from the start), then continue live.
 * Works for 5 minutes after the request's terminal message, and on any server node when the event
 * log is in Redis.
 */
export const ResumeClientMessage = z
  .object({
    type: z.literal('resume'),
    request_id: z.string().min(1).max(100),
    last_seq: z.number().int().min(0),
  })
  .strict();
export type ResumeClientMessage = z.infer<typeof ResumeClientMessage>;

/** Application-level ping; the server answers `pong` (seq 0). */
export const PingClientMessage = z
  .object({ type: z.literal('ping'), id: z.string().max(100).optional() })
  .strict();
export type PingClientMessage = z.infer<typeof PingClientMessage>;

export const CLIENT_MESSAGE_TYPES = ['query', 'cancel', 'resume', 'ping'] as const;
export type ClientMessageType = (typeof CLIENT_MESSAGE_TYPES)[number];
export type ClientMessage =
  QueryClientMessage | CancelClientMessage | ResumeClientMessage | PingClientMessage;

/**
 * Parses one client frame's JSON value. Returns the message or a reason suitable for an
 * `INVALID_REQUEST` error (unknown type, wrong field types).
 */
export function parseClientMessage(
  value: unknown,
): { ok: true; message: ClientMessage } | { ok: false; reason: string } {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, reason: 'a message must be a JSON object' };
  }
  const type = (value as { type?: unknown }).type ?? 'query';
  const schema =
    type === 'query'
      ? QueryClientMessage
      : type === 'cancel'
        ? CancelClientMessage
        : type === 'resume'
          ? ResumeClientMessage
          : type === 'ping'
            ? PingClientMessage
            : undefined;
  if (!schema)
    return {
      ok: false,
      reason: `unknown message type ${JSON.stringify(type)}; expected one of ${CLIENT_MESSAGE_TYPES.join(', ')}`,
    };
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    return {
      ok: false,
      reason: parsed.error.issues
        .slice(0, 5)
        .map((issue) => `${issue.path.join('.') || String(type as string)}: ${issue.message}`)
        .join('; '),
    };
  }
  return { ok: true, message: parsed.data };
}
