import { describe, expect, it } from 'vitest';
import { TEST_NOW } from './fixtures/ask.js';
import { shopSchema } from './fixtures/shop-schema.js';
import { scoreConfidence } from './confidence.js';
import { analyzeQuestion } from './question-analysis.js';
import { interpretQuestion } from './question-interpreter.js';
import { buildSchemaIndex } from './schema-index.js';

async function report(question: string) {
  const index = await buildSchemaIndex(shopSchema(), { synonyms: false });
  const analysis = analyzeQuestion(question, index, TEST_NOW);
  const reading = interpretQuestion(analysis, index);
  if (!reading) throw new Error('no reading');
  return scoreConfidence(analysis, reading.context);
}

describe('scoreConfidence', () => {
  it('is high when every content word is used', async () => {
    const result = await report('How many customers are there per country?');
    expect(result.coverage).toBe(1);
    expect(result.confidence).toBeGreaterThan(0.9);
  });

  it('lists the words it did not use and lowers confidence', async () => {
    const result = await report('How many customers like purple umbrellas per country?');
    expect(result.unused).toEqual(expect.arrayContaining(['purple', 'umbrellas']));
    expect(result.confidence).toBeLessThan(0.8);
  });

  it('loses points for a tie between readings', async () => {
    const tie = await report('What is the average amount?');
    expect(tie.confidence).toBeLessThan(0.9);
  });
});
