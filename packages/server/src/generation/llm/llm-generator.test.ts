import { APICallError } from 'ai';
import { MockLanguageModelV3 } from 'ai/test';
import { describe, expect, it } from 'vitest';
import { Text2xError } from '../../core/index.js';
import type { GenerationInput } from '../query-generator.js';
import { shopInput } from '../prompts/test-support/prompt-fixtures.js';
import { createLlmGenerator } from './llm-generator.js';

type DoGenerate = MockLanguageModelV3['doGenerate'];
type DoGenerateOptions = Parameters<DoGenerate>[0];
type DoGenerateResult = Awaited<ReturnType<DoGenerate>>;

function usage(input: number, output: number): DoGenerateResult['usage'] {
  return {
    inputTokens: { total: input, noCache: input, cacheRead: undefined, cacheWrite: undefined },
    outputTokens: { total: output, text: output, reasoning: undefined },
  };
}

function reply(text: string, tokens: [number, number] = [100, 20]): DoGenerateResult {
  return {
    content: [{ type: 'text', text }],
    finishReason: { unified: 'stop', raw: 'stop' },
    usage: usage(...tokens),
    warnings: [],
  };
}

const answer = (fields: Record<string, unknown>): string =>
  JSON.stringify({
    kind: 'query',
    query: null,
    explanation: null,
    confidence: null,
    assumptions: null,
    question: null,
    options: null,
    reason: null,
    ...fields,
  });

/** Recorded replies of a model, one per call; an Error entry is thrown instead. */
function scriptedModel(...replies: Array<DoGenerateResult | Error>): MockLanguageModelV3 {
  let call = 0;
  return new MockLanguageModelV3({
    provider: 'mock',
    modelId: 'mock-model',
    doGenerate: () => {
      const next = replies[call++];
      if (next === undefined)
        return Promise.reject(new Error('the mock model was called more often than scripted'));
      return next instanceof Error ? Promise.reject(next) : Promise.resolve(next);
    },
  });
}

function promptText(options: DoGenerateOptions | undefined): string {
  return JSON.stringify(options?.prompt ?? []);
}

async function failure(promise: Promise<unknown>): Promise<Text2xError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Text2xError) return error;
    throw error;
  }
  throw new Error('expected the generation to fail');
}

const goodQuery = answer({
  query: "SELECT count(*) AS customers FROM customers WHERE country = 'France'",
  explanation: 'Counts the customers whose billing country is France.',
  confidence: 0.93,
  assumptions: ['"in France" means the billing country'],
});

