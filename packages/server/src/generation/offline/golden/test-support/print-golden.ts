// Prints what the engine writes today for every golden row on all four engines, with the
// normalised rows and whether the engines agree: the starting point for adding or updating a row.
// Needs the PostgreSQL and MariaDB test servers. Run: npx tsx <this file>
import type { Dialect } from '../../../../core/index.js';
import { createOfflineGenerator } from '../../offline-generator.js';
import { firstAttemptInput } from '../../test-support/first-attempt-input.js';
import { getSchemaIndex } from '../../schema-index.js';
import { emitQuery } from '../../sql-emitter.js';
import { openGoldenEngine } from './golden-engines.js';
import { GOLDEN_CONSTRUCTS, GOLDEN_QUESTIONS } from './golden-questions.js';
import { isOrdered, normalizeRows } from './golden-rows.js';
import { GOLDEN_NOW } from './golden-schema.js';

const DIALECTS: readonly Dialect[] = ['sqlite', 'postgres', 'mysql', 'duckdb'];
const engines = [];
for (const dialect of DIALECTS) engines.push(await openGoldenEngine(dialect));
try {
  const generator = createOfflineGenerator({ now: () => GOLDEN_NOW });
  const rows = [
    ...GOLDEN_QUESTIONS.map((row) => ({ label: row.question, question: row.question, row })),
    ...GOLDEN_CONSTRUCTS.map((row) => ({ label: row.covers, question: undefined, row })),
  ];
  for (const { label, question, row } of rows) {
    const sql: Partial<Record<Dialect, string>> = {};
    const results: Partial<Record<Dialect, string>> = {};
    for (const engine of engines) {
      const schema = await engine.provider.introspect();
      let text: string;
      if (question !== undefined) {
        const outcome = await generator.generate(firstAttemptInput(question, engine.dialect, schema));
        text = outcome.kind === 'query' ? outcome.query : `(${outcome.kind})`;
      } else {
        const index = await getSchemaIndex(schema);
        text = emitQuery(row.build(index), index, engine.dialect);
      }
      sql[engine.dialect] = text;
      const result = await engine.provider.execute(text, { maxRows: 1000, timeoutMs: 30_000 });
      results[engine.dialect] = result.success
        ? JSON.stringify(normalizeRows(result.rows, isOrdered(text)))
        : `error: ${result.error ?? ''}`;
    }
    const agree = new Set(Object.values(results)).size === 1;
    const changed = DIALECTS.some((d) => row.sql[d] !== sql[d]);
    process.stdout.write(
      [
        `### ${label}${changed ? ' (differs from the golden table)' : ''}`,
        ...DIALECTS.map((d) => `  ${d}: ${sql[d] ?? ''}`),
        agree
          ? `  rows (all engines): ${results.sqlite ?? ''}`
          : DIALECTS.map((d) => `  rows ${d}: ${results[d] ?? ''}`).join('\n'),
        '',
      ].join('\n'),
    );
  }
} finally {
  for (const engine of engines) await engine.dispose();
}
