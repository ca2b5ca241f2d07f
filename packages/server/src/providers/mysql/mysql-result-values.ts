import type { FieldPacket } from 'mysql2';

/** Column type codes of the MySQL protocol (`enum_field_types`). */
const TYPE = {
  DECIMAL: 0x00,
  TINY: 0x01,
  SHORT: 0x02,
  LONG: 0x03,
  FLOAT: 0x04,
  DOUBLE: 0x05,
  NULL: 0x06,
  TIMESTAMP: 0x07,
  LONGLONG: 0x08,
  INT24: 0x09,
  DATE: 0x0a,
  TIME: 0x0b,
  DATETIME: 0x0c,
  YEAR: 0x0d,
  NEWDATE: 0x0e,
  VARCHAR: 0x0f,
  BIT: 0x10,
  VECTOR: 0xf2,
  JSON: 0xf5,
  NEWDECIMAL: 0xf6,
  ENUM: 0xf7,
  SET: 0xf8,
  TINY_BLOB: 0xf9,
  MEDIUM_BLOB: 0xfa,
  LONG_BLOB: 0xfb,
  BLOB: 0xfc,
  VAR_STRING: 0xfd,
  STRING: 0xfe,
  GEOMETRY: 0xff,
} as const;

const FLAG_UNSIGNED = 32;
const FLAG_ENUM = 256;
const FLAG_SET = 2048;
const BINARY_CHARSET = 63;

const SIMPLE_NAMES = new Map<number, string>([
  [TYPE.DECIMAL, 'DECIMAL'],
  [TYPE.NEWDECIMAL, 'DECIMAL'],
  [TYPE.TINY, 'TINYINT'],
  [TYPE.SHORT, 'SMALLINT'],
  [TYPE.LONG, 'INT'],
  [TYPE.INT24, 'MEDIUMINT'],
  [TYPE.LONGLONG, 'BIGINT'],
  [TYPE.FLOAT, 'FLOAT'],
  [TYPE.DOUBLE, 'DOUBLE'],
  [TYPE.NULL, 'NULL'],
  [TYPE.TIMESTAMP, 'TIMESTAMP'],
  [TYPE.DATE, 'DATE'],
  [TYPE.NEWDATE, 'DATE'],
  [TYPE.TIME, 'TIME'],
  [TYPE.DATETIME, 'DATETIME'],
  [TYPE.YEAR, 'YEAR'],
  [TYPE.BIT, 'BIT'],
  [TYPE.JSON, 'JSON'],
  [TYPE.ENUM, 'ENUM'],
  [TYPE.SET, 'SET'],
  [TYPE.GEOMETRY, 'GEOMETRY'],
  [TYPE.VECTOR, 'VECTOR'],
]);
const NUMERIC = new Set<number>([
  TYPE.DECIMAL,
  TYPE.NEWDECIMAL,
  TYPE.TINY,
  TYPE.SHORT,
  TYPE.LONG,
  TYPE.INT24,
  TYPE.LONGLONG,
  TYPE.FLOAT,
  TYPE.DOUBLE,
]);

/**
 * The SQL type name of a result column from its protocol metadata: `INT UNSIGNED`, `DECIMAL`,
 * `VARCHAR`, `VARBINARY`, `TEXT`, `BLOB`, `ENUM`, `DATETIME`, … MariaDB's extended metadata
 * (10.5+) names its own types (`JSON`, `UUID`, `INET6`).
 */
export function mysqlColumnTypeName(field: FieldPacket): string {
  const extended = field.extendedTypeName ?? (field.extendedFormat === 'json' ? 'json' : undefined);
  if (extended) return extended.toUpperCase();
  const type = field.columnType ?? field.type ?? -1;
  const flags = typeof field.flags === 'number' ? field.flags : 0;
  const binary = field.characterSet === BINARY_CHARSET;
  const simple = SIMPLE_NAMES.get(type);
  if (simple !== undefined) {
    return NUMERIC.has(type) && (flags & FLAG_UNSIGNED) !== 0 ? `${simple} UNSIGNED` : simple;
  }
  switch (type) {
    case TYPE.VARCHAR:
    case TYPE.VAR_STRING:
      return binary ? 'VARBINARY' : 'VARCHAR';
    case TYPE.STRING:
      if ((flags & FLAG_ENUM) !== 0) return 'ENUM';
      if ((flags & FLAG_SET) !== 0) return 'SET';
      return binary ? 'BINARY' : 'CHAR';
    case TYPE.TINY_BLOB:
    case TYPE.MEDIUM_BLOB:
    case TYPE.LONG_BLOB:
    case TYPE.BLOB:
      return binary ? 'BLOB' : 'TEXT';
    default:
      return 'UNKNOWN';
  }
}

