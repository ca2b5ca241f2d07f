import { isIP } from 'node:net';
import type { Text2xConfig } from '../../config/index.js';
import { Text2xError } from '../../core/index.js';
import type { MetadataStore } from '../../store/index.js';

/** True for addresses only this machine can reach: `localhost`, 127.0.0.0/8, `::1`. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (bare === 'localhost' || bare === '::1') return true;
  if (bare.startsWith('::ffff:')) return isLoopbackHost(bare.slice('::ffff:'.length));
  return isIP(bare) === 4 && bare.startsWith('127.');
}

/**
 * Why keys are required regardless of the store: `TEXT2X_AUTH=required`, or a bind address other
 * than loopback (anyone on the network could reach the server). Undefined when only the existence of
 * a key decides.
 */
export function forcedAuthReason(config: Pick<Text2xConfig, 'auth' | 'host'>): string | undefined {
  if (config.auth === 'required') return 'TEXT2X_AUTH=required';
  if (!isLoopbackHost(config.host)) return `the server binds to ${config.host}, which is not loopback`;
  return undefined;
}

/** Whether a request without a key must be refused: forced by config, or any key was ever created. */
export async function authRequired(
  config: Pick<Text2xConfig, 'auth' | 'host'>,
  store: MetadataStore,
): Promise<boolean> {
  if (forcedAuthReason(config) !== undefined) return true;
  // Revoked keys count: revoking every key locks the API rather than silently opening it.
  return (await store.countApiKeys()).total > 0;
}

/**
 * Refuses to start a server that requires keys when no valid key exists: it could serve nobody,
 * and on a public address that must be a deliberate choice, never a default.
 */
export async function assertCanServe(
  config: Pick<Text2xConfig, 'auth' | 'host'>,
  store: MetadataStore,
): Promise<void> {
  const reason = forcedAuthReason(config);
  if (reason === undefined) return;
  if ((await store.countApiKeys()).active > 0) return;
  throw new Text2xError(
    'CONFIG_INVALID',
    `API keys are required because ${reason}, but no valid key exists. ` +
      'Create one with `text2x keys create --name NAME` and start the server again ' +
      '(or bind to 127.0.0.1 for local use without keys).',
  );
}
