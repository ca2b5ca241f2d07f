import MiniSearch from 'minisearch';
import type { RetrievedExample } from '../generation/query-generator.js';

/** An approved question → query pair for one data source. */
export interface ApprovedExample {
  id: string;
  question: string;
  query: string;
}

/**
 * Finds approved examples similar to the question with BM25 (MiniSearch) in process. Scores are
 * normalised to [0, 1] by the best hit. The learning-loop issue adds the example store and
 * embeddings; until then callers pass the examples they have (often none).
 */
export function retrieveExamples(
  question: string,
  examples: readonly ApprovedExample[],
  limit = 5,
): RetrievedExample[] {
  if (examples.length === 0) return [];
  const search = new MiniSearch<ApprovedExample>({
    fields: ['question'],
    storeFields: ['question', 'query'],
  });
  search.addAll(examples);
  const hits = search.search(question, { fuzzy: 0.2, prefix: true }).slice(0, limit);
  const best = hits[0]?.score ?? 1;
  return hits.map((hit) => ({
    question: String(hit.question),
    query: String(hit.query),
    score: best > 0 ? hit.score / best : 0,
  }));
}
