import pluralize from 'pluralize';

export interface NameSuggestionOptions {
  /** Most suggestions returned. Default 3. */
  limit?: number;
  /** Lowest similarity in [0, 1] a candidate needs. Default 0.6. */
  minSimilarity?: number;
  /** Candidates scoring this much below the best one are dropped. Default 0.15. */
  maxGapToBest?: number;
}

/**
 * "Did you mean" for an unknown table or column name: ranks candidates by how alike they are
 * (same name once case, separators and plural are ignored; one containing the other; edit
 * distance), best first, keeping only those close to the best. Returns the candidates' own spelling.
 */
export function suggestNames(
  name: string,
  candidates: Iterable<string>,
  options: NameSuggestionOptions = {},
): string[] {
  const limit = options.limit ?? 3;
  const minSimilarity = options.minSimilarity ?? 0.6;
  const maxGap = options.maxGapToBest ?? 0.15;
  const wanted = normalize(name);
  if (wanted.plain === '' || limit <= 0) return [];
  const scored: Array<{ candidate: string; score: number }> = [];
  const seen = new Set<string>();
  for (const candidate of candidates) {
    const key = candidate.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    const score = similarity(wanted, normalize(candidate));
    if (score >= minSimilarity) scored.push({ candidate, score });
  }
  scored.sort(
    (a, b) =>
      b.score - a.score || a.candidate.length - b.candidate.length || a.candidate.localeCompare(b.candidate),
  );
  const best = scored[0]?.score ?? 0;
  return scored
    .filter((entry) => entry.score >= best - maxGap)
    .slice(0, limit)
    .map((entry) => entry.candidate);
}

interface NormalizedName {
  lower: string;
  /** Lower case without separators. */
  plain: string;
}

function normalize(name: string): NormalizedName {
  const lower = name.toLowerCase();
  return { lower, plain: lower.replace(/[^\p{L}\p{N}]+/gu, '') };
}

const singulars = new Map<string, string>();

/** Singular form, remembered (pluralize is not cheap and schemas repeat their names). */
function singular(plain: string): string {
  let form = singulars.get(plain);
  if (form === undefined) {
    form = plain === '' ? plain : pluralize.singular(plain);
    if (singulars.size >= 50_000) singulars.clear();
    singulars.set(plain, form);
  }
  return form;
}

function similarity(a: NormalizedName, b: NormalizedName): number {
  if (b.plain === '') return 0;
  if (a.lower === b.lower) return 1;
  if (a.plain === b.plain) return 0.97;
  if (Math.abs(a.plain.length - b.plain.length) <= 3 && singular(a.plain) === singular(b.plain)) return 0.95;
  const shorter = Math.min(a.plain.length, b.plain.length);
  const longer = Math.max(a.plain.length, b.plain.length);
  let score = 0;
  if (shorter >= 3 && (a.plain.includes(b.plain) || b.plain.includes(a.plain))) {
    score = 0.6 + 0.3 * (shorter / longer);
  }
  const distance = levenshtein(a.plain, b.plain, longer);
  return Math.max(score, 1 - distance / longer);
}

/** Edit distance, giving up (returning `limit`) once it cannot be below `limit`. */
function levenshtein(a: string, b: string, limit: number): number {
  if (a === b) return 0;
  if (Math.abs(a.length - b.length) >= limit) return limit;
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  let current = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i += 1) {
    current[0] = i;
    let rowMin = i;
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      const value = Math.min(
        (previous[j] as number) + 1,
        (current[j - 1] as number) + 1,
        (previous[j - 1] as number) + cost,
      );
      current[j] = value;
      if (value < rowMin) rowMin = value;
    }
    if (rowMin >= limit) return limit;
    [previous, current] = [current, previous];
  }
  return previous[b.length] as number;
}
