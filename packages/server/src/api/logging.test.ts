import { describe, expect, it } from 'vitest';
import { redactUrlSecrets } from './logging.js';

describe('redactUrlSecrets', () => {
  it('replaces the values of secret query parameters and keeps the rest', () => {
    expect(redactUrlSecrets('/ws/query?api_key=t2x_abc&x=1')).toBe('/ws/query?api_key=[redacted]&x=1');
    expect(redactUrlSecrets('/a?x=1&API_KEY=s&token=t#f')).toBe(
      '/a?x=1&API_KEY=[redacted]&token=[redacted]#f',
    );
    expect(redactUrlSecrets('/a?my_api_key=kept')).toBe('/a?my_api_key=kept');
    expect(redactUrlSecrets('/health')).toBe('/health');
  });
});
