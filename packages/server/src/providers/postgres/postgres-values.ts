/**
 * PostgreSQL's text output turned into JSON-safe values, and type OIDs turned into type names.
 * Every value arrives as text (the driver parses nothing), so results are the same whichever
 * engine or driver produced them:
 * - booleans → true/false; int2, int4, oid, float4, float8 → numbers (NaN and ±Infinity as strings);
 * - int8 and numeric → numbers when a double holds them exactly (≤ 15 significant digits), else strings;
 * - date and timestamp → ISO 8601 strings (`2024-01-31`, `2024-01-31T12:00:00.5`, `…+01:00`);
 * - json and jsonb → parsed JSON; bytea → `<bytea N bytes>`;
 * - arrays → arrays of converted elements; everything else (text, enums, uuid, interval, …) → its text.
 */

/** What the provider knows about a type: its name and how to convert values of it. */
export interface PostgresTypeInfo {
  /** As `format_type(oid, NULL)` names it: `integer`, `timestamp with time zone`, `text[]`. */
  name: string;
  convert: (text: string) => unknown;
}

/** A type read from `pg_type` for an OID the built-in table does not know (enums, domains, …). */
export interface PostgresTypeRow {
  oid: number;
  name: string;
  /** `typcategory`: `A` array, `N` numeric, `B` boolean, `D` date/time, `E` enum, `S` string, `U` user, … */
  category: string;
  /** Element type of an array type (0 otherwise). */
  elementOid: number;
  /** Base type of a domain (0 otherwise). */
  baseOid: number;
}

/** The converter of types whose text is their value (text, varchar, enums, uuid, interval, …). */
export const textValue = (text: string): string => text;
const identity = textValue;

function toNumber(text: string): number | string {
  const value = Number(text);
  return Number.isFinite(value) ? value : text;
}

