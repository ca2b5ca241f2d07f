import { Text2xError, toText2xError } from '../core/index.js';
import type { GenerationInput, GenerationOutcome, QueryGenerator } from '../generation/query-generator.js';
import { abortable } from './abortable.js';

/** Stage: one call of a generator. Faults come back as GENERATION_FAILED (or CANCELLED). */
export async function generationStage(
  generator: QueryGenerator,
  input: GenerationInput,
): Promise<GenerationOutcome> {
  try {
    const outcome = await abortable(generator.generate(input), input.signal);
    return normaliseOutcome(outcome);
  } catch (error) {
    if (input.signal.aborted) throw new Text2xError('CANCELLED');
    const failure = toText2xError(error, 'GENERATION_FAILED');
    throw failure.code === 'INTERNAL'
      ? new Text2xError('GENERATION_FAILED', `${generator.name} failed`, { cause: error })
      : failure;
  }
}

/** Guards against a generator that breaks its contract (empty query, confidence out of range). */
function normaliseOutcome(outcome: GenerationOutcome): GenerationOutcome {
  switch (outcome.kind) {
    case 'query': {
      const query = outcome.query.trim().replace(/;\s*$/, '');
      if (query === '') throw new Text2xError('GENERATION_FAILED', 'the generator returned an empty query');
      return { ...outcome, query, confidence: clamp(outcome.confidence) };
    }
    case 'clarification':
      return { ...outcome, options: outcome.options.slice(0, 4), confidence: clamp(outcome.confidence) };
    case 'cannot_answer':
      return outcome;
  }
}

function clamp(value: number): number {
  return Number.isFinite(value) ? Math.min(1, Math.max(0, value)) : 0;
}
