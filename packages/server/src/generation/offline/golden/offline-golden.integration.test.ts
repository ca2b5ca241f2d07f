import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dialect, SchemaInfo } from '../../../core/index.js';
import { serviceAvailable } from '../../../test-support/services.js';
import { createOfflineGenerator } from '../offline-generator.js';
import { firstAttemptInput } from '../test-support/first-attempt-input.js';
import type { SchemaIndex } from '../schema-index.js';
import { getSchemaIndex } from '../schema-index.js';
import { emitQuery } from '../sql-emitter.js';
import { type GoldenEngine, openGoldenEngine } from './test-support/golden-engines.js';
import {
  GOLDEN_CONSTRUCTS,
  GOLDEN_QUESTIONS,
  type GoldenConstruct,
  type GoldenQuestion,
} from './test-support/golden-questions.js';
import { isOrdered, normalizeRows } from './test-support/golden-rows.js';
import { GOLDEN_NOW } from './test-support/golden-schema.js';

// The golden table of the offline engine's dialects (docs/offline-engine.md, "Golden table"):
// the same fixture in SQLite, DuckDB, PostgreSQL and MariaDB, read through the real providers.
// PostgreSQL and MariaDB are skipped with the reason printed when their servers do not answer,
// and fail the run under TEXT2X_REQUIRE_SERVICES=1.
const AVAILABLE: Record<Dialect, boolean> = {
  sqlite: true,
  duckdb: true,
  postgres: await serviceAvailable('postgres'),
  mysql: await serviceAvailable('mariadb'),
};
const ALL_DIALECTS = ['sqlite', 'postgres', 'mysql', 'duckdb'] as const;
const DIALECTS = ALL_DIALECTS.filter((d) => AVAILABLE[d]);

interface Loaded {
  engine: GoldenEngine;
  schema: SchemaInfo;
  index: SchemaIndex;
}

const opened: GoldenEngine[] = [];
const loaded = new Map<Dialect, Loaded>();

beforeAll(async () => {
  for (const dialect of DIALECTS) {
    const engine = await openGoldenEngine(dialect);
    opened.push(engine);
    const schema = await engine.provider.introspect();
    loaded.set(dialect, { engine, schema, index: await getSchemaIndex(schema) });
  }
});

afterAll(async () => {
  for (const engine of opened) await engine.dispose();
});

function engineFor(dialect: Dialect): Loaded {
  const found = loaded.get(dialect);
  if (!found) throw new Error(`${dialect} is not loaded`);
  return found;
}

async function generate(dialect: Dialect, question: string): Promise<string> {
  const { schema } = engineFor(dialect);
  const outcome = await createOfflineGenerator({ now: () => GOLDEN_NOW }).generate(
    firstAttemptInput(question, dialect, schema),
  );
  if (outcome.kind !== 'query') throw new Error(`no query for "${question}": ${JSON.stringify(outcome)}`);
  return outcome.query;
}

async function rowsOf(dialect: Dialect, sql: string): Promise<unknown[][]> {
  const result = await engineFor(dialect).engine.provider.execute(sql, { maxRows: 1000, timeoutMs: 30_000 });
  if (!result.success) throw new Error(`${dialect} failed ${sql}: ${result.error ?? ''}`);
  expect(result.truncated).toBe(false);
  return result.rows;
}

describe('the offline engine writes the golden query', () => {
  describe.each(ALL_DIALECTS)('in %s', (dialect) => {
    it.skipIf(!AVAILABLE[dialect]).each(GOLDEN_QUESTIONS.map((row) => [row.question, row] as const))(
      'for "%s"',
      async (_, row) => {
        expect(await generate(dialect, row.question)).toBe(row.sql[dialect]);
      },
    );

    it.skipIf(!AVAILABLE[dialect]).each(GOLDEN_CONSTRUCTS.map((row) => [row.covers, row] as const))(
      'for %s',
      (_, row) => {
        const { index } = engineFor(dialect);
        expect(emitQuery(row.build(index), index, dialect)).toBe(row.sql[dialect]);
      },
    );
  });
});

describe('every engine returns the golden rows', () => {
  const rows: (readonly [string, GoldenQuestion | GoldenConstruct])[] = [
    ...GOLDEN_QUESTIONS.map((row) => [row.question, row] as const),
    ...GOLDEN_CONSTRUCTS.map((row) => [row.covers, row] as const),
  ];

  it.each(rows)('for "%s"', async (_, row) => {
    for (const dialect of DIALECTS) {
      const sql = row.sql[dialect];
      const actual = normalizeRows(await rowsOf(dialect, sql), isOrdered(sql));
      expect({ dialect, rows: actual }).toEqual({ dialect, rows: row.rows });
    }
  });
});
