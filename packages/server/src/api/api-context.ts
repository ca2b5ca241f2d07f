import type { App } from '../app/index.js';
import type { Text2xConfig } from '../config/index.js';

/** Who sent a request: an API key's id when authenticated, and always the client address. */
export interface Identity {
  /** Id (not the secret) of the API key; null when auth is not required and none was given. */
  keyId: string | null;
  /** Client address, used for rate limits when there is no key. */
  address: string;
}

/** A held slot for one concurrent run; release it when the run ends. */
export interface RunPermit {
  release(): void;
}

export type RateDecision = { ok: true; permit: RunPermit } | { ok: false; retryAfterMs: number };

/**
 * Per-identity limits: requests per minute and runs at once. Applied to REST requests and to
 * WebSocket query messages alike. In memory by default; in Redis when `REDIS_URL` is set so that
 * several nodes share the limits.
 */
export interface RateLimiter {
  /** Counts one request and takes a run slot, or says how long to wait. */
  acquire(identity: Identity): Promise<RateDecision>;
  close(): Promise<void>;
}

/** Outcome counters and histograms exported at `GET /metrics` (Prometheus). */
export interface ApiMetrics {
  /** A run ended: outcome = the terminal message type. */
  runFinished(run: {
    outcome: 'result' | 'clarification' | 'error' | 'cancelled';
    durationMs: number;
    iterations: number;
    stagesMs: Record<string, number>;
    tokens: { input: number; output: number };
    costUsd: number | null;
    validationPassed: boolean | null;
  }): void;
  /** Open WebSocket connections changed by `delta`. */
  webSocketConnections(delta: number): void;
  /** A request was refused by the rate limiter. */
  rateLimited(transport: 'rest' | 'websocket' | 'sse'): void;
}

/** What every route and the WebSocket hub share; built once by `createServer`. */
export interface ApiContext {
  app: App;
  config: Text2xConfig;
  limiter: RateLimiter;
  metrics: ApiMetrics;
}
