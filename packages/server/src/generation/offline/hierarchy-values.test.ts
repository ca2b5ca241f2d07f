import { describe, expect, it } from 'vitest';
import { sqlFor } from './fixtures/ask.js';
import { clinicSchema } from './fixtures/clinic-schema.js';

describe('widenToChildren', () => {
  it('matches a class named by value or any class under it', async () => {
    expect(await sqlFor(clinicSchema(), 'How many medicines are in the Antibiotics class?')).toBe(
      "SELECT COUNT(*) FROM medicines WHERE drug_class_id IN (SELECT id FROM drug_classes WHERE name = 'Antibiotics' OR parent_id IN (SELECT id FROM drug_classes WHERE name = 'Antibiotics'))",
    );
  });

  it('leaves a value of the subject table itself alone', async () => {
    expect(await sqlFor(clinicSchema(), 'How many drug classes are named Opioids?')).toBe(
      "SELECT COUNT(*) FROM drug_classes WHERE name = 'Opioids'",
    );
  });
});
