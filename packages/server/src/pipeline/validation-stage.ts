import type { ValidationReport } from '@text2x/protocol';
import type { Provider } from '../providers/provider.js';
import { abortable } from './abortable.js';

/** Stage: parse, policy, names and dry run, by the provider's validator. */
export function validationStage(
  provider: Provider,
  query: string,
  signal: AbortSignal,
): Promise<ValidationReport> {
  return abortable(provider.validate(query, { signal }), signal);
}
