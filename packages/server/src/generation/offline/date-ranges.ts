import * as chrono from 'chrono-node';

/** A time expression of the question turned into a half-open range [start, end). */
export interface DateRange {
  /** Character offsets of the expression (including a leading "before"/"since"/"between"). */
  startOffset: number;
  endOffset: number;
  /** Inclusive lower bound; undefined when open ("before 2020"). */
  start?: Date;
  /** Exclusive upper bound; undefined when open ("since 2020"). */
  end?: Date;
  granularity: 'year' | 'quarter' | 'month' | 'week' | 'day' | 'rolling' | 'decade';
  /** How the question relates to the period. */
  relation: 'in' | 'before' | 'after' | 'since' | 'until' | 'between';
  /** Set when the period is whole calendar years: lets year columns compare numbers. */
  years?: { first: number; last: number };
  /** Plain words for explanations ("between 1 and 31 October 2025"). */
  label: string;
}

const QUARTER_WORDS: Readonly<Record<string, number>> = {
  first: 1,
  second: 2,
  third: 3,
  fourth: 4,
  '1st': 1,
  '2nd': 2,
  '3rd': 3,
  '4th': 4,
  last: 4,
};
const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** Words before a number that make a bare number a year ("in 2024", "since 1999"). */
const YEAR_PREPOSITION =
  /(?:\b(?:in|during|since|before|after|from|until|till|to|through|between|and|of|by|year|years|yr|around|circa|than|as|on|for)\s+(?:the\s+)?(?:year\s+)?)$/i;
/** Words before a number that make it a quantity, not a year ("more than 2000"). */
const QUANTITY_CONTEXT =
  /(?:\b(?:more|less|fewer|greater|larger|bigger|smaller|higher|lower|over|under|above|below|least|most|exceeding|exceeds|top|first|last|about|approximately|equal|equals|=|>|<)\s+(?:than\s+)?(?:to\s+)?)$/i;

/**
 * Bare years ("in 2024", "since 1999"). chrono drops results whose text is only digits, so years
 * are added by a refiner that runs after chrono's own filters, where nothing else claimed the text.
 */
