import { Text2xError } from '../core/index.js';
import type { GenerationInput, GenerationOutcome, QueryGenerator } from './query-generator.js';

/** One scripted step: an outcome, a fault to throw, or a function of the input. */
export type ScriptStep =
  | GenerationOutcome
  | { kind: 'fault'; error: Error }
  | ((input: GenerationInput) => GenerationOutcome | Promise<GenerationOutcome>);

export interface ScriptedGeneratorOptions {
  name?: string;
  /** Milliseconds to wait before answering (honours the abort signal). Default 0. */
  delayMs?: number;
}

/**
 * A generator that answers from a script: step i answers the i-th call (the last step repeats).
 * It implements the real contract, so tests and benchmarks exercise the pipeline exactly as a
 * model would, with no network: a zero-latency "model" for overhead benchmarks, a slow one for
 * cancellation tests, a failing one for fallback tests.
 */
export class ScriptedGenerator implements QueryGenerator {
  readonly name: string;
  readonly calls: GenerationInput[] = [];
  private readonly delayMs: number;

  constructor(
    private readonly steps: readonly ScriptStep[],
    options: ScriptedGeneratorOptions = {},
  ) {
    if (steps.length === 0) throw new Error('a scripted generator needs at least one step');
    this.name = options.name ?? 'scripted';
    this.delayMs = options.delayMs ?? 0;
  }

  async generate(input: GenerationInput): Promise<GenerationOutcome> {
    this.calls.push(input);
    const step = this.steps[Math.min(this.calls.length, this.steps.length) - 1]!;
    if (this.delayMs > 0) await delay(this.delayMs, input.signal);
    input.signal.throwIfAborted();
    if (typeof step === 'function') return step(input);
    if (step.kind === 'fault') throw step.error;
    return step;
  }
}

function delay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(new Text2xError('CANCELLED'));
      return;
    }
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(new Text2xError('CANCELLED'));
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
