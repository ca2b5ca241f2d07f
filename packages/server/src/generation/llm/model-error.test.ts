import { APICallError, RetryError } from 'ai';
import { describe, expect, it } from 'vitest';
import { redactSecrets, toGenerationError } from './model-error.js';

describe('redactSecrets', () => {
  it.each([
    ['Incorrect API key provided: sk-proj-AbCdEf123456****wxyz.', 'AbCdEf123456'],
    ['invalid x-api-key: sk-ant-api03-secretsecret', 'secretsecret'],
    ['header Authorization: Bearer abc.def.ghi', 'abc.def.ghi'],
    ['url ?api_key=hunter2&x=1', 'hunter2'],
    ['token 0123456789abcdef0123456789abcdef01 leaked', '0123456789abcdef'],
  ])('redacts the secret in %j', (text, secret) => {
    const redacted = redactSecrets(text);
    expect(redacted).not.toContain(secret);
    expect(redacted).toContain('[redacted]');
  });

  it('leaves ordinary error text alone', () => {
    const text = 'This model maximum context length is 128000 tokens; max_tokens: 1500';
    expect(redactSecrets(text)).toBe(text);
  });
});

describe('toGenerationError', () => {
  it('reports the network code of an unreachable endpoint', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });
    const error = toGenerationError(new TypeError('fetch failed', { cause: refused }), 'ollama:llama3');
    expect(error.code).toBe('GENERATION_FAILED');
    expect(error.message).toBe('ollama:llama3 call failed: the endpoint could not be reached (ECONNREFUSED)');
  });

  it('unwraps the last error of a RetryError', () => {
    const last = new APICallError({
      message: 'overloaded',
      url: 'u',
      requestBodyValues: {},
      statusCode: 529,
    });
    const error = toGenerationError(
      new RetryError({ message: 'Failed after 3 attempts', reason: 'maxRetriesExceeded', errors: [last] }),
      'm',
    );
    expect(error.message).toBe('m call failed: HTTP 529, provider error: overloaded');
  });
});
