import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Text2xConfig } from '../../config/index.js';
import type { MetadataStore } from '../../store/index.js';
import { httpError, sendHttpError } from '../errors/index.js';
import { hashApiKey } from './api-key.js';
import { authRequired } from './auth-policy.js';
import './fastify-augmentation.js';

/** How often a key's `last_used_at` is written at most: one write per key per minute, not per request. */
const TOUCH_INTERVAL_MS = 60_000;

type Credential = { kind: 'none' } | { kind: 'key'; key: string } | { kind: 'malformed' };

/**
 * The key a request carries: `Authorization: Bearer KEY`, else the `api_key` query parameter.
 * The query parameter exists for browsers, whose WebSocket and EventSource cannot send headers; it
 * is weaker because URLs end up in proxy logs and browser history (text2x's own logs redact it).
 */
export function credentialOf(request: Pick<FastifyRequest, 'headers' | 'url'>): Credential {
  const header = request.headers.authorization;
  if (header !== undefined) {
    const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header);
    return match?.[1] ? { kind: 'key', key: match[1] } : { kind: 'malformed' };
  }
  const queryStart = request.url.indexOf('?');
  if (queryStart >= 0) {
    const key = new URLSearchParams(request.url.slice(queryStart + 1)).get('api_key');
    if (key !== null) return key === '' ? { kind: 'malformed' } : { kind: 'key', key };
  }
  return { kind: 'none' };
}

/** Routes that never need a key: those marked `config.text2x.open`, and the API docs. */
function isOpenRoute(request: FastifyRequest): boolean {
  if (request.method === 'OPTIONS') return true; // CORS preflights carry no credentials by design.
  if (request.routeOptions.config.text2x?.open === true) return true;
  const url = request.routeOptions.url;
  return url === '/docs' || url?.startsWith('/docs/') === true;
}

export interface AuthHookOptions {
  config: Pick<Text2xConfig, 'auth' | 'host'>;
  store: MetadataStore;
  /** Called when a key's last use could not be recorded (the request still succeeds). */
  onTouchError?: (error: unknown) => void;
}

/**
 * The `onRequest` hook that sets `request.identity` and refuses requests without a valid key when
 * keys are required (see `authRequired`). It runs before routing to any handler, so an unauthenticated
 * WebSocket upgrade is answered with 401 before the upgrade happens. A wrong or revoked key is
 * refused even when keys are not required: the client meant to authenticate and should know.
 */
export function createAuthHook(options: AuthHookOptions) {
  const touchedAt = new Map<string, number>();
  const touch = (keyId: string): void => {
    const now = Date.now();
    if (now - (touchedAt.get(keyId) ?? 0) < TOUCH_INTERVAL_MS) return;
    touchedAt.set(keyId, now);
    options.store.markApiKeyUsed(keyId, new Date(now).toISOString()).catch((error: unknown) => {
      options.onTouchError?.(error);
    });
  };

  return async function authenticate(request: FastifyRequest, reply: FastifyReply): Promise<unknown> {
    request.identity = { keyId: null, address: request.ip };
    if (isOpenRoute(request)) return;
    const credential = credentialOf(request);
    if (credential.kind === 'malformed') {
      return sendHttpError(
        reply,
        httpError('UNAUTHORIZED', 'Send the API key as `Authorization: Bearer KEY`.'),
      );
    }
    if (credential.kind === 'key') {
      const record = await options.store.findApiKeyByHash(hashApiKey(credential.key));
      if (record === undefined || record.revokedAt !== null) {
        return sendHttpError(reply, httpError('UNAUTHORIZED', 'The API key is not valid or was revoked.'));
      }
      request.identity = { keyId: record.id, address: request.ip };
      touch(record.id);
      return;
    }
    if (await authRequired(options.config, options.store)) {
      return sendHttpError(
        reply,
        httpError('UNAUTHORIZED', 'A valid API key is required: send `Authorization: Bearer KEY`.'),
      );
    }
    return;
  };
}
