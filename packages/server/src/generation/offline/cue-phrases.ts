import type { AggregateFunction, ComparisonOperator } from './query-ir.js';
import type { Token } from './question-tokens.js';

/**
 * Operator words of English questions about data ("how many", "more than", "for each", "sorted
 * by", "the most"), found as phrases in the token list.
 */
export type Cue =
  | { type: 'count'; from: number; to: number }
  | { type: 'aggregate'; fn: Exclude<AggregateFunction, 'count'>; from: number; to: number }
  /** "highest", "most", "lowest", "fewest"; `dimension` for adjectives such as "oldest" (→ age). */
  | { type: 'superlative'; direction: 'asc' | 'desc'; dimension?: Dimension; from: number; to: number }
  | { type: 'compare'; op: ComparisonOperator; dimension?: Dimension; from: number; to: number }
  | { type: 'between'; from: number; to: number }
  | { type: 'group'; from: number; to: number; weak: boolean }
  | { type: 'order'; from: number; to: number; direction?: 'asc' | 'desc' }
  | { type: 'direction'; direction: 'asc' | 'desc'; from: number; to: number }
  | { type: 'alphabetical'; from: number; to: number }
  | { type: 'top'; from: number; to: number }
  | { type: 'negation'; from: number; to: number }
  | { type: 'distinct'; from: number; to: number }
  | { type: 'both'; from: number; to: number }
  | { type: 'either'; from: number; to: number }
  | { type: 'or'; from: number; to: number }
  | { type: 'and'; from: number; to: number }
  | { type: 'contains'; mode: 'contains' | 'starts' | 'ends'; from: number; to: number }
  | { type: 'named'; from: number; to: number }
  | { type: 'possess'; from: number; to: number }
  | { type: 'relative'; from: number; to: number }
  | { type: 'each'; from: number; to: number }
  | { type: 'except'; from: number; to: number }
  | { type: 'null'; negated: boolean; from: number; to: number };

/** A measurable property implied by an adjective: "oldest" → age (desc) or a date (asc). */
export interface Dimension {
  /** Column words that carry the property, best first. */
  words: readonly string[];
  /** Direction when the column is a date rather than a measure ("oldest" = earliest date). */
  dateDirection?: 'asc' | 'desc';
  /** Column words that measure the opposite ("oldest" = smallest birth year). */
  inverseWords?: readonly string[];
}

type CueTemplate = Cue extends infer C
  ? C extends { from: number; to: number }
    ? Omit<C, 'from' | 'to'>
    : never
  : never;

const AGE: Dimension = { words: ['age'], dateDirection: 'asc', inverseWords: ['birth', 'born'] };
const YOUTH: Dimension = { words: ['age'], dateDirection: 'desc', inverseWords: ['birth', 'born'] };
const DATE_LATE: Dimension = { words: ['date', 'time', 'year', 'day'], dateDirection: 'desc' };
const DATE_EARLY: Dimension = { words: ['date', 'time', 'year', 'day'], dateDirection: 'asc' };
const PRICE: Dimension = { words: ['price', 'cost', 'fee', 'amount', 'charge', 'total'] };
const WEIGHT: Dimension = { words: ['weight'] };
const HEIGHT: Dimension = { words: ['height'] };
const LENGTH: Dimension = { words: ['length', 'duration', 'distance', 'page', 'minute', 'runtime'] };
const SPEED: Dimension = { words: ['speed', 'velocity'] };
const SIZE: Dimension = { words: ['size', 'area', 'capacity', 'population', 'volume'] };
const WEALTH: Dimension = { words: ['worth', 'wealth', 'money', 'salary', 'income'] };
const POPULATION: Dimension = { words: ['population'] };
const RATING: Dimension = { words: ['rating', 'score', 'rank', 'star', 'grade'] };

