import { describe, expect, it } from 'vitest';
import { fk, table } from './fixtures/shop-schema.js';
import { librarySchema } from './fixtures/library-schema.js';
import { shopSchema } from './fixtures/shop-schema.js';
import { planJoins } from './join-planner.js';
import type { QueryIR } from './query-ir.js';
import { columnRef, emptyQuery } from './query-ir.js';
import type { SchemaIndex } from './schema-index.js';
import { buildSchemaIndex } from './schema-index.js';

function column(index: SchemaIndex, tableName: string, columnName: string) {
  const found = index.tableByName.get(tableName.toLowerCase())?.columns.find((c) => c.name === columnName);
  if (!found) throw new Error(`no ${tableName}.${columnName}`);
  return found;
}

function query(index: SchemaIndex, root: string, columns: [string, string][]): QueryIR {
  const rootTable = index.tableByName.get(root);
  if (!rootTable) throw new Error(root);
  const ir = emptyQuery(rootTable);
  ir.select = columns.map(([t, c]) => ({ expr: columnRef(column(index, t, c)) }));
  return ir;
}

const joined = (plan: ReturnType<typeof planJoins>): string[] =>
  plan?.instances.map((i) => i.table.name) ?? [];

describe('planJoins', () => {
  it('needs no join for one table', async () => {
    const index = await buildSchemaIndex(shopSchema(), { synonyms: false });
    const plan = planJoins(query(index, 'customers', [['customers', 'name']]), index);
    expect(plan?.joins).toEqual([]);
  });

  it('joins through the intermediate tables of the shortest path', async () => {
    const index = await buildSchemaIndex(shopSchema(), { synonyms: false });
    const plan = planJoins(
      query(index, 'employees', [
        ['employees', 'last_name'],
        ['products', 'name'],
      ]),
      index,
    );
    expect(joined(plan)).toEqual(['employees', 'orders', 'order_items', 'products']);
    expect(plan?.joins[0]?.on.map(([a, b]) => `${a.table.name}.${a.name}=${b.table.name}.${b.name}`)).toEqual(
      ['orders.employee_id=employees.id'],
    );
  });

  it('takes the shorter of two paths (customers reach products through reviews)', async () => {
    const index = await buildSchemaIndex(shopSchema(), { synonyms: false });
    const plan = planJoins(
      query(index, 'customers', [
        ['customers', 'name'],
        ['products', 'name'],
      ]),
      index,
    );
    expect(joined(plan)).toEqual(['customers', 'reviews', 'products']);
  });

  it('crosses the bridge table of a many-to-many relation', async () => {
    const index = await buildSchemaIndex(librarySchema(), { synonyms: false });
    const plan = planJoins(
      query(index, 'authors', [
        ['authors', 'full_name'],
        ['books', 'title'],
      ]),
      index,
    );
    expect(joined(plan)).toEqual(['authors', 'book_authors', 'books']);
  });

  it('connects three tables with the smallest tree', async () => {
    const index = await buildSchemaIndex(shopSchema(), { synonyms: false });
    const plan = planJoins(
      query(index, 'orders', [
        ['customers', 'name'],
        ['payments', 'amount'],
        ['orders', 'status'],
      ]),
      index,
    );
    expect(new Set(joined(plan))).toEqual(new Set(['orders', 'customers', 'payments']));
  });

  it('prefers the foreign key the question points at when two connect the same tables', async () => {
    const schema = {
      dialect: 'sqlite' as const,
      tables: [
        table('stops', [
          ['id', 'INTEGER'],
          ['name', 'TEXT'],
        ]),
        table(
          'trips',
          [
            ['id', 'INTEGER'],
            ['origin_stop_id', 'INTEGER'],
            ['destination_stop_id', 'INTEGER'],
          ],
          [fk('origin_stop_id', 'stops'), fk('destination_stop_id', 'stops')],
        ),
      ],
    };
    const index = await buildSchemaIndex(schema, { synonyms: false });
    const ir = query(index, 'trips', [['stops', 'name']]);
    ir.preferredEdges = index.edges.filter((e) => e.fromColumns[0]?.name === 'destination_stop_id');
    expect(planJoins(ir, index)?.joins[0]?.on[0]?.[1].name).toBe('destination_stop_id');
  });

  it('returns null when no foreign key path exists', async () => {
    const schema = {
      dialect: 'sqlite' as const,
      tables: [
        table('a', [
          ['id', 'INTEGER'],
          ['x', 'TEXT'],
        ]),
        table('b', [
          ['id', 'INTEGER'],
          ['y', 'TEXT'],
        ]),
      ],
    };
    const index = await buildSchemaIndex(schema, { synonyms: false });
    expect(
      planJoins(
        query(index, 'a', [
          ['a', 'x'],
          ['b', 'y'],
        ]),
        index,
      ),
    ).toBeNull();
  });

  it('joins a second occurrence of a table through a join hint (self-join)', async () => {
    const index = await buildSchemaIndex(shopSchema(), { synonyms: false });
    const ir = query(index, 'employees', [['employees', 'first_name']]);
    const managerEdge = index.edges.find((e) => e.fromColumns[0]?.name === 'manager_id');
    if (!managerEdge) throw new Error('no manager key');
    ir.select.push({ expr: columnRef(column(index, 'employees', 'last_name'), 1) });
    ir.joinHints = [{ edge: managerEdge, fromInstance: 0, toInstance: 1 }];
    const plan = planJoins(ir, index);
    expect(plan?.instances.map((i) => `${i.table.name}#${i.instance}`)).toEqual([
      'employees#0',
      'employees#1',
    ]);
  });
});
