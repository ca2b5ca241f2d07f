import { describe, expect, it } from 'vitest';
import { sqlFor, TEST_NOW } from './fixtures/ask.js';
import { shopSchema } from './fixtures/shop-schema.js';
import { isFollowUpFragment, mergeFollowUp } from './follow-up-merge.js';
import { analyzeQuestion } from './question-analysis.js';
import { interpretQuestion } from './question-interpreter.js';
import { buildSchemaIndex } from './schema-index.js';
import { emitQuery } from './sql-emitter.js';

describe('follow-up questions', () => {
  it('recognises fragments and standalone questions', async () => {
    const index = await buildSchemaIndex(shopSchema(), { synonyms: false });
    const fragment = (q: string): boolean => isFollowUpFragment(analyzeQuestion(q, index, TEST_NOW));
    expect(fragment('now only for 2024')).toBe(true);
    expect(fragment('what about France?')).toBe(true);
    expect(fragment('sort them by price')).toBe(true);
    expect(fragment('How many products are there?')).toBe(false);
  });

  it('keeps the previous query and adds the new condition', async () => {
    const index = await buildSchemaIndex(shopSchema(), { synonyms: false });
    const previous = interpretQuestion(
      analyzeQuestion('How many customers are there per country?', index, TEST_NOW),
      index,
    );
    if (!previous) throw new Error('no reading');
    const merged = mergeFollowUp(previous, analyzeQuestion('only those created in 2024', index, TEST_NOW));
    if (!merged) throw new Error('no merge');
    expect(emitQuery(merged.query, index, 'sqlite')).toBe(
      "SELECT country, COUNT(*) FROM customers WHERE created_at >= '2024-01-01' AND created_at < '2025-01-01' GROUP BY country",
    );
  });

  it('gives up when the fragment adds nothing it understands', async () => {
    const index = await buildSchemaIndex(shopSchema(), { synonyms: false });
    const previous = interpretQuestion(
      analyzeQuestion('List customers from Germany', index, TEST_NOW),
      index,
    );
    if (!previous) throw new Error('no reading');
    expect(mergeFollowUp(previous, analyzeQuestion('and then?', index, TEST_NOW))).toBeUndefined();
  });
});

describe('follow-up heads', () => {
  it('counts the previous rows for "How many are there?"', async () => {
    expect(
      await sqlFor(shopSchema(), 'How many are there?', {
        history: [{ question: 'List customers from Germany', query: null }],
      }),
    ).toBe("SELECT COUNT(*) FROM customers WHERE country = 'Germany'");
  });

  it('shows other columns of the same rows ("What are their emails?")', async () => {
    expect(
      await sqlFor(shopSchema(), 'What are their emails?', {
        history: [{ question: 'List customers from Germany', query: null }],
      }),
    ).toBe("SELECT email FROM customers WHERE country = 'Germany'");
  });

  it('adds conditions to "Of these, …"', async () => {
    expect(
      await sqlFor(shopSchema(), 'Of these, which were placed in 2024?', {
        history: [{ question: 'Show orders with status shipped', query: null }],
      }),
    ).toBe(
      "SELECT id FROM orders WHERE status = 'shipped' AND (order_date >= '2024-01-01' AND order_date < '2025-01-01')",
    );
  });
});
