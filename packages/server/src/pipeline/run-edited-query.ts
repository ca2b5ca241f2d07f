import type { ExecutionResult, ValidationReport } from '@text2x/protocol';
import { Text2xError } from '../core/index.js';
import { abortable } from './abortable.js';
import type { ProviderSource } from './pipeline-deps.js';

export interface EditedQueryRequest {
  providerId: string;
  query: string;
  maxRows: number;
  timeoutMs: number;
  signal?: AbortSignal;
}

export interface EditedQueryOutcome {
  validation: ValidationReport;
  execution: ExecutionResult;
}

/**
 * Validates and runs a query a person wrote or edited, through exactly the same validator, policy
 * and executor as generated queries. A query that fails validation throws QUERY_REJECTED (policy)
 * or VALIDATION_FAILED (names, syntax) with the validator's issues in `details`.
 */
export async function runEditedQuery(
  providers: ProviderSource,
  request: EditedQueryRequest,
): Promise<EditedQueryOutcome> {
  const signal = request.signal ?? new AbortController().signal;
  const query = request.query.trim().replace(/;\s*$/, '');
  if (query === '') throw new Text2xError('INVALID_REQUEST', 'the query is empty');
  const { provider } = await abortable(providers.open(request.providerId, signal), signal);
  const validation = await abortable(provider.validate(query, { signal }), signal);
  if (validation.status === 'failed') {
    const policy = validation.errors.some((issue) => issue.kind === 'policy');
    throw new Text2xError(
      policy ? 'QUERY_REJECTED' : 'VALIDATION_FAILED',
      validation.errors.map((issue) => issue.message).join('; '),
      { details: { errors: validation.errors } },
    );
  }
  const execution = await abortable(
    provider.execute(query, { maxRows: request.maxRows, timeoutMs: request.timeoutMs, signal }),
    signal,
  );
  return { validation, execution };
}
