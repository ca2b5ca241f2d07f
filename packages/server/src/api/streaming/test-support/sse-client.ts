/** One Server-Sent Event as received; `comment` holds `:` lines (keep-alives). */
export interface SseEvent {
  id: string | undefined;
  event: string | undefined;
  data: string;
  comments: string[];
}

export interface SseResponse {
  status: number;
  headers: Headers;
  /** The events, as they arrive; ends when the server ends the response or `abort()` is called. */
  events: AsyncGenerator<SseEvent, void, undefined>;
  /** The JSON body of a response that is not an event stream. */
  json(): Promise<unknown>;
  abort(): void;
}

/** A minimal SSE client over `fetch` (no reconnection: the tests do that by hand). */
export async function openSse(
  url: string,
  init: { method?: 'GET' | 'POST'; body?: unknown; headers?: Record<string, string> } = {},
): Promise<SseResponse> {
  const controller = new AbortController();
  const response = await fetch(url, {
    method: init.method ?? 'POST',
    headers: {
      accept: 'text/event-stream',
      ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...init.headers,
    },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    signal: controller.signal,
  });
  async function* events(): AsyncGenerator<SseEvent, void, undefined> {
    if (!response.body) return;
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      const reader = (response.body as ReadableStream<Uint8Array>).getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        buffer += decoder.decode(value, { stream: true });
        for (;;) {
          const end = buffer.indexOf('\n\n');
          if (end < 0) break;
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event: SseEvent = { id: undefined, event: undefined, data: '', comments: [] };
          const data: string[] = [];
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) event.comments.push(line.slice(1).trim());
            else if (line.startsWith('id: ')) event.id = line.slice(4);
            else if (line.startsWith('event: ')) event.event = line.slice(7);
            else if (line.startsWith('data: ')) data.push(line.slice(6));
          }
          event.data = data.join('\n');
          yield event;
        }
      }
    } catch (error) {
      if (!controller.signal.aborted) throw error;
    }
  }
  return {
    status: response.status,
    headers: response.headers,
    events: events(),
    json: (): Promise<unknown> => response.json(),
    abort: () => controller.abort(),
  };
}
