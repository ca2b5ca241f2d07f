import type { ErrorCode, ErrorMessage } from '@text2x/protocol';
import { ERROR_TABLE } from '@text2x/protocol';
import { isTerminalType, type EventLogPage, type LoggedEvent } from './event-log.js';

/** Why a subscription ended. */
export type SubscriptionEnd =
  /** The terminal message was delivered (or the client already had it). */
  | 'complete'
  /** An `error` with seq 0 explaining why the stream cannot continue was delivered. */
  | 'failed'
  /** `detach()` was called. */
  | 'detached';

/** The receiving side of a subscription: one transport connection's view of one request. */
export interface RunListener {
  /**
   * Sends one message (seq order, no gap, no duplicate). Return a promise to apply backpressure:
   * the next message is not delivered, and the run does not pull more from the pipeline once this
   * subscriber lags too far, until it resolves.
   */
  deliver(event: LoggedEvent): void | Promise<void>;
  /** Called once when the subscription ends. */
  end?(reason: SubscriptionEnd): void;
}

/** Where a subscription reads from: a run on this node, or the event log alone. */
export interface SubscriptionSource {
  read(afterSeq: number): Promise<EventLogPage>;
  /** The subscription's cursor moved (the run may be waiting for its slowest subscriber). */
  advanced(): void;
  /** The subscription ended. */
  release(): void;
}

/** Builds an `error` message of the protocol. */
export function errorMessage(
  requestId: string,
  seq: number,
  code: ErrorCode,
  message: string,
  details?: Record<string, unknown>,
): ErrorMessage {
  return {
    v: 1,
    type: 'error',
    request_id: requestId,
    seq,
    data: {
      progress: 1,
      code,
      message,
      retryable: ERROR_TABLE[code].retryable,
      ...(details ? { details } : {}),
    },
  };
}

/** Turns a log page that cannot be replayed into the error the client receives (seq 0). */
export function pageError(requestId: string, page: EventLogPage, afterSeq: number): ErrorMessage | undefined {
  if (page.status === 'missing') {
    return errorMessage(
      requestId,
      0,
      'NOT_FOUND',
      `no request ${JSON.stringify(requestId)} is kept: it never existed for this client or its messages expired`,
    );
  }
  if (page.status === 'gone') {
    return errorMessage(
      requestId,
      0,
      'INVALID_REQUEST',
      `cannot resume after seq ${afterSeq}: messages ${page.firstSeq}–${page.lastSeq} (row batches) are no longer kept`,
      { first_missing_seq: page.firstSeq, last_missing_seq: page.lastSeq },
    );
  }
  if (afterSeq > page.lastSeq) {
    return errorMessage(
      requestId,
      0,
      'INVALID_REQUEST',
      `last_seq ${afterSeq} is after the request's last message (seq ${page.lastSeq})`,
      { last_seq: page.lastSeq },
    );
  }
  return undefined;
}

export function toLoggedEvent(message: ErrorMessage): LoggedEvent {
  return { seq: message.seq, type: message.type, json: JSON.stringify(message) };
}

/**
 * Delivers one request's messages to one listener: a replay from the log, then live, by seq. It
 * reads a page, delivers it (waiting on the listener's backpressure), and sleeps until notified of
 * an append when it has caught up. Notifications set a flag before the read, so none is lost.
 */
export class RunSubscription {
  cursor: number;
  private closed = false;
  private dirty = false;
  private wake: (() => void) | undefined;
  private readonly finished: Promise<void>;
  private resolveFinished!: () => void;

  constructor(
    readonly requestId: string,
    afterSeq: number,
    private readonly listener: RunListener,
    private readonly source: SubscriptionSource,
    private readonly onFault: (error: unknown) => void,
  ) {
    this.cursor = afterSeq;
    this.finished = new Promise((resolve) => {
      this.resolveFinished = resolve;
    });
  }

  /** Resolves when the subscription has ended. */
  get done(): Promise<void> {
    return this.finished;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** New messages may be available. */
  notify(): void {
    this.dirty = true;
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }

  /** Stops delivering; the listener's `end` is called with `detached`. */
  detach(): void {
    this.close('detached');
  }

  /** Runs the delivery loop, starting with a page already read. */
  async start(first: EventLogPage): Promise<void> {
    let page = first;
    try {
      for (;;) {
        if (this.closed) return;
        const problem = pageError(this.requestId, page, this.cursor);
        if (problem) {
          await this.listener.deliver(toLoggedEvent(problem));
          this.close('failed');
          return;
        }
        if (page.status !== 'ok') return; // unreachable: pageError covers it
        for (const event of page.events) {
          if (this.closed) return;
          const pending = this.listener.deliver(event);
          if (pending) await pending;
          this.cursor = event.seq;
          this.source.advanced();
          if (isTerminalType(event.type)) {
            this.close('complete');
            return;
          }
        }
        if (page.events.length === 0) {
          if (page.finished) {
            this.close('complete');
            return;
          }
          if (!this.dirty) await new Promise<void>((resolve) => (this.wake = resolve));
        }
        if (this.closed) return;
        this.dirty = false;
        page = await this.source.read(this.cursor);
      }
    } catch (error) {
      if (this.closed) return;
      this.onFault(error);
      try {
        await this.listener.deliver(
          toLoggedEvent(
            errorMessage(this.requestId, 0, 'INTERNAL', 'the stream of this request broke off; resume it'),
          ),
        );
      } catch {
        // The transport is gone as well.
      }
      this.close('failed');
    }
  }

  private close(reason: SubscriptionEnd): void {
    if (this.closed) return;
    this.closed = true;
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
    this.source.release();
    try {
      this.listener.end?.(reason);
    } finally {
      this.resolveFinished();
    }
  }
}
