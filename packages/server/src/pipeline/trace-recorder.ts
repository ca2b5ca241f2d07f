import type { TraceLevel } from '@text2x/protocol';
import type { ModelPrice } from '../config/index.js';
import type { TokenUsage } from '../generation/query-generator.js';

/** One generated draft as recorded in a full trace. */
export interface DraftRecord {
  iteration: number;
  generator: string;
  query: string | null;
  confidence: number;
  explanation?: string;
  validation?: unknown;
  execution?: { success: boolean; row_count: number; execution_time_ms: number; error?: string };
}

/**
 * Collects what a trace reports: per-stage latency, tokens, cost, iterations (summary) and the
 * retrieved context, drafts, prompts and raw model output (full).
 */
export class TraceRecorder {
  private readonly startedAt = performance.now();
  private readonly stageMs: Record<string, number> = {};
  private readonly tokens = { input: 0, output: 0 };
  private costUsd = 0;
  private costKnown = true;
  iterations = 0;
  generator = '';
  readonly fallbacks: { from: string; to: string; reason: string }[] = [];
  tables: { name: string; score: number }[] = [];
  examples: { question: string; query: string; score: number }[] = [];
  readonly drafts: DraftRecord[] = [];
  readonly prompts: string[] = [];
  readonly rawOutputs: string[] = [];

  constructor(readonly level: TraceLevel) {}

  /** Adds `ms` to a stage's total (stages repeat across iterations). */
  time(stage: string, ms: number): void {
    this.stageMs[stage] = Math.round(((this.stageMs[stage] ?? 0) + ms) * 1000) / 1000;
  }

  async timed<T>(stage: string, work: () => Promise<T>): Promise<T> {
    const start = performance.now();
    try {
      return await work();
    } finally {
      this.time(stage, performance.now() - start);
    }
  }

  addUsage(usage: TokenUsage | undefined, price: ModelPrice | undefined): void {
    if (!usage) return;
    this.tokens.input += usage.inputTokens;
    this.tokens.output += usage.outputTokens;
    if (price) {
      this.costUsd +=
        (usage.inputTokens * price.inputPerMTok + usage.outputTokens * price.outputPerMTok) / 1_000_000;
    } else if (usage.inputTokens + usage.outputTokens > 0) {
      this.costKnown = false;
    }
  }

  /** The trace object for a terminal message, or undefined for level `none`. */
  build(): Record<string, unknown> | undefined {
    if (this.level === 'none') return undefined;
    const summary: Record<string, unknown> = {
      level: this.level,
      total_ms: Math.round((performance.now() - this.startedAt) * 1000) / 1000,
      stages_ms: { ...this.stageMs },
      tokens: { input: this.tokens.input, output: this.tokens.output },
      cost_usd: this.costKnown ? Math.round(this.costUsd * 1e8) / 1e8 : null,
      iterations: this.iterations,
      generator: this.generator,
      fallbacks: this.fallbacks,
    };
    if (this.level === 'summary') return summary;
    return {
      ...summary,
      tables: this.tables,
      examples: this.examples,
      drafts: this.drafts,
      prompts: this.prompts,
      raw_outputs: this.rawOutputs,
    };
  }
}
