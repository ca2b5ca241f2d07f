import { describe, expect, it } from 'vitest';
import { ask } from './fixtures/ask.js';
import { clinicSchema } from './fixtures/clinic-schema.js';

describe('frequency phrases', () => {
  it('reads "are used most often" as the most frequent value, every word understood', async () => {
    expect(await ask(clinicSchema(), 'Which claim methods are used most often?')).toMatchObject({
      kind: 'query',
      query: 'SELECT claim_method FROM insurance_claims GROUP BY claim_method ORDER BY COUNT(*) DESC LIMIT 1',
      confidence: 0.95,
    });
  });

  it('reads the verb of "which X handled the most Y" as the relation the count follows', async () => {
    expect(await ask(clinicSchema(), 'Which patient booked the most visits?')).toMatchObject({
      kind: 'query',
      query:
        'SELECT p.first_name, p.last_name FROM patients AS p JOIN visits AS v ON v.patient_id = p.id GROUP BY p.id, p.first_name, p.last_name ORDER BY COUNT(*) DESC LIMIT 1',
      confidence: 0.95,
    });
  });
});
