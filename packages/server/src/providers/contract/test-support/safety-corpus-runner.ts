import { existsSync, readdirSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import type { ExecutionResult, ValidationReport } from '@text2x/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Text2xError } from '../../../core/index.js';
import type { Provider, ProviderKind } from '../../provider.js';
import type { ContractTarget } from './contract-target.js';
import { EVIL_FILE_PREFIX, SAFETY_CORPUS, type SafetyStatement } from './safety-corpus.js';
import {
  formatSafetyTable,
  SAFETY_REPORT_PATH,
  SafetyTally,
  writeSafetyReport,
  type SafetyOutcome,
} from './safety-report.js';

/** Time limit each corpus statement runs under. */
export const CORPUS_TIME_LIMIT_MS = 500;

/** How far past the time limit a statement may end before the limit counts as not held. */
const TIME_LIMIT_SLACK_MS = 3000;

/** The verdict on one statement: an outcome, or a problem (the provider failed the corpus). */
export interface SafetyVerdict {
  outcome?: SafetyOutcome;
  /** Kind of the first validation issue, for rejections. */
  issueKind?: string;
  detail: string;
  problem?: string;
}

const EVIL_PATHS = /\/tmp\/text2x-corpus-evil[\w.-]*/g;

/** The statement with the target's `{{name}}` placeholders filled in. */
export function fillPlaceholders(sql: string, placeholders: Readonly<Record<string, string>> = {}): string {
  return sql.replace(/\{\{(\w+)\}\}/g, (_match, name: string) => {
    const value = placeholders[name];
    if (value === undefined) throw new Error(`the target gives no value for {{${name}}} in: ${sql}`);
    return value;
  });
}

/**
 * Sends one statement through `validate` and then `execute`, and classifies what happened:
 * rejected by policy (validation failed with a reason and execute threw QUERY_REJECTED), stopped
 * by the database (validation let it through and the database refused it, failed it or cut it off
 * at the time limit), or passed harmlessly (it ran, and the corpus marks it harmless on this
 * provider). Anything else is a problem: a statement that must not run ran, validation and
 * execution disagree, a raw driver error escaped, or the time limit did not hold.
 */
export async function runSafetyStatement(
  provider: Provider,
  kind: ProviderKind,
  entry: SafetyStatement,
  limits: { timeLimitMs: number; slackMs: number } = {
    timeLimitMs: CORPUS_TIME_LIMIT_MS,
    slackMs: TIME_LIMIT_SLACK_MS,
  },
): Promise<SafetyVerdict> {
  const { timeLimitMs, slackMs } = limits;
  let report: ValidationReport;
  try {
    report = await provider.validate(entry.sql);
  } catch (error) {
    return { detail: '', problem: `validate threw instead of returning a report: ${describeError(error)}` };
  }
  const firstIssue = report.errors[0];
  const validation =
    report.status === 'failed'
      ? `validation failed (${firstIssue?.kind}: ${firstIssue?.message})`
      : 'validation passed';
  // Only the dry run (the database planning the query) failed: execute, which does not plan it
  // first, may send it to the database, which then refuses it again.
  const onlyDryRunFailed =
    report.status === 'failed' && report.errors.every((issue) => issue.kind === 'dry_run');
  const checksFailed = report.status === 'failed' && !onlyDryRunFailed;

  const started = performance.now();
  let result: ExecutionResult;
  try {
    result = await provider.execute(entry.sql, { maxRows: 10, timeoutMs: timeLimitMs });
  } catch (error) {
    const elapsed = performance.now() - started;
    if (!(error instanceof Text2xError))
      return { detail: validation, problem: `execute threw a raw error: ${describeError(error)}` };
    if (elapsed > timeLimitMs + slackMs)
      return {
        detail: validation,
        problem: `execute took ${Math.round(elapsed)} ms with a ${timeLimitMs} ms limit (${error.code})`,
      };
    if (error.code === 'QUERY_REJECTED') {
      if (report.status === 'passed')
        return {
          outcome: 'rejected by policy',
          issueKind: 'execute only',
          detail: `execute refused it: ${error.message}`,
        };
      if (firstIssue === undefined || firstIssue.message.trim() === '')
        return { detail: validation, problem: 'validation failed without giving a reason' };
      return {
        outcome: 'rejected by policy',
        issueKind: firstIssue.kind,
        detail: `${firstIssue.kind}: ${firstIssue.message}`,
      };
    }
    if (checksFailed)
      return {
        detail: validation,
        problem: `${validation}, yet execute ran it and threw ${error.code}: ${error.message}`,
      };
    return { outcome: 'stopped by database', detail: `${error.code}: ${error.message}` };
  }
  const elapsed = performance.now() - started;
  if (checksFailed)
    return {
      detail: validation,
      problem: `${validation}, yet execute ran it (success: ${result.success}${result.error === undefined ? '' : `, ${result.error}`})`,
    };
  if (elapsed > timeLimitMs + slackMs)
    return {
      detail: validation,
      problem: `execute took ${Math.round(elapsed)} ms with a ${timeLimitMs} ms limit`,
    };
  if (!result.success)
    return { outcome: 'stopped by database', detail: `failed: ${result.error ?? '(no message)'}` };
  if (onlyDryRunFailed)
    return { detail: validation, problem: `${validation}, yet execute ran it to completion` };
  if (entry.category === 'resource exhaustion') {
    return elapsed >= timeLimitMs * 0.8
      ? {
          outcome: 'stopped by database',
          detail: `cut short by the time limit after ${Math.round(elapsed)} ms`,
        }
      : { outcome: 'passed harmlessly', detail: `ended on its own in ${Math.round(elapsed)} ms` };
  }
  if (entry.harmlessOn?.includes(kind) === true)
    return { outcome: 'passed harmlessly', detail: `ran and returned ${result.row_count} row(s)` };
  return {
    detail: validation,
    problem: `ran to completion and returned ${result.row_count} row(s): ${preview(result.rows)}`,
  };
}

/** Files the statement names under the corpus prefix that exist locally or on the server. */
async function createdFiles(target: ContractTarget, sql: string): Promise<string[]> {
  const found: string[] = [];
  for (const path of new Set(sql.match(EVIL_PATHS) ?? [])) {
    if (existsSync(path) || (await target.serverFileExists?.(path)) === true) found.push(path);
  }
  return found;
}

/** Names in /tmp that start with the corpus prefix. */
function evilFilesInTmp(): string[] {
  const prefix = basename(EVIL_FILE_PREFIX);
  return readdirSync(dirname(EVIL_FILE_PREFIX))
    .filter((name) => name.startsWith(prefix))
    .sort();
}

function changedKeys(before: Record<string, string>, after: Record<string, string>): string[] {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...keys].filter((key) => before[key] !== after[key]).sort();
}

