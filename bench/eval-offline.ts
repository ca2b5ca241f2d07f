/**
 * Evaluates the offline engine over a public benchmark and writes the failures to a JSON file.
 *
 *   npx tsx bench/eval-offline.ts [spider|train|syn|realistic|dk|sparc|cosql|defog]
 *     [--limit N] [--offset N] [--db DB_ID] [--out FILE] [--concurrency N] [--timeout MS]
 *     [--keep-distinct] [--no-instructions] [--dir EVAL_DIR]
 *
 * Datasets are read from --dir, else $TEXT2X_EVAL_DIR, else ../shared/eval next to the repository.
 * Each database is introspected once; gold results are cached for the run; a generator exception
 * counts as an error for that item and the run goes on. Prints the summary line, accuracy per
 * hardness (or defog category), failure counts, failure classes (the first structural difference
 * between predicted and gold SQL: set operation, nesting, grouping, …), and the failure file's path (default
 * .bench-data/eval-offline-<dataset>.json, which git ignores).
 */
import Database from 'better-sqlite3';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SchemaInfo } from '../packages/server/src/core/index.js';
import {
  loadDefogItems,
  loadSpiderItems,
  runEval,
  summaryLine,
  type EvalHistoryTurn,
  type EvalItem,
  type Prediction,
} from '../packages/server/src/eval/index.js';
import { createOfflineGenerator } from '../packages/server/src/generation/offline/index.js';
import type { QueryGenerator } from '../packages/server/src/generation/query-generator.js';
import { introspectSqlite } from '../packages/server/src/providers/sqlite/sqlite-introspector.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

const DATASETS = {
  spider: { folder: 'spider-public', file: 'spider_dev.json' },
  train: { folder: 'spider-train', file: 'train.json' },
  syn: { folder: 'spider-public', file: 'spider_syn_dev.json' },
  realistic: { folder: 'spider-public', file: 'spider_realistic.json' },
  dk: { folder: 'spider-public', file: 'spider_dk.json' },
  sparc: { folder: 'spider-public', file: 'sparc_dev.json' },
  cosql: { folder: 'spider-public', file: 'cosql_dev.json' },
  defog: { folder: 'defog-public', file: 'questions_gen_sqlite.csv' },
} as const;
type DatasetName = keyof typeof DATASETS;

interface Arguments {
  dataset: DatasetName;
  limit?: number;
  offset: number;
  db?: string;
  out?: string;
  concurrency: number;
  timeoutMs: number;
  keepDistinct: boolean;
  instructions: boolean;
  dir?: string;
}

function parseArguments(argv: string[]): Arguments {
  const args: Arguments = {
    dataset: 'spider',
    offset: 0,
    concurrency: 4,
    timeoutMs: 10_000,
    keepDistinct: false,
    instructions: true,
  };
  const number = (flag: string, value: string | undefined): number => {
    const parsed = Number(value);
    if (value === undefined || !Number.isInteger(parsed) || parsed < 0)
      throw new Error(`${flag} needs a non-negative integer`);
    return parsed;
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = (): string | undefined => argv[++i];
    if (arg === '--limit') args.limit = number(arg, value());
    else if (arg === '--offset') args.offset = number(arg, value());
    else if (arg === '--db') args.db = value();
    else if (arg === '--out') args.out = value();
    else if (arg === '--concurrency') args.concurrency = Math.max(1, number(arg, value()));
    else if (arg === '--timeout') args.timeoutMs = Math.max(1, number(arg, value()));
    else if (arg === '--keep-distinct') args.keepDistinct = true;
    else if (arg === '--no-instructions') args.instructions = false;
    else if (arg === '--dir') args.dir = value();
    else if (arg === '--help' || arg === '-h') {
      console.log(readUsage());
      process.exit(0);
    } else if (arg in DATASETS) args.dataset = arg as DatasetName;
    else throw new Error(`unknown argument ${arg}\n${readUsage()}`);
  }
  return args;
}

function readUsage(): string {
  return `usage: npx tsx bench/eval-offline.ts [${Object.keys(DATASETS).join('|')}] [--limit N] [--offset N] [--db DB_ID] [--out FILE] [--concurrency N] [--timeout MS] [--keep-distinct] [--no-instructions] [--dir EVAL_DIR]`;
}

