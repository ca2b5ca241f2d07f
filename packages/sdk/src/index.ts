/**
 * Typed client for text2x. The server issue fills in REST, WebSocket and SSE; for now the SDK
 * re-exports the protocol types and validates server messages, so applications can already parse
 * what the CLI prints with `--json`.
 */
import { ServerMessage } from '@text2x/protocol';

export * from '@text2x/protocol';

/** Parses and validates one server message (JSON text or an object). Throws a ZodError when invalid. */
export function parseServerMessage(input: unknown): ServerMessage {
  const value: unknown = typeof input === 'string' ? JSON.parse(input) : input;
  return ServerMessage.parse(value);
}
