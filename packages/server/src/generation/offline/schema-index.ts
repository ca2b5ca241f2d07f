import type { ColumnSchema, SchemaInfo, TableSchema } from '../../core/index.js';
import { domainSynonyms } from './domain-synonyms.js';
import { identifierSegments } from './identifier-segments.js';
import { FALSE_VALUES, FUNCTION_WORDS, LOCATION_WORDS, NAME_WORDS, TRUE_VALUES } from './lexicon.js';
import { expandAbbreviation, lemma, splitIdentifier, stem } from './word-forms.js';
import { wordnetSynonyms } from './wordnet-synonyms.js';

/** A table with the word forms and keys the linker and planner need. */
export interface TableEntry {
  kind: 'table';
  index: number;
  schema: TableSchema;
  name: string;
  /** Lemmas of the identifier's words, abbreviations expanded. */
  words: string[];
  /** Human phrase for explanations ("order items"). */
  phrase: string;
  columns: ColumnEntry[];
  primaryKey: ColumnEntry[];
  /** Columns that stand for a row in an answer ("name", "title"), best first; may be empty. */
  displayColumns: ColumnEntry[];
  /** A link table for a many-to-many relationship. */
  isBridge: boolean;
}

/** A column with its word forms, role and sample values. */
export interface ColumnEntry {
  kind: 'column';
  index: number;
  table: TableEntry;
  schema: ColumnSchema;
  name: string;
  words: string[];
  /** The words left after removing the table's own words (`order_date` in `orders` → date). */
  ownWords: string[];
  phrase: string;
  category: ColumnSchema['category'];
  isPrimary: boolean;
  isForeign: boolean;
  /** A key column: primary, foreign, or named like an identifier. */
  isKeyLike: boolean;
  values: ValueEntry[];
  /** Set when the column holds a yes/no flag: the stored spellings of yes and no. */
  flag?: { yes: string | number; no: string | number };
  /** Holds a year as a number (or as text of digits). */
  isYear: boolean;
  /** Holds quantities: declared numeric, or text named like a measure ("age" stored as text). */
  isNumeric: boolean;
  /** Holds dates or timestamps (declared so, or named like one). */
  isDate: boolean;
  /** Holds a name or title of the row. */
  isName: boolean;
  /** Holds a place. */
  isLocation: boolean;
}

/** One sample value of a column. */
export interface ValueEntry {
  column: ColumnEntry;
  value: string;
  /** Lower-case words of the value. */
  words: string[];
}

/** A foreign key between two tables (stored in both directions in `adjacency`). */
export interface ForeignKeyEdge {
  from: TableEntry;
  fromColumns: ColumnEntry[];
  to: TableEntry;
  toColumns: ColumnEntry[];
  /** Not declared: inferred from matching column names where a pair of tables has no key. */
  implicit: boolean;
}

/** Where a word of the question may point in the schema. */
export interface Posting {
  element: TableEntry | ColumnEntry;
  /** Which words of the element the key covers. */
  wordIndexes: number[];
  /** 1 exact, 0.9 stem, 0.75 synonym. */
  quality: number;
}

/** Everything precomputed once per schema. */
export interface SchemaIndex {
  schema: SchemaInfo;
  tables: TableEntry[];
  columns: ColumnEntry[];
  edges: ForeignKeyEdge[];
  /** table index → edges touching it. */
  adjacency: Map<number, ForeignKeyEdge[]>;
  postings: Map<string, Posting[]>;
  /** first lower-case word of a sample value → values starting with it. */
  valuesByFirstWord: Map<string, ValueEntry[]>;
  tableByName: Map<string, TableEntry>;
}

const cache = new WeakMap<SchemaInfo, Promise<SchemaIndex>>();

