import type { GenerationInput, GenerationOutcome, QueryGenerator } from '../query-generator.js';
import { moneyMeasureTable, saysMoney } from './business-measures.js';
import { scoreConfidence } from './confidence.js';
import { isFollowUpFragment, mergeFollowUp } from './follow-up-merge.js';
import type { ChoicePoint } from './interpretation-context.js';
import type { Analysis } from './question-analysis.js';
import { analyzeQuestion } from './question-analysis.js';
import type { Interpretation } from './question-interpreter.js';
import { interpretQuestion } from './question-interpreter.js';
import { explainQuery } from './query-explanation.js';
import type { QueryIR } from './query-ir.js';
import { columnsOf, conditionColumns } from './query-ir.js';
import type { SchemaIndex } from './schema-index.js';
import { getSchemaIndex } from './schema-index.js';
import { pruneUnreachable } from './query-pruning.js';
import { emitQuery, UnplannableQueryError } from './sql-emitter.js';
import { lemma } from './word-forms.js';

/** Options of the offline engine. */
export interface OfflineGeneratorOptions {
  /** Clock for relative dates ("last month"); default `() => new Date()`. Tests inject a fixed one. */
  now?: () => Date;
  /** Look up WordNet synonyms of schema words (default true). */
  synonyms?: boolean;
}

/** Ties closer than this between two readings make the engine ask instead of guessing. */
const TIE = 0.005;
/** Questions whose weighted coverage is below this are declined when no table is named. */
const MIN_COVERAGE = 0.34;
/** Below this the reading leaves so much of the question unused that answering would mislead. */
const MIN_CONFIDENCE = 0.35;

/** Verb forms that look like schema words but never name data on their own ("wrote" ~ writes). */
function isVerbForm(token: { lower: string; lemma: string }, schemaWord: string): boolean {
  if (token.lower === schemaWord) return false;
  if (token.lemma !== token.lower && lemma(token.lower) !== token.lower && !/s$/.test(token.lower))
    return true;
  return /(?:ed|ing)$/.test(token.lower) && !/(?:ed|ing)$/.test(schemaWord);
}

/** Whether anything in the question names the schema: a table, a column or a stored value. */
function isGrounded(analysis: Analysis): boolean {
  for (const item of analysis.items) {
    if (item.kind !== 'mention') continue;
    const best = item.mention.candidates[0];
    if (!best) continue;
    if (best.kind === 'value') return true;
    const words = best.kind === 'table' ? best.table.words : best.column.words;
    const tokens = analysis.tokens.slice(item.from, item.to).filter((t) => t.kind === 'word');
    const nounLike = tokens.some((t) => !words.some((w) => isVerbForm(t, w)) || words.includes(t.lower));
    if (nounLike && best.score >= 0.6) return true;
  }
  return false;
}

/** Whether a choice's label (`table` or `table.column`) is part of the query's own clauses. */
function usedInQuery(query: QueryIR, label: string): boolean {
  if (!label.includes('.')) return query.root.table.name === label;
  const refs = [
    ...query.select.flatMap((s) => columnsOf(s.expr)),
    ...conditionColumns(query.where),
    ...query.groupBy.flatMap(columnsOf),
    ...query.orderBy.flatMap((o) => columnsOf(o.expr)),
    ...conditionColumns(query.having),
  ];
  return refs.some((r) => `${r.column.table.name}.${r.column.name}` === label);
}

/**
 * The question itself when it comes with further lines of instructions ("Return the query … if
 * …"): the engine cannot follow free-form instructions, and their quoted text is not data.
 */
function questionLine(question: string): string {
  const lines = question
    .split(/\n+/)
    .map((l) => l.trim())
    .filter((l) => l.length > 0);
  const first = lines[0];
  if (!first || lines.length === 1 || first.split(/\s+/).length < 3) return question;
  return first;
}

function normalizeSql(sql: string): string {
  return sql.replace(/\s+/g, ' ').trim().toLowerCase();
}

