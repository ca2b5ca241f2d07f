import { describe, expect, it } from 'vitest';
import type { SchemaInfo } from '../../core/index.js';
import { sqlFor, TEST_NOW } from './fixtures/ask.js';
import { librarySchema } from './fixtures/library-schema.js';
import { table } from './fixtures/shop-schema.js';
import { workshopSchema } from './fixtures/workshop-schema.js';
import { analyzeQuestion } from './question-analysis.js';
import { buildSchemaIndex } from './schema-index.js';

async function kinds(question: string): Promise<string[]> {
  const index = await buildSchemaIndex(librarySchema(), { synonyms: false });
  const analysis = analyzeQuestion(question, index, TEST_NOW);
  return analysis.items
    .filter((i) => i.kind !== 'stop' && i.kind !== 'punct')
    .map(
      (i) =>
        `${i.kind}:${analysis.tokens
          .slice(i.from, i.to)
          .map((t) => t.text)
          .join(' ')}`,
    );
}

describe('analyzeQuestion', () => {
  it('lays out cues, mentions, literals and dates', async () => {
    expect(await kinds('How many books by Jane Austen were borrowed last month?')).toEqual([
      'cue:How many',
      'mention:books',
      'cue:by',
      'literal:Jane Austen',
      'word:borrowed',
      'date:last month',
    ]);
  });

  it('keeps multi-word proper names with connecting words together', async () => {
    expect(await kinds('members from University of Chicago')).toContain('literal:University of Chicago');
  });

  it('prefers a longer schema mention over a cue inside it', async () => {
    expect(await kinds('the page count of books')).toEqual(['mention:page count', 'mention:books']);
  });

  it('does not take capitalised schema words for values', async () => {
    expect(await kinds('List Books by Genre')).not.toContain('literal:Books');
  });
});

describe('"number of X" naming a column', () => {
  it('reads "number of bays" as the column number_bays, not as a count of bays', async () => {
    expect(
      await sqlFor(workshopSchema(), 'List the workshop names in descending order of number of bays.'),
    ).toBe('SELECT workshop_name FROM workshops ORDER BY number_bays DESC');
  });

  it('still counts rows when the rest of the column name is not what is counted (regression)', async () => {
    expect(await sqlFor(workshopSchema(), 'Find the number of workshops in Leeds.')).toBe(
      "SELECT COUNT(*) FROM workshops WHERE city = 'Leeds'",
    );
  });
});

describe('"the first and last name"', () => {
  const club: SchemaInfo = {
    dialect: 'sqlite',
    tables: [
      table(
        'players',
        [
          ['player_id', 'INTEGER'],
          ['FName', 'TEXT'],
          ['LName', 'TEXT'],
          ['age', 'INTEGER'],
        ],
        [],
        ['player_id'],
      ),
    ],
  };

  it('reads both parts of the name, also when the columns are named by initials', async () => {
    expect(await sqlFor(club, 'What is the first and last name of all players older than 20?')).toBe(
      'SELECT FName, LName FROM players WHERE age > 20',
    );
    expect(await sqlFor(club, 'List the last and first name of the players.')).toBe(
      'SELECT FName, LName FROM players',
    );
  });

  it('reads "the last name" as that part only (regression: both parts were shown)', async () => {
    expect(await sqlFor(club, 'What is the last name of the oldest player?')).toBe(
      'SELECT LName FROM players ORDER BY age DESC LIMIT 1',
    );
  });
});

describe('digits in column names', () => {
  it('reads "line 1 and 2" as the two numbered columns (regression: the second number became a value)', async () => {
    const schema: SchemaInfo = {
      dialect: 'sqlite',
      tables: [
        table(
          'suppliers',
          [
            ['supplier_id', 'INTEGER'],
            ['email', 'TEXT'],
            ['street_line_1', 'TEXT'],
            ['street_line_2', 'TEXT'],
          ],
          [],
          ['supplier_id'],
        ),
      ],
    };
    expect(
      await sqlFor(schema, 'Find the street line 1 and 2 of the supplier with email "a@example.org".'),
    ).toBe("SELECT street_line_1, street_line_2 FROM suppliers WHERE email = 'a@example.org'");
  });
});
