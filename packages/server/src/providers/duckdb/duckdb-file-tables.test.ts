import { describe, expect, it } from 'vitest';
import {
  DuckdbFileAllowlist,
  fileFormatOf,
  globBaseDirectory,
  globToRegExp,
  planFileTables,
  tableNameForPath,
} from './duckdb-file-tables.js';

describe('DuckDB file tables', () => {
  it('names a table after the sanitised file stem', () => {
    expect(tableNameForPath('/data/Sales 2024.csv')).toBe('sales_2024');
    expect(tableNameForPath('/data/events.parquet')).toBe('events');
    expect(tableNameForPath('/data/logs.ndjson.gz')).toBe('logs');
    expect(tableNameForPath('/data/Café-Orders.json')).toBe('cafe_orders');
    expect(tableNameForPath('/data/2024.csv')).toBe('t_2024');
  });

  it('names a glob after the fixed part of its stem, or else its folder', () => {
    expect(tableNameForPath('/data/sales_*.csv')).toBe('sales');
    expect(tableNameForPath('/data/orders/*.parquet')).toBe('orders');
    expect(tableNameForPath('/data/orders/**/*.parquet')).toBe('orders');
    expect(tableNameForPath('/*.csv')).toBe('files');
  });

  it('tells the format from the extension', () => {
    expect(fileFormatOf('a.csv')).toBe('csv');
    expect(fileFormatOf('a.TSV')).toBe('csv');
    expect(fileFormatOf('a.csv.gz')).toBe('csv');
    expect(fileFormatOf('a.parquet')).toBe('parquet');
    expect(fileFormatOf('a.jsonl')).toBe('json');
    expect(fileFormatOf('a.xlsx')).toBeUndefined();
  });

  it('makes clashing names unique and refuses an unknown format', () => {
    const tables = planFileTables(['/a/orders.csv', '/b/orders.parquet', '/c/customers.json'], ['Customers']);
    expect(tables.map((table) => table.name)).toEqual(['orders', 'orders_2', 'customers_2']);
    expect(() => planFileTables(['/a/book.xlsx'])).toThrow(/Cannot tell the format/);
  });

  it('finds the folder a glob reads below', () => {
    expect(globBaseDirectory('/data/logs/*.csv')).toBe('/data/logs');
    expect(globBaseDirectory('/data/*/x.csv')).toBe('/data');
    expect(globBaseDirectory('/data/**/*.csv')).toBe('/data');
  });

  it('matches paths the way DuckDB globs do', () => {
    expect(globToRegExp('/d/*.csv').test('/d/a.csv')).toBe(true);
    expect(globToRegExp('/d/*.csv').test('/d/sub/a.csv')).toBe(false);
    expect(globToRegExp('/d/**/*.csv').test('/d/sub/deeper/a.csv')).toBe(true);
    expect(globToRegExp('/d/**/*.csv').test('/d/a.csv')).toBe(true);
    expect(globToRegExp('/d/part-?.csv').test('/d/part-1.csv')).toBe(true);
    expect(globToRegExp('/d/part-[12].csv').test('/d/part-3.csv')).toBe(false);
    expect(globToRegExp('/d/a.b(c).csv').test('/d/aXb(c).csv')).toBe(false);
  });

  describe('DuckdbFileAllowlist', () => {
    const allowlist = new DuckdbFileAllowlist(
      planFileTables(['/data/sales.csv', '/data/logs/*.csv', '/data/events.parquet']),
    );

    it('allows the configured files, the configured glob and files the glob matches', () => {
      expect(allowlist.rejection('/data/sales.csv')).toBeUndefined();
      expect(allowlist.rejection('/data/logs/*.csv')).toBeUndefined();
      expect(allowlist.rejection('/data/logs/part-1.csv')).toBeUndefined();
      expect(allowlist.rejection('sales.csv', '/data')).toBeUndefined();
      expect(allowlist.rejection('./logs/../sales.csv', '/data')).toBeUndefined();
    });

    it('refuses other files, other globs, traversal, home paths and URLs', () => {
      expect(allowlist.rejection('/etc/passwd')).toMatch(/not one of the provider's files/);
      expect(allowlist.rejection('/data/*.csv')).toMatch(/not one of the provider's file patterns/);
      expect(allowlist.rejection('/data/logs/../../etc/passwd')).toMatch(/not one of/);
      expect(allowlist.rejection('/data/logs/sub/x.csv')).toMatch(/not one of/);
      expect(allowlist.rejection('~/.ssh/id_rsa')).toMatch(/home directory/);
      expect(allowlist.rejection('https://example.com/sales.csv')).toMatch(/URL/);
      expect(allowlist.rejection('s3://bucket/sales.csv')).toMatch(/URL/);
      expect(allowlist.rejection('')).toMatch(/empty/);
    });

    it('gives DuckDB the exact files and one folder per glob', () => {
      expect(allowlist.filePaths).toEqual(['/data/sales.csv', '/data/events.parquet']);
      expect(allowlist.globDirectories).toEqual(['/data/logs/']);
    });
  });
});
