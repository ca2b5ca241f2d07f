import {
  generateText,
  NoObjectGeneratedError,
  NoOutputGeneratedError,
  Output,
  type LanguageModel,
  type LanguageModelUsage,
  type ModelMessage,
} from 'ai';
import { z } from 'zod';
import { Text2xError } from '../../core/index.js';
import {
  buildOutputRepairPrompt,
  buildSchemaSection,
  buildSystemPrompt,
  buildUserPrompt,
  DEFAULT_SCHEMA_TOKEN_BUDGET,
} from '../prompts/index.js';
import type {
  GenerationDebug,
  GenerationInput,
  GenerationOutcome,
  QueryGenerator,
  TokenUsage,
} from '../query-generator.js';
import { LlmAnswer, salvageAnswer, toOutcome } from './llm-answer.js';
import { toGenerationError } from './model-error.js';

export interface LlmGeneratorOptions {
  /** The AI SDK model, usually from `resolveModel`. */
  model: LanguageModel;
  /** The generator's name in events and traces, e.g. `openai:gpt-4.1-mini`. */
  modelId: string;
  /**
   * Extra calls after a reply that is not a valid answer (not JSON, wrong shape), with the error
   * appended to the prompt. 0 or 1; default 1. Network and API errors are never retried here: the
   * pipeline falls back to the offline engine instead.
   */
  maxRetries?: 0 | 1;
  /** Budget of the schema section in estimated tokens (~4 characters each). Default 6,000. */
  schemaTokenBudget?: number;
  /** Show sample values of columns to the model. Default true. */
  includeSampleValues?: boolean;
  /** Sampling temperature. Default 0 (the same question gets the same query). */
  temperature?: number;
  /** Output tokens per call at most. Default 1,500. */
  maxOutputTokens?: number;
  /**
   * Time limit of one model call in ms; when it passes the call fails with GENERATION_FAILED (so
   * the pipeline can fall back) rather than CANCELLED. Default: none, the run's signal governs.
   */
  timeoutMs?: number;
}

/** The longest invalid reply echoed back to the model in the repair turn. */
const MAX_ECHOED_REPLY_CHARS = 4_000;

interface InvalidReply {
  text: string;
  message: string;
  error: Error;
}

function addUsage(total: TokenUsage, usage: LanguageModelUsage | undefined): void {
  total.inputTokens += usage?.inputTokens ?? 0;
  total.outputTokens += usage?.outputTokens ?? 0;
}

/** A short, model-readable account of why a reply was rejected (zod issues or the parse error). */
function describeInvalidReply(error: NoObjectGeneratedError): string {
  const cause = error.cause;
  const issues = cause instanceof Error && cause.cause instanceof z.ZodError ? cause.cause.issues : undefined;
  if (issues && issues.length > 0) {
    return issues
      .slice(0, 5)
      .map((issue) => `${issue.path.length ? `${issue.path.join('.')}: ` : ''}${issue.message}`)
      .join('; ');
  }
  if (error.text === undefined || error.text.trim() === '') return 'the reply was empty';
  return cause instanceof Error && /JSON/i.test(cause.name + cause.message)
    ? 'the reply is not a JSON object'
    : error.message.replace(/^No object generated: /, '');
}

function renderMessages(system: string, messages: readonly ModelMessage[]): string {
  const parts = [`[system]\n${system}`];
  for (const message of messages) {
    const content = typeof message.content === 'string' ? message.content : JSON.stringify(message.content);
    parts.push(`[${message.role}]\n${content}`);
  }
  return parts.join('\n\n');
}

/**
 * The LLM generator: one `generateText` call with a zod-validated structured answer (query,
 * clarification or cannot-answer), one retry when the reply is not a valid answer, and every
 * fault mapped to a Text2xError (GENERATION_FAILED, or CANCELLED when the run's signal aborted).
 */