/** The index of a schema, built once and cached on the schema object. */
export function getSchemaIndex(schema: SchemaInfo): Promise<SchemaIndex> {
  let pending = cache.get(schema);
  if (!pending) {
    pending = buildSchemaIndex(schema);
    cache.set(schema, pending);
    pending.catch(() => cache.delete(schema));
  }
  return pending;
}

/** Words of identifiers written without separators, split by the dictionary ("memberacct" → member, account). */
type Segments = ReadonlyMap<string, readonly string[]>;

function identifierWords(name: string, segments: Segments): string[] {
  const out: string[] = [];
  for (const word of splitIdentifier(name)) {
    const parts = segments.get(word);
    if (parts) out.push(...parts);
    else for (const expanded of expandAbbreviation(word)) out.push(lemma(expanded));
  }
  return out;
}

/** Splits the run-together words of every identifier of the schema (once per schema). */
async function segmentIdentifiers(schema: SchemaInfo): Promise<Segments> {
  const words = new Set<string>();
  for (const table of schema.tables) {
    for (const name of [table.name, ...table.columns.map((c) => c.name)])
      for (const word of splitIdentifier(name)) words.add(word);
  }
  const found = new Map<string, readonly string[]>();
  await Promise.all(
    [...words].map(async (word) => {
      const parts = await identifierSegments(word);
      if (parts) found.set(word, parts);
    }),
  );
  return found;
}

/** Column words that name quantities even when the column is declared as text. */
const MEASURE_WORDS = new Set(
  'age year price cost amount count number total weight height length score rating rank grade population salary size capacity quantity percent percentage share attendance budget revenue sales horsepower speed duration'.split(
    ' ',
  ),
);

const ID_WORDS = new Set(['id', 'code', 'key', 'number', 'no', 'uuid', 'guid']);

function isFlagValues(values: readonly string[]): { yes: string; no: string } | undefined {
  if (values.length === 0 || values.length > 2) return undefined;
  const lower = values.map((v) => v.toLowerCase());
  const yes = values.find((_, i) => TRUE_VALUES.has(lower[i] ?? ''));
  const no = values.find((_, i) => FALSE_VALUES.has(lower[i] ?? ''));
  if (yes === undefined && no === undefined) return undefined;
  const guessNo = (y: string): string =>
    y === y.toUpperCase() ? (y.length === 1 ? 'N' : 'NO') : y.length === 1 ? 'n' : 'no';
  const guessYes = (n: string): string =>
    n === n.toUpperCase() ? (n.length === 1 ? 'Y' : 'YES') : n.length === 1 ? 'y' : 'yes';
  if (yes !== undefined && no !== undefined) return { yes, no };
  if (yes !== undefined) return { yes, no: guessNo(yes) };
  return no !== undefined ? { yes: guessYes(no), no } : undefined;
}

function makeTable(schema: TableSchema, index: number, segments: Segments): TableEntry {
  const words = identifierWords(schema.name, segments);
  return {
    kind: 'table',
    index,
    schema,
    name: schema.name,
    words,
    phrase: splitIdentifier(schema.name).join(' '),
    columns: [],
    primaryKey: [],
    displayColumns: [],
    isBridge: false,
  };
}

