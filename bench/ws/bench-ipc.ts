// Messages between the benchmark's processes (child_process IPC). The orchestrator (run.ts) drives
// a server process (reference-server.ts or text2x-server.ts) and a load generator process
// (load-generator.ts); nothing here crosses the network.

/** Memory of a server process after a forced GC. */
export interface MemorySample {
  rss: number;
  heapUsed: number;
  external: number;
  arrayBuffers: number;
}

/** Server process → orchestrator. */
export type ServerEvent =
  | { event: 'listening'; port: number; path: string }
  | { event: 'memory'; memory: MemorySample }
  /**
   * CPU time used so far (µs, user + system), the time it was read (ms, the server's
   * performance.now), runs in progress, and the event-loop delay since the previous `usage` (ms).
   */
  | {
      event: 'usage';
      cpuMicros: number;
      at: number;
      activeRuns: number;
      loopDelayP99Ms: number;
      loopDelayMaxMs: number;
    }
  | { event: 'failed'; message: string };

/** Orchestrator → server process. */
export type ServerCommand =
  /** Reference only: answer each query with these messages (request_id and seq are filled in). */
  | { cmd: 'configure'; templates: Record<string, unknown>[] }
  | { cmd: 'memory' }
  | { cmd: 'usage' }
  | { cmd: 'exit' };

/** What the load generator sends as the query (request_id is added per request). */
export interface QueryTemplate {
  provider_id: string;
  questions: string[];
  options: Record<string, unknown>;
}

/** Orchestrator → load generator. */
export type LoadCommand =
  | { cmd: 'connect'; url: string; clients: number }
  | { cmd: 'closed-loop'; query: QueryTemplate; warmupMs: number; durationMs: number; drainMs: number }
  | {
      cmd: 'open-loop';
      query: QueryTemplate;
      ratePerSecond: number;
      warmupMs: number;
      durationMs: number;
      drainMs: number;
    }
  | { cmd: 'disconnect' }
  | { cmd: 'exit' };

/** Latency summary in milliseconds. */
export interface LatencySummary {
  n: number;
  p50: number;
  p99: number;
  max: number;
}

/** Result of one load phase. */
export interface PhaseResult {
  /** Connections the phase used. */
  clients: number;
  /** Measured window (ms). */
  durationMs: number;
  /** Runs that reached their terminal message inside the measured window. */
  completed: number;
  runsPerSecond: number;
  /** From sending the query (open loop: from its scheduled time) to its first message. */
  firstMessageMs: LatencySummary;
  /** From sending the query to its terminal message. */
  terminalMs: LatencySummary;
  /** Messages received per run (mean), and bytes per message (mean). */
  messagesPerRun: number;
  bytesPerMessage: number;
  /** Runs of the whole phase (warm-up and drain included) that reached their terminal message. */
  finishedRuns: number;
  /** Terminal messages of the whole phase by type (`result`, `error:CODE`, `cancelled`, `clarification`). */
  terminals: Record<string, number>;
  /**
   * Runs of the whole phase that ended with something else than `result` (error, cancelled,
   * clarification), plus runs cut off by a socket failure.
   */
  errors: number;
  /** Seq numbers skipped (a gap) and seq numbers seen twice, summed over runs. */
  lostMessages: number;
  duplicatedMessages: number;
  /** Runs (warm-up ones included) still without a terminal message after the drain: slow, not failed. */
  unfinished: number;
  socketErrors: number;
  /** CPU used by the load generator during the measured window, in % of one core. */
  loadGeneratorCpuPercent: number;
  /** CPU used by the server during the measured window, in % of one core (filled in by run.ts). */
  serverCpuPercent?: number;
  /** The server's event-loop delay during the measured window, p99 and max (ms; filled in by run.ts). */
  serverLoopDelayMs?: { p99: number; max: number };
}

/** Load generator → orchestrator. */
export type LoadEvent =
  | { event: 'connected'; clients: number; failed: number; ms: number }
  | { event: 'result'; result: PhaseResult }
  | { event: 'disconnected' }
  | { event: 'failed'; message: string };