interface Drafted {
  interpretation: Interpretation;
  sql: string;
}

function draft(
  interpretation: Interpretation,
  index: SchemaIndex,
  dialect: GenerationInput['dialect'],
): Drafted | undefined {
  try {
    return { interpretation, sql: emitQuery(interpretation.query, index, dialect) };
  } catch (error) {
    if (error instanceof UnplannableQueryError) return undefined;
    throw error;
  }
}

/** Readings to try in order: the best one, then each close choice flipped to its next option. */
function* alternatives(
  analysis: Analysis,
  index: SchemaIndex,
  first: Interpretation,
): Generator<Interpretation> {
  yield first;
  const points = [...first.context.choicePoints].sort((a, b) => a.gap - b.gap);
  for (const point of points.slice(0, 6)) {
    for (let option = 1; option < Math.min(point.options.length, 3); option++) {
      const next = interpretQuestion(analysis, index, new Map([[point.key, option]]));
      if (next) yield next;
    }
  }
}

function clarificationFor(point: ChoicePoint): { question: string; options: string[] } {
  const kind = point.key.split('@')[0] ?? 'column';
  const what =
    kind === 'subject'
      ? 'Which table do you mean'
      : kind === 'value' || kind === 'literal'
        ? 'Which column holds that value'
        : kind === 'date'
          ? 'Which date do you mean'
          : 'Which column do you mean';
  // Offer the options that are about as likely as the best one (at least two, at most four).
  const best = point.scores[0] ?? 0;
  const close = point.options.filter((_, i) => i < 2 || (point.scores[i] ?? 0) >= best - 0.1).slice(0, 4);
  const listed =
    close.length > 1 ? `${close.slice(0, -1).join(', ')} or ${close[close.length - 1]}` : (close[0] ?? '');
  return { question: `${what}: ${listed}?`, options: close };
}

function understand(
  question: string,
  history: GenerationInput['history'],
  index: SchemaIndex,
  now: Date,
  depth = 0,
): { analysis: Analysis; interpretation?: Interpretation } {
  const analysis = analyzeQuestion(question, index, now);
  const previous = history[history.length - 1];
  const prior =
    previous && depth < 4
      ? understand(previous.question, history.slice(0, -1), index, now, depth + 1).interpretation
      : undefined;
  if (prior && isFollowUpFragment(analysis, prior)) {
    const merged = mergeFollowUp(prior, analysis);
    if (merged) return { analysis, interpretation: merged };
  }
  // A money word ("the total revenue") names the schema's money measure even when nothing else does.
  const grounded = isGrounded(analysis) || (saysMoney(analysis) && moneyMeasureTable(index) !== undefined);
  return { analysis, interpretation: grounded ? interpretQuestion(analysis, index) : undefined };
}

/**
 * The offline engine: a rule-based semantic parser (schema linking, intent rules, join planning,
 * dialect emission). No network, no model weights; deterministic for a given `now`.
 */
