import type { App } from '../app/index.js';
import { runEditedQuery } from '../pipeline/index.js';
import type { CliOutput } from './cli-output.js';
import { formatTable } from './format-table.js';

/** `text2x sql PROVIDER "query"`: a person's query through the same validator, policy and executor. */
export async function sqlCommand(
  app: App,
  id: string,
  query: string,
  options: { json: boolean; maxRows: number; timeoutMs: number },
  output: CliOutput,
): Promise<number> {
  const { validation, execution } = await runEditedQuery(app.providers, {
    providerId: id,
    query,
    maxRows: options.maxRows,
    timeoutMs: options.timeoutMs,
  });
  if (options.json) {
    output.out(JSON.stringify({ validation_result: validation, execution_result: execution }));
  } else if (execution.success) {
    for (const warning of validation.warnings) output.err(`warning: ${warning.message}`);
    output.out(formatTable(execution));
  } else {
    output.err(`error EXECUTION_FAILED: ${execution.error ?? 'the query failed'}`);
  }
  return execution.success ? 0 : 6;
}
