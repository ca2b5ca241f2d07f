import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Text2xError } from '../../core/index.js';
import { shopInput } from '../prompts/test-support/prompt-fixtures.js';
import { createLlmGenerator } from './llm-generator.js';
import { resolveModel, type ModelEnvironment } from './model-registry.js';
import { startFakeLlmServer, type FakeLlmServer } from './test-support/fake-llm-server.js';

const goodQuery = JSON.stringify({
  kind: 'query',
  query: "SELECT count(*) AS customers FROM customers WHERE country = 'France';",
  explanation: 'Counts the customers in France.',
  confidence: 0.92,
  assumptions: [],
  question: null,
  options: null,
  reason: null,
});

let server: FakeLlmServer;
beforeAll(async () => {
  server = await startFakeLlmServer();
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  server.requests.length = 0;
});

function generatorFor(spec: string, env: Omit<ModelEnvironment, 'apiKeys'> & Partial<ModelEnvironment> = {}) {
  const model = resolveModel(spec, { apiKeys: {}, ...env });
  return createLlmGenerator({ model, modelId: spec });
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

interface JsonSchemaLike {
  type?: string;
  properties?: Record<string, { enum?: string[] }>;
}

describe('LLM generator over HTTP', () => {
  it('talks to OpenAI chat completions with a strict JSON schema response format', async () => {
    server.reply({ text: goodQuery, inputTokens: 900, outputTokens: 70 });
    const generator = generatorFor('openai:gpt-4.1-mini', {
      baseUrl: `${server.url}/v1`,
      apiKeys: { openai: 'sk-test-openai-key' },
    });
    const outcome = await generator.generate(shopInput());

    expect(outcome).toMatchObject({
      kind: 'query',
      query: "SELECT count(*) AS customers FROM customers WHERE country = 'France'",
      usage: { inputTokens: 900, outputTokens: 70 },
    });
    const [request] = server.requests;
    expect(request?.path).toBe('/v1/chat/completions');
    expect(request?.headers.authorization).toBe('Bearer sk-test-openai-key');
    expect(request?.body).toMatchObject({
      model: 'gpt-4.1-mini',
      temperature: 0,
      response_format: { type: 'json_schema', json_schema: { name: 'text2x_answer', strict: true } },
    });
    const format = request?.body.response_format as { json_schema: { schema: JsonSchemaLike } };
    expect(format.json_schema.schema.type).toBe('object');
    expect(format.json_schema.schema.properties?.kind?.enum).toEqual([
      'query',
      'clarification',
      'cannot_answer',
    ]);
    const messages = request?.body.messages as Array<{ role: string; content: string }>;
    expect(messages.map((message) => message.role)).toEqual(['system', 'user']);
    expect(messages[1]?.content).toContain('customers(id INTEGER PK');
  });

  it.each([
    ['claude-sonnet-4-5', 'native structured output'],
    ['claude-sonnet-4-20250514', 'the forced json tool'],
  ])('talks to Anthropic messages for %s through %s', async (modelName, mode) => {
    server.reply({ text: goodQuery, inputTokens: 1000, outputTokens: 80 });
    const generator = generatorFor(`anthropic:${modelName}`, {
      baseUrl: `${server.url}/v1`,
      apiKeys: { anthropic: 'sk-ant-test-key' },
    });
    const outcome = await generator.generate(shopInput());

    expect(outcome).toMatchObject({
      kind: 'query',
      confidence: 0.92,
      usage: { inputTokens: 1000, outputTokens: 80 },
    });
    const [request] = server.requests;
    expect(request?.path).toBe('/v1/messages');
    expect(request?.headers['x-api-key']).toBe('sk-ant-test-key');
    expect(request?.body.model).toBe(modelName);
    const body = request?.body as {
      output_config?: { format?: { type: string; schema: JsonSchemaLike } };
      tools?: Array<{ name: string; input_schema: JsonSchemaLike }>;
    };
    const schema =
      mode === 'native structured output'
        ? body.output_config?.format?.schema
        : body.tools?.find((tool) => tool.name === 'json')?.input_schema;
    expect(schema?.properties?.kind?.enum).toEqual(['query', 'clarification', 'cannot_answer']);
  });

  it('talks to Ollama /api/chat with the schema as format, adding /api to a bare host', async () => {
    server.reply({
      text: JSON.stringify({
        kind: 'clarification',
        query: null,
        explanation: null,
        confidence: 0.35,
        assumptions: null,
        question: 'Billing or shipping country?',
        options: ['Billing country', 'Shipping country'],
        reason: null,
      }),
      inputTokens: 1500,
      outputTokens: 40,
    });
    const generator = generatorFor('ollama:qwen2.5-coder:7b', { baseUrl: server.url });
    const outcome = await generator.generate(shopInput());

    expect(outcome).toMatchObject({
      kind: 'clarification',
      options: ['Billing country', 'Shipping country'],
      usage: { inputTokens: 1500, outputTokens: 40 },
    });
    const [request] = server.requests;
    expect(request?.path).toBe('/api/chat');
    expect(request?.body).toMatchObject({ model: 'qwen2.5-coder:7b', stream: false });
    expect((request?.body.format as JsonSchemaLike).properties?.kind?.enum).toEqual([
      'query',
      'clarification',
      'cannot_answer',
    ]);
  });

  it('talks to an OpenAI-compatible server without sending the OpenAI key there', async () => {
    server.reply({ text: goodQuery });
    const generator = generatorFor('openai-compatible:llama-3.1-8b-instruct', {
      baseUrl: `${server.url}/v1`,
      apiKeys: { openai: 'sk-real-openai-key' },
    });
    const outcome = await generator.generate(shopInput());

    expect(outcome.kind).toBe('query');
    const [request] = server.requests;
    expect(request?.path).toBe('/v1/chat/completions');
    expect(request?.body.model).toBe('llama-3.1-8b-instruct');
    expect(request?.body.response_format).toMatchObject({ type: 'json_schema' });
    expect(request?.headers.authorization).toBe('Bearer not-needed');
  });

  it('retries once over the socket after an invalid reply', async () => {
    server.reply(
      { text: 'SELECT 1', inputTokens: 10, outputTokens: 3 },
      { text: goodQuery, inputTokens: 20, outputTokens: 30 },
    );
    const generator = generatorFor('openai:gpt-4.1-mini', {
      baseUrl: `${server.url}/v1`,
      apiKeys: { openai: 'sk-test' },
    });
    const outcome = await generator.generate(shopInput());
    expect(outcome).toMatchObject({ kind: 'query', usage: { inputTokens: 30, outputTokens: 33 } });
    expect(server.requests).toHaveLength(2);
    const retry = server.requests[1]?.body.messages as Array<{ role: string }>;
    expect(retry.map((message) => message.role)).toEqual(['system', 'user', 'assistant', 'user']);
  });

  it('turns a 401 that echoes the key into GENERATION_FAILED without the key', async () => {
    server.reply({
      status: 401,
      body: {
        error: {
          message:
            'Incorrect API key provided: sk-test-leaky-key-123456. You can find your API key at https://platform.openai.com/account/api-keys.',
          type: 'invalid_request_error',
          code: 'invalid_api_key',
        },
      },
    });
    const generator = generatorFor('openai:gpt-4.1-mini', {
      baseUrl: `${server.url}/v1`,
      apiKeys: { openai: 'sk-test-leaky-key-123456' },
    });
    const error = await failure(generator.generate(shopInput()));
    expect(error.code).toBe('GENERATION_FAILED');
    expect(error.retryable).toBe(true);
    expect(error.message).toContain('HTTP 401, authentication failed');
    expect(error.message).not.toContain('leaky-key');
    expect(JSON.stringify(error.details)).not.toContain('leaky-key');
    expect(server.requests).toHaveLength(1);
  });

  it('makes a single request on a 429 even though the provider marks it retryable', async () => {
    server.reply({
      status: 429,
      headers: { 'retry-after': '0' },
      body: {
        type: 'error',
        error: { type: 'rate_limit_error', message: 'Number of requests has exceeded your rate limit' },
      },
    });
    const generator = generatorFor('anthropic:claude-haiku-4-5', {
      baseUrl: `${server.url}/v1`,
      apiKeys: { anthropic: 'sk-ant-test' },
    });
    const error = await failure(generator.generate(shopInput()));
    expect(error.code).toBe('GENERATION_FAILED');
    expect(error.message).toContain('HTTP 429, rate limited');
    expect(server.requests).toHaveLength(1);
  });

  it('cancels a request the server never answers', async () => {
    server.reply({ hang: true });
    const generator = generatorFor('ollama:llama3.2', { baseUrl: `${server.url}/api` });
    const controller = new AbortController();
    const pending = generator.generate(shopInput({ signal: controller.signal }));
    const started = Date.now();
    setTimeout(() => controller.abort(), 50);
    const error = await failure(pending);
    expect(error.code).toBe('CANCELLED');
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('reports an endpoint that refuses connections', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));

    const generator = generatorFor('openai-compatible:m', { baseUrl: `http://127.0.0.1:${port}/v1` });
    const error = await failure(generator.generate(shopInput()));
    expect(error.code).toBe('GENERATION_FAILED');
    expect(error.message).toContain('ECONNREFUSED');
  });
});