export function createOfflineGenerator(options: OfflineGeneratorOptions = {}): QueryGenerator {
  const clock = options.now ?? ((): Date => new Date());
  return {
    name: 'offline',
    async generate(input: GenerationInput): Promise<GenerationOutcome> {
      input.signal.throwIfAborted();
      const schema = input.fullSchema.tables.length > 0 ? input.fullSchema : input.schema;
      const index = await getSchemaIndex(schema);
      input.signal.throwIfAborted();
      const { analysis, interpretation } = understand(
        questionLine(input.question),
        input.history,
        index,
        clock(),
      );
      if (!interpretation) {
        return {
          kind: 'cannot_answer',
          reason: 'Nothing in the question matches a table, column or stored value of this database.',
        };
      }
      input.signal.throwIfAborted();
      if (interpretation.context.asksUnknown) {
        return {
          kind: 'cannot_answer',
          reason: `The question asks for "${interpretation.context.asksUnknown}", which no table or column of this database holds.`,
        };
      }
      const report = scoreConfidence(analysis, interpretation.context);
      const namesTable = analysis.items.some(
        (it) => it.kind === 'mention' && it.mention.candidates[0]?.kind === 'table',
      );
      if (report.coverage < MIN_COVERAGE && !namesTable) {
        return {
          kind: 'cannot_answer',
          reason: `Too little of the question matches this database (unmatched: ${report.unused.slice(0, 6).join(', ')}).`,
        };
      }
      const tried = new Set(input.previousAttempts.map((a) => normalizeSql(a.query)));
      let chosen: Drafted | undefined;
      let rank = 0;
      for (const candidate of alternatives(analysis, index, interpretation)) {
        const drafted = draft(candidate, index, input.dialect);
        rank++;
        if (!drafted || tried.has(normalizeSql(drafted.sql))) continue;
        chosen = drafted;
        break;
      }
      input.signal.throwIfAborted();
      let partial = false;
      if (!chosen && input.previousAttempts.length === 0) {
        // No reading can be joined: answer what the subject's own tables can, and say what was left out.
        const { query, dropped } = pruneUnreachable(interpretation.query, index);
        const pruned = draft({ query, context: interpretation.context }, index, input.dialect);
        if (pruned && dropped.length > 0) {
          interpretation.context.assumptions.push(
            `left out ${dropped.map((t) => t.name).join(', ')}: no foreign key connects ${dropped.length > 1 ? 'them' : 'it'} to ${query.root.table.name}`,
          );
          chosen = pruned;
          partial = true;
        }
      }
      if (!chosen) {
        const point = interpretation.context.choicePoints.find((p) => p.options.length > 1);
        if (point) {
          const clarification = clarificationFor(point);
          return {
            kind: 'clarification',
            question: clarification.question,
            options: clarification.options,
            query: null,
            confidence: 0.2,
          };
        }
        return { kind: 'cannot_answer', reason: 'Every reading of the question has been tried and failed.' };
      }
      const chosenReport =
        chosen.interpretation === interpretation
          ? report
          : scoreConfidence(analysis, chosen.interpretation.context);
      const retryPenalty = (rank > 1 ? 0.1 : 0) + (partial ? 0.3 : 0);
      const confidence = Math.max(0.05, Math.round((chosenReport.confidence - retryPenalty) * 100) / 100);
      if (confidence < MIN_CONFIDENCE && input.previousAttempts.length === 0) {
        return {
          kind: 'cannot_answer',
          reason: `Too little of the question matches this database (unmatched: ${chosenReport.unused.slice(0, 6).join(', ') || 'none'}).`,
          debug: { notes: [`best guess: ${chosen.sql}`, `confidence ${confidence}`] },
        };
      }
      const explanation = explainQuery(chosen.interpretation.query);
      const tie =
        input.previousAttempts.length === 0
          ? chosen.interpretation.context.choicePoints.find(
              (p) =>
                p.gap < TIE &&
                p.askable &&
                usedInQuery(chosen.interpretation.query, p.options[p.chosen] ?? ''),
            )
          : undefined;
      const notes = [
        `coverage ${chosenReport.coverage.toFixed(2)}`,
        ...chosen.interpretation.context.choicePoints.map(
          (p) => `choice ${p.key}: ${p.options.join(' | ')} (gap ${p.gap.toFixed(2)}, took ${p.chosen})`,
        ),
      ];
      if (tie) {
        const clarification = clarificationFor(tie);
        return {
          kind: 'clarification',
          question: clarification.question,
          options: clarification.options,
          query: chosen.sql,
          confidence: Math.min(confidence, 0.45),
          debug: { notes },
        };
      }
      return {
        kind: 'query',
        query: chosen.sql,
        explanation,
        confidence,
        assumptions: [...chosen.interpretation.context.assumptions],
        debug: { notes },
      };
    },
  };
}
