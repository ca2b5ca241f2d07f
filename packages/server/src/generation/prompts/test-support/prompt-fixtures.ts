import type { ColumnSchema, SchemaInfo, TableSchema } from '../../../core/index.js';
import type { GenerationInput } from '../../query-generator.js';

function column(name: string, type: string, extra: Partial<ColumnSchema> = {}): ColumnSchema {
  const category: ColumnSchema['category'] = /INT|REAL|NUM|DEC/i.test(type)
    ? 'number'
    : /DATE|TIME/i.test(type)
      ? 'date'
      : 'text';
  return { name, type, category, nullable: !extra.primaryKey, primaryKey: false, ...extra };
}

/** A small shop: customers → orders → order_items ← products, ranked as retrieval would. */
export const shopSchema: SchemaInfo = {
  dialect: 'sqlite',
  tables: [
    {
      name: 'customers',
      kind: 'table',
      description: 'People and companies that bought something',
      rowCount: 1200,
      primaryKey: ['id'],
      foreignKeys: [],
      columns: [
        column('id', 'INTEGER', { primaryKey: true }),
        column('name', 'TEXT'),
        column('country', 'TEXT', {
          description: 'Billing country',
          sampleValues: ['France', 'Germany', 'Spain', "Côte d'Ivoire", 'Italy', 'Japan'],
        }),
        column('segment', 'TEXT', { sampleValues: ['retail', 'wholesale'] }),
        column('created_at', 'TEXT', { description: 'ISO-8601 date of sign-up' }),
      ],
    },
    {
      name: 'orders',
      kind: 'table',
      rowCount: 5400,
      primaryKey: ['id'],
      foreignKeys: [{ columns: ['customer_id'], referencedTable: 'customers', referencedColumns: ['id'] }],
      columns: [
        column('id', 'INTEGER', { primaryKey: true }),
        column('customer_id', 'INTEGER'),
        column('status', 'TEXT', { sampleValues: ['shipped', 'pending', 'cancelled'] }),
        column('ordered_at', 'TEXT'),
        column('total', 'REAL', { description: 'Order total in EUR, tax included' }),
      ],
    },
    {
      name: 'order items',
      kind: 'table',
      rowCount: 16000,
      primaryKey: ['order_id', 'product_id'],
      foreignKeys: [
        { columns: ['order_id'], referencedTable: 'orders', referencedColumns: ['id'] },
        { columns: ['product_id'], referencedTable: 'products', referencedColumns: ['id'] },
      ],
      columns: [
        column('order_id', 'INTEGER'),
        column('product_id', 'INTEGER'),
        column('quantity', 'INTEGER'),
      ],
    },
    {
      name: 'products',
      kind: 'table',
      rowCount: 300,
      primaryKey: ['id'],
      foreignKeys: [],
      columns: [
        column('id', 'INTEGER', { primaryKey: true }),
        column('name', 'TEXT'),
        column('category', 'TEXT', { sampleValues: ['books', 'games', 'garden'] }),
        column('price', 'REAL'),
      ],
    },
    {
      name: 'monthly_sales',
      kind: 'view',
      primaryKey: [],
      foreignKeys: [],
      columns: [column('month', 'TEXT'), column('revenue', 'REAL')],
    },
  ],
};

export const sqliteNotes = [
  'Quote identifiers with double quotes.',
  "Dates are TEXT in ISO-8601; use strftime('%Y', col) for the year and date('now') for today.",
  'Use LIMIT n for the first n rows.',
];

/** A first attempt at a question about the shop. */
export function shopInput(overrides: Partial<GenerationInput> = {}): GenerationInput {
  return {
    question: 'How many customers are there in France?',
    dialect: 'sqlite',
    dialectNotes: sqliteNotes,
    schema: shopSchema,
    fullSchema: shopSchema,
    examples: [
      {
        question: 'How many orders were shipped?',
        query: "SELECT count(*) AS shipped_orders\nFROM orders\nWHERE status = 'shipped'",
        score: 0.71,
      },
    ],
    history: [],
    iteration: 1,
    previousAttempts: [],
    signal: new AbortController().signal,
    ...overrides,
  };
}

/**
 * A generated warehouse of `count` tables, each with a key, a link to the previous table, a few
 * described columns and sample values: large enough that the schema section must be cut.
 */
export function wideSchema(count: number): SchemaInfo {
  const tables: TableSchema[] = [];
  for (let i = 0; i < count; i++) {
    const name = `t${String(i).padStart(3, '0')}`;
    const previous = i > 0 ? `t${String(i - 1).padStart(3, '0')}` : undefined;
    tables.push({
      name,
      kind: 'table',
      rowCount: 1000 + i,
      description: `Fact table number ${i} of the warehouse`,
      primaryKey: ['id'],
      foreignKeys: previous
        ? [{ columns: ['parent_id'], referencedTable: previous, referencedColumns: ['id'] }]
        : [],
      columns: [
        column('id', 'INTEGER', { primaryKey: true }),
        ...(previous ? [column('parent_id', 'INTEGER')] : []),
        column('label', 'TEXT', {
          description: 'Display label',
          sampleValues: ['alpha', 'beta', 'gamma', 'delta'],
        }),
        column('region', 'TEXT', { sampleValues: ['north', 'south', 'east', 'west'] }),
        column('amount', 'REAL', { description: 'Amount in EUR' }),
        column('created_at', 'TEXT'),
      ],
    });
  }
  return { dialect: 'postgres', tables };
}
