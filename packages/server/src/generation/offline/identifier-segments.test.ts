import { describe, expect, it } from 'vitest';
import type { SchemaInfo } from '../../core/index.js';
import { sqlFor } from './fixtures/ask.js';
import { table } from './fixtures/shop-schema.js';
import { identifierSegments } from './identifier-segments.js';

describe('identifierSegments', () => {
  it('splits words written together, expanding abbreviations', async () => {
    expect(await identifierSegments('memberacct')).toEqual(['member', 'account']);
    expect(await identifierSegments('shelfname')).toEqual(['shelf', 'name']);
    expect(await identifierSegments('palletsperweek')).toEqual(['pallet', 'per', 'week']);
  });

  it('leaves dictionary words and short words alone', async () => {
    expect(await identifierSegments('password')).toBeUndefined();
    expect(await identifierSegments('notebook')).toBeUndefined();
    expect(await identifierSegments('stuid')).toBeUndefined();
  });
});

describe('run-together identifiers in questions', () => {
  const warehouse: SchemaInfo = {
    dialect: 'sqlite',
    tables: [
      table(
        'crates',
        [
          ['crateid', 'INTEGER'],
          ['shelfname', 'TEXT'],
          ['shelftype', 'TEXT', { sampleValues: ['Cold', 'Dry', 'Bulk'] }],
          ['listprice', 'INTEGER'],
        ],
        [],
        ['crateid'],
      ),
    ],
  };

  it('links the parts of a run-together column name', async () => {
    expect(
      await sqlFor(warehouse, 'What are the shelf names and list prices of crates with shelf type Cold?'),
    ).toBe("SELECT shelfname, listprice FROM crates WHERE shelftype = 'Cold'");
  });
});
