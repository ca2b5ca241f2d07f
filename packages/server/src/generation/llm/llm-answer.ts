import { z } from 'zod';
import type { GenerationOutcome } from '../query-generator.js';

/**
 * Removes Markdown code fences (```sql … ```) around a query and trailing semicolons. Models add
 * both even when told not to; the validator would reject the fence and may count `;` as a second
 * statement.
 */
export function normalizeQuery(text: string): string {
  let query = text.trim();
  const fenced = /```(?:[A-Za-z0-9_-]*[ \t]*\r?\n)?([\s\S]*?)(?:```|$)/.exec(query);
  if (fenced) {
    // A language tag on the same line as the query: "```sql SELECT …```".
    query = (fenced[1] ?? '')
      .trim()
      .replace(/^(?:sql|postgresql|postgres|mysql|sqlite|duckdb)\s+(?=select\b|with\b|\()/i, '');
  }
  return query.replace(/(?:\s*;)+\s*$/, '').trim();
}

/**
 * The model's answer as one flat object with a `kind` and nullable fields rather than a union:
 * OpenAI's strict structured outputs need an object at the root with every property required, and
 * one object works the same way for Anthropic, Ollama and OpenAI-compatible servers. The rules per
 * kind are checked by the refinement (not sent to the provider), so a broken answer is retried.
 */
export const LlmAnswer = z
  .object({
    kind: z
      .enum(['query', 'clarification', 'cannot_answer'])
      .describe(
        '"query" to answer, "clarification" to ask the user, "cannot_answer" when the data cannot answer',
      ),
    query: z
      .string()
      .nullable()
      .describe(
        'One read-only SELECT without a trailing semicolon; the best guess for a clarification; else null',
      ),
    explanation: z
      .string()
      .nullable()
      .describe('For "query": one or two plain sentences on what the query returns'),
    confidence: z
      .number()
      .nullable()
      .describe(
        'For "query" and "clarification": probability from 0 to 1 that the query is what the user meant',
      ),
    assumptions: z.array(z.string()).nullable().describe('For "query": interpretations you chose'),
    question: z.string().nullable().describe('For "clarification": one short question to the user'),
    options: z.array(z.string()).nullable().describe('For "clarification": 2 to 4 concrete choices'),
    reason: z.string().nullable().describe('For "cannot_answer": why, naming what is missing'),
  })
  .superRefine((answer, context) => {
    const require = (ok: boolean, path: string, message: string): void => {
      if (!ok) context.addIssue({ code: 'custom', path: [path], message });
    };
    const confidenceOk = answer.confidence !== null && answer.confidence >= 0 && answer.confidence <= 1;
    switch (answer.kind) {
      case 'query':
        require(answer.query !== null &&
          normalizeQuery(answer.query) !== '', 'query', 'a query is required when kind is "query"');
        require(answer.explanation !==
          null, 'explanation', 'an explanation is required when kind is "query"');
        require(confidenceOk, 'confidence', 'confidence must be a number from 0 to 1');
        break;
      case 'clarification':
        require(!!answer.question?.trim(), 'question', 'a question is required when kind is "clarification"');
        require((answer.options?.length ?? 0) >=
          2, 'options', 'give 2 to 4 options when kind is "clarification"');
        require(confidenceOk, 'confidence', 'confidence must be a number from 0 to 1');
        break;
      case 'cannot_answer':
        require(!!answer.reason?.trim(), 'reason', 'a reason is required when kind is "cannot_answer"');
        break;
    }
  });
export type LlmAnswer = z.infer<typeof LlmAnswer>;

/** Turns a validated answer into the generator's outcome (usage and debug are added by the caller). */
export function toOutcome(answer: LlmAnswer): GenerationOutcome {
  const confidence = answer.confidence ?? 0;
  switch (answer.kind) {
    case 'query':
      return {
        kind: 'query',
        query: normalizeQuery(answer.query ?? ''),
        explanation: (answer.explanation ?? '').trim(),
        confidence,
        assumptions: (answer.assumptions ?? []).map((a) => a.trim()).filter((a) => a !== ''),
      };
    case 'clarification': {
      const query = answer.query === null ? '' : normalizeQuery(answer.query);
      return {
        kind: 'clarification',
        question: (answer.question ?? '').trim(),
        // More than four choices is still a usable question: keep the first four rather than retry.
        options: (answer.options ?? [])
          .map((o) => o.trim())
          .filter((o) => o !== '')
          .slice(0, 4),
        query: query === '' ? null : query,
        confidence,
      };
    }
    case 'cannot_answer':
      return { kind: 'cannot_answer', reason: (answer.reason ?? '').trim() };
  }
}

/**
 * Recovers an answer from text that is valid JSON wrapped in something else (Markdown fences or a
 * sentence around it, common with local models), so a cosmetic slip does not cost a second call.
 */
export function salvageAnswer(text: string | undefined): LlmAnswer | undefined {
  if (!text) return undefined;
  const start = text.indexOf('{');
  const end = text.lastIndexOf('}');
  if (start < 0 || end <= start) return undefined;
  try {
    const parsed = LlmAnswer.safeParse(JSON.parse(text.slice(start, end + 1)));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
