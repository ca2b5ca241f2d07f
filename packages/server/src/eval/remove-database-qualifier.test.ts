import { describe, expect, it } from 'vitest';
import { removeDatabaseQualifier } from './remove-database-qualifier.js';

describe('removeDatabaseQualifier', () => {
  it('removes the database before table names, also in db.table.column', () => {
    expect(
      removeDatabaseQualifier(
        'SELECT yelp.review.month FROM yelp.review JOIN Yelp.business b ON 1 = 1',
        'yelp',
      ),
    ).toBe('SELECT review.month FROM review JOIN business b ON 1 = 1');
  });

  it('leaves strings, other names and a query that uses the name as a table or alias alone', () => {
    expect(removeDatabaseQualifier("SELECT 'yelp.review' FROM review", 'yelp')).toBe(
      "SELECT 'yelp.review' FROM review",
    );
    expect(removeDatabaseQualifier('SELECT geography.state FROM city AS geography', 'geography')).toBe(
      'SELECT geography.state FROM city AS geography',
    );
    expect(removeDatabaseQualifier('SELECT x.yelp.a FROM t', 'yelp')).toBe('SELECT x.yelp.a FROM t');
  });
});
