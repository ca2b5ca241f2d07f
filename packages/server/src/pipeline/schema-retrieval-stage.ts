import type { SchemaInfo } from '../core/index.js';
import { retrieveSchema, type RankedTable } from '../retrieval/index.js';

export interface SchemaContext {
  schema: SchemaInfo;
  ranked: RankedTable[];
}

/** Stage: keeps the tables relevant to the question (the whole schema when it is small). */
export function schemaRetrievalStage(question: string, fullSchema: SchemaInfo): Promise<SchemaContext> {
  // Synchronous and fast (an index per schema); wrapped so it runs beside example retrieval.
  return Promise.resolve(retrieveSchema(question, fullSchema));
}
