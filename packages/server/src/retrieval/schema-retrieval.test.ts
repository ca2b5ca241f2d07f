import { describe, expect, it } from 'vitest';
import type { SchemaInfo, TableSchema } from '../core/index.js';
import { retrieveExamples } from './example-retrieval.js';
import { retrieveSchema } from './schema-retrieval.js';

function table(
  name: string,
  columns: string[],
  references: string[] = [],
  samples: Record<string, string[]> = {},
): TableSchema {
  return {
    name,
    kind: 'table',
    columns: ['id', ...columns].map((column) => ({
      name: column,
      type: column === 'id' ? 'INTEGER' : 'TEXT',
      category: column === 'id' ? 'number' : 'text',
      nullable: column !== 'id',
      primaryKey: column === 'id',
      ...(samples[column] ? { sampleValues: samples[column] } : {}),
    })),
    primaryKey: ['id'],
    foreignKeys: references.map((target) => ({
      columns: [`${target}_id`],
      referencedTable: target,
      referencedColumns: ['id'],
    })),
  };
}

const filler = Array.from({ length: 30 }, (_, i) => table(`audit_log_${i}`, ['message', 'level']));
const schema: SchemaInfo = {
  dialect: 'sqlite',
  tables: [
    table('customers', ['name', 'country'], [], { country: ['France', 'Germany'] }),
    table('orders', ['order_date', 'status', 'customers_id'], ['customers']),
    table('order_items', ['quantity', 'orders_id', 'products_id'], ['orders', 'products']),
    table('products', ['title', 'price']),
    ...filler,
  ],
};

describe('retrieveSchema', () => {
  it('keeps a small schema whole instead of pruning what already fits', () => {
    const small: SchemaInfo = { dialect: 'sqlite', tables: schema.tables.slice(0, 4) };
    const result = retrieveSchema('How many customers?', small);
    expect(result.schema.tables).toHaveLength(4);
    expect(result.ranked[0]).toEqual({ name: 'customers', score: 1 });
  });

  it('ranks the tables a large schema needs first and drops unrelated ones', () => {
    const result = retrieveSchema('How many orders were placed by customers?', schema, { maxTables: 5 });
    const names = result.schema.tables.map((t) => t.name);
    expect(names.slice(0, 2).sort()).toEqual(['customers', 'orders']);
    expect(names.length).toBeLessThanOrEqual(5);
    expect(names.some((name) => name.startsWith('audit_log'))).toBe(false);
  });

  it('adds foreign-key neighbours so a bridge table keeps the join possible', () => {
    const result = retrieveSchema('orders of each products title', schema, { maxTables: 4 });
    expect(result.schema.tables.map((t) => t.name)).toContain('order_items');
  });

  it('links a table through a sample value the question names', () => {
    const result = retrieveSchema('who lives in Germany', schema, { maxTables: 3 });
    expect(result.ranked[0]?.name).toBe('customers');
  });
});

describe('retrieveExamples', () => {
  it('returns nothing when there are no approved examples', () => {
    expect(retrieveExamples('anything', [])).toEqual([]);
  });

  it('ranks approved examples by BM25 similarity with scores in [0, 1]', () => {
    const examples = retrieveExamples('how many orders last month', [
      { id: '1', question: 'list all products', query: 'SELECT * FROM products' },
      { id: '2', question: 'how many orders were placed', query: 'SELECT count(*) FROM orders' },
    ]);
    expect(examples[0]).toMatchObject({ query: 'SELECT count(*) FROM orders', score: 1 });
    expect(examples.every((example) => example.score >= 0 && example.score <= 1)).toBe(true);
  });
});
