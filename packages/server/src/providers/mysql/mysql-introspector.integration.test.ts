import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serviceAvailable } from '../../test-support/services.js';
import type { SchemaInfo, TableSchema } from '../../core/index.js';
import { MysqlProvider } from './mysql-provider.js';
import {
  createFixtureTables,
  createScratchDatabase,
  type MysqlFixture,
} from './test-support/mysql-fixture.js';

const available = await serviceAvailable('mariadb');

describe.skipIf(!available)('introspecting a MariaDB database', () => {
  let fixture: MysqlFixture;
  let provider: MysqlProvider;
  let schema: SchemaInfo;
  const table = (name: string): TableSchema => {
    const found = schema.tables.find((candidate) => candidate.name === name);
    if (!found) throw new Error(`no table ${name}`);
    return found;
  };

  beforeAll(async () => {
    fixture = await createScratchDatabase('t2x_mysql_intro');
    await createFixtureTables(fixture, 1_000);
    provider = await MysqlProvider.open({ id: 'intro', url: fixture.url });
    schema = await provider.introspect();
  });
  afterAll(async () => {
    await provider?.close();
    await fixture?.drop();
  });

  it('lists the tables and views of the connected database, by name', () => {
    expect(schema.dialect).toBe('mysql');
    expect(schema.tables.map((entry) => `${entry.name}:${entry.kind}`)).toEqual([
      'concert:table',
      'digits:table',
      'numbers:table',
      'Odd Table:table',
      'singer:table',
      'singer_in_concert:table',
      'singer_summary:view',
      'value_types:table',
    ]);
  });

  it('reads columns with their declared type, category, nullability, key and comment', () => {
    const singer = table('singer');
    expect(singer.description).toBe('People who sing');
    expect(singer.primaryKey).toEqual(['singer_id']);
    expect(singer.columns.find((column) => column.name === 'name')).toEqual({
      name: 'name',
      type: 'varchar(50)',
      category: 'text',
      nullable: false,
      primaryKey: false,
      description: 'Stage name',
      sampleValues: ['Joe Sharp', 'John Nizinik', 'Justin Brown', 'Rose White', 'Timbaland', 'Tribal King'],
    });
    const categories = Object.fromEntries(singer.columns.map((column) => [column.name, column.category]));
    expect(categories).toEqual({
      singer_id: 'number',
      name: 'text',
      country: 'text',
      age: 'number',
      birth_date: 'date',
      is_active: 'boolean',
      net_worth: 'number',
      genre: 'text',
      photo: 'other',
    });
    expect(singer.columns.find((column) => column.name === 'singer_id')).toMatchObject({
      nullable: false,
      primaryKey: true,
    });
  });

  it('categorizes every common MySQL column type', () => {
    const categories = Object.fromEntries(
      table('value_types').columns.map((column) => [column.name, column.category]),
    );
    expect(categories).toMatchObject({
      i: 'number',
      ubi: 'number',
      d: 'number',
      dbl: 'number',
      dt: 'date',
      ts: 'date',
      tm: 'date',
      yr: 'number',
      vc: 'text',
      tx: 'text',
      bl: 'other',
      bt: 'other',
      en: 'text',
      st: 'text',
      flag: 'boolean',
    });
  });

  it('reads composite primary keys and foreign keys', () => {
    const link = table('singer_in_concert');
    expect(link.primaryKey).toEqual(['concert_id', 'singer_id']);
    expect(link.foreignKeys).toEqual(
      expect.arrayContaining([
        { columns: ['concert_id'], referencedTable: 'concert', referencedColumns: ['concert_id'] },
        { columns: ['singer_id'], referencedTable: 'singer', referencedColumns: ['singer_id'] },
      ]),
    );
  });

  it('counts the rows of tables exactly, and leaves views without a count', () => {
    expect(table('singer').rowCount).toBe(6);
    expect(table('numbers').rowCount).toBe(1_000);
    expect(table('singer_summary').rowCount).toBeUndefined();
  });

  it('gives ENUM and SET values, and sample values of low-cardinality text columns only', () => {
    const singer = table('singer');
    expect(singer.columns.find((column) => column.name === 'genre')?.sampleValues).toEqual([
      'pop',
      'rock',
      'jazz',
    ]);
    expect(singer.columns.find((column) => column.name === 'country')?.sampleValues).toEqual([
      'France',
      'Netherlands',
      'United States',
    ]);
    expect(table('value_types').columns.find((column) => column.name === 'st')?.sampleValues).toEqual([
      'x',
      'y',
    ]);
    const numbers = table('numbers');
    expect(numbers.columns.find((column) => column.name === 'label')?.sampleValues).toBeUndefined();
    expect(numbers.columns.find((column) => column.name === 'parity')?.sampleValues).toEqual(['even', 'odd']);
  });

  it('keeps awkward names as the database spells them', () => {
    expect(table('Odd Table').columns.map((column) => column.name)).toEqual(['id', 'Home Town']);
  });

  it('uses the estimate for tables at or above the exact-count threshold', async () => {
    const estimating = await MysqlProvider.open({ id: 'estimate', url: fixture.url, exactRowCountBelow: 0 });
    try {
      const estimated = await estimating.introspect();
      const numbers = estimated.tables.find((entry) => entry.name === 'numbers');
      expect(numbers?.rowCount).toEqual(expect.any(Number));
      expect(numbers?.rowCount).toBeGreaterThan(0);
    } finally {
      await estimating.close();
    }
  });

  it('stops with CANCELLED when the signal aborts', async () => {
    await expect(provider.introspect(AbortSignal.abort())).rejects.toMatchObject({ code: 'CANCELLED' });
    const controller = new AbortController();
    const running = provider.introspect(controller.signal);
    controller.abort();
    await expect(running).rejects.toMatchObject({ code: 'CANCELLED' });
    expect((await provider.introspect()).tables).toHaveLength(8);
  });
});
