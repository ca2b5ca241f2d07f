import { createHash, randomBytes } from 'node:crypto';

/** Every text2x API key starts with this, so secret scanners and people can recognise one. */
export const API_KEY_PREFIX = 't2x_';

/** Characters of a key kept as its display prefix: `t2x_` plus 8 of the random part. */
const DISPLAY_PREFIX_LENGTH = API_KEY_PREFIX.length + 8;

/** A new key: shown once to its owner; only `hash` and `prefix` are stored. */
export interface GeneratedApiKey {
  key: string;
  hash: string;
  prefix: string;
}

/** A new key: `t2x_` + 32 random bytes in base64url (43 characters, 256 bits of entropy). */
export function generateApiKey(): GeneratedApiKey {
  const key = `${API_KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
  return { key, hash: hashApiKey(key), prefix: key.slice(0, DISPLAY_PREFIX_LENGTH) };
}

/**
 * SHA-256 of the key, lowercase hex. A fast unsalted hash is enough here: the keys are 256-bit
 * random strings, so there is nothing to brute-force or look up in a table, unlike passwords, which
 * need a slow salted hash (scrypt, argon2). A fast hash also keeps per-request checks cheap.
 */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}
