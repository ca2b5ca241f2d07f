import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SchemaInfo } from '../../core/index.js';
import { introspectSqlite, quoteSqliteIdentifier } from './sqlite-introspector.js';
import { createFixtureDatabase, createTempDir } from './test-support/sqlite-fixture.js';

describe('introspectSqlite', () => {
  const temp = createTempDir();
  let db: Database.Database;
  let schema: SchemaInfo;

  beforeAll(() => {
    db = new Database(createFixtureDatabase(join(temp.dir, 'fixture.sqlite')), {
      readonly: true,
      fileMustExist: true,
    });
    schema = introspectSqlite(db);
  });
  afterAll(() => {
    db.close();
    temp.remove();
  });

  const table = (name: string) => {
    const found = schema.tables.find((candidate) => candidate.name === name);
    if (!found) throw new Error(`no table ${name}`);
    return found;
  };

  it('lists tables and views in creation order and leaves out sqlite_ tables', () => {
    expect(schema.dialect).toBe('sqlite');
    expect(schema.tables.map((entry) => [entry.name, entry.kind])).toEqual([
      ['singer', 'table'],
      ['concert', 'table'],
      ['singer_in_concert', 'table'],
      ['Odd Table', 'table'],
      ['singer_summary', 'view'],
      ['numbers', 'table'],
      ['oddities', 'table'],
    ]);
  });

  it('reads columns with declared types, nullability and primary keys', () => {
    const singer = table('singer');
    expect(singer.primaryKey).toEqual(['singer_id']);
    expect(
      singer.columns.map((column) => [column.name, column.type, column.nullable, column.primaryKey]),
    ).toEqual([
      ['singer_id', 'INTEGER', false, true],
      ['name', 'TEXT', false, false],
      ['country', 'TEXT', true, false],
      ['age', 'INT', true, false],
      ['birth_date', 'TEXT', true, false],
      ['is_active', 'INTEGER', true, false],
      ['net_worth', 'REAL', true, false],
      ['photo', 'BLOB', true, false],
    ]);
    expect(table('singer_in_concert').primaryKey).toEqual(['concert_id', 'singer_id']);
  });

  it('categorizes columns by type affinity and by name', () => {
    const categories = Object.fromEntries(
      table('singer').columns.map((column) => [column.name, column.category]),
    );
    expect(categories).toEqual({
      singer_id: 'number',
      name: 'text',
      country: 'text',
      age: 'number',
      birth_date: 'date',
      is_active: 'boolean',
      net_worth: 'number',
      photo: 'other',
    });
    const concert = Object.fromEntries(
      table('concert').columns.map((column) => [column.name, column.category]),
    );
    expect(concert).toMatchObject({ concert_name: 'text', year: 'number', created_at: 'date' });
    const untyped = table('Odd Table').columns.find((column) => column.name === 'untyped');
    expect(untyped).toMatchObject({ type: '', category: 'number' });
  });

  it('reads foreign keys, filling in an implicit primary-key target and the declared spelling', () => {
    expect(table('singer_in_concert').foreignKeys).toEqual([
      { columns: ['singer_id'], referencedTable: 'singer', referencedColumns: ['singer_id'] },
      { columns: ['concert_id'], referencedTable: 'concert', referencedColumns: ['concert_id'] },
    ]);
  });

  it('counts rows of tables but not of views', () => {
    expect(table('singer').rowCount).toBe(6);
    expect(table('numbers').rowCount).toBe(5000);
    expect(table('singer_summary').rowCount).toBeUndefined();
  });

  it('samples low-cardinality text columns, most frequent first', () => {
    const country = table('singer').columns.find((column) => column.name === 'country');
    expect(country?.sampleValues).toEqual(['France', 'Netherlands', 'United States']);
    const label = table('numbers').columns.find((column) => column.name === 'label');
    expect(label?.sampleValues).toBeUndefined(); // 5,000 distinct values is not low-cardinality
    const age = table('singer').columns.find((column) => column.name === 'age');
    expect(age?.sampleValues).toBeUndefined();
  });

  it('handles names with spaces, quotes and mixed case', () => {
    const odd = table('Odd Table');
    expect(odd.columns.map((column) => column.name)).toEqual([
      'Home Town',
      'Quote"d',
      'MixedCase',
      'untyped',
    ]);
    expect(odd.rowCount).toBe(2);
    expect(odd.columns[0]?.sampleValues).toEqual(['Shelbyville', 'Springfield']);
    expect(quoteSqliteIdentifier('Quote"d')).toBe('"Quote""d"');
  });

  it('skips row counts and samples when asked', () => {
    const light = introspectSqlite(db, { rowCounts: false, sampleValues: false });
    expect(light.tables.every((entry) => entry.rowCount === undefined)).toBe(true);
    expect(
      light.tables.flatMap((entry) => entry.columns).every((column) => column.sampleValues === undefined),
    ).toBe(true);
  });

  it('reads the comment after a column definition as its description', () => {
    const commented = new Database(':memory:');
    try {
      commented.exec(`CREATE TABLE loans (
        id INTEGER PRIMARY KEY,
        due_on TEXT, -- when the book must be back
        fine REAL
      )`);
      const columns = introspectSqlite(commented).tables[0]?.columns ?? [];
      expect(columns.map((column) => column.description)).toEqual([
        undefined,
        'when the book must be back',
        undefined,
      ]);
    } finally {
      commented.close();
    }
  });

  it('stops with CANCELLED when its signal is aborted', () => {
    const controller = new AbortController();
    controller.abort();
    expect(() => introspectSqlite(db, { signal: controller.signal })).toThrow(
      expect.objectContaining({ code: 'CANCELLED' }),
    );
  });

  it('introspects a 2,000-table schema in reasonable time', () => {
    const path = join(temp.dir, 'wide.sqlite');
    const writer = new Database(path);
    writer.exec('BEGIN');
    for (let index = 0; index < 2000; index += 1) {
      writer.exec(
        `CREATE TABLE "t${index}" (id INTEGER PRIMARY KEY, name TEXT, kind TEXT, amount REAL, created_at TEXT, parent_id INT REFERENCES "t${Math.max(0, index - 1)}"(id))`,
      );
      writer.exec(`INSERT INTO "t${index}" (name, kind, amount) VALUES ('a', 'x', 1), ('b', 'y', 2)`);
    }
    writer.exec('COMMIT');
    writer.close();
    const wide = new Database(path, { readonly: true, fileMustExist: true });
    const started = performance.now();
    const result = introspectSqlite(wide);
    const elapsed = performance.now() - started;
    wide.close();
    expect(result.tables).toHaveLength(2000);
    expect(result.tables[1999]?.foreignKeys).toEqual([
      { columns: ['parent_id'], referencedTable: 't1998', referencedColumns: ['id'] },
    ]);
    expect(result.tables[5]?.columns[2]?.sampleValues).toEqual(['x', 'y']);
    expect(elapsed).toBeLessThan(10_000);
  });
});
