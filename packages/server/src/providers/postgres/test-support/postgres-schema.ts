import type { ColumnSchema, SchemaInfo, TableSchema } from '../../../core/index.js';

const column = (name: string, type = 'text'): ColumnSchema => ({
  name,
  type,
  category: type === 'text' ? 'text' : 'number',
  nullable: true,
  primaryKey: false,
});

const table = (name: string, columns: string[], kind: TableSchema['kind'] = 'table'): TableSchema => ({
  name,
  kind,
  columns: columns.map((name) => column(name)),
  primaryKey: [],
  foreignKeys: [],
});

/** The fixture database's names (see postgres-fixture.ts) as introspection reports them, for tests without a server. */
export const FIXTURE_SCHEMA: SchemaInfo = {
  dialect: 'postgres',
  tables: [
    table('MixedCase', ['Id', 'Label']),
    table('big_orders', ['id', 'name', 'total'], 'view'),
    table('country_counts', ['country', 'customers'], 'view'),
    table('customers', ['id', 'name', 'country', 'Email Address', 'mood', 'created_at', 'is_vip']),
    table('numbers', ['n', 'label']),
    table('orders', ['id', 'customer_id', 'total', 'ordered_on', 'note', 'payload', 'tags', 'receipt']),
    table('sales.regions', ['code', 'name']),
    table('sales.targets', ['region_code', 'year', 'amount']),
  ],
};