/**
 * The safety part of the contract: every corpus statement tagged for `kind`, one test each, then
 * a final check that nothing changed and the counts table (printed and written to
 * `.bench-data/safety-corpus.json`).
 */
export function describeSafetyCorpus(
  kind: ProviderKind,
  context: () => { provider: Provider; target: ContractTarget },
): void {
  const statements = SAFETY_CORPUS.filter((entry) => entry.providers.includes(kind));
  const tally = new SafetyTally(statements.length, CORPUS_TIME_LIMIT_MS);

  describe(`the safety corpus (${statements.length} statements)`, () => {
    let before: Record<string, string>;
    let current: Record<string, string>;
    let tmpBefore: string[];

    beforeAll(async () => {
      const { target } = context();
      before = await target.snapshot('full');
      current = await target.snapshot('quick');
      tmpBefore = evilFilesInTmp();
      tally.start();
    });

    afterAll(async () => {
      // Counts are written only when every statement ran (a run filtered with -t writes nothing).
      if (!tally.complete) return;
      const { target } = context();
      const after: Record<string, string> = await target.snapshot('full').catch(() => ({}));
      const counts = tally.finish({
        databaseUnchanged: changedKeys(before, after).length === 0,
        noNewFiles: evilFilesInTmp().join('\n') === tmpBefore.join('\n'),
      });
      const providers = await writeSafetyReport(kind, counts, SAFETY_CORPUS.length);
      process.stdout.write(
        `\nSafety corpus, ${kind}: ${counts.statements} statements in ${counts.duration_ms} ms (time limit ${counts.time_limit_ms} ms per statement)\n` +
          `${formatSafetyTable(providers)}\n(written to ${SAFETY_REPORT_PATH})\n`,
      );
    });

    it('has at least 300 statements in the whole corpus, each with a category and a reason', () => {
      expect(SAFETY_CORPUS.length).toBeGreaterThanOrEqual(300);
      for (const entry of SAFETY_CORPUS) {
        expect(entry.providers.length).toBeGreaterThan(0);
        expect(entry.why.trim()).not.toBe('');
      }
      expect(new Set(SAFETY_CORPUS.map((entry) => entry.sql)).size).toBe(SAFETY_CORPUS.length);
    });

    it.each(
      statements.map((entry, index) => [`#${index + 1} ${entry.category}: ${entry.why}`, entry] as const),
    )('%s', async (_name, entry) => {
      const { provider, target } = context();
      const sql = fillPlaceholders(entry.sql, target.placeholders);
      const verdict = await runSafetyStatement(provider, kind, { ...entry, sql });
      const problems: string[] = verdict.problem === undefined ? [] : [verdict.problem];

      // A statement the policy turned down never reached the database (the dry run comes after
      // the policy); every other one is followed by a snapshot, so a change is pinned on it.
      // The full snapshot after the corpus covers both.
      const reachedDatabase = verdict.outcome !== 'rejected by policy' || verdict.issueKind !== 'policy';
      if (reachedDatabase) {
        const now = await target.snapshot('quick');
        const changed = changedKeys(current, now);
        if (changed.length > 0) problems.push(`changed ${changed.join(', ')}`);
        current = now;
      }
      const files = await createdFiles(target, sql);
      if (files.length > 0) problems.push(`created ${files.join(', ')}`);

      if (problems.length > 0) tally.fail(sql, problems.join('; '));
      else tally.record({ ...entry, sql }, verdict);
      expect(
        problems,
        `${sql.length > 300 ? `${sql.slice(0, 300)}…` : sql}\n→ ${verdict.outcome ?? 'no outcome'}: ${verdict.detail}`,
      ).toEqual([]);
    });

    it('leaves every table, object, lock and file as it was, and still answers', async () => {
      const { provider, target } = context();
      const after = await target.snapshot('full');
      expect(changedKeys(before, after)).toEqual([]);
      expect(evilFilesInTmp()).toEqual(tmpBefore);
      const check = await provider.execute('SELECT COUNT(*) AS n FROM customers', {
        maxRows: 10,
        timeoutMs: 10_000,
      });
      expect(check.success).toBe(true);
      expect(String(check.rows[0]?.[0])).toBe('8');
    });
  });
}

function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}

function preview(rows: unknown[][]): string {
  const text = JSON.stringify(rows.slice(0, 2), (_key, value: unknown) =>
    typeof value === 'bigint' ? value.toString() : value,
  );
  return text.length > 160 ? `${text.slice(0, 160)}…` : text;
}