function evalRoot(args: Arguments): string {
  const candidates = [args.dir, process.env.TEXT2X_EVAL_DIR, join(repoRoot, '..', 'shared', 'eval')].filter(
    (dir): dir is string => !!dir,
  );
  const found = candidates.find((dir) => existsSync(dir));
  if (!found) throw new Error(`no evaluation data: looked in ${candidates.join(', ')}`);
  return resolve(found);
}

function loadItems(args: Arguments, root: string): EvalItem[] {
  const { folder, file } = DATASETS[args.dataset];
  const dir = join(root, folder);
  let items: EvalItem[];
  if (args.dataset === 'defog') {
    items = loadDefogItems({ dir, dialect: 'sqlite' });
  } else {
    const skipped: { dbId: string; questions: number }[] = [];
    items = loadSpiderItems({ dir, file, skipMissingDatabases: true, skipped });
    for (const { dbId, questions } of skipped)
      console.log(`note: database ${dbId} is missing; its ${questions} questions are left out`);
  }
  if (args.db) items = items.filter((item) => item.dbId === args.db);
  // Keep whole conversations together when slicing multi-turn sets.
  const units: EvalItem[][] = [];
  const byInteraction = new Map<string, EvalItem[]>();
  for (const item of items) {
    if (item.interactionId === undefined) units.push([item]);
    else if (byInteraction.has(item.interactionId)) byInteraction.get(item.interactionId)!.push(item);
    else {
      const unit = [item];
      byInteraction.set(item.interactionId, unit);
      units.push(unit);
    }
  }
  const end = args.limit === undefined ? undefined : args.offset + args.limit;
  return units.slice(args.offset, end).flat();
}

function createPredict(
  generator: QueryGenerator,
  args: Arguments,
): (item: EvalItem, history: readonly EvalHistoryTurn[], signal: AbortSignal) => Promise<Prediction> {
  const schemas = new Map<string, SchemaInfo>();
  const schemaFor = (dbPath: string): SchemaInfo => {
    let schema = schemas.get(dbPath);
    if (!schema) {
      const db = new Database(dbPath, { readonly: true, fileMustExist: true });
      try {
        schema = introspectSqlite(db);
      } finally {
        db.close();
      }
      schemas.set(dbPath, schema);
    }
    return schema;
  };

  return async (item, history, signal) => {
    const started = performance.now();
    const schema = schemaFor(item.dbPath);
    const question =
      args.instructions && item.instructions ? `${item.question}\n${item.instructions}` : item.question;
    const outcome = await generator.generate({
      question,
      dialect: 'sqlite',
      dialectNotes: [],
      schema,
      fullSchema: schema,
      examples: [],
      history: history.map((turn) => ({ question: turn.question, query: turn.predicted })),
      iteration: 1,
      previousAttempts: [],
      signal,
    });
    const ms = Math.round(performance.now() - started);
    switch (outcome.kind) {
      case 'query':
        return { query: outcome.query, ms };
      case 'clarification':
      case 'cannot_answer':
        return { query: null, declined: true, ms };
    }
  };
}

function formatTable(report: Awaited<ReturnType<typeof runEval>>): string {
  const rows = Object.entries(report.by_hardness).map(
    ([key, group]) =>
      `  ${key.padEnd(16)} ${String(group.correct).padStart(5)} / ${String(group.total).padEnd(5)} ${(group.ex * 100).toFixed(1).padStart(5)}%`,
  );
  const reasons = Object.entries(report.reasons)
    .filter(([, count]) => count > 0)
    .map(([reason, count]) => `${reason} ${count}`)
    .join(', ');
  const lines = [
    `accuracy by ${report.group_by}:`,
    ...rows,
    `  ${'overall'.padEnd(16)} ${String(report.correct).padStart(5)} / ${String(report.total).padEnd(5)} ${(report.ex * 100).toFixed(1).padStart(5)}%   (DISTINCT kept: ${(report.ex_distinct_kept * 100).toFixed(1)}%)`,
  ];
  if (report.per_interaction)
    lines.push(
      `  per interaction  ${report.per_interaction.correct} / ${report.per_interaction.total} (${(report.per_interaction.ex * 100).toFixed(1)}%)`,
    );
  if (report.unanswerable)
    lines.push(`  unanswerable     declined ${report.unanswerable.declined} / ${report.unanswerable.total}`);
  lines.push(
    `failures: ${reasons || 'none'}; declined ${report.declined}; errors ${report.errors}; ${report.seconds}s`,
  );
  return lines.join('\n');
}

