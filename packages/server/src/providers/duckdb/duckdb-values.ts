import {
  createDuckDBValueConverter,
  DuckDBBlobValue,
  DuckDBDecimalValue,
  DuckDBListValue,
  DuckDBMapValue,
  DuckDBStructValue,
  DuckDBTimestampTZValue,
  DuckDBTimestampValue,
  DuckDBTypeId,
  DuckDBUnionValue,
  DuckDBVariantValue,
  DuckDBArrayValue,
  DuckDBArrayType,
  DuckDBListType,
  DuckDBMapType,
  DuckDBStructType,
  DuckDBUnionType,
  type DuckDBDataChunk,
  type DuckDBType,
  type DuckDBValue,
  type DuckDBValueConverter,
} from '@duckdb/node-api';

/** A value as it goes into a result row: plain JSON. */
export type JsonSafeValue =
  null | boolean | number | string | JsonSafeValue[] | { [key: string]: JsonSafeValue };

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** An integer as a number when it is exact as one, otherwise as its decimal digits. */
function integer(value: DuckDBValue): JsonSafeValue {
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint')
    return value <= MAX_SAFE && value >= -MAX_SAFE ? Number(value) : value.toString();
  return String(value);
}

/** Non-finite doubles have no JSON form: `NaN`, `Infinity`, `-Infinity` as text. */
function double(value: DuckDBValue): JsonSafeValue {
  const number = Number(value);
  return Number.isFinite(number) ? number : String(number);
}

/**
 * A DECIMAL as a number when its digits fit a double exactly (at most 15 significant digits, so
 * `12.34` stays `12.34`), otherwise as its exact decimal text (`12345678901234567.89`).
 */
function decimal(value: DuckDBValue): JsonSafeValue {
  if (!(value instanceof DuckDBDecimalValue)) return double(value);
  const scaled = value.value < 0n ? -value.value : value.value;
  return scaled < 1_000_000_000_000_000n ? Number(value.toString()) : value.toString();
}

/** `2024-01-02 03:04:05.123456` → `2024-01-02T03:04:05.123456` (ISO 8601, no time zone). */
function timestamp(value: DuckDBValue): JsonSafeValue {
  const text = String(value);
  return /^\d{4,}-\d\d-\d\d \d/.test(text) ? text.replace(' ', 'T') : text;
}

/** A TIMESTAMPTZ in UTC with microseconds: `2024-01-02T03:04:05.123456Z`. */
function timestampWithZone(value: DuckDBValue): JsonSafeValue {
  if (!(value instanceof DuckDBTimestampTZValue)) return String(value);
  const text = new DuckDBTimestampValue(value.micros).toString();
  return /^\d{4,}-\d\d-\d\d \d/.test(text) ? `${text.replace(' ', 'T')}Z` : text;
}

function blob(value: DuckDBValue): JsonSafeValue {
  return value instanceof DuckDBBlobValue ? `<blob ${value.bytes.length} bytes>` : String(value);
}

function text(value: DuckDBValue): JsonSafeValue {
  return typeof value === 'string' ? value : String(value);
}

const list: DuckDBValueConverter<JsonSafeValue> = (value, type, converter) => {
  if (!(value instanceof DuckDBListValue) && !(value instanceof DuckDBArrayValue)) return String(value);
  const child = childType(type);
  return value.items.map((item) => (child === undefined ? text(item) : converter(item, child, converter)));
};

const struct: DuckDBValueConverter<JsonSafeValue> = (value, type, converter) => {
  if (!(value instanceof DuckDBStructValue)) return String(value);
  const entryTypes = structEntryTypes(type);
  const result: Record<string, JsonSafeValue> = {};
  for (const [name, entry] of Object.entries(value.entries)) {
    const entryType = entryTypes.get(name);
    result[name] = entryType === undefined ? text(entry) : converter(entry, entryType, converter);
  }
  return result;
};