/** Turns a value in place into a JSON value; returns its approximate size in bytes. */
export type RowConverter = (row: unknown[]) => number;

/**
 * A converter for rows of these columns. The pool reads BIGINT as a number when it is exact and a
 * string otherwise, DECIMAL and dates as strings (`supportBigNumbers`, `dateStrings`); this makes
 * DECIMALs numbers when that is exact, dates ISO 8601 (`2024-03-01T10:20:30`), BIT values numbers
 * and other binary values `<blob N bytes>`. Columns that need no conversion cost one check each.
 */
export function mysqlRowConverter(fields: readonly FieldPacket[]): RowConverter {
  const converters: Array<((value: unknown) => unknown) | undefined> = fields.map(converterFor);
  const active = converters.some((converter) => converter !== undefined);
  return (row) => {
    let bytes = 0;
    for (let index = 0; index < row.length; index += 1) {
      let value = row[index];
      if (value === null) {
        bytes += 4;
        continue;
      }
      if (active) {
        const convert = converters[index];
        if (convert !== undefined) {
          value = convert(value);
          row[index] = value;
        }
      }
      if (typeof value === 'string') bytes += value.length + 2;
      else if (typeof value === 'bigint') {
        row[index] = bigintToJson(value);
        bytes += 20;
      } else if (typeof value === 'object' && value !== null) {
        value = jsonSafe(value);
        row[index] = value;
        bytes += typeof value === 'string' ? value.length + 2 : JSON.stringify(value).length;
      } else bytes += 8;
    }
    return bytes;
  };
}

function converterFor(field: FieldPacket): ((value: unknown) => unknown) | undefined {
  if (field.extendedFormat === 'json' || field.extendedTypeName !== undefined) return undefined;
  const type = field.columnType ?? field.type ?? -1;
  switch (type) {
    case TYPE.DECIMAL:
    case TYPE.NEWDECIMAL:
      return decimalToJson;
    case TYPE.DATETIME:
    case TYPE.TIMESTAMP:
      return dateTimeToIso;
    case TYPE.BIT:
      return bitToJson;
    default:
      return undefined;
  }
}

/** A DECIMAL as a number when a double holds it exactly (at most 15 significant digits), else the string. */
export function decimalToJson(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  // 15 characters hold at most 15 digits: the common case needs no counting.
  if (value.length <= 15) return Number(value);
  const digits = value.replace(/[-+.]/g, '').replace(/^0+/, '').replace(/0+$/, '');
  if (digits.length > 15) return value;
  const number = Number(value);
  return Number.isFinite(number) ? number : value;
}

/** `2024-03-01 10:20:30.5` → `2024-03-01T10:20:30.5`; zero dates (`0000-00-00 00:00:00`) stay as they are. */
export function dateTimeToIso(value: unknown): unknown {
  if (typeof value !== 'string' || value.charCodeAt(10) !== 0x20 || value.startsWith('0000-00-00')) {
    return value;
  }
  return `${value.slice(0, 10)}T${value.slice(11)}`;
}

/** A BIT value as a number (a string of digits beyond 2^53). */
export function bitToJson(value: unknown): unknown {
  if (!Buffer.isBuffer(value)) return value;
  if (value.length <= 6) return value.length === 0 ? 0 : value.readUIntBE(0, value.length);
  let result = 0n;
  for (const byte of value) result = (result << 8n) | BigInt(byte);
  return bigintToJson(result);
}

function bigintToJson(value: bigint): number | string {
  return value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= -BigInt(Number.MAX_SAFE_INTEGER)
    ? Number(value)
    : value.toString();
}

/** Buffers as `<blob N bytes>`, bigints as numbers or strings; parsed JSON and geometry pass through. */
function jsonSafe(value: object): unknown {
  if (Buffer.isBuffer(value)) return `<blob ${value.length} bytes>`;
  if (value instanceof Uint8Array) return `<blob ${value.byteLength} bytes>`;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  return value;
}