function makeColumn(table: TableEntry, schema: ColumnSchema, index: number, segments: Segments): ColumnEntry {
  // Short key names such as `aid` or `cid` are ids.
  const words = /^[a-z]{1,2}id$/i.test(schema.name) ? ['id'] : identifierWords(schema.name, segments);
  const tableWords = new Set(table.words);
  let ownWords = words.filter((w) => !tableWords.has(w) && !FUNCTION_WORDS.has(w));
  if (ownWords.length === 0) ownWords = words.filter((w) => !tableWords.has(w));
  if (ownWords.length === 0) ownWords = words.filter((w) => !FUNCTION_WORDS.has(w));
  if (ownWords.length === 0) ownWords = words;
  const last = words[words.length - 1] ?? '';
  const lowerName = schema.name.toLowerCase();
  const isPrimary = schema.primaryKey || table.schema.primaryKey.includes(schema.name);
  const isForeign = table.schema.foreignKeys.some((fk) => fk.columns.includes(schema.name));
  const idNamed =
    ID_WORDS.has(last) && (last !== 'number' || schema.category !== 'number' || words.length > 1);
  const isYear =
    (schema.category === 'number' || schema.category === 'text' || schema.category === 'other') &&
    (last === 'year' || lowerName === 'yr' || (words.includes('year') && !words.includes('number')));
  const isDate =
    schema.category === 'date' ||
    ((last === 'date' ||
      last === 'time' ||
      last === 'timestamp' ||
      last === 'datetime' ||
      words.includes('date')) &&
      schema.category !== 'number' &&
      schema.category !== 'boolean');
  const column: ColumnEntry = {
    kind: 'column',
    index,
    table,
    schema,
    name: schema.name,
    words,
    ownWords,
    phrase: splitIdentifier(schema.name).join(' '),
    category: schema.category,
    isPrimary,
    isForeign,
    isKeyLike: isPrimary || isForeign || idNamed,
    values: [],
    isYear,
    isNumeric:
      schema.category === 'number' ||
      ((schema.category === 'text' || schema.category === 'other') &&
        !isDate &&
        MEASURE_WORDS.has(last) &&
        !words.some((w) => NAME_WORDS.has(w))),
    isDate,
    isName:
      schema.category === 'text' && (words.some((w) => NAME_WORDS.has(w)) || sameAsTable(words, table.words)),
    isLocation: schema.category === 'text' && words.some((w) => LOCATION_WORDS.has(w)),
  };
  const samples = schema.sampleValues ?? [];
  column.values = samples.map((value) => ({
    column,
    value,
    words: value
      .toLowerCase()
      .split(/[^a-z0-9\u00C0-\u024F]+/)
      .filter(Boolean),
  }));
  const flag = isFlagValues(samples);
  if (flag) column.flag = flag;
  else if (schema.category === 'boolean') column.flag = { yes: 1, no: 0 };
  return column;
}

function sameAsTable(columnWords: readonly string[], tableWords: readonly string[]): boolean {
  if (columnWords.length === 0) return false;
  const last = tableWords[tableWords.length - 1];
  return columnWords.length === 1 && columnWords[0] === last;
}

function chooseDisplayColumns(table: TableEntry): ColumnEntry[] {
  const scored: { column: ColumnEntry; score: number }[] = [];
  for (const column of table.columns) {
    if (column.category !== 'text' && !(column.isPrimary && table.columns.length <= 2)) continue;
    let score = 0;
    const own = column.ownWords;
    if (sameAsTable(column.words, table.words)) score = 10;
    else if (own.length === 1 && (own[0] === 'name' || own[0] === 'title')) score = 9;
    else if (column.words.includes('name') && (column.words.includes('full') || column.words.length === 2))
      score = 8;
    else if (column.words.includes('title')) score = 7;
    else if (column.words.includes('name')) score = 6;
    if (score > 0) scored.push({ column, score: score - column.index * 1e-6 });
  }
  scored.sort((a, b) => b.score - a.score);
  const best = scored[0];
  if (!best) return [];
  // "first name" and "last name" together stand for a person.
  const first = table.columns.find((c) => c.words.includes('first') && c.words.includes('name'));
  const lastName = table.columns.find((c) => c.words.includes('last') && c.words.includes('name'));
  if (best.score < 9 && first && lastName) return [first, lastName];
  return scored.map((s) => s.column);
}

/**
 * Many schemas declare no foreign keys. Where two tables have none between them, a column named
 * like the other table's single-column primary key (`member_id` ↔ member.member_id, or
 * `customer_id` ↔ customers.id) is taken as one.
 */
