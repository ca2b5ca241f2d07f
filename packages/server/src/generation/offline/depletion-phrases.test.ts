import { describe, expect, it } from 'vitest';
import { ask } from './fixtures/ask.js';
import { clinicSchema } from './fixtures/clinic-schema.js';

describe('tryOutOf', () => {
  it('reads "out of" a counted column as none left', async () => {
    expect(await ask(clinicSchema(), 'Which medicines are out of supply?')).toMatchObject({
      kind: 'query',
      query: 'SELECT medicine_name FROM medicines WHERE supply = 0',
      confidence: 0.95,
    });
  });
});
