import { randomUUID } from 'node:crypto';
import {
  ERROR_TABLE,
  QueryRequest,
  type ExecutionResult,
  type ServerMessage,
  type ValidationReport,
} from '@text2x/protocol';
import { Text2xError, toText2xError } from '../core/index.js';
import type { GenerationInput, PreviousAttempt, QueryGenerator } from '../generation/query-generator.js';
import type { RowBatch } from '../providers/index.js';
import type { NewTurn } from '../store/metadata-store.js';
import { abortable } from './abortable.js';
import { openConversation, recordTurn, resolveClarificationReply, toHistory } from './conversation-stage.js';
import { exampleRetrievalStage } from './example-retrieval-stage.js';
import { executionStage, streamingExecutionStage } from './execution-stage.js';
import { generationStage } from './generation-stage.js';
import { MessageEmitter } from './message-emitter.js';
import type { PipelineDeps } from './pipeline-deps.js';
import { progressFor } from './progress-plan.js';
import { schemaRetrievalStage } from './schema-retrieval-stage.js';
import { TraceRecorder } from './trace-recorder.js';
import { validationStage } from './validation-stage.js';

export interface RunQueryOptions {
  /** Cancels the run: it ends with a `cancelled` message and aborts the model call and the query. */
  signal?: AbortSignal;
}

interface Draft {
  /** True when its rows were already sent as `rows` messages. */
  streamed?: boolean;
  iteration: number;
  generator: string;
  query: string;
  explanation: string;
  confidence: number;
  validation: ValidationReport;
  execution?: ExecutionResult;
}

/**
 * Lets timers and I/O run between stages. Stages that finish synchronously resolve as microtasks,
 * so without this, thousands of concurrent runs would starve the event loop (no socket writes, no
 * timers) until they all finished.
 */
function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

function isUsable(draft: Draft): boolean {
  return draft.validation.status === 'passed' && (draft.execution === undefined || draft.execution.success);
}