/** Phrases, lower-case, words separated by spaces; `#` stands for any number. */
const PHRASES: readonly [string, CueTemplate][] = [
  ['how many', { type: 'count' }],
  ['how much', { type: 'aggregate', fn: 'sum' }],
  ['total number of', { type: 'count' }],
  ['the total number of', { type: 'count' }],
  ['number of', { type: 'count' }],
  ['numbers of', { type: 'count' }],
  ['count of', { type: 'count' }],
  ['count', { type: 'count' }],
  ['counts', { type: 'count' }],
  ['average', { type: 'aggregate', fn: 'avg' }],
  ['avg', { type: 'aggregate', fn: 'avg' }],
  ['mean', { type: 'aggregate', fn: 'avg' }],
  ['on average', { type: 'aggregate', fn: 'avg' }],
  ['total', { type: 'aggregate', fn: 'sum' }],
  ['sum of', { type: 'aggregate', fn: 'sum' }],
  ['sum', { type: 'aggregate', fn: 'sum' }],
  ['combined', { type: 'aggregate', fn: 'sum' }],
  ['in total', { type: 'aggregate', fn: 'sum' }],
  ['altogether', { type: 'aggregate', fn: 'sum' }],
  ['maximum', { type: 'aggregate', fn: 'max' }],
  ['max', { type: 'aggregate', fn: 'max' }],
  ['minimum', { type: 'aggregate', fn: 'min' }],
  ['min', { type: 'aggregate', fn: 'min' }],
  ['the most number of', { type: 'superlative', direction: 'desc' }],
  ['most number of', { type: 'superlative', direction: 'desc' }],
  ['the greatest number of', { type: 'superlative', direction: 'desc' }],
  ['the largest number of', { type: 'superlative', direction: 'desc' }],
  ['the highest number of', { type: 'superlative', direction: 'desc' }],
  ['the least number of', { type: 'superlative', direction: 'asc' }],
  ['least number of', { type: 'superlative', direction: 'asc' }],
  ['the fewest number of', { type: 'superlative', direction: 'asc' }],
  ['the smallest number of', { type: 'superlative', direction: 'asc' }],
  ['the lowest number of', { type: 'superlative', direction: 'asc' }],
  ['the most', { type: 'superlative', direction: 'desc' }],
  ['most', { type: 'superlative', direction: 'desc' }],
  ['highest', { type: 'superlative', direction: 'desc' }],
  ['largest', { type: 'superlative', direction: 'desc', dimension: SIZE }],
  ['biggest', { type: 'superlative', direction: 'desc', dimension: SIZE }],
  ['greatest', { type: 'superlative', direction: 'desc' }],
  ['top', { type: 'superlative', direction: 'desc' }],
  ['best', { type: 'superlative', direction: 'desc', dimension: RATING }],
  ['highest rated', { type: 'superlative', direction: 'desc', dimension: RATING }],
  ['worst', { type: 'superlative', direction: 'asc', dimension: RATING }],
  ['the least', { type: 'superlative', direction: 'asc' }],
  ['least', { type: 'superlative', direction: 'asc' }],
  ['lowest', { type: 'superlative', direction: 'asc' }],
  ['smallest', { type: 'superlative', direction: 'asc', dimension: SIZE }],
  ['fewest', { type: 'superlative', direction: 'asc' }],
  ['the fewest', { type: 'superlative', direction: 'asc' }],
  ['minimal', { type: 'superlative', direction: 'asc' }],
  ['maximal', { type: 'superlative', direction: 'desc' }],
  ['oldest', { type: 'superlative', direction: 'desc', dimension: AGE }],
  ['eldest', { type: 'superlative', direction: 'desc', dimension: AGE }],
  ['youngest', { type: 'superlative', direction: 'asc', dimension: YOUTH }],
  ['newest', { type: 'superlative', direction: 'desc', dimension: DATE_LATE }],
  ['latest', { type: 'superlative', direction: 'desc', dimension: DATE_LATE }],
  ['most recent', { type: 'superlative', direction: 'desc', dimension: DATE_LATE }],
  ['the most recent', { type: 'superlative', direction: 'desc', dimension: DATE_LATE }],
  ['the most recently', { type: 'superlative', direction: 'desc', dimension: DATE_LATE }],
  ['the most expensive', { type: 'superlative', direction: 'desc', dimension: PRICE }],
  ['the least expensive', { type: 'superlative', direction: 'asc', dimension: PRICE }],
  ['the most populous', { type: 'superlative', direction: 'desc', dimension: POPULATION }],

  ['most recently', { type: 'superlative', direction: 'desc', dimension: DATE_LATE }],
  ['earliest', { type: 'superlative', direction: 'asc', dimension: DATE_EARLY }],
  ['cheapest', { type: 'superlative', direction: 'asc', dimension: PRICE }],
  ['most expensive', { type: 'superlative', direction: 'desc', dimension: PRICE }],
  ['least expensive', { type: 'superlative', direction: 'asc', dimension: PRICE }],
  ['priciest', { type: 'superlative', direction: 'desc', dimension: PRICE }],
  ['heaviest', { type: 'superlative', direction: 'desc', dimension: WEIGHT }],
  ['lightest', { type: 'superlative', direction: 'asc', dimension: WEIGHT }],
  ['tallest', { type: 'superlative', direction: 'desc', dimension: HEIGHT }],
  ['shortest', { type: 'superlative', direction: 'asc', dimension: LENGTH }],
  ['longest', { type: 'superlative', direction: 'desc', dimension: LENGTH }],
  ['fastest', { type: 'superlative', direction: 'desc', dimension: SPEED }],
  ['slowest', { type: 'superlative', direction: 'asc', dimension: SPEED }],
  ['richest', { type: 'superlative', direction: 'desc', dimension: WEALTH }],
  ['poorest', { type: 'superlative', direction: 'asc', dimension: WEALTH }],
  ['most populous', { type: 'superlative', direction: 'desc', dimension: POPULATION }],
  ['least populous', { type: 'superlative', direction: 'asc', dimension: POPULATION }],
  ['more than', { type: 'compare', op: '>' }],
  ['greater than', { type: 'compare', op: '>' }],
  ['larger than', { type: 'compare', op: '>' }],
  ['bigger than', { type: 'compare', op: '>' }],
  ['higher than', { type: 'compare', op: '>' }],
  ['longer than', { type: 'compare', op: '>', dimension: LENGTH }],
  ['over', { type: 'compare', op: '>' }],
  ['above', { type: 'compare', op: '>' }],
  ['exceeding', { type: 'compare', op: '>' }],
  ['exceeds', { type: 'compare', op: '>' }],
  ['exceed', { type: 'compare', op: '>' }],
  ['beyond', { type: 'compare', op: '>' }],
  ['after', { type: 'compare', op: '>' }],
  ['later than', { type: 'compare', op: '>' }],
  ['older than', { type: 'compare', op: '>', dimension: AGE }],
  ['heavier than', { type: 'compare', op: '>', dimension: WEIGHT }],
  ['taller than', { type: 'compare', op: '>', dimension: HEIGHT }],
  ['more expensive than', { type: 'compare', op: '>', dimension: PRICE }],
  ['at least', { type: 'compare', op: '>=' }],
  ['greater than or equal to', { type: 'compare', op: '>=' }],
  ['larger than or equal to', { type: 'compare', op: '>=' }],
  ['more than or equal to', { type: 'compare', op: '>=' }],
  ['higher than or equal to', { type: 'compare', op: '>=' }],
  ['bigger than or equal to', { type: 'compare', op: '>=' }],
  ['less than or equal to', { type: 'compare', op: '<=' }],
  ['smaller than or equal to', { type: 'compare', op: '<=' }],
  ['lower than or equal to', { type: 'compare', op: '<=' }],
  ['fewer than or equal to', { type: 'compare', op: '<=' }],
  ['not equal to', { type: 'compare', op: '!=' }],
  ['no less than', { type: 'compare', op: '>=' }],
  ['not less than', { type: 'compare', op: '>=' }],
  ['no fewer than', { type: 'compare', op: '>=' }],
  ['a minimum of', { type: 'compare', op: '>=' }],
  ['or more', { type: 'compare', op: '>=' }],
  ['or above', { type: 'compare', op: '>=' }],
  ['or greater', { type: 'compare', op: '>=' }],
  ['or higher', { type: 'compare', op: '>=' }],
  ['or later', { type: 'compare', op: '>=' }],
  ['or after', { type: 'compare', op: '>=' }],
  ['less than', { type: 'compare', op: '<' }],
  ['fewer than', { type: 'compare', op: '<' }],
  ['smaller than', { type: 'compare', op: '<' }],
  ['lower than', { type: 'compare', op: '<' }],
  ['shorter than', { type: 'compare', op: '<', dimension: LENGTH }],
  ['under', { type: 'compare', op: '<' }],
  ['below', { type: 'compare', op: '<' }],
  ['before', { type: 'compare', op: '<' }],
  ['earlier than', { type: 'compare', op: '<' }],
  ['younger than', { type: 'compare', op: '<', dimension: AGE }],
  ['lighter than', { type: 'compare', op: '<', dimension: WEIGHT }],
  ['cheaper than', { type: 'compare', op: '<', dimension: PRICE }],
  ['at most', { type: 'compare', op: '<=' }],
  ['no more than', { type: 'compare', op: '<=' }],
  ['not more than', { type: 'compare', op: '<=' }],
  ['up to', { type: 'compare', op: '<=' }],
  ['a maximum of', { type: 'compare', op: '<=' }],
  ['or less', { type: 'compare', op: '<=' }],
  ['or fewer', { type: 'compare', op: '<=' }],
  ['or below', { type: 'compare', op: '<=' }],
  ['or lower', { type: 'compare', op: '<=' }],
  ['or earlier', { type: 'compare', op: '<=' }],
  ['or before', { type: 'compare', op: '<=' }],
  ['equal to', { type: 'compare', op: '=' }],
  ['equals', { type: 'compare', op: '=' }],
  ['exactly', { type: 'compare', op: '=' }],
  ['=', { type: 'compare', op: '=' }],
  ['>', { type: 'compare', op: '>' }],
  ['<', { type: 'compare', op: '<' }],
  ['between', { type: 'between' }],
  ['for each', { type: 'group', weak: false }],
  ['for every', { type: 'group', weak: false }],
  ['in each', { type: 'group', weak: false }],
  ['of each', { type: 'group', weak: false }],
  ['by each', { type: 'group', weak: false }],
  ['from each', { type: 'group', weak: false }],
  ['on each', { type: 'group', weak: false }],
  ['at each', { type: 'group', weak: false }],
  ['to each', { type: 'group', weak: false }],
  ['with each', { type: 'group', weak: false }],
  ['each', { type: 'group', weak: true }],
  ['every', { type: 'group', weak: true }],
  ['per', { type: 'group', weak: false }],
  ['grouped by', { type: 'group', weak: false }],
  ['group by', { type: 'group', weak: false }],
  ['broken down by', { type: 'group', weak: false }],
  ['breakdown by', { type: 'group', weak: false }],
  ['by', { type: 'group', weak: true }],
  ['for different', { type: 'group', weak: false }],
  ['of different', { type: 'group', weak: true }],
  ['for the different', { type: 'group', weak: false }],
  ['order by', { type: 'order' }],
  ['ordering by', { type: 'order' }],
  ['ordered according to', { type: 'order' }],
  ['sorted according to', { type: 'order' }],
  ['by the order of', { type: 'order' }],
  ['ordered by', { type: 'order' }],
  ['sort by', { type: 'order' }],
  ['sorted by', { type: 'order' }],
  ['sorted', { type: 'order' }],
  ['sort', { type: 'order' }],
  ['order the result by', { type: 'order' }],
  ['order the results by', { type: 'order' }],
  ['sort the result by', { type: 'order' }],
  ['sort the results by', { type: 'order' }],
  ['order them by', { type: 'order' }],
  ['sort them by', { type: 'order' }],
  ['ranked by', { type: 'order' }],
  ['rank by', { type: 'order' }],
  ['arranged by', { type: 'order' }],
  ['in order of', { type: 'order' }],
  ['in the order of', { type: 'order' }],
  ['in descending order of', { type: 'order', direction: 'desc' }],
  ['in ascending order of', { type: 'order', direction: 'asc' }],
  ['in decreasing order of', { type: 'order', direction: 'desc' }],
  ['in increasing order of', { type: 'order', direction: 'asc' }],
  ['in descending order by', { type: 'order', direction: 'desc' }],
  ['in ascending order by', { type: 'order', direction: 'asc' }],
  ['descending order of', { type: 'order', direction: 'desc' }],
  ['ascending order of', { type: 'order', direction: 'asc' }],
  ['descending by', { type: 'order', direction: 'desc' }],
  ['ascending by', { type: 'order', direction: 'asc' }],
  ['in descending order', { type: 'direction', direction: 'desc' }],
  ['in ascending order', { type: 'direction', direction: 'asc' }],
  ['in decreasing order', { type: 'direction', direction: 'desc' }],
  ['in increasing order', { type: 'direction', direction: 'asc' }],
  ['descending', { type: 'direction', direction: 'desc' }],
  ['decreasing', { type: 'direction', direction: 'desc' }],
  ['increasing', { type: 'direction', direction: 'asc' }],
  ['ascending', { type: 'direction', direction: 'asc' }],
  ['descendingly', { type: 'direction', direction: 'desc' }],
  ['ascendingly', { type: 'direction', direction: 'asc' }],
  ['desc', { type: 'direction', direction: 'desc' }],
  ['asc', { type: 'direction', direction: 'asc' }],
  ['from highest to lowest', { type: 'direction', direction: 'desc' }],
  ['from high to low', { type: 'direction', direction: 'desc' }],
  ['from largest to smallest', { type: 'direction', direction: 'desc' }],
  ['from most to least', { type: 'direction', direction: 'desc' }],
  ['from lowest to highest', { type: 'direction', direction: 'asc' }],
  ['from low to high', { type: 'direction', direction: 'asc' }],
  ['from smallest to largest', { type: 'direction', direction: 'asc' }],
  ['from least to most', { type: 'direction', direction: 'asc' }],
  ['from oldest to youngest', { type: 'direction', direction: 'desc' }],
  ['from youngest to oldest', { type: 'direction', direction: 'asc' }],
  ['in alphabetical order', { type: 'alphabetical' }],
  ['in alphabetic order', { type: 'alphabetical' }],
  ['alphabetical order', { type: 'alphabetical' }],
  ['alphabetically', { type: 'alphabetical' }],
  ['in lexicographical order', { type: 'alphabetical' }],
  ['top #', { type: 'top' }],
  ['first #', { type: 'top' }],
  ['not', { type: 'negation' }],
  ['no', { type: 'negation' }],
  ['never', { type: 'negation' }],
  ['neither', { type: 'negation' }],
  ['nor', { type: 'negation' }],
  ['without', { type: 'negation' }],
  ['free of', { type: 'negation' }],
  ['none', { type: 'negation' }],
  ['different', { type: 'distinct' }],
  ['distinct', { type: 'distinct' }],
  ['unique', { type: 'distinct' }],
  ['distinctive', { type: 'distinct' }],
  ['both', { type: 'both' }],
  ['either', { type: 'either' }],
  ['or', { type: 'or' }],
  ['and', { type: 'and' }],
  ['as well as', { type: 'and' }],
  ['along with', { type: 'and' }],
  ['together with', { type: 'and' }],
  ['and also', { type: 'and' }],
  ['contains', { type: 'contains', mode: 'contains' }],
  ['contain', { type: 'contains', mode: 'contains' }],
  ['containing', { type: 'contains', mode: 'contains' }],
  ['including', { type: 'contains', mode: 'contains' }],
  ['includes', { type: 'contains', mode: 'contains' }],
  ['include', { type: 'contains', mode: 'contains' }],
  ['substring', { type: 'contains', mode: 'contains' }],
  ['with the word', { type: 'contains', mode: 'contains' }],
  ['has the word', { type: 'contains', mode: 'contains' }],
  ['like', { type: 'contains', mode: 'contains' }],
  ['starts with', { type: 'contains', mode: 'starts' }],
  ['start with', { type: 'contains', mode: 'starts' }],
  ['starting with', { type: 'contains', mode: 'starts' }],
  ['begins with', { type: 'contains', mode: 'starts' }],
  ['begin with', { type: 'contains', mode: 'starts' }],
  ['beginning with', { type: 'contains', mode: 'starts' }],
  ['ends with', { type: 'contains', mode: 'ends' }],
  ['end with', { type: 'contains', mode: 'ends' }],
  ['ending with', { type: 'contains', mode: 'ends' }],
  ['named', { type: 'named' }],
  ['called', { type: 'named' }],
  ['titled', { type: 'named' }],
  ['entitled', { type: 'named' }],
  ['with the name', { type: 'named' }],
  ['with name', { type: 'named' }],
  ['whose name is', { type: 'named' }],
  ['has', { type: 'possess' }],
  ['have', { type: 'possess' }],
  ['had', { type: 'possess' }],
  ['having', { type: 'possess' }],
  ['with', { type: 'possess' }],
  ['whose', { type: 'relative' }],
  ['that', { type: 'relative' }],
  ['which', { type: 'relative' }],
  ['who', { type: 'relative' }],
  ['where', { type: 'relative' }],
  ['when', { type: 'relative' }],
  ['except', { type: 'except' }],
  ['excluding', { type: 'except' }],
  ['other than', { type: 'except' }],
  ['but not', { type: 'except' }],
  ['is null', { type: 'null', negated: false }],
  ['is missing', { type: 'null', negated: false }],
  ['is empty', { type: 'null', negated: false }],
  ['is unknown', { type: 'null', negated: false }],
  ['is not null', { type: 'null', negated: true }],
  ['is known', { type: 'null', negated: true }],
];

