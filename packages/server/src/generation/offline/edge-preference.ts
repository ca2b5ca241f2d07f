import { domainSynonyms } from './domain-synonyms.js';
import type { Analysis } from './question-analysis.js';
import type { ForeignKeyEdge, SchemaIndex } from './schema-index.js';
import { stem } from './word-forms.js';

/**
 * Where two tables are joined by more than one foreign key (a shipment's origin and destination
 * warehouse), picks the keys whose column words the question uses ("departing" ~ source).
 */
export function preferredEdges(analysis: Analysis, index: SchemaIndex): ForeignKeyEdge[] {
  const questionStems = new Set<string>();
  for (const token of analysis.tokens) {
    if (token.kind !== 'word') continue;
    questionStems.add(token.stem);
    for (const synonym of domainSynonyms(token.lemma)) questionStems.add(stem(synonym));
  }
  const byPair = new Map<string, ForeignKeyEdge[]>();
  for (const edge of index.edges) {
    const key = [edge.from.index, edge.to.index].sort((a, b) => a - b).join(':');
    const list = byPair.get(key) ?? [];
    list.push(edge);
    byPair.set(key, list);
  }
  const preferred: ForeignKeyEdge[] = [];
  for (const edges of byPair.values()) {
    if (edges.length < 2) continue;
    // The key named by the question wins; otherwise the key declared on the leftmost column.
    let best: ForeignKeyEdge | undefined;
    let bestScore = -1;
    for (const edge of edges) {
      const words = edge.fromColumns.flatMap((c) => c.ownWords).filter((w) => w !== 'id');
      const score =
        words.filter((w) => questionStems.has(stem(w))).length - (edge.fromColumns[0]?.index ?? 0) * 1e-6;
      if (score > bestScore) {
        best = edge;
        bestScore = score;
      }
    }
    if (best) preferred.push(best);
  }
  return preferred;
}
