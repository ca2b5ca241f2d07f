import type { ExecutionResult } from '@text2x/protocol';
import type { Provider } from '../providers/provider.js';
import { abortable } from './abortable.js';

/** Stage: runs a validated query read-only with the request's row cap and time limit. */
export function executionStage(
  provider: Provider,
  query: string,
  options: { maxRows: number; timeoutMs: number; signal: AbortSignal },
): Promise<ExecutionResult> {
  return abortable(provider.execute(query, options), options.signal);
}
