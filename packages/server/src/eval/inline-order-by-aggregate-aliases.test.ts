import { describe, expect, it } from 'vitest';
import { inlineOrderByAggregateAliases } from './inline-order-by-aggregate-aliases.js';

describe('inlineOrderByAggregateAliases', () => {
  it('replaces an aggregate alias inside an ORDER BY expression and keeps a bare one', () => {
    expect(
      inlineOrderByAggregateAliases(
        'SELECT a.name, COUNT(DISTINCT a.id) AS total FROM a GROUP BY a.name ORDER BY CASE WHEN total IS NULL THEN 1 ELSE 0 END DESC, total DESC LIMIT 5',
      ),
    ).toBe(
      'SELECT a.name, COUNT(DISTINCT a.id) AS total FROM a GROUP BY a.name ORDER BY CASE WHEN (COUNT(DISTINCT a.id)) IS NULL THEN 1 ELSE 0 END DESC, total DESC LIMIT 5',
    );
  });

  it('leaves aliases of plain columns, subqueries and set operations alone', () => {
    const plain =
      'SELECT a.year AS y, COUNT(*) AS n FROM a GROUP BY a.year ORDER BY CASE WHEN y IS NULL THEN 1 ELSE 0 END, y';
    expect(inlineOrderByAggregateAliases(plain)).toBe(plain);
    const inner =
      'SELECT x FROM (SELECT SUM(b) AS s FROM t ORDER BY CASE WHEN s IS NULL THEN 1 END) q ORDER BY x';
    expect(inlineOrderByAggregateAliases(inner)).toBe(inner);
    const union = 'SELECT SUM(a) AS s FROM t UNION SELECT 1 ORDER BY CASE WHEN s IS NULL THEN 1 END';
    expect(inlineOrderByAggregateAliases(union)).toBe(union);
  });
});
