/**
 * General English word classes the rules rely on. Nothing here is about a particular schema: these
 * are function words, request verbs and the vocabulary of counting, comparing and ordering.
 */

const words = (text: string): ReadonlySet<string> => new Set(text.split(/\s+/).filter(Boolean));

/** Words that carry no schema meaning; everything else counts toward coverage. */
export const FUNCTION_WORDS = words(`
  a an the of in on at to for by with from and or nor but not no is are was were be been being am
  do does did done doing have has had having i me my we our us you your he him his she her it its
  they them their theirs this that these those there here what which who whom whose when where why
  how all any some each every both either neither one ones other others another such same than then
  as into onto about over under between among across through during before after since until till
  up down out off also too very just only so if else while because whether can could will would
  shall should may might must let please also s 't n't ever
  show list give find get return tell display provide identify report retrieve see
  want need know like fetch bring compute calculate determine
  there's what's who's which's
  many much more most less least fewer fewest number count total average sum
  different distinct unique various respective corresponding
  descending ascending
  whose whom
`);

/** Request verbs that start a question without naming anything ("Show …", "List …"). */
export const REQUEST_VERBS = words(
  'show list give find get return tell display provide identify report retrieve fetch compute calculate determine count name enumerate',
);

/** Question words. */
export const QUESTION_WORDS = words('what which who whom whose when where how why');

/** Spelled-out numbers. */
export const NUMBER_WORDS: ReadonlyMap<string, number> = new Map(
  Object.entries({
    zero: 0,
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
    eleven: 11,
    twelve: 12,
    thirteen: 13,
    fourteen: 14,
    fifteen: 15,
    twenty: 20,
    thirty: 30,
    fifty: 50,
    hundred: 100,
    single: 1,
    once: 1,
    twice: 2,
    thrice: 3,
    dozen: 12,
  }),
);

/** Ordinals for "the second highest …". */
export const ORDINAL_WORDS: ReadonlyMap<string, number> = new Map(
  Object.entries({
    first: 1,
    second: 2,
    third: 3,
    fourth: 4,
    fifth: 5,
  }),
);

/** Column words that name people, places and things when the question names a value. */
export const NAME_WORDS = words('name title label fullname nickname');
export const LOCATION_WORDS = words(
  'country city state location place region province county continent nation nationality citizenship hometown residence address town area district territory origin headquarter headquarters destination',
);
export const PERSON_HINT_WORDS = words('person people who whom author writer director owner manager');

/** Words naming a business measure that no column may carry by that name. */
export const REVENUE_WORDS = words('revenue revenues sales income turnover earnings spend spending spent');

/** Yes/no flag values, so "channels that support X" can test a flag column. */
export const TRUE_VALUES = words('yes y t true 1');
export const FALSE_VALUES = words('no n f false 0');

/** A word is content when it is neither a function word nor punctuation. */
export function isContentWord(lower: string): boolean {
  return /[a-z0-9]/.test(lower) && !FUNCTION_WORDS.has(lower);
}
