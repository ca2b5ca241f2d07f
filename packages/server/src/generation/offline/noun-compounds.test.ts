import { describe, expect, it } from 'vitest';
import { sqlFor } from './fixtures/ask.js';
import { clinicSchema } from './fixtures/clinic-schema.js';

describe('table-qualified columns', () => {
  it('groups "by patient insurance plan" by the plan column of patients', async () => {
    expect(await sqlFor(clinicSchema(), 'What is the average invoice total by patient insurance plan?')).toBe(
      'SELECT p.insurance_plan, AVG(v.invoice_total) FROM patients AS p JOIN visits AS v ON v.patient_id = p.id GROUP BY p.insurance_plan',
    );
  });
});
