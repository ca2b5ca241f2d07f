import type {
  CancelledData,
  ClarificationData,
  ErrorData,
  ProgressData,
  ResultData,
  RowsData,
  ServerMessage,
  TraceLevel,
} from '@text2x/protocol';

type ProgressFields = Omit<ProgressData, 'progress'>;

/**
 * Builds the envelopes of one run: numbers messages (`seq` 1, 2, 3 …), keeps `progress`
 * non-decreasing and attaches traces only when the request asked for them.
 */
export class MessageEmitter {
  private seq = 0;
  private lastProgress = 0;
  conversationId: string | undefined;

  constructor(
    readonly requestId: string,
    readonly traceLevel: TraceLevel,
  ) {}

  private envelope<T extends ServerMessage['type'], D>(type: T, data: D, trace?: Record<string, unknown>) {
    this.seq += 1;
    return {
      v: 1 as const,
      type,
      request_id: this.requestId,
      seq: this.seq,
      ...(this.conversationId === undefined ? {} : { conversation_id: this.conversationId }),
      data,
      ...(trace !== undefined && this.traceLevel !== 'none' ? { trace } : {}),
    };
  }

  progress(fields: ProgressFields, progress: number, trace?: Record<string, unknown>): ServerMessage {
    // Never decrease, and keep 1.0 for the terminal message.
    this.lastProgress = Math.min(0.99, Math.max(this.lastProgress, progress));
    return this.envelope('progress', { ...fields, progress: this.lastProgress }, trace);
  }

  rows(data: Omit<RowsData, 'progress'>, progress: number): ServerMessage {
    this.lastProgress = Math.min(0.99, Math.max(this.lastProgress, progress));
    return this.envelope('rows', { ...data, progress: this.lastProgress });
  }

  result(data: Omit<ResultData, 'progress'>, trace?: Record<string, unknown>): ServerMessage {
    return this.envelope('result', { ...data, progress: 1 as const }, trace);
  }

  clarification(data: Omit<ClarificationData, 'progress'>, trace?: Record<string, unknown>): ServerMessage {
    return this.envelope('clarification', { ...data, progress: 1 as const }, trace);
  }

  error(data: Omit<ErrorData, 'progress'>, trace?: Record<string, unknown>): ServerMessage {
    return this.envelope('error', { ...data, progress: 1 as const }, trace);
  }

  cancelled(data: Omit<CancelledData, 'progress'>, trace?: Record<string, unknown>): ServerMessage {
    return this.envelope('cancelled', { ...data, progress: 1 as const }, trace);
  }
}
