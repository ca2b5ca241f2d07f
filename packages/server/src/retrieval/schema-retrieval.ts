import type { SchemaInfo, TableSchema } from '../core/index.js';
import { contentTerms } from './text-terms.js';

/** Options of schema retrieval. */
export interface SchemaRetrievalOptions {
  /** Keep at most this many tables. Default 12. Schemas with no more tables than this are kept whole. */
  maxTables?: number;
}

export interface RankedTable {
  name: string;
  score: number;
}

export interface SchemaRetrievalResult {
  /** The retrieved tables (most relevant first), with keys and relationships intact. */
  schema: SchemaInfo;
  /** Every kept table with its score in [0, 1]. */
  ranked: RankedTable[];
}

interface TableIndex {
  table: TableSchema;
  /** term → weight for this table (name terms weigh most, then columns, descriptions, values). */
  weights: Map<string, number>;
  neighbours: Set<number>;
}

interface SchemaIndex {
  tables: TableIndex[];
  /** term → indexes of the tables that mention it. */
  postings: Map<string, number[]>;
}

const indexes = new WeakMap<SchemaInfo, SchemaIndex>();

function addTerms(weights: Map<string, number>, text: string, weight: number): void {
  for (const term of contentTerms(text)) weights.set(term, Math.max(weights.get(term) ?? 0, weight));
}

function buildIndex(schema: SchemaInfo): SchemaIndex {
  const position = new Map(schema.tables.map((table, i) => [table.name.toLowerCase(), i]));
  const tables: TableIndex[] = schema.tables.map((table) => {
    const weights = new Map<string, number>();
    for (const column of table.columns) {
      addTerms(weights, column.name, 0.6);
      if (column.description) addTerms(weights, column.description, 0.3);
      for (const value of column.sampleValues ?? []) addTerms(weights, value, 0.5);
    }
    if (table.description) addTerms(weights, table.description, 0.4);
    addTerms(weights, table.name, 1);
    return { table, weights, neighbours: new Set<number>() };
  });
  tables.forEach((entry, i) => {
    for (const fk of entry.table.foreignKeys) {
      const j = position.get(fk.referencedTable.toLowerCase());
      if (j === undefined || j === i) continue;
      entry.neighbours.add(j);
      tables[j]?.neighbours.add(i);
    }
  });
  const postings = new Map<string, number[]>();
  tables.forEach((entry, i) => {
    for (const term of entry.weights.keys()) {
      const list = postings.get(term);
      if (list) list.push(i);
      else postings.set(term, [i]);
    }
  });
  return { tables, postings };
}

function indexFor(schema: SchemaInfo): SchemaIndex {
  let index = indexes.get(schema);
  if (!index) {
    index = buildIndex(schema);
    indexes.set(schema, index);
  }
  return index;
}

/**
 * Ranks tables for a question by the terms they share with it (names weigh most, then columns,
 * sample values and descriptions; rare terms weigh more), then adds foreign-key neighbours of the
 * best tables so joins stay possible. A schema that already fits is returned whole: pruning it would
 * only lose context (see DESIGN §7).
 */
export function retrieveSchema(
  question: string,
  schema: SchemaInfo,
  options: SchemaRetrievalOptions = {},
): SchemaRetrievalResult {
  const maxTables = options.maxTables ?? 12;
  const index = indexFor(schema);
  const terms = [...new Set(contentTerms(question))];
  const scores = new Float64Array(index.tables.length);
  for (const term of terms) {
    const list = index.postings.get(term);
    if (!list) continue;
    const rarity = Math.log(1 + index.tables.length / list.length);
    for (const i of list) scores[i] = (scores[i] ?? 0) + (index.tables[i]?.weights.get(term) ?? 0) * rarity;
  }
  const max = Math.max(0, ...scores);
  const normalised = (i: number): number => (max > 0 ? (scores[i] ?? 0) / max : 0);
  const order = index.tables.map((_, i) => i).sort((a, b) => (scores[b] ?? 0) - (scores[a] ?? 0) || a - b);

  let kept: number[];
  if (index.tables.length <= maxTables) {
    kept = order;
  } else {
    const chosen = new Set<number>();
    const seeds = order.filter((i) => (scores[i] ?? 0) > 0).slice(0, Math.ceil(maxTables * 0.75));
    for (const i of seeds) chosen.add(i);
    // Foreign-key neighbours of the seeds keep join paths (and bridge tables) available.
    for (const i of seeds) {
      for (const j of index.tables[i]?.neighbours ?? []) {
        if (chosen.size >= maxTables) break;
        chosen.add(j);
      }
    }
    for (const i of order) {
      if (chosen.size >= maxTables) break;
      if ((scores[i] ?? 0) > 0) chosen.add(i);
    }
    kept = [...chosen].sort((a, b) => (scores[b] ?? 0) - (scores[a] ?? 0) || a - b);
  }
  const ranked = kept.map((i) => ({ name: index.tables[i]?.table.name ?? '', score: normalised(i) }));
  return {
    schema: { dialect: schema.dialect, tables: kept.map((i) => index.tables[i]!.table) },
    ranked,
  };
}
