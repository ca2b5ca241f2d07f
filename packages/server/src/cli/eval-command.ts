import { resolve } from 'node:path';
import { createApp } from '../app/index.js';
import { loadConfig } from '../config/index.js';
import type { ProviderConfig } from '../providers/index.js';
import {
  DEFAULT_EVAL_MYSQL_URL,
  DEFAULT_EVAL_POSTGRES_URL,
  ensureDefogServerDatabases,
  loadDefogItems,
  MysqlQueryExecutor,
  PostgresQueryExecutor,
  loadSpiderItems,
  runEval,
  summaryLine,
  type EvalDialect,
  type EvalItem,
  type PredictFunction,
  type QueryExecutor,
} from '../eval/index.js';
import { runQuery } from '../pipeline/index.js';
import type { CliOutput } from './cli-output.js';

export interface EvalCommandOptions {
  benchmark: 'spider' | 'defog';
  dir: string;
  file?: string;
  variant?: 'original' | 'syn';
  dialect?: EvalDialect;
  /** PostgreSQL admin URL for `--dialect postgres` and `mysql`; default `DEFAULT_EVAL_POSTGRES_URL`. */
  postgresUrl?: string;
  /** MariaDB admin URL for `--dialect mysql`; default `DEFAULT_EVAL_MYSQL_URL`. */
  mysqlUrl?: string;
  limit?: number;
  json: boolean;
}

function progressBar(done: number, total: number, correct: number): string {
  const width = 30;
  const filled = Math.round((done / Math.max(1, total)) * width);
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}  EX so far ${((correct / Math.max(1, done)) * 100).toFixed(1)}%`;
}

/** The provider an item's database becomes in the eval's private store. */
function providerFor(item: EvalItem): ProviderConfig {
  switch (item.dialect ?? 'sqlite') {
    case 'sqlite':
      return { id: item.dbId, kind: 'sqlite', path: item.dbPath };
    case 'postgres':
      return { id: item.dbId, kind: 'postgres', url: item.dbPath };
    case 'mysql':
      return { id: item.dbId, kind: 'mysql', url: item.dbPath };
  }
}

/**
 * `text2x eval spider|defog DIR`: runs the configured generator through the whole pipeline over a
 * benchmark folder and scores execution accuracy as ../shared/eval/README.md says. Each database
 * becomes a provider in a private in-memory store; multi-turn sets use one conversation per
 * interaction, so follow-ups see their history exactly as users' do. defog with `--dialect
 * postgres|mysql` first loads the dumps into that server (kept as a cache, see
 * `ensureDefogServerDatabases`) and runs gold and predictions there.
 */
export async function evalCommand(options: EvalCommandOptions, output: CliOutput): Promise<number> {
  const dir = resolve(options.dir);
  const dialect = options.dialect ?? 'sqlite';
  let executor: QueryExecutor | undefined;
  let databases: Map<string, string> | undefined;
  if (options.benchmark === 'defog' && dialect !== 'sqlite') {
    const loadStarted = performance.now();
    databases = await ensureDefogServerDatabases({
      dir,
      dialect,
      postgresUrl: options.postgresUrl ?? DEFAULT_EVAL_POSTGRES_URL,
      mysqlUrl: options.mysqlUrl ?? DEFAULT_EVAL_MYSQL_URL,
      onDatabase: (name, ensured) => output.err(`${ensured.loaded ? 'loaded' : 'kept'} ${name} (${dialect})`),
    });
    output.err(`databases ready in ${((performance.now() - loadStarted) / 1000).toFixed(1)} s`);
    executor = dialect === 'postgres' ? new PostgresQueryExecutor() : new MysqlQueryExecutor();
  }
  const all =
    options.benchmark === 'spider'
      ? loadSpiderItems({
          dir,
          ...(options.file ? { file: options.file } : {}),
          ...(options.variant ? { variant: options.variant } : {}),
          skipMissingDatabases: true,
        })
      : loadDefogItems({ dir, dialect, ...(databases ? { databases } : {}) });
  const items = options.limit === undefined ? all : all.slice(0, options.limit);
  const config = loadConfig();
  const app = await createApp({ config: { ...config, demo: false }, memoryStore: true });
  try {
    const registered = new Set<string>();
    const predict: PredictFunction = async (item: EvalItem, _history, signal) => {
      if (!registered.has(item.dbId)) {
        await app.store.addProvider(providerFor(item));
        registered.add(item.dbId);
      }
      const question = item.instructions ? `${item.question}\n${item.instructions}` : item.question;
      const started = performance.now();
      let query: string | null = null;
      let declined = false;
      let error: string | undefined;
      for await (const message of runQuery(
        app.deps,
        {
          provider_id: item.dbId,
          query: question.slice(0, 5000),
          ...(item.interactionId !== undefined
            ? { conversation_id: `${item.dbId}-${item.interactionId}` }
            : {}),
          options: { max_rows: 1000, timeout_ms: 10_000 },
        },
        { signal },
      )) {
        if (message.type === 'result') query = message.data.generated_query;
        else if (message.type === 'clarification') declined = true;
        else if (message.type === 'error') {
          if (message.data.code === 'CANNOT_ANSWER') declined = true;
          else {
            error = `${message.data.code}: ${message.data.message}`;
            const last = message.data.details?.query;
            if (typeof last === 'string') query = last;
          }
        }
      }
      return {
        query,
        ...(declined ? { declined } : {}),
        ...(error ? { error } : {}),
        ms: performance.now() - started,
      };
    };
    let lastShown = -1;
    const report = await runEval({
      items,
      predict,
      ...(executor ? { executor } : {}),
      onProgress: ({ done, total, correct }) => {
        if (output.interactive) {
          process.stderr.write(`\r${progressBar(done, total, correct)}`);
        } else {
          const tenth = Math.floor((done / total) * 10);
          if (tenth !== lastShown || done === total) {
            lastShown = tenth;
            output.err(progressBar(done, total, correct));
          }
        }
      },
    });
    if (output.interactive) process.stderr.write('\n');
    const groups = Object.entries(report.by_hardness)
      .map(
        ([name, score]) =>
          `  ${name.padEnd(16)} ${(score.ex * 100).toFixed(1).padStart(5)}%  (${score.correct}/${score.total})`,
      )
      .join('\n');
    const lines = [
      `${options.benchmark} ${options.benchmark === 'defog' ? dialect : (options.file ?? '')} — generator ${app.deps.generator.name}`,
      `execution accuracy ${(report.ex * 100).toFixed(1)}% (${report.correct}/${report.total}); with DISTINCT kept ${(report.ex_distinct_kept * 100).toFixed(1)}%`,
      `by ${report.group_by}:`,
      groups,
      `declined ${report.declined}, errors ${report.errors}, ${report.seconds}s`,
      ...(report.unanswerable
        ? [`unanswerable: declined ${report.unanswerable.declined} of ${report.unanswerable.total}`]
        : []),
      ...(report.per_interaction
        ? [
            `per interaction: ${(report.per_interaction.ex * 100).toFixed(1)}% (${report.per_interaction.correct}/${report.per_interaction.total})`,
          ]
        : []),
    ];
    if (options.json) {
      for (const line of lines) output.err(line);
      output.out(summaryLine(report));
    } else {
      for (const line of lines) output.out(line);
    }
    return 0;
  } finally {
    await app.close();
    await executor?.close();
  }
}