/**
 * Verbs that name what a comparison measures: "rooms that cost more than 100", "employees who
 * earn less than the average", "songs that last longer than 5 minutes".
 */
const MEASURING_VERBS: readonly [verbs: string[], dimension: Dimension][] = [
  [['cost', 'costs', 'costed', 'priced'], PRICE],
  [['earn', 'earns', 'earned', 'make', 'makes', 'paid'], WEALTH],
  [['weigh', 'weighs', 'weighed'], WEIGHT],
  [['last', 'lasts', 'lasted'], LENGTH],
];
const MEASURED_COMPARISONS: readonly [string, ComparisonTemplate][] = [
  ['more than', '>'],
  ['longer than', '>'],
  ['heavier than', '>'],
  ['over', '>'],
  ['above', '>'],
  ['at least', '>='],
  ['less than', '<'],
  ['shorter than', '<'],
  ['lighter than', '<'],
  ['under', '<'],
  ['below', '<'],
  ['at most', '<='],
];
type ComparisonTemplate = Extract<Cue, { type: 'compare' }>['op'];

const MEASURED_PHRASES: [string, CueTemplate][] = MEASURING_VERBS.flatMap(([verbs, dimension]) =>
  verbs.flatMap((verb) =>
    MEASURED_COMPARISONS.map(([comparison, op]): [string, CueTemplate] => [
      `${verb} ${comparison}`,
      { type: 'compare', op, dimension },
    ]),
  ),
);

