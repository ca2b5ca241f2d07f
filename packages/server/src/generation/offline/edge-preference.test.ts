import { describe, expect, it } from 'vitest';
import { TEST_NOW } from './fixtures/ask.js';
import { fk, table } from './fixtures/shop-schema.js';
import { preferredEdges } from './edge-preference.js';
import { analyzeQuestion } from './question-analysis.js';
import { buildSchemaIndex } from './schema-index.js';

const trips = {
  dialect: 'sqlite' as const,
  tables: [
    table('stations', [
      ['id', 'INTEGER'],
      ['city', 'TEXT'],
    ]),
    table(
      'trips',
      [
        ['id', 'INTEGER'],
        ['origin_station', 'INTEGER'],
        ['destination_station', 'INTEGER'],
      ],
      [fk('origin_station', 'stations'), fk('destination_station', 'stations')],
    ),
  ],
};

describe('preferredEdges', () => {
  it('picks the key whose words the question uses, synonyms included', async () => {
    const index = await buildSchemaIndex(trips, { synonyms: false });
    const pick = (q: string): string | undefined =>
      preferredEdges(analyzeQuestion(q, index, TEST_NOW), index)[0]?.fromColumns[0]?.name;
    expect(pick('trips arriving in Paris')).toBe('destination_station');
    expect(pick('trips leaving from Paris')).toBe('origin_station');
    expect(pick('trips with destination Paris')).toBe('destination_station');
  });

  it('falls back to the key on the leftmost column', async () => {
    const index = await buildSchemaIndex(trips, { synonyms: false });
    expect(
      preferredEdges(analyzeQuestion('trips in Paris', index, TEST_NOW), index)[0]?.fromColumns[0]?.name,
    ).toBe('origin_station');
  });
});