describe('createLlmGenerator', () => {
  it('returns a query with usage, debug detail and the model id as its name', async () => {
    const model = scriptedModel(reply(goodQuery, [812, 64]));
    const generator = createLlmGenerator({ model, modelId: 'openai:gpt-4.1-mini' });
    const input = shopInput();
    const outcome = await generator.generate(input);

    expect(generator.name).toBe('openai:gpt-4.1-mini');
    expect(outcome).toMatchObject({
      kind: 'query',
      query: "SELECT count(*) AS customers FROM customers WHERE country = 'France'",
      explanation: 'Counts the customers whose billing country is France.',
      confidence: 0.93,
      assumptions: ['"in France" means the billing country'],
      usage: { inputTokens: 812, outputTokens: 64 },
    });
    expect(outcome.debug?.rawOutput).toBe(goodQuery);
    expect(outcome.debug?.prompt).toContain('[system]\nYou are text2x');
    expect(outcome.debug?.prompt).toContain('How many customers are there in France?');
    expect(outcome.debug?.notes?.[0]).toMatch(/^schema section ≈\d+ tokens$/);

    const call = model.doGenerateCalls[0];
    expect(model.doGenerateCalls).toHaveLength(1);
    expect(call?.abortSignal).toBe(input.signal);
    expect(call?.temperature).toBe(0);
    expect(call?.responseFormat).toMatchObject({
      type: 'json',
      name: 'text2x_answer',
      schema: {
        type: 'object',
        additionalProperties: false,
        required: [
          'kind',
          'query',
          'explanation',
          'confidence',
          'assumptions',
          'question',
          'options',
          'reason',
        ],
        properties: { kind: { enum: ['query', 'clarification', 'cannot_answer'] } },
      },
    });
    expect(call?.prompt[0]).toMatchObject({ role: 'system' });
  });

  it('returns a clarification with its options and no query', async () => {
    const model = scriptedModel(
      reply(
        answer({
          kind: 'clarification',
          question: 'Best by revenue or by number of orders?',
          options: ['By total revenue', 'By number of orders'],
          confidence: 0.4,
        }),
      ),
    );
    const outcome = await createLlmGenerator({ model, modelId: 'm' }).generate(
      shopInput({ question: 'Who are our best customers?' }),
    );
    expect(outcome).toMatchObject({
      kind: 'clarification',
      question: 'Best by revenue or by number of orders?',
      options: ['By total revenue', 'By number of orders'],
      query: null,
      confidence: 0.4,
    });
  });

  it('keeps the first four options of a clarification that offers more', async () => {
    const model = scriptedModel(
      reply(
        answer({
          kind: 'clarification',
          question: 'Which?',
          options: ['a', 'b', 'c', 'd', 'e'],
          query: 'SELECT 1;',
          confidence: 0.3,
        }),
      ),
    );
    const outcome = await createLlmGenerator({ model, modelId: 'm' }).generate(shopInput());
    expect(outcome).toMatchObject({
      kind: 'clarification',
      options: ['a', 'b', 'c', 'd'],
      query: 'SELECT 1',
    });
  });

  it('returns cannot-answer with the reason', async () => {
    const model = scriptedModel(
      reply(
        answer({ kind: 'cannot_answer', reason: 'The schema has no table about employees or salaries.' }),
      ),
    );
    const outcome = await createLlmGenerator({ model, modelId: 'm' }).generate(
      shopInput({ question: 'What is the average salary?' }),
    );
    expect(outcome).toMatchObject({
      kind: 'cannot_answer',
      reason: 'The schema has no table about employees or salaries.',
      usage: { inputTokens: 100, outputTokens: 20 },
    });
  });

  it('strips sql fences and trailing semicolons from the query', async () => {
    const model = scriptedModel(
      reply(
        answer({
          query: '```sql\nSELECT name\nFROM customers;\n```',
          explanation: 'Names.',
          confidence: 0.9,
        }),
      ),
    );
    const outcome = await createLlmGenerator({ model, modelId: 'm' }).generate(shopInput());
    expect(outcome).toMatchObject({ kind: 'query', query: 'SELECT name\nFROM customers', assumptions: [] });
  });

  it('retries once after garbage, tells the model what was wrong and sums the usage', async () => {
    const model = scriptedModel(
      reply('Sure! Here is the SQL you asked for.', [700, 15]),
      reply(goodQuery, [760, 60]),
    );
    const outcome = await createLlmGenerator({ model, modelId: 'm' }).generate(shopInput());

    expect(outcome).toMatchObject({
      kind: 'query',
      confidence: 0.93,
      usage: { inputTokens: 1460, outputTokens: 75 },
    });
    expect(model.doGenerateCalls).toHaveLength(2);
    const retry = model.doGenerateCalls[1]?.prompt ?? [];
    expect(retry.map((message) => message.role)).toEqual(['system', 'user', 'assistant', 'user']);
    expect(promptText(model.doGenerateCalls[1])).toContain(
      'Your previous reply was not valid: the reply is not a JSON object',
    );
    expect(outcome.debug?.notes).toContain('attempt 1: invalid output: the reply is not a JSON object');
    expect(outcome.debug?.rawOutput).toBe(
      `Sure! Here is the SQL you asked for.\n\n--- retry ---\n\n${goodQuery}`,
    );
    expect(outcome.debug?.prompt).toContain('[assistant]\nSure! Here is the SQL you asked for.');
  });

  it('names the broken field when the reply does not follow the rules of its kind', async () => {
    const model = scriptedModel(
      reply(answer({ kind: 'query', explanation: 'x', confidence: 1.7 })),
      reply(goodQuery),
    );
    await createLlmGenerator({ model, modelId: 'm' }).generate(shopInput());
    const repair = promptText(model.doGenerateCalls[1]);
    expect(repair).toContain('query: a query is required when kind is \\"query\\"');
    expect(repair).toContain('confidence: confidence must be a number from 0 to 1');
  });

  it('appends the repair request to the prompt when the invalid reply was empty', async () => {
    const model = scriptedModel(reply(''), reply(goodQuery));
    await createLlmGenerator({ model, modelId: 'm' }).generate(shopInput());
    const retry = model.doGenerateCalls[1]?.prompt ?? [];
    expect(retry.map((message) => message.role)).toEqual(['system', 'user']);
    expect(promptText(model.doGenerateCalls[1])).toContain(
      'Your previous reply was not valid: the reply was empty',
    );
  });

  it('fails with GENERATION_FAILED after garbage twice, reporting the usage of both calls', async () => {
    const model = scriptedModel(
      reply('SELECT * FROM customers', [500, 10]),
      reply('{"kind": "query"', [520, 12]),
    );
    const error = await failure(createLlmGenerator({ model, modelId: 'm' }).generate(shopInput()));
    expect(error.code).toBe('GENERATION_FAILED');
    expect(error.retryable).toBe(true);
    expect(error.message).toMatch(/^model returned invalid output 2 times: /);
    expect(error.details).toMatchObject({ attempts: 2, usage: { inputTokens: 1020, outputTokens: 22 } });
    expect(model.doGenerateCalls).toHaveLength(2);
  });

  it('does not retry invalid output when maxRetries is 0', async () => {
    const model = scriptedModel(reply('not json'));
    const error = await failure(
      createLlmGenerator({ model, modelId: 'm', maxRetries: 0 }).generate(shopInput()),
    );
    expect(error.message).toMatch(/^model returned invalid output 1 time: /);
    expect(model.doGenerateCalls).toHaveLength(1);
  });

  it('accepts a valid answer wrapped in a json fence without a second call', async () => {
    const model = scriptedModel(reply(`Here you go:\n\`\`\`json\n${goodQuery}\n\`\`\``));
    const outcome = await createLlmGenerator({ model, modelId: 'm' }).generate(shopInput());
    expect(outcome).toMatchObject({ kind: 'query', confidence: 0.93 });
    expect(model.doGenerateCalls).toHaveLength(1);
    expect(outcome.debug?.notes).toContain('attempt 1: JSON recovered from a reply wrapped in other text');
  });

  it('maps an API error to a retryable GENERATION_FAILED without the key and without retrying', async () => {
    const apiError = new APICallError({
      message:
        'Incorrect API key provided: sk-proj-abcdefghijklmnop1234. You can find your API key at https://platform.openai.com.',
      url: 'https://api.openai.com/v1/chat/completions',
      requestBodyValues: {},
      statusCode: 401,
      isRetryable: false,
    });
    const model = scriptedModel(apiError);
    const error = await failure(
      createLlmGenerator({ model, modelId: 'openai:gpt-4.1-mini' }).generate(shopInput()),
    );
    expect(error.code).toBe('GENERATION_FAILED');
    expect(error.retryable).toBe(true);
    expect(error.message).toContain('openai:gpt-4.1-mini call failed: HTTP 401, authentication failed');
    expect(error.message).not.toContain('abcdefghijklmnop1234');
    expect(error.message).not.toContain('sk-proj');
    expect(error.cause).toBe(apiError);
    expect(error.details).toMatchObject({ status: 401 });
  });

  it('makes one call only when the provider says a rate limit is retryable', async () => {
    const model = scriptedModel(
      new APICallError({
        message: 'Rate limit reached for gpt-4.1-mini',
        url: 'https://api.openai.com/v1/chat/completions',
        requestBodyValues: {},
        statusCode: 429,
        responseHeaders: { 'retry-after': '1' },
        isRetryable: true,
      }),
    );
    const error = await failure(createLlmGenerator({ model, modelId: 'm' }).generate(shopInput()));
    expect(error.message).toContain('HTTP 429, rate limited');
    expect(model.doGenerateCalls).toHaveLength(1);
  });

  it('maps an abort during the call to CANCELLED', async () => {
    const model = new MockLanguageModelV3({
      doGenerate: (options) =>
        new Promise<DoGenerateResult>((_resolve, reject) => {
          options.abortSignal?.addEventListener('abort', () => reject(options.abortSignal?.reason as Error), {
            once: true,
          });
        }),
    });
    const controller = new AbortController();
    const input: GenerationInput = shopInput({ signal: controller.signal });
    const pending = createLlmGenerator({ model, modelId: 'm' }).generate(input);
    setTimeout(() => controller.abort(), 10);
    const error = await failure(pending);
    expect(error.code).toBe('CANCELLED');
    expect(model.doGenerateCalls).toHaveLength(1);
  });

  it('fails with GENERATION_FAILED, not CANCELLED, when the call passes its time limit', async () => {
    const model = new MockLanguageModelV3({
      doGenerate: (options) =>
        new Promise<DoGenerateResult>((_resolve, reject) => {
          options.abortSignal?.addEventListener('abort', () => reject(options.abortSignal?.reason as Error), {
            once: true,
          });
        }),
    });
    const error = await failure(
      createLlmGenerator({ model, modelId: 'ollama:slow', timeoutMs: 20 }).generate(shopInput()),
    );
    expect(error.code).toBe('GENERATION_FAILED');
    expect(error.message).toBe('ollama:slow call failed: no reply within 20 ms');
  });

  it('does not call the model when the run is already cancelled', async () => {
    const model = scriptedModel(reply(goodQuery));
    const controller = new AbortController();
    controller.abort();
    const error = await failure(
      createLlmGenerator({ model, modelId: 'm' }).generate(shopInput({ signal: controller.signal })),
    );
    expect(error.code).toBe('CANCELLED');
    expect(model.doGenerateCalls).toHaveLength(0);
  });

  it('reports a reply cut off before any text as invalid output', async () => {
    const cut: DoGenerateResult = { ...reply(''), finishReason: { unified: 'length', raw: 'length' } };
    const model = scriptedModel(cut, cut);
    const error = await failure(createLlmGenerator({ model, modelId: 'm' }).generate(shopInput()));
    expect(error.code).toBe('GENERATION_FAILED');
    expect(error.message).toContain('the model returned no answer (finish reason: length)');
  });

  it('keeps the schema inside the configured budget and says what was cut', async () => {
    const model = scriptedModel(reply(goodQuery));
    const outcome = await createLlmGenerator({ model, modelId: 'm', schemaTokenBudget: 60 }).generate(
      shopInput(),
    );
    expect(outcome.debug?.notes?.[0]).toMatch(/^schema section ≈\d+ tokens \(cut to fit: .*keys only.*\)$/);
  });
});
