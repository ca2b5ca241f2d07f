import type { InterpretationContext } from './interpretation-context.js';
import { consume } from './interpretation-context.js';
import { isContentWord } from './lexicon.js';
import { columnsOf, conditionColumns } from './query-ir.js';
import type { Token } from './question-tokens.js';
import type { ColumnEntry, SchemaIndex } from './schema-index.js';
import type { Mention } from './schema-linker.js';
import { lemma } from './word-forms.js';

/**
 * Column descriptions (comments, annotations) as linking evidence: a phrase of the question that
 * no name matched and that a column's description says ("checked in" ↔ "when the patient
 * checked in") reads as that column. Names stay stronger: only words nothing else claimed are tried.
 */

/** Score of a reading found in a description: below an exact name, above a loose synonym. */
const PHRASE_SCORE = 0.8;
/** A single word of a description is weaker evidence, and must point at one column only. */
const WORD_SCORE = 0.6;
/** Longest question phrase looked up. */
const LONGEST = 4;

interface DescribedColumn {
  column: ColumnEntry;
  /** Lemmas of the description's words, in order. */
  lemmas: string[];
}

const cache = new WeakMap<SchemaIndex, DescribedColumn[]>();

function describedColumns(index: SchemaIndex): DescribedColumn[] {
  let described = cache.get(index);
  if (!described) {
    described = index.columns
      .filter((c) => (c.schema.description ?? '').trim() !== '')
      .map((column) => ({
        column,
        lemmas: (column.schema.description ?? '')
          .toLowerCase()
          .split(/[^a-z\u00C0-\u024F]+/)
          .filter(Boolean)
          .map((w) => lemma(w)),
      }));
    cache.set(index, described);
  }
  return described;
}

function containsSequence(haystack: readonly string[], needle: readonly string[]): boolean {
  for (let i = 0; i + needle.length <= haystack.length; i++) {
    if (needle.every((word, k) => haystack[i + k] === word)) return true;
  }
  return false;
}

/**
 * Mentions read from column descriptions, over tokens for which `free` is true. Longer phrases
 * win; a phrase needs a content word and may not start or end with a function word.
 */
export function linkDescriptions(
  tokens: readonly Token[],
  index: SchemaIndex,
  free: (at: number) => boolean,
): Mention[] {
  const described = describedColumns(index);
  if (described.length === 0) return [];
  const found: Mention[] = [];
  for (let start = 0; start < tokens.length; start++) {
    for (let length = Math.min(LONGEST, tokens.length - start); length >= 1; length--) {
      const span = tokens.slice(start, start + length);
      if (span.some((t, k) => t.kind !== 'word' || !free(start + k))) continue;
      const first = span[0];
      const content = span.filter((t) => isContentWord(t.lower));
      if (!first || content.length === 0 || !isContentWord(first.lower)) continue;
      const lemmas = span.map((t) => t.lemma);
      const matches = described.filter((d) => containsSequence(d.lemmas, lemmas));
      if (matches.length === 0) continue;
      if (length === 1 && (matches.length > 1 || first.lower.length < 4)) continue;
      const score = length > 1 ? PHRASE_SCORE : WORD_SCORE;
      found.push({
        from: start,
        to: start + length,
        candidates: matches.map((d) => ({ kind: 'column', column: d.column, score, withTable: false })),
        fromDescription: true,
      });
      start += length - 1;
      break;
    }
  }
  return found;
}

/**
 * "patients checked in today": a described verb phrase after the thing asked about says what
 * the rows did; it is not a column to return.
 */
export function saysWhatRowsDid(context: InterpretationContext, mention: Mention): boolean {
  if (!mention.fromDescription) return false;
  const first = context.analysis.tokens[mention.from];
  return first !== undefined && (/(?:ed|ing)$/.test(first.lower) || first.lemma !== first.lower);
}

/**
 * A described phrase whose column the query already uses ("checked in" when the date condition is
 * on the check-in time) was understood: it restates that column.
 */
export function consumeRestatedDescriptions(context: InterpretationContext): void {
  const used = new Set(
    [
      ...context.select.flatMap((s) => columnsOf(s.expr)),
      ...context.conditions.flatMap((c) => conditionColumns(c.condition)),
      ...context.groupBy.flatMap((g) => columnsOf(g)),
      ...context.orderBy.flatMap((o) => columnsOf(o.expr)),
    ].map((ref) => ref.column),
  );
  context.items.forEach((item, at) => {
    if (item.kind !== 'mention' || !item.mention.fromDescription || context.usedItems.has(at)) return;
    if (item.mention.candidates.some((c) => c.kind === 'column' && used.has(c.column))) consume(context, at);
  });
}
