import type { FieldPacket } from 'mysql2';
import { describe, expect, it } from 'vitest';
import {
  bitToJson,
  dateTimeToIso,
  decimalToJson,
  mysqlColumnTypeName,
  mysqlRowConverter,
} from './mysql-result-values.js';

interface FieldExtras {
  flags?: number;
  characterSet?: number;
  extendedFormat?: string;
  extendedTypeName?: string;
}

const field = (columnType: number, extra: FieldExtras = {}): FieldPacket =>
  ({ name: 'c', columnType, characterSet: 45, flags: 0, ...extra }) as unknown as FieldPacket;

describe('mysqlColumnTypeName', () => {
  it('names numeric, date and text types, with UNSIGNED', () => {
    expect(mysqlColumnTypeName(field(3))).toBe('INT');
    expect(mysqlColumnTypeName(field(8, { flags: 32 }))).toBe('BIGINT UNSIGNED');
    expect(mysqlColumnTypeName(field(0xf6))).toBe('DECIMAL');
    expect(mysqlColumnTypeName(field(12))).toBe('DATETIME');
    expect(mysqlColumnTypeName(field(0xfd))).toBe('VARCHAR');
    expect(mysqlColumnTypeName(field(0xfc))).toBe('TEXT');
  });

  it('tells binary strings from text by the binary character set', () => {
    expect(mysqlColumnTypeName(field(0xfd, { characterSet: 63 }))).toBe('VARBINARY');
    expect(mysqlColumnTypeName(field(0xfc, { characterSet: 63 }))).toBe('BLOB');
    expect(mysqlColumnTypeName(field(0xfe, { characterSet: 63 }))).toBe('BINARY');
  });

  it('reads ENUM and SET from the column flags, and MariaDB extended type names', () => {
    expect(mysqlColumnTypeName(field(0xfe, { flags: 256 }))).toBe('ENUM');
    expect(mysqlColumnTypeName(field(0xfe, { flags: 2048 }))).toBe('SET');
    expect(mysqlColumnTypeName(field(0xfb, { extendedFormat: 'json' }))).toBe('JSON');
    expect(mysqlColumnTypeName(field(0xfe, { extendedTypeName: 'uuid' }))).toBe('UUID');
  });
});

describe('value conversion', () => {
  it('makes decimals numbers only when a double holds them exactly', () => {
    expect(decimalToJson('12.50')).toBe(12.5);
    expect(decimalToJson('-0.001')).toBe(-0.001);
    expect(decimalToJson('123456789012345.6')).toBe('123456789012345.6');
    expect(decimalToJson('12345678901234567890.00')).toBe('12345678901234567890.00');
    expect(decimalToJson('100000000000000000000')).toBe(100000000000000000000);
  });

  it('writes date-times in ISO 8601 and keeps zero dates', () => {
    expect(dateTimeToIso('2024-03-01 10:20:30.500')).toBe('2024-03-01T10:20:30.500');
    expect(dateTimeToIso('0000-00-00 00:00:00')).toBe('0000-00-00 00:00:00');
    expect(dateTimeToIso('2024-03-01')).toBe('2024-03-01');
  });

  it('reads BIT values as numbers', () => {
    expect(bitToJson(Buffer.from([1]))).toBe(1);
    expect(bitToJson(Buffer.from([1, 0]))).toBe(256);
    expect(bitToJson(Buffer.from([255, 255, 255, 255, 255, 255, 255, 255]))).toBe('18446744073709551615');
  });

  it('converts a row in place into JSON values and reports its size', () => {
    const convert = mysqlRowConverter([field(0xf6), field(12), field(0xfc, { characterSet: 63 }), field(3)]);
    const row: unknown[] = ['1.25', '2024-01-02 03:04:05', Buffer.alloc(10), null];
    const bytes = convert(row);
    expect(row).toEqual([1.25, '2024-01-02T03:04:05', '<blob 10 bytes>', null]);
    expect(JSON.parse(JSON.stringify(row))).toEqual(row);
    expect(bytes).toBeGreaterThan(0);
  });
});
