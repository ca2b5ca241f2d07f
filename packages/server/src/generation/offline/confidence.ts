import type { InterpretationContext } from './interpretation-context.js';
import type { Analysis } from './question-analysis.js';

/** How much of the question a reading used, and how sure the engine is of it. */
export interface ConfidenceReport {
  /** Share of the question's content words the reading used, in [0, 1]. */
  coverage: number;
  /** In [0, 1]. */
  confidence: number;
  /** Content words the reading did not use. */
  unused: string[];
}

/** Words that only say how the question is asked (verbs of having, placing, being). */
function isVerbLike(word: string): boolean {
  return /(?:ed|ing)$/.test(word) && word.length > 4;
}

/**
 * Coverage is the weighted share of content words that the reading turned into query parts; words
 * that link to nothing and look like verbs weigh half (they rarely change the query). Confidence
 * starts from coverage and loses points for ties between readings and for guesses.
 */
export function scoreConfidence(analysis: Analysis, context: InterpretationContext): ConfidenceReport {
  let total = 0;
  let used = 0;
  const unused: string[] = [];
  const linked = new Set<number>();
  for (const item of analysis.items) {
    if (item.kind === 'mention' || item.kind === 'literal' || item.kind === 'date' || item.kind === 'cue') {
      for (let i = item.from; i < item.to; i++) linked.add(i);
    }
  }
  for (const i of analysis.contentTokens) {
    const token = analysis.tokens[i];
    if (!token) continue;
    const weight = !linked.has(i) && isVerbLike(token.lower) ? 0.5 : 1;
    total += weight;
    if (context.consumed.has(i)) used += weight;
    else unused.push(token.text);
  }
  // A question of function words only ("How many are there?") leaves nothing unread.
  const coverage = total === 0 ? 1 : used / total;
  let penalty = 0;
  for (const point of context.choicePoints) {
    if (point.gap < 0.02) penalty += 0.12;
    else if (point.gap < 0.1) penalty += 0.05;
  }
  penalty += Math.min(0.15, context.assumptions.length * 0.04);
  const confidence = Math.max(0.05, Math.min(0.95, 0.15 + 0.8 * coverage - Math.min(0.35, penalty)));
  return { coverage, confidence: Math.round(confidence * 100) / 100, unused };
}
