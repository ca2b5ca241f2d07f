import type { PostgresDriver, PostgresSession } from '../postgres-driver.js';

export interface DriverRecording {
  /** Every statement and script sent, in order. */
  statements: string[];
  /** Rows the server sent back, over all statements. */
  rowsReceived: number;
  /** Cancel requests sent. */
  cancels: number;
  /** Sessions given back with `destroy`. */
  destroyed: number;
}

/** Wraps a driver to record what goes over the wire: a fake that implements the real interface. */
export function recordingDriver(inner: PostgresDriver): {
  driver: PostgresDriver;
  recording: DriverRecording;
} {
  const recording: DriverRecording = { statements: [], rowsReceived: 0, cancels: 0, destroyed: 0 };
  const driver: PostgresDriver = {
    canCancel: inner.canCancel,
    async connect(): Promise<PostgresSession> {
      const session = await inner.connect();
      return {
        async query(sql, params) {
          recording.statements.push(sql);
          const result = await session.query(sql, params);
          recording.rowsReceived += result.rows.length;
          return result;
        },
        async execute(script) {
          recording.statements.push(script);
          await session.execute(script);
        },
        async cancel() {
          recording.cancels += 1;
          await session.cancel();
        },
        release(destroy) {
          if (destroy) recording.destroyed += 1;
          session.release(destroy);
        },
      };
    },
    close: () => inner.close(),
  };
  return { driver, recording };
}
