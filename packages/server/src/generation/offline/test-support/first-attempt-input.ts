import type { Dialect, SchemaInfo } from '../../../core/index.js';
import type { GenerationInput } from '../../query-generator.js';

/** A first attempt at a question over a whole schema: no examples, history or earlier drafts. */
export function firstAttemptInput(question: string, dialect: Dialect, schema: SchemaInfo): GenerationInput {
  return {
    question,
    dialect,
    dialectNotes: [],
    schema,
    fullSchema: schema,
    examples: [],
    history: [],
    iteration: 1,
    previousAttempts: [],
    signal: new AbortController().signal,
  };
}
