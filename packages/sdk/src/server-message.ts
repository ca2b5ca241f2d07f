import { ServerMessage, WireMessage } from '@text2x/protocol';

/** Parses and validates one server message (JSON text or an object). Throws a ZodError when invalid. */
export function parseServerMessage(input: unknown): ServerMessage {
  const value: unknown = typeof input === 'string' ? JSON.parse(input) : input;
  return ServerMessage.parse(value);
}

/** What one incoming frame turned out to be. */
export type IncomingFrame =
  | { kind: 'message'; message: ServerMessage }
  | { kind: 'pong' }
  /**
   * A message type this client does not know (a newer server) with a valid envelope: it is
   * skipped, but its seq still counts so the request's sequence stays gap-free.
   */
  | { kind: 'unknown'; requestId: string; seq: number; type: string }
  /** Not a protocol message; `requestId` is set when the frame names a request. */
  | { kind: 'invalid'; requestId: string | undefined; reason: string };

const KNOWN_TYPES = new Set(['progress', 'result', 'clarification', 'error', 'cancelled', 'rows', 'pong']);

/** Classifies one frame's text without throwing. */
export function classifyFrame(text: string): IncomingFrame {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { kind: 'invalid', requestId: undefined, reason: 'the frame is not JSON' };
  }
  return classifyValue(value);
}

/** Classifies one parsed JSON value without throwing. */
export function classifyValue(value: unknown): IncomingFrame {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { kind: 'invalid', requestId: undefined, reason: 'the message is not a JSON object' };
  }
  const envelope = value as { type?: unknown; request_id?: unknown; seq?: unknown; v?: unknown };
  const requestId =
    typeof envelope.request_id === 'string' && envelope.request_id !== '' ? envelope.request_id : undefined;
  if (typeof envelope.type === 'string' && !KNOWN_TYPES.has(envelope.type)) {
    if (
      requestId !== undefined &&
      envelope.v === 1 &&
      typeof envelope.seq === 'number' &&
      Number.isInteger(envelope.seq) &&
      envelope.seq >= 0
    ) {
      return { kind: 'unknown', requestId, seq: envelope.seq, type: envelope.type };
    }
    return { kind: 'invalid', requestId, reason: `unknown message type ${JSON.stringify(envelope.type)}` };
  }
  const parsed = WireMessage.safeParse(value);
  if (!parsed.success) {
    const reason = parsed.error.issues
      .slice(0, 5)
      .map((issue) => `${issue.path.join('.') || 'message'}: ${issue.message}`)
      .join('; ');
    return { kind: 'invalid', requestId, reason };
  }
  if (parsed.data.type === 'pong') return { kind: 'pong' };
  return { kind: 'message', message: parsed.data };
}
