import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ProviderKind } from '../../provider.js';
import type { SafetyCategory } from './safety-corpus.js';

/** How one hostile statement ended. */
export type SafetyOutcome = 'rejected by policy' | 'stopped by database' | 'passed harmlessly';

export const SAFETY_OUTCOMES: readonly SafetyOutcome[] = [
  'rejected by policy',
  'stopped by database',
  'passed harmlessly',
];

/** The counts of one provider's corpus run, as written to `.bench-data/safety-corpus.json`. */
export interface ProviderSafetyCounts {
  statements: number;
  rejected_by_policy: number;
  stopped_by_database: number;
  passed_harmlessly: number;
  /** Statements that ran and must not have, changed something, or broke the contract. */
  failures: number;
  /** Rejections by the kind of the first validation issue (`policy`, `syntax`, `unknown_table`, …). */
  rejected_by_issue_kind: Record<string, number>;
  by_category: Record<
    string,
    { rejected_by_policy: number; stopped_by_database: number; passed_harmlessly: number }
  >;
  /** Every table, the database file and the object lists were unchanged after the corpus. */
  database_unchanged: boolean | null;
  /** No file the corpus tried to create exists. */
  no_new_files: boolean | null;
  time_limit_ms: number;
  duration_ms: number;
  run_at: string;
  failure_details: Array<{ sql: string; problem: string }>;
  /** Every statement that reached the database (stopped or passed), with what happened. */
  reached_database: Array<{ sql: string; outcome: SafetyOutcome; detail: string }>;
}

const KEY: Record<SafetyOutcome, 'rejected_by_policy' | 'stopped_by_database' | 'passed_harmlessly'> = {
  'rejected by policy': 'rejected_by_policy',
  'stopped by database': 'stopped_by_database',
  'passed harmlessly': 'passed_harmlessly',
};

/** Collects the outcomes of one provider's run. */
export class SafetyTally {
  readonly #counts: ProviderSafetyCounts;
  #started = Date.now();

  constructor(statements: number, timeLimitMs: number) {
    this.#counts = {
      statements,
      rejected_by_policy: 0,
      stopped_by_database: 0,
      passed_harmlessly: 0,
      failures: 0,
      rejected_by_issue_kind: {},
      by_category: {},
      database_unchanged: null,
      no_new_files: null,
      time_limit_ms: timeLimitMs,
      duration_ms: 0,
      run_at: new Date().toISOString(),
      failure_details: [],
      reached_database: [],
    };
  }

  /** Starts the clock (the tally is made when tests are collected, long before they run). */
  start(): void {
    this.#started = Date.now();
  }

  record(
    entry: { sql: string; category: SafetyCategory },
    verdict: { outcome?: SafetyOutcome; issueKind?: string; detail: string },
  ): void {
    const { outcome, issueKind } = verdict;
    const { category } = entry;
    if (outcome === undefined) return;
    if (outcome !== 'rejected by policy')
      this.#counts.reached_database.push({
        sql: shorten(entry.sql),
        outcome,
        detail: shorten(verdict.detail),
      });
    const key = KEY[outcome];
    this.#counts[key] += 1;
    const row = (this.#counts.by_category[category] ??= {
      rejected_by_policy: 0,
      stopped_by_database: 0,
      passed_harmlessly: 0,
    });
    row[key] += 1;
    if (outcome === 'rejected by policy' && issueKind !== undefined)
      this.#counts.rejected_by_issue_kind[issueKind] =
        (this.#counts.rejected_by_issue_kind[issueKind] ?? 0) + 1;
  }

  fail(sql: string, problem: string): void {
    this.#counts.failures += 1;
    this.#counts.failure_details.push({ sql: shorten(sql), problem });
  }

  finish(result: { databaseUnchanged: boolean; noNewFiles: boolean }): ProviderSafetyCounts {
    this.#counts.database_unchanged = result.databaseUnchanged;
    this.#counts.no_new_files = result.noNewFiles;
    this.#counts.duration_ms = Date.now() - this.#started;
    return this.#counts;
  }

  /** Every statement got an outcome or a failure (false when a filter ran only some). */
  get complete(): boolean {
    const c = this.#counts;
    return c.rejected_by_policy + c.stopped_by_database + c.passed_harmlessly + c.failures >= c.statements;
  }
}

function shorten(text: string): string {
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}

interface SafetyReportFile {
  description: string;
  corpus_size: number;
  updated_at: string;
  providers: Partial<Record<ProviderKind, ProviderSafetyCounts>>;
}

const BENCH_DATA = fileURLToPath(new URL('../../../../../../.bench-data/', import.meta.url));

/** Where the counts are written for the lead to quote. */
export const SAFETY_REPORT_PATH = join(BENCH_DATA, 'safety-corpus.json');

/**
 * Merges one provider's counts into `.bench-data/safety-corpus.json` (test files run in parallel,
 * so the read-modify-write holds a directory lock) and returns the whole file's providers.
 */
export async function writeSafetyReport(
  kind: ProviderKind,
  counts: ProviderSafetyCounts,
  corpusSize: number,
): Promise<SafetyReportFile['providers']> {
  mkdirSync(BENCH_DATA, { recursive: true });
  const lock = `${SAFETY_REPORT_PATH}.lock`;
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (Date.now() > deadline) {
        rmSync(lock, { recursive: true, force: true }); // left behind by a killed run
        continue;
      }
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
  try {
    let existing: SafetyReportFile | undefined;
    try {
      existing = JSON.parse(readFileSync(SAFETY_REPORT_PATH, 'utf8')) as SafetyReportFile;
    } catch {
      existing = undefined;
    }
    const file: SafetyReportFile = {
      description:
        'Safety corpus counts per provider (packages/server/src/providers/contract): each hostile statement is rejected by policy, stopped by the database, or passed harmlessly; failures must be 0.',
      corpus_size: corpusSize,
      updated_at: new Date().toISOString(),
      providers: { ...existing?.providers, [kind]: counts },
    };
    const temporary = `${SAFETY_REPORT_PATH}.${process.pid}.tmp`;
    writeFileSync(temporary, `${JSON.stringify(file, null, 2)}\n`);
    renameSync(temporary, SAFETY_REPORT_PATH);
    return file.providers;
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/** The counts as a plain-text table, one row per provider. */
export function formatSafetyTable(providers: SafetyReportFile['providers']): string {
  const header = [
    'provider',
    'statements',
    'rejected by policy',
    'stopped by database',
    'passed harmlessly',
    'failures',
    'unchanged',
  ];
  const rows = (Object.entries(providers) as Array<[ProviderKind, ProviderSafetyCounts]>).map(
    ([kind, counts]) => [
      kind,
      String(counts.statements),
      String(counts.rejected_by_policy),
      String(counts.stopped_by_database),
      String(counts.passed_harmlessly),
      String(counts.failures),
      counts.database_unchanged === null
        ? '?'
        : counts.database_unchanged && counts.no_new_files
          ? 'yes'
          : 'NO',
    ],
  );
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => row[column]?.length ?? 0)),
  );
  const line = (cells: string[]): string =>
    `| ${cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0))).join(' | ')} |`;
  return [
    line(header),
    `|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`,
    ...rows.map(line),
  ].join('\n');
}
