import { describe, expect, it } from 'vitest';
import { buildOutputRepairPrompt, buildSystemPrompt, buildUserPrompt } from './query-prompts.js';
import { buildSchemaSection, estimateTokens } from './schema-section.js';
import { shopInput, sqliteNotes, wideSchema } from './test-support/prompt-fixtures.js';

describe('buildSystemPrompt', () => {
  it('states the rules, the answer format and the dialect notes', () => {
    expect(buildSystemPrompt({ dialect: 'sqlite', dialectNotes: sqliteNotes })).toMatchSnapshot();
  });

  it('names the dialect and its quoting and leaves out an empty notes section', () => {
    const prompt = buildSystemPrompt({ dialect: 'mysql', dialectNotes: [] });
    expect(prompt).toContain('read-only MySQL query');
    expect(prompt).toContain('backticks');
    expect(prompt).not.toContain('MySQL notes:');
  });
});

describe('buildUserPrompt', () => {
  it('renders a first attempt: schema, examples and the question last', () => {
    const prompt = buildUserPrompt(shopInput());
    expect(prompt).toMatchSnapshot();
    expect(prompt.trimEnd().endsWith('How many customers are there in France?')).toBe(true);
    expect(prompt).not.toContain('## Conversation');
    expect(prompt).not.toContain('## Earlier attempts');
  });

  it('renders a repair attempt with validator errors, suggestions and an execution error', () => {
    const prompt = buildUserPrompt(
      shopInput({
        iteration: 3,
        previousAttempts: [
          {
            query: "SELECT count(*) FROM customer WHERE contry = 'France'",
            confidence: 0.7,
            errors: [
              {
                kind: 'unknown_table',
                message: 'Table "customer" does not exist',
                suggestions: ['customers'],
              },
              {
                kind: 'unknown_column',
                message: 'Column "contry" does not exist',
                suggestions: ['country'],
                position: 36,
              },
            ],
          },
          {
            query: "SELECT count(*) FROM customers WHERE country = 'france'",
            confidence: 0.8,
            errors: [],
            executionError: 'no such function: lower_case',
          },
        ],
      }),
    );
    expect(prompt).toMatchSnapshot();
    expect(prompt).toContain('(did you mean: customers?)');
    expect(prompt).toContain('Execution error: no such function: lower_case');
    expect(prompt.indexOf('## Earlier attempts')).toBeLessThan(prompt.indexOf('## Question'));
  });

  it('renders a follow-up with earlier questions, their queries and result summaries', () => {
    const prompt = buildUserPrompt(
      shopInput({
        question: 'only those in the wholesale segment',
        examples: [],
        history: [
          {
            question: 'How many customers are there in France?',
            query: "SELECT count(*) AS customers FROM customers WHERE country = 'France'",
            resultSummary: '1 row; columns: customers',
          },
          {
            question: 'list them',
            query: "SELECT name\nFROM customers\nWHERE country = 'France'",
            resultSummary: '87 rows; columns: name',
          },
        ],
      }),
    );
    expect(prompt).toMatchSnapshot();
    expect(prompt).toContain('A follow-up in this conversation');
  });

  it('says that the current message answers the clarification of the last turn', () => {
    const prompt = buildUserPrompt(
      shopInput({
        question: 'by revenue',
        examples: [],
        history: [
          {
            question: 'Who are our best customers?',
            query: null,
            clarificationQuestion: 'Best by revenue or by number of orders?',
          },
        ],
      }),
    );
    expect(prompt).toMatchSnapshot();
    expect(prompt).toContain(
      'The message below answers your clarifying question "Best by revenue or by number of orders?" about "Who are our best customers?"',
    );
  });

  it('keeps only the most recent turns of a long conversation', () => {
    const history = Array.from({ length: 9 }, (_, i) => ({
      question: `question ${i + 1}`,
      query: `SELECT ${i + 1}`,
    }));
    const prompt = buildUserPrompt(shopInput({ history }), { maxHistoryTurns: 3 });
    expect(prompt).toContain('6 earlier turns not shown');
    expect(prompt).toContain('Turn 7\nQuestion: question 7');
    expect(prompt).not.toContain('question 6\n');
  });

  it('cuts a 300-table schema to the budget, keeping the best table whole and every key', () => {
    const schema = wideSchema(300);
    const section = buildSchemaSection(schema, { tokenBudget: 6_000 });
    const prompt = buildUserPrompt(
      {
        ...shopInput(),
        dialect: 'postgres',
        schema,
        examples: [],
        question: 'total amount by region in t000',
      },
      { schemaSection: section },
    );
    expect(section.estimatedTokens).toBeLessThanOrEqual(6_000);
    expect(estimateTokens(section.text)).toBe(section.estimatedTokens);
    expect(section.omitted).toEqual([]);
    expect(section.keysOnly.length).toBeGreaterThan(0);
    expect(section.keysOnly[0]).toBe('t299');
    const lines = section.text.split('\n');
    // the top table keeps its sample values, the lowest-ranked ones keep only keys and links
    expect(lines.slice(0, 5).join('\n')).toMatchInlineSnapshot(`
      "t000(id INTEGER PK, label TEXT, region TEXT, amount REAL, created_at TEXT) -- 1,000 rows; Fact table number 0 of the warehouse
        label: Display label; e.g. 'alpha', 'beta', 'gamma', 'delta'
        region: e.g. 'north', 'south', 'east', 'west'
        amount: Amount in EUR
      t001(id INTEGER PK, parent_id INTEGER → t000.id, label TEXT, region TEXT, amount REAL, created_at TEXT) -- 1,001 rows; Fact table number 1 of the warehouse"
    `);
    expect(lines.at(-1)).toMatchInlineSnapshot(
      `"t299(id INTEGER PK, parent_id INTEGER → t298.id, … 4 more columns)"`,
    );
    expect({
      estimatedTokens: section.estimatedTokens,
      withoutSamples: section.withoutSamples.length,
      keysOnly: section.keysOnly.length,
    }).toMatchSnapshot();
    expect(prompt).toContain('## Schema (PostgreSQL; 300 tables, most relevant first)');
    for (const table of schema.tables) expect(section.text).toContain(`${table.name}(id INTEGER PK`);
  });
});

describe('buildOutputRepairPrompt', () => {
  it('quotes the error and asks for the JSON object alone', () => {
    expect(buildOutputRepairPrompt('query: required when kind is "query"')).toMatchInlineSnapshot(`
      "Your previous reply was not valid: query: required when kind is "query"
      Reply again with one JSON object in the required format and nothing else: no Markdown, no text before or after it. Set unused fields to null."
    `);
  });
});