/** A MAP as an object keyed by the text of each key. */
const map: DuckDBValueConverter<JsonSafeValue> = (value, type, converter) => {
  if (!(value instanceof DuckDBMapValue)) return String(value);
  const keyType = type instanceof DuckDBMapType ? type.keyType : undefined;
  const valueType = type instanceof DuckDBMapType ? type.valueType : undefined;
  const result: Record<string, JsonSafeValue> = {};
  for (const entry of value.entries) {
    const key = keyType === undefined ? String(entry.key) : converter(entry.key, keyType, converter);
    result[typeof key === 'string' ? key : JSON.stringify(key)] =
      valueType === undefined ? text(entry.value) : converter(entry.value, valueType, converter);
  }
  return result;
};

/** A UNION as the value of its active member. */
const union: DuckDBValueConverter<JsonSafeValue> = (value, type, converter) => {
  if (!(value instanceof DuckDBUnionValue)) return String(value);
  const memberType = unionMemberType(type, value.tag);
  return memberType === undefined ? text(value.value) : converter(value.value, memberType, converter);
};

const variant: DuckDBValueConverter<JsonSafeValue> = (value, _type, converter) => {
  if (!(value instanceof DuckDBVariantValue)) return String(value);
  return value.type === undefined ? text(value.value) : converter(value.value, value.type, converter);
};

const CONVERTERS: Record<DuckDBTypeId, DuckDBValueConverter<JsonSafeValue> | undefined> = {
  [DuckDBTypeId.INVALID]: text,
  [DuckDBTypeId.BOOLEAN]: (value) => Boolean(value),
  [DuckDBTypeId.TINYINT]: integer,
  [DuckDBTypeId.SMALLINT]: integer,
  [DuckDBTypeId.INTEGER]: integer,
  [DuckDBTypeId.BIGINT]: integer,
  [DuckDBTypeId.UTINYINT]: integer,
  [DuckDBTypeId.USMALLINT]: integer,
  [DuckDBTypeId.UINTEGER]: integer,
  [DuckDBTypeId.UBIGINT]: integer,
  [DuckDBTypeId.HUGEINT]: integer,
  [DuckDBTypeId.UHUGEINT]: integer,
  [DuckDBTypeId.BIGNUM]: integer,
  [DuckDBTypeId.FLOAT]: double,
  [DuckDBTypeId.DOUBLE]: double,
  [DuckDBTypeId.DECIMAL]: decimal,
  [DuckDBTypeId.TIMESTAMP]: timestamp,
  [DuckDBTypeId.TIMESTAMP_S]: timestamp,
  [DuckDBTypeId.TIMESTAMP_MS]: timestamp,
  [DuckDBTypeId.TIMESTAMP_NS]: timestamp,
  [DuckDBTypeId.TIMESTAMP_TZ]: timestampWithZone,
  [DuckDBTypeId.DATE]: text,
  [DuckDBTypeId.TIME]: text,
  [DuckDBTypeId.TIME_NS]: text,
  [DuckDBTypeId.TIME_TZ]: text,
  [DuckDBTypeId.INTERVAL]: text,
  [DuckDBTypeId.VARCHAR]: text,
  [DuckDBTypeId.ENUM]: text,
  [DuckDBTypeId.UUID]: text,
  [DuckDBTypeId.BIT]: text,
  [DuckDBTypeId.GEOMETRY]: text,
  [DuckDBTypeId.BLOB]: blob,
  [DuckDBTypeId.LIST]: list,
  [DuckDBTypeId.ARRAY]: list,
  [DuckDBTypeId.STRUCT]: struct,
  [DuckDBTypeId.MAP]: map,
  [DuckDBTypeId.UNION]: union,
  [DuckDBTypeId.VARIANT]: variant,
  [DuckDBTypeId.SQLNULL]: () => null,
  [DuckDBTypeId.ANY]: text,
  [DuckDBTypeId.STRING_LITERAL]: text,
  [DuckDBTypeId.INTEGER_LITERAL]: integer,
};

/**
 * Converts DuckDB values to JSON values: integers (BIGINT, HUGEINT, …) as numbers when exact and
 * as decimal strings otherwise, DECIMAL likewise, non-finite doubles as text, dates and times as
 * ISO 8601 text (TIMESTAMPTZ in UTC with `Z`), intervals as DuckDB's text, lists and arrays as
 * arrays, structs as objects, maps as objects keyed by the key's text, unions as their member's
 * value, and blobs as `<blob N bytes>` (as the SQLite provider does).
 */
