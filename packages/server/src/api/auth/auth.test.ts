import { describe, expect, it } from 'vitest';
import { generateApiKey, hashApiKey } from './api-key.js';
import { forcedAuthReason, isLoopbackHost } from './auth-policy.js';
import { credentialOf } from './authenticate.js';

describe('API keys', () => {
  it('generates t2x_ keys with 256 random bits, a display prefix and a SHA-256 hash', () => {
    const { key, hash, prefix } = generateApiKey();
    expect(key).toMatch(/^t2x_[A-Za-z0-9_-]{43}$/);
    expect(prefix).toBe(key.slice(0, 12));
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hashApiKey(key)).toBe(hash);
    expect(generateApiKey().key).not.toBe(key);
  });
});

describe('isLoopbackHost', () => {
  it.each(['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]', '::ffff:127.0.0.1', 'LOCALHOST'])(
    'treats %s as loopback',
    (host) => expect(isLoopbackHost(host)).toBe(true),
  );
  it.each(['0.0.0.0', '::', '192.168.1.10', '10.0.0.1', 'example.com', '128.0.0.1', '127.example.com'])(
    'treats %s as reachable from the network',
    (host) => expect(isLoopbackHost(host)).toBe(false),
  );
});

describe('forcedAuthReason', () => {
  it('forces keys for TEXT2X_AUTH=required and for a non-loopback bind address', () => {
    expect(forcedAuthReason({ auth: 'auto', host: '127.0.0.1' })).toBeUndefined();
    expect(forcedAuthReason({ auth: 'required', host: '127.0.0.1' })).toContain('TEXT2X_AUTH=required');
    expect(forcedAuthReason({ auth: 'auto', host: '0.0.0.0' })).toContain('0.0.0.0');
  });
});

describe('credentialOf', () => {
  const of = (headers: Record<string, string>, url = '/api/v1/query') => credentialOf({ headers, url });

  it('reads a bearer key from the header, case-insensitively', () => {
    expect(of({ authorization: 'Bearer t2x_abc' })).toEqual({ kind: 'key', key: 't2x_abc' });
    expect(of({ authorization: 'bearer   t2x_abc ' })).toEqual({ kind: 'key', key: 't2x_abc' });
  });

  it('reads the api_key query parameter when there is no header', () => {
    expect(of({}, '/ws/query?x=1&api_key=t2x_q%2Bv')).toEqual({ kind: 'key', key: 't2x_q+v' });
    expect(of({ authorization: 'Bearer t2x_h' }, '/ws/query?api_key=t2x_q')).toEqual({
      kind: 'key',
      key: 't2x_h',
    });
  });

  it('calls other schemes, an empty key and a bare Bearer malformed', () => {
    expect(of({ authorization: 'Basic dXNlcjpwYXNz' })).toEqual({ kind: 'malformed' });
    expect(of({ authorization: 'Bearer' })).toEqual({ kind: 'malformed' });
    expect(of({ authorization: 'Bearer a b' })).toEqual({ kind: 'malformed' });
    expect(of({}, '/x?api_key=')).toEqual({ kind: 'malformed' });
    expect(of({})).toEqual({ kind: 'none' });
  });
});
