import { describe, expect, it } from 'vitest';
import { categorizeMysqlColumn } from './mysql-column-category.js';
import { enumValues } from './mysql-introspector.js';

describe('categorizeMysqlColumn', () => {
  it.each([
    ['id', 'int', 'int(11)', 'number'],
    ['total', 'decimal', 'decimal(10,2)', 'number'],
    ['ratio', 'double', 'double', 'number'],
    ['released', 'year', 'year(4)', 'number'],
    ['active', 'tinyint', 'tinyint(1)', 'boolean'],
    ['is_deleted', 'tinyint', 'tinyint(4)', 'boolean'],
    ['flag', 'bit', 'bit(1)', 'boolean'],
    ['mask', 'bit', 'bit(8)', 'other'],
    ['level', 'tinyint', 'tinyint(3) unsigned', 'number'],
    ['born', 'date', 'date', 'date'],
    ['seen', 'datetime', 'datetime(3)', 'date'],
    ['created_at', 'varchar', 'varchar(20)', 'date'],
    ['name', 'varchar', 'varchar(50)', 'text'],
    ['notes', 'longtext', 'longtext', 'text'],
    ['kind', 'enum', "enum('a','b')", 'text'],
    ['payload', 'json', 'json', 'other'],
    ['photo', 'blob', 'blob', 'other'],
    ['where', 'point', 'point', 'other'],
  ])('puts %s (%s) in %s → %s', (name, dataType, columnType, category) => {
    expect(categorizeMysqlColumn(name, dataType, columnType)).toBe(category);
  });
});

describe('enumValues', () => {
  it('reads ENUM and SET values with escaped quotes', () => {
    expect(enumValues("enum('pop','rock''n''roll','a,b')")).toEqual(['pop', "rock'n'roll", 'a,b']);
    expect(enumValues("set('x','y')")).toEqual(['x', 'y']);
    expect(enumValues('int(11)')).toEqual([]);
  });
});
