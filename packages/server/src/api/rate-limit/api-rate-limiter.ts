import type { Identity, RateLimiter } from '../api-context.js';

/** The outcome of counting one request that takes no run slot. */
export type RequestDecision = { ok: true } | { ok: false; retryAfterMs: number };

/**
 * The limiter the server builds: `RateLimiter` (a request plus a run slot, for routes and messages
 * that start runs) and `countRequest` for the other API routes, which count against the same
 * per-minute budget but must not be refused just because runs are in flight.
 */
export interface ApiRateLimiter extends RateLimiter {
  countRequest(identity: Identity): Promise<RequestDecision>;
}

/** Limits of one identity. */
export interface RateLimits {
  /** Requests in any window of `windowMs`. */
  requestsPerWindow: number;
  /** Runs holding a slot at once. */
  maxConcurrentRuns: number;
  /** Length of the sliding window in ms. Default 60000 (requests per minute). */
  windowMs?: number;
  /** Wait suggested when every run slot is taken, in ms (a slot's release cannot be predicted). Default 1000. */
  busyRetryMs?: number;
}

/** The bucket of an identity: its API key when it has one, else its client address. */
export function limitKeyOf(identity: Identity): string {
  return identity.keyId === null ? `address:${identity.address}` : `key:${identity.keyId}`;
}
