/** How a dropped stream reconnects. */
export interface ReconnectOptions {
  /** Attempts after a drop before the streams fail with `CONNECTION_FAILED`. Default 8. */
  attempts?: number;
  /** Delay before the first attempt (ms); it doubles each attempt. Default 100. */
  initialDelayMs?: number;
  /** Upper bound of the delay (ms). Default 5000. */
  maxDelayMs?: number;
}

export type ReconnectPolicy = Required<ReconnectOptions>;

export function reconnectPolicy(options: ReconnectOptions = {}): ReconnectPolicy {
  return {
    attempts: options.attempts ?? 8,
    initialDelayMs: options.initialDelayMs ?? 100,
    maxDelayMs: options.maxDelayMs ?? 5000,
  };
}

/**
 * Delay before attempt `attempt` (1-based): exponential with "equal jitter", so a server that
 * comes back is not hit by every client at the same instant.
 */
export function reconnectDelay(attempt: number, policy: ReconnectPolicy): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** Math.max(0, attempt - 1));
  return ceiling / 2 + Math.random() * (ceiling / 2);
}
