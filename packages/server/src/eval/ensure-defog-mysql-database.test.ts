import { describe, expect, it } from 'vitest';
import { mysqlColumnType } from './ensure-defog-mysql-database.js';

const column = (data_type: string, extra: Partial<Parameters<typeof mysqlColumnType>[0]> = {}) => ({
  data_type,
  character_maximum_length: null,
  numeric_precision: null,
  numeric_scale: null,
  ...extra,
});

describe('mysqlColumnType', () => {
  it('maps the PostgreSQL types of the defog dumps to MariaDB types', () => {
    expect(
      ['text', 'bigint', 'boolean', 'double precision', 'real', 'date', 'time without time zone'].map(
        (type) => mysqlColumnType(column(type)),
      ),
    ).toEqual(['TEXT', 'BIGINT', 'BOOLEAN', 'DOUBLE', 'FLOAT', 'DATE', 'TIME']);
  });

  it('keeps declared numeric precision and lengths, and falls back to TEXT', () => {
    expect(mysqlColumnType(column('numeric'))).toBe('DECIMAL(38,10)');
    expect(mysqlColumnType(column('numeric', { numeric_precision: 10, numeric_scale: 2 }))).toBe(
      'DECIMAL(10,2)',
    );
    expect(mysqlColumnType(column('character varying', { character_maximum_length: 40 }))).toBe(
      'VARCHAR(40)',
    );
    expect(mysqlColumnType(column('timestamp with time zone'))).toBe('DATETIME(6)');
    expect(mysqlColumnType(column('tsvector'))).toBe('TEXT');
  });
});
