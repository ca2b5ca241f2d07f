import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { QueryRequest, type ServerMessage } from '@text2x/protocol';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../app/index.js';
import { loadConfig } from '../../config/index.js';
import { ScriptedGenerator } from '../../generation/scripted-generator.js';
import { runQueryWithTraceMetrics, type TraceReport } from './run-query-with-trace-metrics.js';

const home = mkdtempSync(join(tmpdir(), 'text2x-run-report-'));
let app: App;

beforeAll(async () => {
  const db = new Database(join(home, 'shop.db'));
  db.exec('CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT)');
  db.close();
  app = await createApp({
    config: loadConfig({ env: { TEXT2X_HOME: home, TEXT2X_DEMO: '0' } }),
    memoryStore: true,
    generator: new ScriptedGenerator([
      {
        kind: 'query',
        query: 'SELECT count(*) FROM items',
        explanation: 'counted',
        confidence: 0.9,
        assumptions: [],
      },
    ]),
  });
  await app.store.addProvider({ id: 'shop', kind: 'sqlite', path: join(home, 'shop.db') });
});
afterAll(async () => {
  await app.close();
  rmSync(home, { recursive: true, force: true });
});

async function run(
  traceLevel: 'none' | 'summary',
): Promise<{ messages: ServerMessage[]; reports: TraceReport[] }> {
  const reports: TraceReport[] = [];
  const messages: ServerMessage[] = [];
  const request = QueryRequest.parse({
    provider_id: 'shop',
    query: 'how many items',
    options: { trace_level: traceLevel },
  });
  for await (const message of runQueryWithTraceMetrics(app.deps, request, {
    signal: new AbortController().signal,
    onTrace: (report) => reports.push(report),
  })) {
    messages.push(message);
  }
  return { messages, reports };
}

describe('runQueryWithTraceMetrics', () => {
  it('measures the stages of a run without a trace and sends no trace to the client', async () => {
    const { messages, reports } = await run('none');
    expect(messages.at(-1)?.type).toBe('result');
    expect(messages.every((message) => message.trace === undefined)).toBe(true);
    expect(reports).toHaveLength(1);
    expect(Object.keys(reports[0]!.stagesMs)).toEqual(expect.arrayContaining(['generation', 'validation']));
  });

  it('leaves a run that asked for a trace as it is', async () => {
    const { messages, reports } = await run('summary');
    expect(messages.at(-1)?.trace).toMatchObject({ level: 'summary' });
    expect(reports).toEqual([]);
  });
});
