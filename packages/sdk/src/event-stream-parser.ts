/** One Server-Sent Event. */
export interface ServerSentEvent {
  /** The `id:` field, when the event had one. */
  id: string | undefined;
  /** The `event:` field; `message` when absent. */
  event: string;
  /** The `data:` lines joined with newlines. */
  data: string;
}

/**
 * Parses a `text/event-stream` body (the WHATWG rules: `\n`, `\r\n` or `\r` line ends, `:`
 * comments, multi-line `data:`, a blank line dispatches). Works on any byte stream, so it runs in
 * browsers and Node alike without `EventSource` (which can send neither POST bodies nor headers).
 */
export async function* parseEventStream(
  body: AsyncIterable<Uint8Array> | ReadableStream<Uint8Array>,
): AsyncGenerator<ServerSentEvent, void, undefined> {
  const decoder = new TextDecoder();
  let buffer = '';
  let id: string | undefined;
  let event = '';
  let data: string[] = [];
  // Returns the events completed by the buffered text; `final` treats a trailing `\r` as a line end.
  const drain = (final: boolean): ServerSentEvent[] => {
    const events: ServerSentEvent[] = [];
    let start = 0;
    for (;;) {
      const end = lineEnd(buffer, start);
      if (end === -1) break;
      // A `\r` at the very end may be the first half of `\r\n`: wait for the next chunk.
      if (!final && buffer[end] === '\r' && end + 1 === buffer.length) break;
      const line = buffer.slice(start, end);
      start = end + (buffer[end] === '\r' && buffer[end + 1] === '\n' ? 2 : 1);
      if (line === '') {
        if (data.length > 0) events.push({ id, event: event || 'message', data: data.join('\n') });
        event = '';
        data = [];
        continue;
      }
      if (line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon === -1 ? line : line.slice(0, colon);
      let value = colon === -1 ? '' : line.slice(colon + 1);
      if (value.startsWith(' ')) value = value.slice(1);
      if (field === 'data') data.push(value);
      else if (field === 'event') event = value;
      else if (field === 'id' && !value.includes('\u0000')) id = value;
    }
    buffer = buffer.slice(start);
    return events;
  };
  for await (const chunk of iterate(body)) {
    buffer += decoder.decode(chunk, { stream: true });
    yield* drain(false);
  }
  buffer += decoder.decode();
  yield* drain(true);
}

function lineEnd(text: string, from: number): number {
  for (let index = from; index < text.length; index += 1) {
    const char = text.charCodeAt(index);
    if (char === 10 || char === 13) return index;
  }
  return -1;
}

async function* iterate(
  body: AsyncIterable<Uint8Array> | ReadableStream<Uint8Array>,
): AsyncGenerator<Uint8Array, void, undefined> {
  if (Symbol.asyncIterator in body) {
    yield* body as AsyncIterable<Uint8Array>;
    return;
  }
  // Browsers without async iteration of ReadableStream (Safari before 18).
  const reader = (body as ReadableStream<Uint8Array>).getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    reader.releaseLock();
  }
}