function inferImplicitEdges(
  tables: readonly TableEntry[],
  declared: readonly ForeignKeyEdge[],
): ForeignKeyEdge[] {
  const linked = new Set(
    declared.flatMap((e) => [`${e.from.index}:${e.to.index}`, `${e.to.index}:${e.from.index}`]),
  );
  const inferred: ForeignKeyEdge[] = [];
  const add = (source: TableEntry, column: ColumnEntry, target: TableEntry, key: ColumnEntry): void => {
    inferred.push({ from: source, fromColumns: [column], to: target, toColumns: [key], implicit: true });
    linked.add(`${source.index}:${target.index}`);
    linked.add(`${target.index}:${source.index}`);
  };
  for (const target of tables) {
    if (target.primaryKey.length !== 1) continue;
    const key = target.primaryKey[0];
    if (!key) continue;
    const keyName = key.name.toLowerCase();
    const generic = keyName === 'id' || keyName === 'code' || keyName === 'key';
    const singular = target.words.join('_');
    for (const source of tables) {
      if (source === target || linked.has(`${source.index}:${target.index}`)) continue;
      // `stop_id`, and role-prefixed ones such as `origin_stop_id` / `destination_stop_id`.
      const named = generic ? [`${singular}_${keyName}`, `${singular}${keyName}`] : [keyName];
      const columns = source.columns.filter((c) => {
        const name = c.name.toLowerCase();
        return named.some((n) => name === n || name.endsWith(`_${n}`));
      });
      for (const column of columns) add(source, column, target, key);
    }
  }
  // A column named after another table ("category" ↔ categories) holding values of that table's key type.
  for (const target of tables) {
    if (target.primaryKey.length !== 1) continue;
    const key = target.primaryKey[0];
    if (!key) continue;
    const name = target.words.join(' ');
    for (const source of tables) {
      if (source === target || linked.has(`${source.index}:${target.index}`)) continue;
      const column = source.columns.find(
        (c) =>
          !(c.isPrimary && source.primaryKey.length === 1) &&
          c.words.join(' ') === name &&
          c.category === key.category,
      );
      if (column) add(source, column, target, key);
    }
  }
  return inferred;
}

function addPosting(postings: Map<string, Posting[]>, key: string, posting: Posting): void {
  const list = postings.get(key);
  if (!list) {
    postings.set(key, [posting]);
    return;
  }
  const existing = list.find(
    (p) => p.element === posting.element && p.wordIndexes.join() === posting.wordIndexes.join(),
  );
  if (existing) {
    existing.quality = Math.max(existing.quality, posting.quality);
    return;
  }
  list.push(posting);
}

/** Synonyms are not taken for words that are themselves question vocabulary. */
const NO_SYNONYMS = new Set([
  ...FUNCTION_WORDS,
  'id',
  'code',
  'type',
  'name',
  'number',
  'date',
  'year',
  'time',
  'day',
  'no',
]);

