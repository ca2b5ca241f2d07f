import type { QueryExecutor, QueryOutcome, QueryRunOptions } from '../query-executor.js';
import type { ResultSet } from '../result-set.js';

/** What a scripted query returns: rows, an error message, or a timeout. */
export type ScriptedAnswer = ResultSet | { error: string } | 'timeout';

/**
 * A `QueryExecutor` that answers from a table of query text → result, for testing scoring rules
 * on hand-made result sets. Unknown queries fail with "no such query". Records every call.
 */
export class ScriptedQueryExecutor implements QueryExecutor {
  readonly calls: { dbPath: string; sql: string; options: QueryRunOptions }[] = [];
  readonly #answers: Map<string, ScriptedAnswer>;

  constructor(answers: Record<string, ScriptedAnswer>) {
    this.#answers = new Map(Object.entries(answers));
  }

  run(dbPath: string, sql: string, options: QueryRunOptions): Promise<QueryOutcome> {
    this.calls.push({ dbPath, sql, options });
    const answer = this.#answers.get(sql.trim());
    if (answer === undefined) return Promise.resolve({ kind: 'error', message: `no such query: ${sql}` });
    if (answer === 'timeout') return Promise.resolve({ kind: 'timeout', timeoutMs: options.timeoutMs });
    if ('error' in answer) return Promise.resolve({ kind: 'error', message: answer.error });
    const maxRows = options.maxRows ?? Infinity;
    return Promise.resolve({
      kind: 'rows',
      columns: answer.columns,
      rows: answer.rows.slice(0, maxRows),
      truncated: answer.rows.length > maxRows,
      ms: 0,
    });
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}

/** A result with generated column names. */
export function rows(...data: ResultSet['rows']): ResultSet {
  const width = data[0]?.length ?? 1;
  return { columns: Array.from({ length: width }, (_, index) => `c${index}`), rows: data };
}