interface CompiledPhrase {
  words: string[];
  template: CueTemplate;
}

const byFirstWord = new Map<string, CompiledPhrase[]>();
for (const [text, template] of [...PHRASES, ...MEASURED_PHRASES]) {
  const words = text.split(' ');
  const first = words[0] ?? '';
  const list = byFirstWord.get(first) ?? [];
  list.push({ words, template });
  byFirstWord.set(first, list);
}
for (const list of byFirstWord.values()) list.sort((a, b) => b.words.length - a.words.length);

function matches(tokens: readonly Token[], at: number, words: readonly string[]): boolean {
  for (let i = 0; i < words.length; i++) {
    const token = tokens[at + i];
    const word = words[i];
    if (!token || word === undefined) return false;
    if (word === '#') {
      if (token.number === undefined) return false;
      continue;
    }
    if (token.lower !== word) return false;
  }
  return true;
}

/** Finds cue phrases, longest first, without overlaps. */
export function findCues(tokens: readonly Token[]): Cue[] {
  const cues: Cue[] = [];
  let i = 0;
  while (i < tokens.length) {
    const token = tokens[i];
    const candidates = token ? (byFirstWord.get(token.lower) ?? []) : [];
    const found = candidates.find((c) => matches(tokens, i, c.words));
    if (!found) {
      i++;
      continue;
    }
    cues.push({ ...found.template, from: i, to: i + found.words.length });
    i += found.words.length;
  }
  return cues;
}