/** Builds the index; WordNet synonyms of schema words are looked up here, once per schema. */
export async function buildSchemaIndex(
  schema: SchemaInfo,
  options: { synonyms?: boolean } = {},
): Promise<SchemaIndex> {
  // "members" for a table named `memberacct`.
  const segments: Segments = options.synonyms === false ? new Map() : await segmentIdentifiers(schema);
  const tables = schema.tables.map((t, i) => makeTable(t, i, segments));
  const tableByName = new Map(tables.map((t) => [t.name.toLowerCase(), t]));
  const columns: ColumnEntry[] = [];
  for (const table of tables) {
    for (const columnSchema of table.schema.columns) {
      const column = makeColumn(table, columnSchema, columns.length, segments);
      table.columns.push(column);
      columns.push(column);
    }
    table.primaryKey = table.columns.filter((c) => c.isPrimary);
  }
  const edges: ForeignKeyEdge[] = [];
  const adjacency = new Map<number, ForeignKeyEdge[]>();
  for (const table of tables) {
    for (const fk of table.schema.foreignKeys) {
      const to = tableByName.get(fk.referencedTable.toLowerCase());
      if (!to) continue;
      const fromColumns = fk.columns.map((name) =>
        table.columns.find((c) => c.name.toLowerCase() === name.toLowerCase()),
      );
      const toColumns = fk.referencedColumns.map((name) =>
        to.columns.find((c) => c.name.toLowerCase() === name.toLowerCase()),
      );
      if (fromColumns.some((c) => !c) || toColumns.some((c) => !c) || fromColumns.length === 0) continue;
      const edge: ForeignKeyEdge = {
        from: table,
        fromColumns: fromColumns as ColumnEntry[],
        to,
        toColumns: toColumns as ColumnEntry[],
        implicit: false,
      };
      edges.push(edge);
      for (const t of [table.index, to.index]) {
        const list = adjacency.get(t) ?? [];
        list.push(edge);
        adjacency.set(t, list);
      }
    }
  }
  for (const edge of inferImplicitEdges(tables, edges)) {
    edges.push(edge);
    for (const t of [edge.from.index, edge.to.index]) {
      const list = adjacency.get(t) ?? [];
      list.push(edge);
      adjacency.set(t, list);
    }
  }
  for (const table of tables) {
    table.displayColumns = chooseDisplayColumns(table);
    const outgoing = edges.filter((e) => e.from === table);
    const fkColumns = new Set(outgoing.flatMap((e) => e.fromColumns));
    const other = table.columns.filter((c) => !fkColumns.has(c) && !c.isPrimary);
    table.isBridge = outgoing.length >= 2 && other.length <= 2;
  }

  const postings = new Map<string, Posting[]>();
  const elements: (TableEntry | ColumnEntry)[] = [...tables, ...columns];
  const synonymWords = new Set<string>();
  for (const element of elements) {
    element.words.forEach((word, i) => {
      addPosting(postings, word, { element, wordIndexes: [i], quality: 1 });
      addPosting(postings, `~${stem(word)}`, { element, wordIndexes: [i], quality: 0.9 });
      if (!NO_SYNONYMS.has(word) && word.length > 2) synonymWords.add(word);
    });
    if (element.words.length > 1) {
      // "fullname" in a question for full_name; "bookshelf" for book_shelf.
      addPosting(postings, element.words.join(''), {
        element,
        wordIndexes: element.words.map((_, i) => i),
        quality: 0.95,
      });
    }
    // The raw identifier, for questions that write it verbatim.
    const raw = element.name.toLowerCase().replace(/[^a-z0-9]/g, '');
    if (raw.length > 2) {
      addPosting(postings, raw, { element, wordIndexes: element.words.map((_, i) => i), quality: 1 });
    }
  }
  const synonymLists = new Map<string, readonly string[]>();
  const wanted = [...synonymWords];
  const fromWordnet =
    options.synonyms === false
      ? wanted.map(() => [] as readonly string[])
      : await Promise.all(wanted.map((w) => wordnetSynonyms(w)));
  wanted.forEach((word, i) => {
    const merged = new Set([...(fromWordnet[i] ?? []), ...domainSynonyms(word)]);
    synonymLists.set(word, [...merged]);
  });
  for (const element of elements) {
    element.words.forEach((word, i) => {
      for (const synonym of synonymLists.get(word) ?? []) {
        const key = lemma(synonym);
        if (FUNCTION_WORDS.has(key)) continue;
        addPosting(postings, key, { element, wordIndexes: [i], quality: 0.75 });
      }
    });
  }

  const valuesByFirstWord = new Map<string, ValueEntry[]>();
  for (const column of columns) {
    for (const value of column.values) {
      const first = value.words[0];
      if (!first) continue;
      const list = valuesByFirstWord.get(first) ?? [];
      list.push(value);
      valuesByFirstWord.set(first, list);
    }
  }
  return { schema, tables, columns, edges, adjacency, postings, valuesByFirstWord, tableByName };
}
