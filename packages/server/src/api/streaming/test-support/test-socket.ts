import { isTerminal, WireMessage, type ServerMessage } from '@text2x/protocol';
import WebSocket from 'ws';

/** A received frame: the parsed message (validated against the protocol schema) and its raw text. */
export type Received = WireMessage & { raw: string };

interface Waiter {
  predicate: (message: Received) => boolean;
  resolve: (message: Received) => void;
}

/**
 * A real `ws` client that records every message and lets a test wait for one. Messages that do
 * not match the protocol schema fail the wait with the offending text.
 */
export class TestSocket {
  readonly messages: Received[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  readonly invalid: string[] = [];
  private waiters: Waiter[] = [];

  private constructor(readonly socket: WebSocket) {
    this.closed = new Promise((resolve) => {
      socket.on('close', (code, reason) => {
        resolve({ code, reason: reason.toString() });
      });
    });
    socket.on('error', () => undefined);
    socket.on('message', (data) => {
      const text = (data as Buffer).toString('utf8');
      const parsed = WireMessage.safeParse(JSON.parse(text));
      if (!parsed.success) {
        this.invalid.push(text);
        return;
      }
      const message = { ...parsed.data, raw: text } as Received;
      this.messages.push(message);
      const ready = this.waiters.filter((waiter) => waiter.predicate(message));
      this.waiters = this.waiters.filter((waiter) => !ready.includes(waiter));
      for (const waiter of ready) waiter.resolve(message);
    });
  }

  static open(url: string, options: WebSocket.ClientOptions = {}): Promise<TestSocket> {
    const socket = new WebSocket(url, options);
    return new Promise((resolve, reject) => {
      socket.once('open', () => resolve(new TestSocket(socket)));
      socket.once('error', reject);
      socket.once('unexpected-response', (_request, response) =>
        reject(new Error(`unexpected response ${response.statusCode}`)),
      );
    });
  }

  send(value: unknown): void {
    this.socket.send(typeof value === 'string' || Buffer.isBuffer(value) ? value : JSON.stringify(value));
  }

  /** The first message (already received or future) that matches. */
  waitFor(predicate: (message: Received) => boolean, timeoutMs = 15_000): Promise<Received> {
    const found = this.messages.find(predicate);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((waiter) => waiter.resolve !== done);
        reject(new Error(`no matching message within ${timeoutMs} ms; got ${this.messages.length}`));
      }, timeoutMs);
      const done = (message: Received): void => {
        clearTimeout(timer);
        resolve(message);
      };
      this.waiters.push({ predicate, resolve: done });
    });
  }

  /** Waits for the request's terminal message and returns all of its messages with seq > 0, in arrival order. */
  async untilTerminal(requestId: string, timeoutMs = 20_000): Promise<ServerMessage[]> {
    await this.waitFor(
      (message) =>
        message.request_id === requestId &&
        message.type !== 'pong' &&
        (message.type === 'error' || isTerminal(message)),
      timeoutMs,
    );
    return this.of(requestId);
  }

  /** Messages of one request with seq > 0. */
  of(requestId: string): ServerMessage[] {
    return this.messages.filter(
      (message): message is Received & ServerMessage =>
        message.request_id === requestId && message.type !== 'pong' && message.seq > 0,
    );
  }

  close(): Promise<{ code: number; reason: string }> {
    this.socket.close();
    return this.closed;
  }

  terminate(): Promise<{ code: number; reason: string }> {
    this.socket.terminate();
    return this.closed;
  }
}

/** Stages and types of a request's messages, e.g. `started, …, execution_complete, result`. */
export function stagesOf(messages: readonly ServerMessage[]): string[] {
  return messages.map((message) => (message.type === 'progress' ? message.data.stage : message.type));
}

/** Seqs 1…n in order, n = the number of messages. */
export function expectedSeqs(messages: readonly ServerMessage[]): number[] {
  return messages.map((_, index) => index + 1);
}
