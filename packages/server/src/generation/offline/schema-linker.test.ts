import { describe, expect, it } from 'vitest';
import { librarySchema } from './fixtures/library-schema.js';
import { schoolSchema } from './fixtures/school-schema.js';
import { fk, shopSchema, table } from './fixtures/shop-schema.js';
import { tokenize } from './question-tokens.js';
import type { SchemaIndex } from './schema-index.js';
import { buildSchemaIndex } from './schema-index.js';
import { linkSchema } from './schema-linker.js';

function best(index: SchemaIndex, question: string): string[] {
  return linkSchema(tokenize(question), index).map((m) => {
    const c = m.candidates[0];
    if (!c) return '?';
    if (c.kind === 'table') return `table:${c.table.name}`;
    if (c.kind === 'column') return `column:${c.column.table.name}.${c.column.name}`;
    return `value:${c.column.name}=${c.value}`;
  });
}

describe('linkSchema', () => {
  it('links plural and singular forms of table names', async () => {
    const index = await buildSchemaIndex(shopSchema(), { synonyms: false });
    expect(best(index, 'How many customers')).toEqual(['table:customers']);
    expect(best(index, 'each category')).toEqual(['table:categories']);
  });

  it('links multi-word columns written as separate words', async () => {
    const index = await buildSchemaIndex(shopSchema(), { synonyms: false });
    expect(best(index, 'the unit price')).toEqual(['column:order_items.unit_price']);
    expect(best(index, 'their first name')).toEqual(['column:employees.first_name']);
  });

  it('links camelCase columns and expanded abbreviations', async () => {
    const index = await buildSchemaIndex(schoolSchema(), { synonyms: false });
    expect(best(index, 'the department number')).toEqual(['column:Student.DeptNo']);
    expect(best(index, 'home town')).toEqual(['column:Student.HomeTown']);
  });

  it('links values stored in the data', async () => {
    const index = await buildSchemaIndex(shopSchema(), { synonyms: false });
    expect(best(index, 'customers from New York')).toEqual(['table:customers', 'value:city=New York']);
    expect(best(index, 'paid by bank transfer')).toContain('value:method=bank transfer');
  });

  it('links business synonyms', async () => {
    const index = await buildSchemaIndex(shopSchema());
    expect(best(index, 'How many clients')).toEqual(['table:customers']);
  });

  it('links words with a small spelling mistake', async () => {
    const index = await buildSchemaIndex(librarySchema(), { synonyms: false });
    expect(best(index, 'the natinality of authors')).toEqual(['column:authors.nationality', 'table:authors']);
  });

  it('keeps every reading of an ambiguous word', async () => {
    const index = await buildSchemaIndex(shopSchema(), { synonyms: false });
    const mention = linkSchema(tokenize('name'), index)[0];
    const exact = mention?.candidates
      .filter((c) => c.score === 1)
      .map((c) => (c.kind === 'column' ? c.column.table.name : ''));
    expect(new Set(exact)).toEqual(new Set(['customers', 'categories', 'products']));
    expect(mention?.candidates.some((c) => c.kind === 'column' && c.column.name === 'first_name')).toBe(true);
  });

  it('prefers the column the words name exactly over one with words left over', async () => {
    const index = await buildSchemaIndex(
      {
        dialect: 'sqlite',
        tables: [
          table(
            'leagues',
            [
              ['league_id', 'INTEGER'],
              ['league_owner_id', 'INTEGER'],
              ['league_name', 'TEXT'],
            ],
            [],
            ['league_id'],
          ),
          table(
            'clubs',
            [
              ['club_id', 'INTEGER'],
              ['owner_id', 'INTEGER'],
              ['league_id', 'INTEGER'],
            ],
            [fk('league_id', 'leagues', 'league_id')],
            ['club_id'],
          ),
        ],
      },
      { synonyms: false },
    );
    expect(best(index, 'the owner id')).toEqual(['column:clubs.owner_id']);
    expect(best(index, 'the league owner id')).toEqual(['column:leagues.league_owner_id']);
  });

  it('prefers the table the words name exactly over one with a generic word left over', async () => {
    const index = await buildSchemaIndex(
      {
        dialect: 'sqlite',
        tables: [
          table(
            'club_details',
            [
              ['club_id', 'INTEGER'],
              ['founded_year', 'INTEGER'],
            ],
            [fk('club_id', 'clubs', 'club_id')],
            ['club_id'],
          ),
          table(
            'clubs',
            [
              ['club_id', 'INTEGER'],
              ['club_name', 'TEXT'],
            ],
            [],
            ['club_id'],
          ),
        ],
      },
      { synonyms: false },
    );
    expect(best(index, 'all the clubs')).toEqual(['table:clubs']);
    expect(best(index, 'the club details')).toEqual(['table:club_details']);
  });
});
