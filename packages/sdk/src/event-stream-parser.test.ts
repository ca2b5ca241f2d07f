import { describe, expect, it } from 'vitest';
import { parseEventStream, type ServerSentEvent } from './event-stream-parser.js';

/** A byte stream that delivers each chunk separately, as a network might split it. */
function streamOf(chunks: Uint8Array[]): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(chunk);
      controller.close();
    },
  });
}

async function parse(chunks: string[]): Promise<ServerSentEvent[]> {
  const encoder = new TextEncoder();
  const events: ServerSentEvent[] = [];
  for await (const event of parseEventStream(streamOf(chunks.map((chunk) => encoder.encode(chunk))))) {
    events.push(event);
  }
  return events;
}

describe('parseEventStream', () => {
  it('reads id, event and data fields and skips comments', async () => {
    expect(await parse([': hi\n\nid: 1\nevent: progress\ndata: {"a":1}\n\n'])).toEqual([
      { id: '1', event: 'progress', data: '{"a":1}' },
    ]);
  });

  it('joins multi-line data and defaults the event name to message', async () => {
    expect(await parse(['data: one\ndata: two\n\n'])).toEqual([
      { id: undefined, event: 'message', data: 'one\ntwo' },
    ]);
  });

  it('handles CRLF and CR line ends split across chunks', async () => {
    expect(await parse(['id: 7\r', '\ndata: x\r\n', '\r', '\ndata:y\r\r'])).toEqual([
      { id: '7', event: 'message', data: 'x' },
      { id: '7', event: 'message', data: 'y' },
    ]);
  });

  it('decodes a multi-byte character split between chunks', async () => {
    const bytes = new TextEncoder().encode('data: é\n\n');
    const events: ServerSentEvent[] = [];
    for await (const event of parseEventStream(streamOf([bytes.slice(0, 7), bytes.slice(7)])))
      events.push(event);
    expect(events).toEqual([{ id: undefined, event: 'message', data: 'é' }]);
  });

  it('drops an event that is not terminated by a blank line', async () => {
    expect(await parse(['data: complete\n\ndata: partial\n'])).toHaveLength(1);
  });
});
