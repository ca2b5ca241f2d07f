import type { Identity } from '../api-context.js';

/**
 * Types text2x adds to Fastify: the caller's identity on every request (set by the auth hook
 * before anything else runs, WebSocket upgrades included) and text2x's per-route settings.
 */
declare module 'fastify' {
  interface FastifyRequest {
    /** Who sent the request; `keyId` is null when no key was needed and none was sent. */
    identity: Identity;
  }

  interface FastifyContextConfig {
    text2x?: {
      /** Served without an API key even when keys are required (`/health`, `/ready`). Default false. */
      open?: boolean;
      /**
       * `request`: the hook counts the request against the per-minute budget of its identity.
       * Routes that start runs take a run slot themselves (`RateLimiter.acquire`) and leave this
       * unset, as do routes that limit per message (WebSocket, SSE). Default: not counted.
       */
      limit?: 'request';
    };
  }
}
