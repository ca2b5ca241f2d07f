import type { ValidationIssue } from '@text2x/protocol';
import type { Dialect } from '../../core/index.js';
import type { ConversationTurnContext, GenerationInput, PreviousAttempt } from '../query-generator.js';
import { buildSchemaSection, type SchemaSection } from './schema-section.js';

/** Names of the dialects as people write them. */
export const DIALECT_LABELS: Readonly<Record<Dialect, string>> = {
  sqlite: 'SQLite',
  postgres: 'PostgreSQL',
  mysql: 'MySQL',
  duckdb: 'DuckDB',
};

export interface SystemPromptInput {
  dialect: Dialect;
  /** The provider's notes for this dialect (quoting, LIMIT form, date functions), one per line. */
  dialectNotes: readonly string[];
}

/** What `buildUserPrompt` reads from a generation input. A full `GenerationInput` fits. */
export type UserPromptInput = Pick<
  GenerationInput,
  'question' | 'dialect' | 'schema' | 'examples' | 'history' | 'previousAttempts'
>;

export interface UserPromptOptions {
  /** Budget of the schema section in estimated tokens. Default 6,000. Ignored with `schemaSection`. */
  schemaTokenBudget?: number;
  /** Show sample values of columns. Default true. Ignored with `schemaSection`. */
  includeSampleValues?: boolean;
  /** A schema section the caller already built (to report what was cut); built here when absent. */
  schemaSection?: SchemaSection;
  /** Earlier conversation turns shown at most, the most recent kept. Default 6. */
  maxHistoryTurns?: number;
  /** Retrieved examples shown at most, the best first. Default 5. */
  maxExamples?: number;
}

const MAX_RESULT_SUMMARY_CHARS = 300;
const MAX_ERROR_CHARS = 600;

function clip(text: string, max: number): string {
  const flat = text.trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}

/** Indents continuation lines of a multi-line query so it reads as one block under its label. */
function block(text: string): string {
  return text.trim().replace(/\n/g, '\n  ');
}

/**
 * The system prompt: role, the read-only rules, when to ask or give up, the JSON answer format and
 * the dialect notes. It depends only on the data source, so providers that cache prompt prefixes
 * can reuse it across questions; everything per-question lives in the user prompt.
 */
export function buildSystemPrompt({ dialect, dialectNotes }: SystemPromptInput): string {
  const label = DIALECT_LABELS[dialect];
  const quote = dialect === 'mysql' ? 'backticks' : 'double quotes';
  const lines = [
    `You are text2x, an expert ${label} analyst. You turn a user's question into one read-only ${label} query over the schema you are given, ask one clarifying question when the question is truly ambiguous, or explain why it cannot be answered.`,
    '',
    'Rules for the query:',
    '- Write exactly one SELECT statement (WITH … SELECT is fine). Never write INSERT, UPDATE, DELETE, MERGE, CREATE, ALTER, DROP, GRANT, PRAGMA, SET, COPY, ATTACH, transaction control or a second statement. Do not end the query with a semicolon and do not wrap it in Markdown.',
    `- Use only the tables and columns listed in the schema, spelled exactly as listed; quote a name with ${quote} only when it needs quoting. "… N more columns" means columns that exist but are not shown: do not guess their names.`,
    '- Join tables through the foreign keys shown with →.',
    "- Write literals as they appear in the sample values (e.g. 'France'); when no sample settles the spelling, compare text case-insensitively.",
    '- Return only the columns the question needs, with readable aliases. Use ORDER BY for rankings; add LIMIT only when the question asks for a number of rows ("top 5", "the latest order").',
    '- When earlier attempts are listed, fix every problem they report and use the suggested names.',
    '- List every interpretation you had to choose (time ranges, which column means "sales", …) in `assumptions`.',
    '',
    'Choose `kind`:',
    '- "query": you can answer. `confidence` is the probability from 0 to 1 that the query returns what the user meant: 0.9 or more when the schema maps the question unambiguously, 0.5–0.8 when you had to assume something, below 0.5 when you are guessing.',
    '- "clarification": only when the question has several plausible readings that give different answers and neither the schema nor the conversation decides between them (e.g. "best customers": by revenue or by number of orders?). Ask one short `question` with 2–4 concrete `options`, put your best-guess query in `query` (or null) and its `confidence`. Never ask because a query was hard to write or an earlier attempt failed.',
    '- "cannot_answer": the data does not contain what the question needs, or the user asks to change data. Say why in `reason`, naming what is missing.',
    '',
    'Reply with one JSON object and nothing else:',
    '{"kind": "query" | "clarification" | "cannot_answer", "query": string | null, "explanation": string | null, "confidence": number | null, "assumptions": string[] | null, "question": string | null, "options": string[] | null, "reason": string | null}',
    'Set the fields a kind does not use to null. `explanation` is one or two plain sentences for a non-technical reader.',
  ];
  if (dialectNotes.length > 0) {
    lines.push('', `${label} notes:`, ...dialectNotes.map((note) => `- ${note}`));
  }
  return lines.join('\n');
}

