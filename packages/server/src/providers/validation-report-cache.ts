import type { ValidationReport } from '@text2x/protocol';

/** Queries longer than this are not kept (they are rare, and the cache's memory stays bounded). */
const MAX_CACHED_QUERY_LENGTH = 8_192;

/**
 * The validation reports of the most recently validated queries, least recently used dropped
 * first. A validator keys it by query text and clears it whenever the schema it checks against
 * changes, because a report is a function of exactly those two things. A passed report made with
 * the dry run also answers a request without one (the dry run only adds a check). Callers get
 * copies, so nothing they do to a report changes the cached one.
 */
export class ValidationReportCache {
  readonly #entries = new Map<string, ValidationReport>();
  readonly #capacity: number;

  constructor(capacity = 256) {
    this.#capacity = capacity;
  }

  get size(): number {
    return this.#entries.size;
  }

  get(query: string, dryRun: boolean): ValidationReport | undefined {
    const exact = this.#touch(key(query, dryRun));
    if (exact !== undefined) return copy(exact);
    if (!dryRun) {
      const withDryRun = this.#touch(key(query, true));
      if (withDryRun?.status === 'passed') return copy(withDryRun);
    }
    return undefined;
  }

  set(query: string, dryRun: boolean, report: ValidationReport): void {
    if (query.length > MAX_CACHED_QUERY_LENGTH) return;
    const entry = key(query, dryRun);
    this.#entries.delete(entry);
    this.#entries.set(entry, copy(report));
    if (this.#entries.size > this.#capacity) {
      const oldest = this.#entries.keys().next();
      if (oldest.done !== true) this.#entries.delete(oldest.value);
    }
  }

  clear(): void {
    this.#entries.clear();
  }

  #touch(entry: string): ValidationReport | undefined {
    const report = this.#entries.get(entry);
    if (report !== undefined) {
      this.#entries.delete(entry);
      this.#entries.set(entry, report);
    }
    return report;
  }
}

function key(query: string, dryRun: boolean): string {
  return `${dryRun ? 'd' : 'n'}${query}`;
}

function copy(report: ValidationReport): ValidationReport {
  return {
    ...report,
    errors: report.errors.map((issue) => ({ ...issue })),
    warnings: report.warnings.map((issue) => ({ ...issue })),
  };
}
