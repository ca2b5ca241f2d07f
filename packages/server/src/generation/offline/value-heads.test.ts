import { describe, expect, it } from 'vitest';
import { ask, sqlFor } from './fixtures/ask.js';
import { clinicSchema } from './fixtures/clinic-schema.js';

describe('valueHeadSubject', () => {
  it('asks for rows of the table whose kind column holds the value after "which"', async () => {
    expect(await ask(clinicSchema(), 'Which nurse practitioner handled the most visits?')).toMatchObject({
      kind: 'query',
      query:
        "SELECT s.staff_name FROM staff AS s JOIN visits AS v ON v.staff_id = s.id WHERE s.job = 'Nurse Practitioner' GROUP BY s.id, s.staff_name ORDER BY COUNT(*) DESC LIMIT 1",
      confidence: 0.95,
    });
  });

  it('keeps a value after other words as a condition on the subject named', async () => {
    expect(await sqlFor(clinicSchema(), 'Which visits were cancelled?')).toBe(
      "SELECT id FROM visits WHERE status = 'cancelled'",
    );
  });
});
