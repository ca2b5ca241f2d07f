import type { App } from '../app/index.js';
import { generateApiKey } from '../api/index.js';
import { Text2xError } from '../core/index.js';
import type { ApiKeyRecord } from '../store/index.js';
import type { CliOutput } from './cli-output.js';

/** Names are for people: 1–100 printable characters. */
const NAME_PATTERN = /^[^\p{Cc}]{1,100}$/u;

/**
 * `text2x keys create --name NAME`: prints the new key once (on stdout, alone, so scripts can
 * capture it); only its SHA-256 hash and a short prefix are stored.
 */
export async function keysCreate(app: App, name: string, json: boolean, output: CliOutput): Promise<number> {
  const trimmed = name.trim();
  if (!NAME_PATTERN.test(trimmed)) {
    throw new Text2xError('INVALID_REQUEST', 'a key name is 1–100 printable characters, e.g. --name ci');
  }
  const generated = generateApiKey();
  const record = await app.store.createApiKey({
    name: trimmed,
    hash: generated.hash,
    prefix: generated.prefix,
  });
  if (json) {
    output.out(
      JSON.stringify({ id: record.id, name: record.name, prefix: record.prefix, key: generated.key }),
    );
  } else {
    output.out(generated.key);
    output.err(
      `created API key ${record.id} "${record.name}" (${record.prefix}…). ` +
        'Store it now: it is shown only this once and text2x keeps only its hash.\n' +
        'Send it as `Authorization: Bearer KEY`. From now on every API request needs a key.',
    );
  }
  return 0;
}

function describeKey(key: ApiKeyRecord): string {
  const status = key.revokedAt === null ? 'active' : `revoked ${key.revokedAt}`;
  const used = key.lastUsedAt === null ? 'never used' : `last used ${key.lastUsedAt}`;
  return `${key.id}  ${`${key.prefix}…`.padEnd(14)} ${key.name.padEnd(20)} created ${key.createdAt}  ${used}  ${status}`;
}

/** `text2x keys list`: id, prefix, name, dates and status of every key; never a key or its hash. */
export async function keysList(app: App, json: boolean, output: CliOutput): Promise<number> {
  const keys = await app.store.listApiKeys();
  if (json) {
    output.out(
      JSON.stringify(
        keys.map((key) => ({
          id: key.id,
          name: key.name,
          prefix: key.prefix,
          created_at: key.createdAt,
          last_used_at: key.lastUsedAt,
          revoked_at: key.revokedAt,
        })),
      ),
    );
    return 0;
  }
  if (keys.length === 0) output.out('no API keys; create one with: text2x keys create --name NAME');
  for (const key of keys) output.out(describeKey(key));
  return 0;
}

/** `text2x keys revoke ID|PREFIX`: the key is refused from the next request on. */
export async function keysRevoke(app: App, reference: string, output: CliOutput): Promise<number> {
  const keys = await app.store.listApiKeys();
  const wanted = reference.replace(/…$/, '');
  const byId = keys.find((key) => key.id === wanted);
  const matches = byId ? [byId] : keys.filter((key) => wanted.length >= 8 && key.prefix.startsWith(wanted));
  if (matches.length === 0) {
    throw new Text2xError(
      'NOT_FOUND',
      `no API key has the id or prefix "${reference}" (see text2x keys list)`,
    );
  }
  if (matches.length > 1) {
    throw new Text2xError(
      'INVALID_REQUEST',
      `"${reference}" matches ${matches.length} keys; give the key's id`,
    );
  }
  const key = matches[0]!;
  await app.store.revokeApiKey(key.id);
  output.out(`revoked ${key.id} "${key.name}" (${key.prefix}…)`);
  return 0;
}