function formatIssue(issue: ValidationIssue): string {
  const suggestions = issue.suggestions?.length ? ` (did you mean: ${issue.suggestions.join(', ')}?)` : '';
  const position = issue.position !== undefined ? ` at position ${issue.position}` : '';
  return `- [${issue.kind}] ${clip(issue.message, MAX_ERROR_CHARS)}${position}${suggestions}`;
}

function formatAttempt(attempt: PreviousAttempt, index: number): string {
  const lines = [
    `Attempt ${index + 1} (confidence ${attempt.confidence.toFixed(2)}):`,
    `SQL: ${block(attempt.query)}`,
  ];
  const problems = attempt.errors.map(formatIssue);
  if (attempt.executionError)
    problems.push(`- Execution error: ${clip(attempt.executionError, MAX_ERROR_CHARS)}`);
  if (problems.length === 0)
    problems.push('- No error was reported, but the answer was not good enough; reconsider the question.');
  lines.push('Problems:', ...problems);
  return lines.join('\n');
}

function formatTurn(turn: ConversationTurnContext, number: number): string {
  const lines = [`Turn ${number}`, `Question: ${turn.question.trim()}`];
  if (turn.query) lines.push(`SQL: ${block(turn.query)}`);
  if (turn.resultSummary) lines.push(`Result: ${clip(turn.resultSummary, MAX_RESULT_SUMMARY_CHARS)}`);
  if (turn.clarificationQuestion) lines.push(`You asked the user: ${turn.clarificationQuestion.trim()}`);
  return lines.join('\n');
}

/**
 * The user prompt, in this order: the schema (retrieved tables only, inside the token budget),
 * approved examples, the conversation so far, earlier failed attempts at this question with the
 * validator's errors, and the question last.
 */
export function buildUserPrompt(input: UserPromptInput, options: UserPromptOptions = {}): string {
  const schema =
    options.schemaSection ??
    buildSchemaSection(input.schema, {
      dialect: input.dialect,
      ...(options.schemaTokenBudget !== undefined && { tokenBudget: options.schemaTokenBudget }),
      ...(options.includeSampleValues !== undefined && { includeSampleValues: options.includeSampleValues }),
    });
  const label = DIALECT_LABELS[input.dialect];
  const sections: string[] = [];

  const tableCount = input.schema.tables.length - schema.omitted.length;
  sections.push(
    `## Schema (${label}; ${tableCount} table${tableCount === 1 ? '' : 's'}, most relevant first)\n${schema.text || '(no tables)'}`,
  );

  const examples = input.examples.slice(0, options.maxExamples ?? 5);
  if (examples.length > 0) {
    sections.push(
      `## Approved examples from this data source\n${examples
        .map((example) => `Q: ${example.question.trim()}\nSQL: ${block(example.query)}`)
        .join('\n\n')}`,
    );
  }

  const maxTurns = options.maxHistoryTurns ?? 6;
  const turns = maxTurns > 0 ? input.history.slice(-maxTurns) : [];
  if (turns.length > 0) {
    const skipped = input.history.length - turns.length;
    const header = `## Conversation so far (oldest first${skipped > 0 ? `; ${skipped} earlier turn${skipped === 1 ? '' : 's'} not shown` : ''})`;
    sections.push(`${header}\n${turns.map((turn, i) => formatTurn(turn, skipped + i + 1)).join('\n\n')}`);
  }

  if (input.previousAttempts.length > 0) {
    sections.push(
      `## Earlier attempts at this question (each was rejected; fix the problems)\n${input.previousAttempts
        .map(formatAttempt)
        .join('\n\n')}`,
    );
  }

  const last = input.history.at(-1);
  if (last?.clarificationQuestion) {
    sections.push(
      `## Question\nThe message below answers your clarifying question "${last.clarificationQuestion.trim()}" about "${last.question.trim()}". Answer that earlier question as the user has now made it precise.\nUser: ${input.question.trim()}`,
    );
  } else if (input.history.length > 0) {
    sections.push(
      `## Question\nA follow-up in this conversation; it may refer to earlier turns ("them", "that", "only in 2024").\nUser: ${input.question.trim()}`,
    );
  } else {
    sections.push(`## Question\n${input.question.trim()}`);
  }
  return sections.join('\n\n');
}

/** Appended after an invalid structured reply to ask for it again, with what was wrong. */
export function buildOutputRepairPrompt(error: string): string {
  return [
    `Your previous reply was not valid: ${clip(error, MAX_ERROR_CHARS)}`,
    'Reply again with one JSON object in the required format and nothing else: no Markdown, no text before or after it. Set unused fields to null.',
  ].join('\n');
}
