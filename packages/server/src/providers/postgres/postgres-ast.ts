/**
 * Narrow readers for libpg-query parse trees (PostgreSQL's own parser, as JSON). A node is a
 * one-key object naming its type (`{ "ColumnRef": { … } }`); fields the C structs type as a
 * specific node (`SelectStmt.larg`, `RangeVar.alias`, `SelectStmt.withClause`) come unwrapped.
 * `location` fields are 0-based byte offsets into the UTF-8 query.
 */

export type PgObject = Record<string, unknown>;

export function isPgObject(value: unknown): value is PgObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `[type, fields]` of a wrapped node, or undefined for anything else. */
export function unwrapNode(value: unknown): [string, PgObject] | undefined {
  if (!isPgObject(value)) return undefined;
  const keys = Object.keys(value);
  if (keys.length !== 1) return undefined;
  const type = keys[0] as string;
  const fields = value[type];
  if (!/^[A-Z]/.test(type) || !isPgObject(fields)) return undefined;
  return [type, fields];
}

/** The fields of a node of the given type, or undefined. */
export function nodeOf(value: unknown, type: string): PgObject | undefined {
  const node = unwrapNode(value);
  return node !== undefined && node[0] === type ? node[1] : undefined;
}

/** The text of a `String` node (`{ String: { sval } }`). */
export function stringOf(value: unknown): string | undefined {
  const node = nodeOf(value, 'String');
  return typeof node?.sval === 'string' ? node.sval : undefined;
}

export function listOf(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** The strings of a list of `String` nodes (names, `aliascolnames`). */
export function stringsOf(value: unknown): string[] {
  return listOf(value)
    .map(stringOf)
    .filter((name): name is string => name !== undefined);
}

export function locationOf(fields: PgObject | undefined): number | undefined {
  const location = fields?.location;
  return typeof location === 'number' && location >= 0 ? location : undefined;
}

/**
 * Turns libpg-query's byte offsets into 1-based character positions for one query (they differ
 * once the query holds characters outside ASCII).
 */
export function bytePositionMapper(query: string): (byteOffset: number | undefined) => number | undefined {
  // eslint-disable-next-line no-control-regex
  if (/^[\x00-\x7f]*$/.test(query)) {
    return (offset) => (offset === undefined || offset < 0 ? undefined : Math.min(offset, query.length) + 1);
  }
  const encoder = new TextEncoder();
  const starts: number[] = []; // byte offset of each UTF-16 index
  let bytes = 0;
  for (let index = 0; index < query.length; index += 1) {
    starts.push(bytes);
    const code = query.codePointAt(index) ?? 0;
    if (code > 0xffff) {
      starts.push(bytes);
      index += 1;
    }
    bytes += encoder.encode(String.fromCodePoint(code)).length;
  }
  return (offset) => {
    if (offset === undefined || offset < 0) return undefined;
    let low = 0;
    let high = starts.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if ((starts[middle] as number) < offset) low = middle + 1;
      else high = middle;
    }
    return low + 1;
  };
}
