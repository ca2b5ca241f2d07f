import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_TABLES } from './demo-schema.js';
import { loadDemoCopy } from './load-demo-copy.js';
import {
  askDemoQuestions,
  expectSameAnswers,
  expectSameTables,
  sqliteDemoBaseline,
  type DemoBaseline,
} from './test-support/demo-copy-check.js';

describe('the demo copied into a DuckDB file', () => {
  const root = mkdtempSync(join(tmpdir(), 'text2x-demo-duckdb-'));
  const path = join(root, 'demo.duckdb');
  let baseline: DemoBaseline;
  let rows: Record<string, number>;

  beforeAll(async () => {
    baseline = await sqliteDemoBaseline(root);
    rows = await loadDemoCopy({ target: { engine: 'duckdb', path }, sourcePath: baseline.sourcePath });
    await baseline.app.store.addProvider({ id: 'demo-duckdb', kind: 'duckdb', database: path });
  });

  afterAll(async () => {
    await baseline?.app.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('holds every demo table with rows', async () => {
    expect(Object.keys(rows)).toEqual([...DEMO_TABLES]);
    expect(Object.values(rows).every((count) => count > 0)).toBe(true);
    const { schema } = await baseline.app.providers.open('demo-duckdb');
    expect(schema.tables.map((table) => table.name).sort()).toEqual([...DEMO_TABLES].sort());
    await expectSameTables(baseline.app, 'demo-duckdb');
  });

  it('answers every demo question as the SQLite demo does', async () => {
    expectSameAnswers(baseline.sqlite, await askDemoQuestions(baseline.app, 'demo-duckdb'));
  });
});
