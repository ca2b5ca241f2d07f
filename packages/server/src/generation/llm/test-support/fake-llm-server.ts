import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the fake server received. */
export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: Record<string, unknown>;
}

/** What the fake replies to the next request: the model's text, an HTTP error, or no reply at all. */
export type FakeReply =
  | { text: string; inputTokens?: number; outputTokens?: number }
  | { status: number; body: unknown; headers?: Record<string, string> }
  | { hang: true };

export interface FakeLlmServer {
  /** `http://127.0.0.1:<port>` */
  url: string;
  requests: RecordedRequest[];
  /** Queues replies, used in order; when the queue is empty the server answers 500. */
  reply(...replies: FakeReply[]): void;
  close(): Promise<void>;
}

function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  response.writeHead(status, { 'content-type': 'application/json', ...headers });
  response.end(JSON.stringify(body));
}

/** The response body each API would send for a model reply `text`. */
function successBody(
  path: string,
  request: Record<string, unknown>,
  reply: { text: string; inputTokens?: number; outputTokens?: number },
): unknown {
  const input = reply.inputTokens ?? 321;
  const output = reply.outputTokens ?? 45;
  const model = typeof request.model === 'string' ? request.model : 'fake';
  if (path.endsWith('/chat/completions')) {
    return {
      id: 'chatcmpl-fake',
      object: 'chat.completion',
      created: 1_760_000_000,
      model,
      choices: [{ index: 0, message: { role: 'assistant', content: reply.text }, finish_reason: 'stop' }],
      usage: { prompt_tokens: input, completion_tokens: output, total_tokens: input + output },
    };
  }
  if (path.endsWith('/messages')) {
    // Anthropic: native structured output answers in text; the fallback is a forced `json` tool call.
    const tools = Array.isArray(request.tools) ? (request.tools as Array<{ name?: string }>) : [];
    const viaTool = tools.some((tool) => tool.name === 'json');
    return {
      id: 'msg_fake',
      type: 'message',
      role: 'assistant',
      model,
      content: viaTool
        ? [{ type: 'tool_use', id: 'toolu_fake', name: 'json', input: JSON.parse(reply.text) as unknown }]
        : [{ type: 'text', text: reply.text }],
      stop_reason: viaTool ? 'tool_use' : 'end_turn',
      stop_sequence: null,
      usage: { input_tokens: input, output_tokens: output },
    };
  }
  if (path.endsWith('/api/chat')) {
    return {
      model,
      created_at: new Date(0).toISOString(),
      done: true,
      done_reason: 'stop',
      message: { role: 'assistant', content: reply.text },
      prompt_eval_count: input,
      eval_count: output,
    };
  }
  return { error: `the fake does not know ${path}` };
}

/**
 * A local stand-in for the OpenAI chat-completions, Anthropic messages and Ollama chat APIs, so
 * the real provider packages are exercised over a real socket without the internet.
 */
export async function startFakeLlmServer(): Promise<FakeLlmServer> {
  const requests: RecordedRequest[] = [];
  const queue: FakeReply[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const body = (raw ? JSON.parse(raw) : {}) as Record<string, unknown>;
      const path = request.url ?? '/';
      requests.push({ method: request.method ?? 'GET', path, headers: request.headers, body });
      const next = queue.shift();
      if (next === undefined) return sendJson(response, 500, { error: { message: 'no reply queued' } });
      if ('hang' in next) return; // never answers; the client has to abort
      if ('status' in next) return sendJson(response, next.status, next.body, next.headers);
      return sendJson(response, 200, successBody(path, body, next));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    reply: (...replies) => queue.push(...replies),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
