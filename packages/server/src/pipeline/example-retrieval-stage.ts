import type { RetrievedExample } from '../generation/query-generator.js';
import { retrieveExamples } from '../retrieval/index.js';
import type { PipelineDeps } from './pipeline-deps.js';

/** Stage: approved examples similar to the question, for the same provider. */
export async function exampleRetrievalStage(
  deps: PipelineDeps,
  providerId: string,
  question: string,
): Promise<RetrievedExample[]> {
  if (!deps.examples) return [];
  const approved = await deps.examples(providerId);
  return retrieveExamples(question, approved);
}