export const jsonSafeConverter: DuckDBValueConverter<JsonSafeValue> = createDuckDBValueConverter(CONVERTERS);

/** Rough size of a converted value in bytes, for the result size cap. */
export function approximateBytes(value: JsonSafeValue): number {
  if (value === null || typeof value === 'boolean' || typeof value === 'number') return 8;
  if (typeof value === 'string') return value.length + 2;
  return JSON.stringify(value).length;
}

function childType(type: DuckDBType): DuckDBType | undefined {
  return type instanceof DuckDBListType || type instanceof DuckDBArrayType ? type.valueType : undefined;
}

function structEntryTypes(type: DuckDBType): Map<string, DuckDBType> {
  const types = new Map<string, DuckDBType>();
  if (!(type instanceof DuckDBStructType)) return types;
  type.entryNames.forEach((name, index) => {
    const entryType = type.entryTypes[index];
    if (entryType !== undefined) types.set(name, entryType);
  });
  return types;
}

function unionMemberType(type: DuckDBType, tag: string): DuckDBType | undefined {
  if (!(type instanceof DuckDBUnionType)) return undefined;
  const index = type.memberTags.indexOf(tag);
  return index < 0 ? undefined : type.memberTypes[index];
}

/** Converts one column's values; chosen once per result column, so the hot loop skips the type dispatch. */
export type ColumnConverter = (value: DuckDBValue) => JsonSafeValue;

const passThrough: ColumnConverter = (value) => value as JsonSafeValue;
const orNull =
  (convert: ColumnConverter): ColumnConverter =>
  (value) =>
    value === null ? null : convert(value);

const PASS_THROUGH_TYPES: ReadonlySet<DuckDBTypeId> = new Set([
  DuckDBTypeId.BOOLEAN,
  DuckDBTypeId.TINYINT,
  DuckDBTypeId.SMALLINT,
  DuckDBTypeId.INTEGER,
  DuckDBTypeId.UTINYINT,
  DuckDBTypeId.USMALLINT,
  DuckDBTypeId.UINTEGER,
  DuckDBTypeId.VARCHAR,
]);
const BIG_INTEGER_TYPES: ReadonlySet<DuckDBTypeId> = new Set([
  DuckDBTypeId.BIGINT,
  DuckDBTypeId.UBIGINT,
  DuckDBTypeId.HUGEINT,
  DuckDBTypeId.UHUGEINT,
]);

/** The converter for a result column of this type (plain values pass through untouched). */
export function columnConverter(type: DuckDBType): ColumnConverter {
  if (PASS_THROUGH_TYPES.has(type.typeId)) return passThrough;
  if (BIG_INTEGER_TYPES.has(type.typeId)) return orNull(integer);
  if (type.typeId === DuckDBTypeId.FLOAT || type.typeId === DuckDBTypeId.DOUBLE) return orNull(double);
  if (type.typeId === DuckDBTypeId.DECIMAL) return orNull(decimal);
  return (value) => jsonSafeConverter(value, type, jsonSafeConverter);
}

/**
 * Converts rows `start` to `end - 1` of a chunk, column by column through each column's
 * converter, and adds the approximate size of every value to `size.bytes`.
 */
export function convertChunkRows(
  chunk: DuckDBDataChunk,
  converters: readonly ColumnConverter[],
  start: number,
  end: number,
  size: { bytes: number },
): JsonSafeValue[][] {
  const rows: JsonSafeValue[][] = [];
  for (let index = start; index < end; index += 1) rows.push(new Array<JsonSafeValue>(converters.length));
  let bytes = 0;
  converters.forEach((convert, column) => {
    const vector = chunk.getColumnVector(column);
    for (let index = start; index < end; index += 1) {
      const value = convert(vector.getItem(index));
      (rows[index - start] as JsonSafeValue[])[column] = value;
      bytes +=
        value === null || typeof value !== 'string'
          ? typeof value === 'object'
            ? approximateBytes(value)
            : 8
          : value.length + 2;
    }
  });
  size.bytes += bytes;
  return rows;
}