function yearRefiner(): chrono.Refiner {
  return {
    refine: (context, results) => {
      const pattern =
        /(?<![\d.,$-])(1[5-9]\d{2}|20\d{2}|2100)(?![\d%]|[.,]\d|'?s\b|\s*(?:%|percent|dollars?|euros?|people|persons|members|units|items|km|miles|kg|pounds))/gi;
      const added: chrono.ParsingResult[] = [];
      for (const match of context.text.matchAll(pattern)) {
        const index = match.index;
        const end = index + match[0].length;
        if (results.some((r) => r.index < end && r.index + r.text.length > index)) continue;
        const before = context.text.slice(Math.max(0, index - 40), index);
        if (!YEAR_PREPOSITION.test(before) || QUANTITY_CONTEXT.test(before)) continue;
        const components = context.createParsingComponents({ year: Number(match[1]) });
        components.imply('month', 1);
        components.imply('day', 1);
        components.addTag('text2x/year');
        const result = context.createParsingResult(index, match[0]);
        result.start = components;
        added.push(result);
      }
      return [...results, ...added].sort((a, b) => a.index - b.index);
    },
  };
}

function decadeParser(): chrono.Parser {
  return {
    pattern: () => /\b(1[5-9]\d0|20\d0)'?s\b/i,
    extract: (context, match) => {
      const year = Number(match[1]);
      const components = context.createParsingComponents({ year });
      components.imply('month', 1);
      components.imply('day', 1);
      components.addTag('text2x/decade');
      return components;
    },
  };
}

function quarterParser(): chrono.Parser {
  return {
    pattern: () =>
      /\b(?:q([1-4])|(first|second|third|fourth|1st|2nd|3rd|4th|last)\s+quarter)(?:\s*(?:of\s+|,\s*)?((?:19|20)\d{2}))?\b/i,
    extract: (context, match) => {
      const quarter = match[1] ? Number(match[1]) : (QUARTER_WORDS[(match[2] ?? '').toLowerCase()] ?? 1);
      const year = match[3] ? Number(match[3]) : context.refDate.getUTCFullYear();
      const components = context.createParsingComponents({ year, month: quarter * 3 - 2 });
      components.imply('day', 1);
      components.addTag('text2x/quarter');
      return components;
    },
  };
}

/** "last quarter", "this quarter": a calendar quarter counted from today's (no year after it). */
const RELATIVE_QUARTER = /^(this|current|last|previous|past|next)\s+quarter$/i;
const QUARTER_SHIFT: Readonly<Record<string, number>> = {
  this: 0,
  current: 0,
  last: -1,
  previous: -1,
  past: -1,
  next: 1,
};

/** Lets chrono see "previous quarter" and "current quarter", which it does not know. */
function relativeQuarterParser(): chrono.Parser {
  return {
    pattern: () => /\b(?:this|current|last|previous|past|next)\s+quarter\b(?!\s*(?:of\s+|,\s*)?\d)/i,
    extract: (context) => {
      const components = context.createParsingComponents({ year: context.refDate.getUTCFullYear() });
      components.addTag('text2x/relative-quarter');
      return components;
    },
  };
}

let parser: chrono.Chrono | undefined;

function dateParser(): chrono.Chrono {
  if (!parser) {
    parser = chrono.casual.clone();
    parser.parsers.push(quarterParser(), decadeParser(), relativeQuarterParser());
    parser.refiners.push(yearRefiner());
  }
  return parser;
}

const utc = (year: number, month: number, day: number): Date => new Date(Date.UTC(year, month - 1, day));
const addMonths = (date: Date, months: number): Date =>
  utc(date.getUTCFullYear(), date.getUTCMonth() + 1 + months, date.getUTCDate());
const addDays = (date: Date, days: number): Date => new Date(date.getTime() + days * 86_400_000);

function formatDay(date: Date): string {
  return `${date.getUTCDate()} ${MONTHS[date.getUTCMonth()]} ${date.getUTCFullYear()}`;
}

/** ISO date (YYYY-MM-DD) of a range bound. */
export function isoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

const ROLLING =
  /\b(?:last|past|previous|recent|within\s+the\s+last|in\s+the\s+last)\s+(\d+|a|one|two|three|four|five|six|seven|eight|nine|ten|twelve|fifteen|thirty|few)\s+(day|week|month|year)s?\b/i;
const SMALL: Readonly<Record<string, number>> = {
  a: 1,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  twelve: 12,
  fifteen: 15,
  thirty: 30,
  few: 3,
};

interface RawRange {
  yearCertain: boolean;
  index: number;
  endIndex: number;
  start: Date;
  end: Date;
  granularity: DateRange['granularity'];
  label: string;
}

function toRawRange(result: chrono.ParsedResult, now: Date): RawRange | null {
  const text = result.text;
  const components = result.start;
  const tags = components.tags();
  const year = components.get('year') ?? now.getUTCFullYear();
  const month = components.get('month') ?? 1;
  const day = components.get('day') ?? 1;
  const index = result.index;
  const endIndex = result.index + text.length;
  const yearCertain = components.isCertain('year') || tags.has('text2x/year');
  const rolling = ROLLING.exec(text);
  const today = utc(now.getUTCFullYear(), now.getUTCMonth() + 1, now.getUTCDate());
  if (rolling) {
    const amount = /^\d+$/.test(rolling[1] ?? '')
      ? Number(rolling[1])
      : (SMALL[(rolling[1] ?? '').toLowerCase()] ?? 1);
    const unit = (rolling[2] ?? 'day').toLowerCase();
    const start =
      unit === 'day'
        ? addDays(today, -amount)
        : unit === 'week'
          ? addDays(today, -7 * amount)
          : addMonths(today, unit === 'month' ? -amount : -12 * amount);
    return {
      yearCertain,
      index,
      endIndex,
      start,
      end: addDays(today, 1),
      granularity: 'rolling',
      label: `in the last ${amount} ${unit}${amount === 1 ? '' : 's'} (since ${formatDay(start)})`,
    };
  }
  const relativeQuarter = RELATIVE_QUARTER.exec(text.trim());
  if (relativeQuarter) {
    const current = Math.floor(now.getUTCMonth() / 3);
    const shift = QUARTER_SHIFT[(relativeQuarter[1] ?? '').toLowerCase()] ?? 0;
    const start = utc(now.getUTCFullYear(), 1 + 3 * (current + shift), 1);
    return {
      yearCertain: true,
      index,
      endIndex,
      start,
      end: addMonths(start, 3),
      granularity: 'quarter',
      label: `in Q${((current + shift + 4) % 4) + 1} ${start.getUTCFullYear()}`,
    };
  }
  if (tags.has('text2x/decade')) {
    return {
      yearCertain,
      index,
      endIndex,
      start: utc(year, 1, 1),
      end: utc(year + 10, 1, 1),
      granularity: 'decade',
      label: `in the ${year}s`,
    };
  }
  if (tags.has('text2x/quarter')) {
    const start = utc(year, month, 1);
    return {
      yearCertain,
      index,
      endIndex,
      start,
      end: addMonths(start, 3),
      granularity: 'quarter',
      label: `in Q${(month + 2) / 3} ${year}`,
    };
  }
  if (/\bweek\b/i.test(text)) {
    const point = utc(year, month, day);
    const weekday = (point.getUTCDay() + 6) % 7;
    const start = addDays(point, -weekday);
    const end = addDays(start, 7);
    return {
      yearCertain,
      index,
      endIndex,
      start,
      end,
      granularity: 'week',
      label: `between ${formatDay(start)} and ${formatDay(addDays(end, -1))}`,
    };
  }
  if (components.isCertain('day') || /\b(?:today|yesterday|tomorrow)\b/i.test(text)) {
    const start = utc(year, month, day);
    return {
      yearCertain,
      index,
      endIndex,
      start,
      end: addDays(start, 1),
      granularity: 'day',
      label: `on ${formatDay(start)}`,
    };
  }
  if (components.isCertain('month')) {
    const start = utc(year, month, 1);
    const end = addMonths(start, 1);
    const last = addDays(end, -1).getUTCDate();
    return {
      yearCertain,
      index,
      endIndex,
      start,
      end,
      granularity: 'month',
      label: `between 1 and ${last} ${MONTHS[month - 1]} ${year}`,
    };
  }
  if (components.isCertain('year') || tags.has('text2x/year')) {
    return {
      yearCertain,
      index,
      endIndex,
      start: utc(year, 1, 1),
      end: utc(year + 1, 1, 1),
      granularity: 'year',
      label: `in ${year}`,
    };
  }
  return null;
}

const BEFORE =
  /\b(?:before|prior\s+to|earlier\s+than|until|till|up\s+to|through|by|older\s+than)\s+(?:the\s+)?$/i;
const AFTER = /\b(?:after|later\s+than|newer\s+than)\s+(?:the\s+)?$/i;
// "from 2023" reads as "in 2023" ("films from the 1990s"); only "since" and "starting" open a range.
const SINCE = /\b(?:since|starting(?:\s+in|\s+from)?|as\s+of|on\s+or\s+after)\s+(?:the\s+)?$/i;
const BETWEEN_START = /\b(?:between|from)\s+(?:the\s+)?$/i;

function yearsOf(start: Date | undefined, end: Date | undefined): DateRange['years'] {
  const whole = (d: Date | undefined): boolean => !d || (d.getUTCMonth() === 0 && d.getUTCDate() === 1);
  if (!whole(start) || !whole(end)) return undefined;
  return {
    first: start ? start.getUTCFullYear() : Number.NEGATIVE_INFINITY,
    last: end ? end.getUTCFullYear() - 1 : Number.POSITIVE_INFINITY,
  };
}

/** Words and shapes without which no time expression can be present. */
const MAY_HOLD_DATE =
  /\d{4}|\d{1,2}[/.-]\d{1,2}|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b|\b(?:mon|tues|wednes|thurs|fri|satur|sun)day\b|\b(?:today|yesterday|tomorrow|tonight|now|ago|week|weeks|month|months|year|years|quarter|q[1-4]|decade|day|days|hour|hours|fortnight|weekend|noon|midnight)\b/i;

/**
 * Finds the time expressions of a question and turns each into a half-open range relative to
 * `now` ("last month" → [first of last month, first of this month)). Bare years ("in 2024"),
 * decades and quarters are recognised by parsers added to chrono.
 */
export function findDateRanges(question: string, now: Date): DateRange[] {
  // chrono runs dozens of patterns; most questions hold no time expression, so check first.
  if (!MAY_HOLD_DATE.test(question)) return [];
  let results: chrono.ParsedResult[];
  try {
    results = dateParser().parse(question, { instant: now, timezone: 0 });
  } catch {
    return [];
  }
  // "now" and "right now" open follow-ups ("now only for 2024"); they never restrict dates.
  const meaningful = results.filter((r) => !/^(?:right\s+)?now$/i.test(r.text.trim()));
  const raw = meaningful.map((r) => toRawRange(r, now)).filter((r): r is RawRange => r !== null);
  const ranges: DateRange[] = [];
  for (let i = 0; i < raw.length; i++) {
    const current = raw[i];
    if (!current) continue;
    const before = question.slice(Math.max(0, current.index - 30), current.index);
    const next = raw[i + 1];
    const between = next ? question.slice(current.endIndex, next.index) : '';
    if (next && BETWEEN_START.test(before) && /^\s*(?:and|to|through|until|till|-)\s*$/i.test(between)) {
      if (
        !current.yearCertain &&
        next.yearCertain &&
        current.start.getUTCFullYear() !== next.start.getUTCFullYear()
      ) {
        const shift = next.start.getUTCFullYear() - current.start.getUTCFullYear();
        current.start = addMonths(current.start, 12 * shift);
      }
      const prefix = BETWEEN_START.exec(before);
      const startOffset = current.index - (prefix?.[0].length ?? 0);
      ranges.push({
        startOffset,
        endOffset: next.endIndex,
        start: current.start,
        end: next.end,
        granularity: current.granularity,
        relation: 'between',
        years: yearsOf(current.start, next.end),
        label:
          current.granularity === 'year' && next.granularity === 'year'
            ? `between ${current.start.getUTCFullYear()} and ${next.start.getUTCFullYear()}`
            : `between ${formatDay(current.start)} and ${formatDay(addDays(next.end, -1))}`,
      });
      i++;
      continue;
    }
    const pick = (pattern: RegExp): number => {
      const m = pattern.exec(before);
      return m ? current.index - m[0].length : -1;
    };
    let at = pick(BEFORE);
    if (at >= 0) {
      const inclusive = /\b(?:until|till|up\s+to|through|by)\s+(?:the\s+)?$/i.test(before);
      const end = inclusive ? current.end : current.start;
      ranges.push({
        startOffset: at,
        endOffset: current.endIndex,
        end,
        granularity: current.granularity,
        relation: inclusive ? 'until' : 'before',
        years: yearsOf(undefined, end),
        label:
          current.granularity === 'year'
            ? `${inclusive ? 'up to' : 'before'} ${current.start.getUTCFullYear()}`
            : `before ${formatDay(end)}`,
      });
      continue;
    }
    at = pick(AFTER);
    if (at >= 0) {
      ranges.push({
        startOffset: at,
        endOffset: current.endIndex,
        start: current.end,
        granularity: current.granularity,
        relation: 'after',
        years: yearsOf(current.end, undefined),
        label:
          current.granularity === 'year'
            ? `after ${current.start.getUTCFullYear()}`
            : `on or after ${formatDay(current.end)}`,
      });
      continue;
    }
    at = pick(SINCE);
    if (at >= 0) {
      ranges.push({
        startOffset: at,
        endOffset: current.endIndex,
        start: current.start,
        granularity: current.granularity,
        relation: 'since',
        years: yearsOf(current.start, undefined),
        label:
          current.granularity === 'year'
            ? `since ${current.start.getUTCFullYear()}`
            : `since ${formatDay(current.start)}`,
      });
      continue;
    }
    const prefix = /\b(?:in|during|for|on|of|within|from)\s+(?:the\s+)?$/i.exec(before);
    ranges.push({
      startOffset: current.index - (prefix?.[0].length ?? 0),
      endOffset: current.endIndex,
      start: current.start,
      end: current.end,
      granularity: current.granularity,
      relation: 'in',
      years: yearsOf(current.start, current.end),
      label: current.label,
    });
  }
  return ranges;
}
