import type { ProgressStage } from '@text2x/protocol';

const FIXED: Partial<Record<ProgressStage, number>> = {
  started: 0.02,
  schema_retrieval: 0.05,
  rag_search: 0.08,
  context_gathered: 0.15,
};

/** Where each per-iteration stage sits inside its iteration's share of the progress bar. */
const WITHIN_ITERATION: Partial<Record<ProgressStage, number>> = {
  query_generation: 0.05,
  generator_fallback: 0.2,
  query_generated: 0.4,
  validation: 0.5,
  validation_complete: 0.7,
  execution_complete: 0.95,
  iteration_complete: 1,
};

const ITERATIONS_START = 0.15;
const ITERATIONS_END = 0.95;

/**
 * Progress value of a stage. Iterations share the span 0.15–0.95 evenly, so progress never
 * decreases and reaches 1 only with the terminal message.
 */
export function progressFor(stage: ProgressStage, iteration: number, maxIterations: number): number {
  const fixed = FIXED[stage];
  if (fixed !== undefined) return fixed;
  const share = (ITERATIONS_END - ITERATIONS_START) / maxIterations;
  const within = WITHIN_ITERATION[stage] ?? 0;
  return Math.round((ITERATIONS_START + share * (iteration - 1 + within)) * 10_000) / 10_000;
}