export function createLlmGenerator(options: LlmGeneratorOptions): QueryGenerator {
  const maxRetries = options.maxRetries ?? 1;
  const output = Output.object({
    schema: LlmAnswer,
    name: 'text2x_answer',
    description:
      'A read-only query answering the question, a clarifying question, or why it cannot be answered',
  });

  const cancelled = (signal: AbortSignal, cause?: unknown): Text2xError =>
    new Text2xError('CANCELLED', undefined, { cause: cause ?? signal.reason });

  async function generate(input: GenerationInput): Promise<GenerationOutcome> {
    if (input.signal.aborted) throw cancelled(input.signal);
    const system = buildSystemPrompt({ dialect: input.dialect, dialectNotes: input.dialectNotes });
    const schemaSection = buildSchemaSection(input.schema, {
      dialect: input.dialect,
      tokenBudget: options.schemaTokenBudget ?? DEFAULT_SCHEMA_TOKEN_BUDGET,
      ...(options.includeSampleValues !== undefined && { includeSampleValues: options.includeSampleValues }),
    });
    const user = buildUserPrompt(input, { schemaSection });
    const messages: ModelMessage[] = [{ role: 'user', content: user }];
    const usage: TokenUsage = { inputTokens: 0, outputTokens: 0 };
    const rawOutputs: string[] = [];
    const notes: string[] = [];
    const cuts = [
      schemaSection.withoutSamples.length && `${schemaSection.withoutSamples.length} without sample values`,
      schemaSection.keysOnly.length && `${schemaSection.keysOnly.length} keys only`,
      schemaSection.omitted.length && `${schemaSection.omitted.length} omitted`,
    ].filter(Boolean);
    notes.push(
      `schema section ≈${schemaSection.estimatedTokens} tokens${cuts.length ? ` (cut to fit: ${cuts.join(', ')} tables)` : ''}`,
    );
    const debug = (): GenerationDebug => ({
      prompt: renderMessages(system, messages),
      rawOutput: rawOutputs.join('\n\n--- retry ---\n\n'),
      notes: [...notes],
    });
    const finish = (answer: LlmAnswer): GenerationOutcome => ({
      ...toOutcome(answer),
      usage: { ...usage },
      debug: debug(),
    });

    for (let attempt = 0; ; attempt++) {
      let invalid: InvalidReply;
      const timeout = options.timeoutMs === undefined ? undefined : AbortSignal.timeout(options.timeoutMs);
      try {
        const result = await generateText({
          model: options.model,
          system,
          messages,
          output,
          temperature: options.temperature ?? 0,
          maxOutputTokens: options.maxOutputTokens ?? 1_500,
          // Our one retry (for invalid output) is the only one; a failing provider fails fast
          // so the pipeline can fall back to the offline engine.
          maxRetries: 0,
          abortSignal: timeout ? AbortSignal.any([input.signal, timeout]) : input.signal,
        });
        rawOutputs.push(result.text);
        addUsage(usage, result.totalUsage);
        try {
          return finish(result.output);
        } catch (error) {
          // No output at all (e.g. the reply was cut at the token limit before any text).
          if (!NoOutputGeneratedError.isInstance(error)) throw error;
          invalid = {
            text: result.text,
            message: `the model returned no answer (finish reason: ${result.finishReason})`,
            error,
          };
        }
      } catch (error) {
        if (input.signal.aborted) throw cancelled(input.signal, error);
        if (timeout?.aborted) {
          throw new Text2xError(
            'GENERATION_FAILED',
            `${options.modelId} call failed: no reply within ${options.timeoutMs} ms`,
            {
              cause: error,
              details: { model: options.modelId, timeoutMs: options.timeoutMs },
            },
          );
        }
        if (!NoObjectGeneratedError.isInstance(error)) throw toGenerationError(error, options.modelId);
        rawOutputs.push(error.text ?? '');
        invalid = { text: error.text ?? '', message: describeInvalidReply(error), error };
        addUsage(usage, error.usage);
        const salvaged = salvageAnswer(error.text);
        if (salvaged) {
          notes.push(`attempt ${attempt + 1}: JSON recovered from a reply wrapped in other text`);
          return finish(salvaged);
        }
      }

      notes.push(`attempt ${attempt + 1}: invalid output: ${invalid.message}`);
      if (attempt >= maxRetries) {
        throw new Text2xError(
          'GENERATION_FAILED',
          `model returned invalid output ${attempt + 1} time${attempt === 0 ? '' : 's'}: ${invalid.message}`,
          {
            cause: invalid.error,
            details: { model: options.modelId, attempts: attempt + 1, usage: { ...usage } },
          },
        );
      }
      const repair = buildOutputRepairPrompt(invalid.message);
      const reply = invalid.text.trim();
      if (reply !== '') {
        messages.push({ role: 'assistant', content: reply.slice(0, MAX_ECHOED_REPLY_CHARS) });
        messages.push({ role: 'user', content: repair });
      } else {
        messages[messages.length - 1] = { role: 'user', content: `${user}\n\n${repair}` };
      }
    }
  }

  return { name: options.modelId, generate };
}
