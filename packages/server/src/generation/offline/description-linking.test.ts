import { describe, expect, it } from 'vitest';
import { ask, sqlFor, TEST_NOW } from './fixtures/ask.js';
import { clinicSchema } from './fixtures/clinic-schema.js';
import { linkDescriptions } from './description-linking.js';
import { analyzeQuestion } from './question-analysis.js';
import { tokenize } from './question-tokens.js';
import { buildSchemaIndex } from './schema-index.js';

const clinic = clinicSchema();

describe('linkDescriptions', () => {
  it('reads a phrase of a column description as that column', async () => {
    const index = await buildSchemaIndex(clinic, { synonyms: false });
    const tokens = tokenize('patients who checked in today');
    const [mention] = linkDescriptions(tokens, index, () => true);
    expect(mention).toMatchObject({ from: 2, to: 4, fromDescription: true });
    expect(mention?.candidates.map((c) => (c.kind === 'column' ? c.column.name : c.kind))).toEqual([
      'arrived_at',
    ]);
  });

  it('takes a single described word only when one column says it', async () => {
    const index = await buildSchemaIndex(clinic, { synonyms: false });
    const words = (question: string): string[] =>
      linkDescriptions(tokenize(question), index, () => true).map((m) =>
        m.candidates.map((c) => (c.kind === 'column' ? c.column.name : '')).join(),
      );
    expect(words('patients enrolled in 2024')).toEqual(['registered_at']);
    // "patient" appears in two descriptions: no evidence for either.
    expect(words('which patient')).toEqual([]);
  });

  it('never reads words that a name or a cue already claimed', async () => {
    const index = await buildSchemaIndex(clinic, { synonyms: false });
    const analysis = analyzeQuestion('How many visits were billed?', index, TEST_NOW);
    const described = analysis.items.filter((i) => i.kind === 'mention' && i.mention.fromDescription);
    expect(described.map((i) => analysis.tokens[i.from]?.text)).toEqual(['billed']);
    const named = analyzeQuestion('List the visits', index, TEST_NOW);
    expect(named.items.some((i) => i.kind === 'mention' && i.mention.fromDescription)).toBe(false);
  });
});

describe('questions linked through descriptions', () => {
  it('places rows in time by the date column a described verb names', async () => {
    const outcome = await ask(clinic, 'How many patients enrolled this year?');
    expect(outcome).toMatchObject({
      kind: 'query',
      query:
        "SELECT COUNT(*) FROM patients WHERE registered_at >= '2025-01-01' AND registered_at < '2026-01-01'",
      confidence: 0.95,
    });
  });

  it('reads "new" before the rows as said by their date condition', async () => {
    const outcome = await ask(clinic, 'How many new patients enrolled last month?');
    expect(outcome).toMatchObject({
      kind: 'query',
      query:
        "SELECT COUNT(*) FROM patients WHERE registered_at >= '2025-10-01' AND registered_at < '2025-11-01'",
      confidence: 0.95,
    });
  });

  it('does not link the "last" of "last quarter" to a last-name column', async () => {
    expect(await sqlFor(clinic, 'How many visits were cancelled last quarter?')).toBe(
      "SELECT COUNT(*) FROM visits WHERE status = 'cancelled' AND (visit_date >= '2025-07-01' AND visit_date < '2025-10-01')",
    );
  });
});
