import { describe, expect, it } from 'vitest';
import { table } from './fixtures/shop-schema.js';
import { columnRef, emptyQuery } from './query-ir.js';
import { pruneUnreachable } from './query-pruning.js';
import { buildSchemaIndex } from './schema-index.js';
import { emitQuery } from './sql-emitter.js';

describe('pruneUnreachable', () => {
  it('drops the parts that need a table no key connects, and names it', async () => {
    const schema = {
      dialect: 'sqlite' as const,
      tables: [
        table('stores', [
          ['id', 'INTEGER'],
          ['name', 'TEXT'],
        ]),
        table('suppliers', [
          ['id', 'INTEGER'],
          ['rating', 'INTEGER'],
        ]),
      ],
    };
    const index = await buildSchemaIndex(schema, { synonyms: false });
    const stores = index.tableByName.get('stores');
    const suppliers = index.tableByName.get('suppliers');
    if (!stores || !suppliers) throw new Error('tables');
    const ir = emptyQuery(stores);
    const name = stores.columns.find((c) => c.name === 'name');
    const rating = suppliers.columns.find((c) => c.name === 'rating');
    if (!name || !rating) throw new Error('columns');
    ir.select = [{ expr: columnRef(name) }, { expr: columnRef(rating) }];
    ir.where = { kind: 'compare', left: columnRef(rating), op: '>', right: { kind: 'literal', value: 3 } };
    const { query, dropped } = pruneUnreachable(ir, index);
    expect(dropped.map((t) => t.name)).toEqual(['suppliers']);
    expect(emitQuery(query, index, 'sqlite')).toBe('SELECT name FROM stores');
  });
});