function describeIssues(request: unknown): string {
  const parsed = QueryRequest.safeParse(request);
  if (parsed.success) return '';
  return parsed.error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.join('.') || 'request'}: ${issue.message}`)
    .join('; ');
}

/**
 * Runs one question end to end and yields the messages of the wire protocol: progress for every
 * stage, then exactly one terminal message (`result`, `clarification`, `error` or `cancelled`).
 * It never throws to its consumer: every failure becomes an `error` message with a code.
 */
export async function* runQuery(
  deps: PipelineDeps,
  rawRequest: unknown,
  options: RunQueryOptions = {},
): AsyncGenerator<ServerMessage, void, undefined> {
  const parsed = QueryRequest.safeParse(rawRequest);
  if (!parsed.success) {
    const given = (rawRequest as { request_id?: unknown } | null)?.request_id;
    const requestId =
      typeof given === 'string' && given.length > 0 && given.length <= 100 ? given : randomUUID();
    yield new MessageEmitter(requestId, 'none').error({
      code: 'INVALID_REQUEST',
      message: `invalid request: ${describeIssues(rawRequest)}`,
      retryable: false,
    });
    return;
  }
  const request = parsed.data;
  const opts = request.options;
  const emitter = new MessageEmitter(request.request_id ?? randomUUID(), opts.trace_level);
  const trace = new TraceRecorder(opts.trace_level);
  const signal = options.signal ?? new AbortController().signal;
  const full = opts.trace_level === 'full';
  const enableExecution = opts.enable_execution ?? deps.enableExecution;
  const at = (stage: Parameters<typeof progressFor>[0], iteration = 1): number =>
    progressFor(stage, iteration, opts.max_iterations);

  /** Sends a streamed execution's batches as `rows` messages and returns its metadata. */
  async function* streamRows(
    progress: number,
    start: () => AsyncGenerator<RowBatch, ExecutionResult, undefined>,
  ): AsyncGenerator<ServerMessage, ExecutionResult, undefined> {
    let offset = 0;
    const stream = start();
    for (;;) {
      const next = await stream.next();
      if (next.done) return next.value;
      yield emitter.rows({ columns: next.value.columns, rows: next.value.rows, offset }, progress);
      offset += next.value.rows.length;
    }
  }

  let conversationId: string | undefined;
  let question = request.query;
  const finish = async (turn: Omit<NewTurn, 'conversationId' | 'question' | 'timings'>): Promise<string> => {
    if (conversationId === undefined) return '';
    const saved = await recordTurn(deps.store, {
      ...turn,
      conversationId,
      question: request.query,
      timings: (trace.build()?.stages_ms as Record<string, number> | undefined) ?? {},
    });
    return saved.id;
  };

  try {
    signal.throwIfAborted();
    const opened = await abortable(deps.providers.open(request.provider_id, signal), signal);
    const { conversation, created } = await openConversation(
      deps.store,
      request.provider_id,
      request.conversation_id,
    );
    conversationId = conversation.id;
    emitter.conversationId = conversation.id;
    const turns = created ? [] : await deps.store.listTurns(conversation.id, deps.historyTurns ?? 5);
    question = resolveClarificationReply(turns, request.query);
    const history = toHistory(turns);

    yield emitter.progress(
      { stage: 'started', message: 'Understanding the question', generator: deps.generator.name },
      at('started'),
    );
    yield emitter.progress(
      { stage: 'schema_retrieval', message: 'Finding the relevant tables' },
      at('schema_retrieval'),
    );
    yield emitter.progress(
      { stage: 'rag_search', message: 'Looking for similar approved examples' },
      at('rag_search'),
    );
    await yieldToEventLoop();
    const [context, examples] = await abortable(
      Promise.all([
        trace.timed('schema_retrieval', () => schemaRetrievalStage(question, opened.schema)),
        trace.timed('rag_search', () => exampleRetrievalStage(deps, request.provider_id, question)),
      ]),
      signal,
    );
    trace.tables = context.ranked;
    trace.examples = examples;
    const topSimilarity = examples[0]?.score ?? 0;
    yield emitter.progress(
      {
        stage: 'context_gathered',
        message: `Found ${context.ranked.length} relevant tables and ${examples.length} examples`,
        tables_found: context.ranked.length,
        examples_found: examples.length,
        top_similarity: topSimilarity,
      },
      at('context_gathered'),
      full ? { tables: context.ranked, examples } : undefined,
    );

    let generator: QueryGenerator = deps.generator;
    const attempts: PreviousAttempt[] = [];
    const drafts: Draft[] = [];
    for (let iteration = 1; iteration <= opts.max_iterations; iteration += 1) {
      trace.iterations = iteration;
      await yieldToEventLoop();
      yield emitter.progress(
        {
          stage: 'query_generation',
          iteration,
          message: `Writing a query (attempt ${iteration})`,
          generator: generator.name,
        },
        at('query_generation', iteration),
      );
      const input: GenerationInput = {
        question,
        dialect: opened.provider.dialect,
        dialectNotes: opened.provider.dialectNotes,
        schema: context.schema,
        fullSchema: opened.schema,
        examples,
        history,
        iteration,
        previousAttempts: [...attempts],
        signal,
      };
      let outcome;
      try {
        outcome = await trace.timed('generation', () => generationStage(generator, input));
      } catch (error) {
        const failure = toText2xError(error, 'GENERATION_FAILED');
        const fallback = deps.fallbackGenerator;
        if (failure.code === 'CANCELLED' || !fallback || fallback === generator) throw failure;
        trace.fallbacks.push({ from: generator.name, to: fallback.name, reason: failure.message });
        yield emitter.progress(
          {
            stage: 'generator_fallback',
            iteration,
            message: `${generator.name} failed (${failure.message}); using ${fallback.name} instead`,
            generator: fallback.name,
          },
          at('generator_fallback', iteration),
        );
        generator = fallback;
        outcome = await trace.timed('generation', () => generationStage(fallback, input));
      }
      trace.generator = generator.name;
      trace.addUsage(outcome.usage, deps.priceOf?.(generator.name));
      if (outcome.debug?.prompt !== undefined) trace.prompts.push(outcome.debug.prompt);
      if (outcome.debug?.rawOutput !== undefined) trace.rawOutputs.push(outcome.debug.rawOutput);

      if (outcome.kind === 'cannot_answer') {
        trace.drafts.push({
          iteration,
          generator: generator.name,
          query: null,
          confidence: 0,
          explanation: outcome.reason,
        });
        // A retry that finds nothing better does not undo an earlier draft that ran: answer with it.
        if (drafts.some(isUsable)) break;
        const turnId = await finish({
          status: 'error',
          query: null,
          confidence: 0,
          validationStatus: null,
          clarification: null,
          execution: null,
          errorCode: 'CANNOT_ANSWER',
          generator: generator.name,
        });
        yield emitter.error(
          { code: 'CANNOT_ANSWER', message: outcome.reason, retryable: false, details: { turn_id: turnId } },
          trace.build(),
        );
        return;
      }
      if (outcome.kind === 'clarification') {
        trace.drafts.push({
          iteration,
          generator: generator.name,
          query: outcome.query,
          confidence: outcome.confidence,
        });
        const turnId = await finish({
          status: 'clarification',
          query: outcome.query,
          confidence: outcome.confidence,
          validationStatus: null,
          clarification: { question: outcome.question, options: outcome.options },
          execution: null,
          errorCode: null,
          generator: generator.name,
        });
        yield emitter.clarification(
          {
            conversation_id: conversation.id,
            turn_id: turnId,
            question: outcome.question,
            options: outcome.options,
            current_query: outcome.query,
            confidence: outcome.confidence,
            needs_clarification: true,
          },
          trace.build(),
        );
        return;
      }

      yield emitter.progress(
        {
          stage: 'query_generated',
          iteration,
          message: `Drafted a query with confidence ${Math.round(outcome.confidence * 100)}%`,
          confidence: outcome.confidence,
          query_preview: outcome.query.slice(0, 200),
          generator: generator.name,
        },
        at('query_generated', iteration),
        full
          ? {
              draft: {
                query: outcome.query,
                explanation: outcome.explanation,
                assumptions: outcome.assumptions,
              },
            }
          : undefined,
      );
      yield emitter.progress(
        { stage: 'validation', iteration, message: 'Checking the query' },
        at('validation', iteration),
      );
      const validation = await trace.timed('validation', () =>
        validationStage(opened.provider, outcome.query, signal),
      );
      yield emitter.progress(
        {
          stage: 'validation_complete',
          iteration,
          message:
            validation.status === 'passed'
              ? 'The query is valid'
              : `The query has ${validation.errors.length} problem(s)`,
          validation_status: validation.status,
          errors: validation.errors,
          warnings: validation.warnings,
        },
        at('validation_complete', iteration),
        full ? { validation } : undefined,
      );
      let execution: ExecutionResult | undefined;
      let streamed = false;
      if (validation.status === 'passed' && enableExecution) {
        const final = outcome.confidence >= opts.confidence_threshold;
        const limits = { maxRows: opts.max_rows, timeoutMs: opts.timeout_ms, signal };
        if (opts.stream_rows && final) {
          // This draft ends the loop if it runs: send its rows as they are read.
          const started = performance.now();
          execution = yield* streamRows(at('validation_complete', iteration), () =>
            streamingExecutionStage(opened.provider, outcome.query, {
              ...limits,
              batchSize: opts.row_batch_size,
            }),
          );
          trace.time('execution', performance.now() - started);
          streamed = true;
        } else {
          // With stream_rows, a draft that may be replaced is only probed; the chosen one streams later.
          execution = await trace.timed('execution', () =>
            executionStage(
              opened.provider,
              outcome.query,
              opts.stream_rows ? { ...limits, maxRows: 1 } : limits,
            ),
          );
        }
        yield emitter.progress(
          {
            stage: 'execution_complete',
            iteration,
            message: execution.success
              ? `Returned ${execution.row_count} rows`
              : `The query failed: ${execution.error ?? ''}`,
            success: execution.success,
            row_count: execution.row_count,
            execution_time_ms: execution.execution_time_ms,
          },
          at('execution_complete', iteration),
        );
      }
      const draft: Draft = {
        iteration,
        generator: generator.name,
        query: outcome.query,
        explanation: outcome.explanation,
        confidence: outcome.confidence,
        validation,
        ...(execution ? { execution } : {}),
        ...(streamed ? { streamed } : {}),
      };
      drafts.push(draft);
      trace.drafts.push({
        iteration,
        generator: generator.name,
        query: draft.query,
        confidence: draft.confidence,
        explanation: draft.explanation,
        validation,
        ...(execution
          ? {
              execution: {
                success: execution.success,
                row_count: execution.row_count,
                execution_time_ms: execution.execution_time_ms,
                ...(execution.error === undefined ? {} : { error: execution.error }),
              },
            }
          : {}),
      });
      if (isUsable(draft) && draft.confidence >= opts.confidence_threshold) break;
      if (iteration < opts.max_iterations) {
        attempts.push({
          query: draft.query,
          errors: validation.errors,
          ...(execution?.error === undefined ? {} : { executionError: execution.error }),
          confidence: draft.confidence,
        });
        const why = !isUsable(draft)
          ? 'the query did not pass; trying again with the errors'
          : 'confidence is below the threshold; trying another interpretation';
        yield emitter.progress(
          { stage: 'iteration_complete', iteration, message: why },
          at('iteration_complete', iteration),
        );
      }
    }

    const usable = drafts.filter(isUsable);
    const best = usable.reduce<Draft | undefined>(
      (top, d) => (top === undefined || d.confidence > top.confidence ? d : top),
      undefined,
    );
    if (!best) {
      const last = drafts[drafts.length - 1];
      const code = last?.validation.status === 'failed' ? 'VALIDATION_FAILED' : 'EXECUTION_FAILED';
      const reason =
        last?.validation.status === 'failed'
          ? last.validation.errors.map((issue) => issue.message).join('; ')
          : (last?.execution?.error ?? 'unknown error');
      const turnId = await finish({
        status: 'error',
        query: last?.query ?? null,
        confidence: last?.confidence ?? null,
        validationStatus: last?.validation.status ?? null,
        clarification: null,
        execution: null,
        errorCode: code,
        generator: generator.name,
      });
      yield emitter.error(
        {
          code,
          message: `${ERROR_TABLE[code].message} ${reason}`.trim(),
          retryable: false,
          details: { turn_id: turnId, query: last?.query ?? null, errors: last?.validation.errors ?? [] },
        },
        trace.build(),
      );
      return;
    }
    trace.generator = best.generator;

    if (best.confidence < opts.clarification_threshold) {
      const alternatives = [...new Set(usable.map((d) => d.explanation))].slice(0, 4);
      const clarificationQuestion =
        alternatives.length >= 2
          ? 'Your question can be read in more than one way. Which did you mean?'
          : `I am only ${Math.round(best.confidence * 100)}% sure I understood. Did you mean: ${best.explanation}? ` +
            'Rephrase the question or name the tables and columns you mean.';
      const options = alternatives.length >= 2 ? alternatives : [];
      const turnId = await finish({
        status: 'clarification',
        query: best.query,
        confidence: best.confidence,
        validationStatus: best.validation.status,
        clarification: { question: clarificationQuestion, options },
        execution: null,
        errorCode: null,
        generator: best.generator,
      });
      yield emitter.clarification(
        {
          conversation_id: conversation.id,
          turn_id: turnId,
          question: clarificationQuestion,
          options,
          current_query: best.query,
          confidence: best.confidence,
          needs_clarification: true,
        },
        trace.build(),
      );
      return;
    }

    if (opts.stream_rows && enableExecution && !best.streamed) {
      const started = performance.now();
      best.execution = yield* streamRows(at('execution_complete', best.iteration), () =>
        streamingExecutionStage(opened.provider, best.query, {
          maxRows: opts.max_rows,
          timeoutMs: opts.timeout_ms,
          signal,
          batchSize: opts.row_batch_size,
        }),
      );
      trace.time('execution', performance.now() - started);
      if (!best.execution.success) throw new Text2xError('EXECUTION_FAILED', best.execution.error);
    }

    const turnId = await finish({
      status: 'result',
      query: best.query,
      confidence: best.confidence,
      validationStatus: best.validation.status,
      clarification: null,
      execution: best.execution
        ? {
            success: best.execution.success,
            rowCount: best.execution.row_count,
            columns: best.execution.columns.map((column) => column.name),
            executionTimeMs: best.execution.execution_time_ms,
          }
        : null,
      errorCode: null,
      generator: best.generator,
    });
    yield emitter.result(
      {
        conversation_id: conversation.id,
        turn_id: turnId,
        provider_id: request.provider_id,
        dialect: opened.provider.dialect,
        generated_query: best.query,
        explanation: best.explanation,
        confidence_score: best.confidence,
        validation_status: best.validation.status,
        validation_result: best.validation,
        ...(best.execution ? { execution_result: best.execution } : {}),
        iterations: drafts.length,
        needs_clarification: false,
        generator: best.generator,
      },
      trace.build(),
    );
  } catch (error) {
    const failure = signal.aborted ? new Text2xError('CANCELLED') : toText2xError(error);
    const status = failure.code === 'CANCELLED' ? 'cancelled' : 'error';
    try {
      await finish({
        status,
        query: null,
        confidence: null,
        validationStatus: null,
        clarification: null,
        execution: null,
        errorCode: failure.code,
        generator: null,
      });
    } catch {
      // The run's outcome matters more than its record; the store's failure must not hide it.
    }
    if (failure.code === 'CANCELLED') {
      yield emitter.cancelled({ reason: 'the request was cancelled' }, trace.build());
    } else {
      yield emitter.error(
        {
          code: failure.code,
          message: failure.message,
          retryable: failure.retryable,
          ...(failure.details ? { details: failure.details } : {}),
        },
        trace.build(),
      );
    }
  }
}
