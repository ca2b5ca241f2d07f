import { describe, expect, it } from 'vitest';
import {
  convertInt8,
  convertNumeric,
  convertTimestamp,
  convertTimestampTz,
  describeBytea,
  parsePostgresArray,
  PostgresTypeRegistry,
} from './postgres-values.js';

describe('PostgreSQL value conversion', () => {
  it('keeps bigints as numbers while they are safe integers and as strings beyond', () => {
    expect(convertInt8('42')).toBe(42);
    expect(convertInt8('-9007199254740991')).toBe(-9007199254740991);
    expect(convertInt8('9007199254740993')).toBe('9007199254740993');
  });

  it('keeps numerics as numbers up to 15 significant digits and as strings beyond', () => {
    expect(convertNumeric('120.50')).toBe(120.5);
    expect(convertNumeric('1.00000000000000000000')).toBe(1);
    expect(convertNumeric('0.000000000000000001')).toBe(1e-18);
    expect(convertNumeric('0.33333333333333333333')).toBe('0.33333333333333333333');
    expect(convertNumeric('1234567890123456789')).toBe('1234567890123456789');
    expect(convertNumeric('NaN')).toBe('NaN');
  });

  it('writes timestamps as ISO 8601 and keeps the time zone of timestamptz', () => {
    expect(convertTimestamp('2024-01-02 03:04:05.5')).toBe('2024-01-02T03:04:05.5');
    expect(convertTimestamp('infinity')).toBe('infinity');
    expect(convertTimestampTz('2024-01-02 03:04:05+00')).toBe('2024-01-02T03:04:05Z');
    expect(convertTimestampTz('2024-01-02 03:04:05.123456+01')).toBe('2024-01-02T03:04:05.123456+01:00');
    expect(convertTimestampTz('2024-01-02 03:04:05-05:30')).toBe('2024-01-02T03:04:05-05:30');
    expect(convertTimestampTz('0044-03-15 12:00:00+00 BC')).toBe('0044-03-15 12:00:00+00 BC');
  });

  it('describes bytea values by their size', () => {
    expect(describeBytea('\\x0102ff')).toBe('<bytea 3 bytes>');
  });

  it('parses arrays, nested arrays, quoted elements, NULLs and explicit bounds', () => {
    const text = (value: string): string => value;
    expect(parsePostgresArray('{1,2,NULL}', Number)).toEqual([1, 2, null]);
    expect(parsePostgresArray('{{a,"b c"},{"d\\"e",NULL}}', text)).toEqual([
      ['a', 'b c'],
      ['d"e', null],
    ]);
    expect(parsePostgresArray('{"NULL",""}', text)).toEqual(['NULL', '']);
    expect(parsePostgresArray('[0:1]={x,y}', text)).toEqual(['x', 'y']);
    expect(parsePostgresArray('{}', text)).toEqual([]);
  });

  it('names built-in types and converts their values', () => {
    const registry = new PostgresTypeRegistry();
    expect(registry.get(1184)?.name).toBe('timestamp with time zone');
    expect(registry.get(1016)?.name).toBe('bigint[]');
    expect(registry.get(1016)?.convert('{1,9007199254740993}')).toEqual([1, '9007199254740993']);
    expect(registry.get(16)?.convert('t')).toBe(true);
    expect(registry.get(3802)?.convert('{"a": [1, 2]}')).toEqual({ a: [1, 2] });
    expect(registry.get(123456)).toBeUndefined();
  });

  it('learns enums, domains and their arrays from pg_type rows', () => {
    const registry = new PostgresTypeRegistry();
    expect(registry.unknown([23, 90001, 90002, 90003])).toEqual([90001, 90002, 90003]);
    registry.add([
      { oid: 90002, name: 'mood[]', category: 'A', elementOid: 90001, baseOid: 0 },
      { oid: 90001, name: 'mood', category: 'E', elementOid: 0, baseOid: 0 },
      { oid: 90003, name: 'positive_int', category: 'N', elementOid: 0, baseOid: 23 },
    ]);
    expect(registry.get(90001)?.convert('happy')).toBe('happy');
    expect(registry.get(90002)?.name).toBe('mood[]');
    expect(registry.get(90002)?.convert('{sad,happy}')).toEqual(['sad', 'happy']);
    expect(registry.get(90003)?.convert('7')).toBe(7);
    expect(registry.unknown([90001, 90002, 90003])).toEqual([]);
  });
});