/** Structural features of a query, compared to name the first way a prediction differs from gold. */
function queryShape(sql: string): Record<string, string> {
  const text = sql.toLowerCase().replace(/'[^']*'|"[^"]*"/g, 'v');
  const setOps = text.match(/\b(?:intersect|except|union)\b/g) ?? [];
  const selects = (text.match(/\bselect\b/g) ?? []).length;
  const head = /select(.*?)\bfrom\b/.exec(text)?.[1] ?? '';
  return {
    'set operation': [...new Set(setOps)].sort().join(','),
    'nesting (subquery)': String(selects - 1 - setOps.length > 0),
    'grouping or HAVING': `${text.includes('group by')}/${text.includes('having')}`,
    'order or limit': `${text.includes('order by')}/${text.includes('limit')}`,
    'aggregate function': [...new Set(text.match(/\b(?:count|sum|avg|min|max)\s*\(/g) ?? [])]
      .map((f) => f.replace(/\W/g, ''))
      .sort()
      .join(','),
    'columns returned': String(head.split(',').length),
    'tables joined': String((text.match(/\b(?:from|join)\s+\w/g) ?? []).length),
    'condition missing or extra': String(text.includes('where')),
  };
}

/** Counts failures by the first structural difference between predicted and gold SQL. */
function failureClasses(results: Awaited<ReturnType<typeof runEval>>['items']): Map<string, number> {
  const counts = new Map<string, number>();
  for (const result of results) {
    if (result.correct) continue;
    let reason = result.reason === 'wrong_result' ? 'same shape (values, linking)' : String(result.reason);
    const gold = Array.isArray(result.gold) ? result.gold[0] : result.gold;
    if (result.reason === 'wrong_result' && typeof gold === 'string' && result.predicted) {
      const expected = queryShape(gold);
      const predicted = queryShape(result.predicted);
      reason = Object.keys(expected).find((key) => expected[key] !== predicted[key]) ?? reason;
    }
    counts.set(reason, (counts.get(reason) ?? 0) + 1);
  }
  return counts;
}

async function main(): Promise<void> {
  const args = parseArguments(process.argv.slice(2));
  const root = evalRoot(args);
  const items = loadItems(args, root);
  if (items.length === 0) throw new Error('no items selected');
  const generator = createOfflineGenerator();
  console.log(`evaluating ${generator.name} on ${args.dataset}: ${items.length} questions from ${root}`);

  const predict = createPredict(generator, args);
  let lastPrint = 0;
  const report = await runEval({
    items,
    predict,
    concurrency: args.concurrency,
    timeoutMs: args.timeoutMs,
    keepDistinct: args.keepDistinct,
    onProgress: ({ done, total, correct }) => {
      const now = performance.now();
      if (process.stderr.isTTY && (now - lastPrint > 200 || done === total)) {
        lastPrint = now;
        process.stderr.write(
          `\r${done}/${total}  correct ${correct} (${((correct / done) * 100).toFixed(1)}%)   `,
        );
        if (done === total) process.stderr.write('\n');
      }
    },
  });

  const out = resolve(args.out ?? join(repoRoot, '.bench-data', `eval-offline-${args.dataset}.json`));
  mkdirSync(dirname(out), { recursive: true });
  const { items: results, ...summary } = report;
  const failures = results
    .filter((result) => !result.correct)
    .map((result) => ({
      id: result.id,
      dbId: result.dbId,
      question: result.question,
      ...(result.hardness && { hardness: result.hardness }),
      ...(result.category && { category: result.category }),
      ...(result.interactionId !== undefined && {
        interactionId: result.interactionId,
        turnIndex: result.turnIndex,
      }),
      reason: result.reason,
      ...(result.error !== undefined && { error: result.error }),
      gold: result.gold,
      predicted: result.predicted,
      ...(result.goldPreview && { goldPreview: result.goldPreview }),
      ...(result.predictedPreview && { predictedPreview: result.predictedPreview }),
      ms: result.ms,
    }));
  const json = JSON.stringify(
    {
      dataset: args.dataset,
      generator: generator.name,
      createdAt: new Date().toISOString(),
      summary,
      failures,
    },
    null,
    2,
  );
  writeFileSync(out, json);

  console.log(summaryLine(report));
  console.log(formatTable(report));
  const classes = [...failureClasses(results)].sort((a, b) => b[1] - a[1]);
  console.log(
    `failure classes (share of all questions): ${classes
      .map(([name, count]) => `${name} ${((count / report.total) * 100).toFixed(1)}%`)
      .join('; ')}`,
  );
  console.log(`failures written to ${out}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