function toBoolean(text: string): boolean | string {
  if (text === 't') return true;
  if (text === 'f') return false;
  return text;
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** A bigint as a number when it is a safe integer, else as its decimal text. */
export function convertInt8(text: string): number | string {
  if (text.length <= 15) return Number(text);
  try {
    const value = BigInt(text);
    return value <= MAX_SAFE && value >= -MAX_SAFE ? Number(value) : text;
  } catch {
    return text;
  }
}

/** A numeric as a number when it has at most 15 significant digits (a double then round-trips it). */
export function convertNumeric(text: string): number | string {
  if (text.length <= 15) {
    // At most 15 characters hold at most 15 digits: the common case, without regular expressions.
    const value = Number(text);
    return Number.isFinite(value) ? value : text;
  }
  if (!/^-?\d+(?:\.\d+)?$/.test(text)) return text; // NaN, Infinity
  const digits = text
    .replace(/^-/, '')
    .replace(/(\.\d*?)0+$/, '$1')
    .replace('.', '')
    .replace(/^0+/, '');
  return digits.length <= 15 ? Number(text) : text;
}

function toJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** `\x0a0b` → `<bytea 2 bytes>` (the provider sets bytea_output = hex). */
export function describeBytea(text: string): string {
  const bytes = text.startsWith('\\x') ? (text.length - 2) / 2 : text.length;
  return `<bytea ${bytes} bytes>`;
}

/** `2024-01-31 12:00:00.5` → `2024-01-31T12:00:00.5`; BC dates and infinity stay as written. */
export function convertTimestamp(text: string): string {
  return isPlainTimestamp(text) ? `${text.slice(0, 10)}T${text.slice(11)}` : text;
}

/** `YYYY-MM-DD hh…` (four-digit year, not BC): the form ISO 8601 needs only a `T` for. */
function isPlainTimestamp(text: string): boolean {
  return (
    text.length > 11 && text.charCodeAt(10) === 0x20 && text.charCodeAt(4) === 0x2d && !text.endsWith(' BC')
  );
}

/** `2024-01-31 12:00:00+01` → `2024-01-31T12:00:00+01:00` (the server's time zone is kept). */
export function convertTimestampTz(text: string): string {
  if (!isPlainTimestamp(text)) return text;
  // The offset starts at the last + or - after the time (`hh:mm:ss[.ffffff]±hh[:mm[:ss]]`).
  const sign = Math.max(text.lastIndexOf('+'), text.lastIndexOf('-'));
  if (sign < 19) return `${text.slice(0, 10)}T${text.slice(11)}`;
  const time = text.slice(11, sign);
  const offset = text.slice(sign);
  const zone = offset === '+00' ? 'Z' : offset.length === 3 ? `${offset}:00` : offset;
  return `${text.slice(0, 10)}T${time}${zone}`;
}

const scalar = (name: string, convert: (text: string) => unknown = identity): PostgresTypeInfo => ({
  name,
  convert,
});

/** Built-in types by OID (stable across PostgreSQL versions). */
const BUILT_IN: ReadonlyMap<number, PostgresTypeInfo> = new Map([
  [16, scalar('boolean', toBoolean)],
  [17, scalar('bytea', describeBytea)],
  [18, scalar('"char"')],
  [19, scalar('name')],
  [20, scalar('bigint', convertInt8)],
  [21, scalar('smallint', toNumber)],
  [23, scalar('integer', toNumber)],
  [24, scalar('regproc')],
  [25, scalar('text')],
  [26, scalar('oid', toNumber)],
  [114, scalar('json', toJson)],
  [142, scalar('xml')],
  [700, scalar('real', toNumber)],
  [701, scalar('double precision', toNumber)],
  [790, scalar('money')],
  [1042, scalar('character')],
  [1043, scalar('character varying')],
  [1082, scalar('date')],
  [1083, scalar('time without time zone')],
  [1114, scalar('timestamp without time zone', convertTimestamp)],
  [1184, scalar('timestamp with time zone', convertTimestampTz)],
  [1186, scalar('interval')],
  [1266, scalar('time with time zone')],
  [1560, scalar('bit')],
  [1562, scalar('bit varying')],
  [1700, scalar('numeric', convertNumeric)],
  [2950, scalar('uuid')],
  [3802, scalar('jsonb', toJson)],
  [869, scalar('inet')],
  [650, scalar('cidr')],
  [829, scalar('macaddr')],
  [774, scalar('macaddr8')],
  [705, scalar('unknown')],
  [2249, scalar('record')],
  [2205, scalar('regclass')],
  [2206, scalar('regtype')],
  [3614, scalar('tsvector')],
  [3615, scalar('tsquery')],
  [3220, scalar('pg_lsn')],
  [28, scalar('xid')],
  [5069, scalar('xid8', convertInt8)],
  [2278, scalar('void')],
]);

/** Built-in array types: OID → element OID. */
const BUILT_IN_ARRAYS: ReadonlyMap<number, number> = new Map([
  [1000, 16],
  [1001, 17],
  [1002, 18],
  [1003, 19],
  [1016, 20],
  [1005, 21],
  [1007, 23],
  [1009, 25],
  [1028, 26],
  [199, 114],
  [143, 142],
  [1021, 700],
  [1022, 701],
  [791, 790],
  [1014, 1042],
  [1015, 1043],
  [1182, 1082],
  [1183, 1083],
  [1115, 1114],
  [1185, 1184],
  [1187, 1186],
  [1270, 1266],
  [1231, 1700],
  [2951, 2950],
  [3807, 3802],
  [1041, 869],
  [651, 650],
]);

/**
 * Type names and converters by OID: built-in types from a table, others (enums, domains, arrays of
 * them, extension types) from `pg_type` rows the provider reads once and remembers.
 */
export class PostgresTypeRegistry {
  readonly #types = new Map<number, PostgresTypeInfo>();

  /** The type, or undefined when it must be read from `pg_type` first (see `add`). */
  get(oid: number): PostgresTypeInfo | undefined {
    const known = this.#types.get(oid) ?? BUILT_IN.get(oid);
    if (known !== undefined) return known;
    const element = BUILT_IN_ARRAYS.get(oid);
    if (element === undefined) return undefined;
    const info = arrayType(BUILT_IN.get(element) ?? scalar('unknown'));
    this.#types.set(oid, info);
    return info;
  }

  /** The type, or a text type named after the OID when it is unknown. */
  getOrText(oid: number): PostgresTypeInfo {
    return this.get(oid) ?? scalar(`oid ${oid}`);
  }

  /** OIDs among these that `get` does not know yet. */
  unknown(oids: Iterable<number>): number[] {
    return [...new Set(oids)].filter((oid) => this.get(oid) === undefined);
  }

  /** Remembers types read from `pg_type` (arrays after their elements, domains after their bases). */
  add(rows: readonly PostgresTypeRow[]): void {
    const pending = new Map(rows.map((row) => [row.oid, row]));
    const resolve = (oid: number, depth: number): PostgresTypeInfo => {
      const known = this.get(oid);
      if (known !== undefined) return known;
      const row = pending.get(oid);
      if (row === undefined || depth > 8) return scalar(row?.name ?? `oid ${oid}`);
      let info: PostgresTypeInfo;
      if (row.category === 'A' && row.elementOid !== 0) {
        info = { ...arrayType(resolve(row.elementOid, depth + 1)), name: row.name };
      } else if (row.baseOid !== 0) {
        info = { name: row.name, convert: resolve(row.baseOid, depth + 1).convert };
      } else {
        info = scalar(row.name, row.category === 'B' ? toBoolean : identity);
      }
      this.#types.set(oid, info);
      return info;
    };
    for (const row of rows) resolve(row.oid, 0);
  }
}

function arrayType(element: PostgresTypeInfo): PostgresTypeInfo {
  return { name: `${element.name}[]`, convert: (text) => parsePostgresArray(text, element.convert) };
}

/**
 * Parses PostgreSQL's array output (`{1,2,NULL}`, `{{a,"b c"},{d,e}}`, `[0:1]={x,y}`), converting
 * each element. Element types whose delimiter is not a comma (box) come back as text.
 */
export function parsePostgresArray(text: string, convert: (element: string) => unknown): unknown {
  let index = 0;
  if (text.startsWith('[')) {
    const equals = text.indexOf('=');
    if (equals < 0) return text;
    index = equals + 1;
  }
  if (text[index] !== '{') return text;

  const parseLevel = (): unknown[] => {
    const items: unknown[] = [];
    index += 1; // {
    if (text[index] === '}') {
      index += 1;
      return items;
    }
    for (;;) {
      if (text[index] === '{') {
        items.push(parseLevel());
      } else if (text[index] === '"') {
        index += 1;
        let value = '';
        while (index < text.length && text[index] !== '"') {
          if (text[index] === '\\') index += 1;
          value += text[index] ?? '';
          index += 1;
        }
        index += 1; // closing quote
        items.push(convert(value));
      } else {
        const start = index;
        while (index < text.length && text[index] !== ',' && text[index] !== '}') index += 1;
        const raw = text.slice(start, index);
        items.push(raw === 'NULL' ? null : convert(raw));
      }
      if (text[index] === ',') {
        index += 1;
        continue;
      }
      index += 1; // }
      return items;
    }
  };

  try {
    return parseLevel();
  } catch {
    return text;
  }
}
