import { isTerminal, type QueryRequestInput, type ServerMessage } from '@text2x/protocol';
import { Text2xClientError } from './client-error.js';
import { parseEventStream } from './event-stream-parser.js';
import type { HttpClient } from './http-client.js';
import { reconnectDelay, type ReconnectPolicy } from './reconnect-policy.js';
import { classifyValue } from './server-message.js';

export interface SseStreamOptions {
  http: HttpClient;
  request: QueryRequestInput & { request_id: string };
  reconnect: ReconnectPolicy;
  /** Aborting asks the server to cancel; the stream then ends with the server's `cancelled`. */
  signal: AbortSignal | undefined;
  /** After a cancel, how long to wait for the terminal message before failing with `CANCELLED` (ms). */
  cancelTimeoutMs: number;
  /** Asks the server to cancel the run (SSE has no way back to the server; the WebSocket does). */
  cancel: (requestId: string) => void;
  /** Called once when the stream ends, however it ends. */
  onEnd?: () => void;
}

/**
 * Streams one request over Server-Sent Events (`POST /api/v1/query/stream`). After a dropped
 * response it posts the same request again with `Last-Event-ID: <last seq>`, which resumes the
 * run instead of starting a new one; seqs already delivered are dropped, so every seq is yielded
 * exactly once and in order.
 */
export async function* streamOverSse(
  options: SseStreamOptions,
): AsyncGenerator<ServerMessage, void, undefined> {
  const { http, request, reconnect, signal } = options;
  const requestId = request.request_id;
  // Aborts the HTTP response: when the consumer stops, or when a cancel got no answer in time.
  const local = new AbortController();
  let cancelTimer: ReturnType<typeof setTimeout> | undefined;
  let cancelSent = false;
  const cancelled = (): Text2xClientError => new Text2xClientError('CANCELLED', 'the request was cancelled');
  const onAbort = (): void => {
    if (cancelSent) return;
    cancelSent = true;
    options.cancel(requestId);
    cancelTimer = setTimeout(() => local.abort(), options.cancelTimeoutMs);
  };
  let lastSeq = 0;
  let attempt = 0;
  let finished = false;
  /** The server accepted the request: from here on, stopping early must cancel the run. */
  let accepted = false;
  if (signal?.aborted) {
    options.onEnd?.();
    throw cancelled();
  }
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    for (;;) {
      let response: Response;
      try {
        response = await http.send({
          method: 'POST',
          path: '/api/v1/query/stream',
          body: request,
          headers: {
            accept: 'text/event-stream',
            ...(lastSeq > 0 ? { 'last-event-id': String(lastSeq) } : {}),
          },
          signal: local.signal,
        });
      } catch (error) {
        if (local.signal.aborted || signal?.aborted) throw cancelled();
        if (!(error instanceof Text2xClientError) || error.code !== 'CONNECTION_FAILED') throw error;
        attempt = await backoff(attempt, reconnect, error, local.signal);
        continue;
      }
      accepted = true;
      if (!response.body) {
        throw new Text2xClientError('INVALID_SERVER_MESSAGE', 'the event stream has no body', {
          status: response.status,
        });
      }
      try {
        for await (const event of parseEventStream(response.body)) {
          const frame = classifyValue(parseJson(event.data));
          if (frame.kind === 'pong') continue;
          if (frame.kind === 'invalid') {
            throw new Text2xClientError(
              'INVALID_SERVER_MESSAGE',
              `invalid event from the server: ${frame.reason}`,
              {
                details: { reason: frame.reason },
              },
            );
          }
          const seq = frame.kind === 'unknown' ? frame.seq : frame.message.seq;
          if (frame.kind === 'message' && seq === 0) {
            // A stream that cannot continue (seq 0 error, no `id:`): it is the request's last word.
            if (frame.message.type !== 'error') continue;
            finished = true;
            yield frame.message;
            return;
          }
          if (seq <= lastSeq) continue;
          if (seq !== lastSeq + 1) break; // a gap: reconnect and ask again from lastSeq
          lastSeq = seq;
          attempt = 0;
          if (frame.kind === 'unknown') continue;
          if (isTerminal(frame.message)) finished = true;
          yield frame.message;
          if (finished) return;
        }
      } catch (error) {
        if (error instanceof Text2xClientError) throw error;
        if (local.signal.aborted) throw cancelled();
        // The body broke off (network); reconnect below.
      }
      if (local.signal.aborted) throw cancelled();
      attempt = await backoff(
        attempt,
        reconnect,
        new Text2xClientError('CONNECTION_FAILED', 'the event stream ended before the terminal message'),
        local.signal,
      );
    }
  } finally {
    signal?.removeEventListener('abort', onAbort);
    if (cancelTimer !== undefined) clearTimeout(cancelTimer);
    // The consumer stopped early or the stream failed: do not leave the run going on the server.
    if (accepted && !finished && !cancelSent) options.cancel(requestId);
    local.abort();
    options.onEnd?.();
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Waits before the next attempt; throws `lastError` once the attempts are used up. */
async function backoff(
  attempt: number,
  policy: ReconnectPolicy,
  lastError: Text2xClientError,
  signal: AbortSignal,
): Promise<number> {
  const next = attempt + 1;
  if (next > policy.attempts) throw lastError;
  await new Promise<void>((resolve) => {
    const timer = setTimeout(done, reconnectDelay(next, policy));
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
  if (signal.aborted) throw new Text2xClientError('CANCELLED', 'the request was cancelled');
  return next;
}
