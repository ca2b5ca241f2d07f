import pluralize from 'pluralize';
import { stemmer } from 'stemmer';

/**
 * Abbreviations common in database identifiers, expanded before matching. Only forms that are
 * unambiguous inside an identifier belong here (`no` in `invoice_no` is a number, never a denial).
 */
const IDENTIFIER_ABBREVIATIONS: ReadonlyMap<string, readonly string[]> = new Map(
  Object.entries({
    num: ['number'],
    nbr: ['number'],
    no: ['number'],
    qty: ['quantity'],
    amt: ['amount'],
    dept: ['department'],
    emp: ['employee'],
    cust: ['customer'],
    prod: ['product'],
    desc: ['description'],
    descr: ['description'],
    addr: ['address'],
    yr: ['year'],
    dob: ['date', 'of', 'birth'],
    fname: ['first', 'name'],
    lname: ['last', 'name'],
    cnt: ['count'],
    pct: ['percent'],
    perc: ['percent'],
    avg: ['average'],
    tel: ['telephone'],
    msg: ['message'],
    acct: ['account'],
    mgr: ['manager'],
    loc: ['location'],
    info: ['information'],
    org: ['organization'],
    govt: ['government'],
    intl: ['international'],
    ref: ['reference'],
    stu: ['student'],
    prof: ['professor'],
    crs: ['course'],
    hrs: ['hours'],
    sal: ['salary'],
    stmt: ['statement'],
    txn: ['transaction'],
    dt: ['date'],
    bldg: ['building'],
    mgmt: ['management'],
    natl: ['national'],
    pop: ['population'],
    temp: ['temperature'],
    lat: ['latitude'],
    lng: ['longitude'],
    long: ['longitude'],
    lon: ['longitude'],
    wt: ['weight'],
    ht: ['height'],
    len: ['length'],
    dur: ['duration'],
    cap: ['capacity'],
    seq: ['sequence'],
    val: ['value'],
    vol: ['volume'],
    uid: ['id'],
    dest: ['destination'],
    src: ['source'],
    orig: ['origin'],
    mpg: ['miles', 'per', 'gallon'],
    hp: ['horsepower'],
    ssn: ['social', 'security', 'number'],
    zip: ['zip', 'code'],
    usd: ['dollar'],
    acc: ['account'],
    bal: ['balance'],
    apt: ['apartment'],
    enr: ['enrollment'],
    tot: ['total'],
    ave: ['average'],
    freq: ['frequency'],
    grp: ['group'],
    doc: ['document'],
    univ: ['university'],
    pos: ['position'],
    pts: ['points'],
    yrs: ['years'],
    wk: ['week'],
    mth: ['month'],
    qtr: ['quarter'],
    appt: ['appointment'],
    cert: ['certificate'],
    img: ['image'],
    mfr: ['manufacturer'],
  }),
);

/** Irregular verb and noun forms that stemming does not join with their base. */
const IRREGULAR_BASE: ReadonlyMap<string, string> = new Map(
  Object.entries({
    wrote: 'write',
    written: 'write',
    made: 'make',
    sold: 'sell',
    bought: 'buy',
    taught: 'teach',
    won: 'win',
    held: 'hold',
    led: 'lead',
    paid: 'pay',
    gave: 'give',
    given: 'give',
    took: 'take',
    taken: 'take',
    ran: 'run',
    built: 'build',
    began: 'begin',
    begun: 'begin',
    chose: 'choose',
    chosen: 'choose',
    drove: 'drive',
    driven: 'drive',
    flew: 'fly',
    flown: 'fly',
    grew: 'grow',
    grown: 'grow',
    hid: 'hide',
    knew: 'know',
    known: 'know',
    lost: 'lose',
    met: 'meet',
    sang: 'sing',
    sung: 'sing',
    sent: 'send',
    spent: 'spend',
    stood: 'stand',
    told: 'tell',
    thought: 'think',
    went: 'go',
    gone: 'go',
    saw: 'see',
    seen: 'see',
    shot: 'shoot',
    kept: 'keep',
    left: 'leave',
    brought: 'bring',
    caught: 'catch',
    fought: 'fight',
    born: 'birth',
    bore: 'bear',
    people: 'person',
    men: 'man',
    women: 'woman',
    children: 'child',
    feet: 'foot',
    teeth: 'tooth',
    mice: 'mouse',
    data: 'data',
    media: 'media',
    criteria: 'criterion',
  }),
);

/** Words pluralize would wrongly singularise, or that must keep their `s`. */
const INVARIANT = new Set([
  'status',
  'series',
  'species',
  'news',
  'this',
  'its',
  'has',
  'was',
  'is',
  'does',
  'less',
  'yes',
  'us',
  'as',
  'gas',
  'bus',
  'campus',
  'various',
  'previous',
  'plus',
  'thus',
  'always',
  'sometimes',
  'address',
  'class',
  'business',
  'analysis',
  'basis',
  'process',
  'access',
  'success',
  'loss',
  'boss',
  'glass',
  'mass',
  'pass',
  'sales',
  'goods',
  'means',
  'lens',
  'physics',
  'economics',
  'mathematics',
  'statistics',
  'athletics',
  'politics',
  'headquarters',
  'alias',
  'atlas',
  'bonus',
  'census',
  'chorus',
  'circus',
  'focus',
  'genus',
  'radius',
  'stimulus',
  'virus',
  'versus',
  'canvas',
  'christmas',
  'texas',
  'kansas',
  'arkansas',
  'paris',
  'lewis',
  'davis',
  'dallas',
  'miss',
  'chess',
  'dress',
  'express',
  'princess',
  'witness',
  'wilderness',
  'fitness',
  'across',
  'whereas',
  'perhaps',
  'hers',
  'ours',
  'yours',
  'theirs',
]);

const lemmaCache = new Map<string, string>();

/** Splits an identifier or a phrase into lower-case words: `orderDate`, `order_date` → order, date. */
export function splitIdentifier(name: string): string[] {
  return name
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .replace(/([a-zA-Z])(\d)/g, '$1 $2')
    .replace(/(\d)([a-zA-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((word) => word.length > 0);
}

/** Expands identifier abbreviations (`qty` → quantity); returns the word itself when none applies. */
export function expandAbbreviation(word: string): readonly string[] {
  return IDENTIFIER_ABBREVIATIONS.get(word) ?? [word];
}

/** The base form used for matching: singular nouns, base forms of irregular verbs. */
export function lemma(word: string): string {
  const lower = word.toLowerCase();
  const cached = lemmaCache.get(lower);
  if (cached !== undefined) return cached;
  let result = IRREGULAR_BASE.get(lower) ?? lower;
  if (
    result === lower &&
    lower.length > 3 &&
    lower.endsWith('s') &&
    !INVARIANT.has(lower) &&
    !/ss$|us$|is$/.test(lower)
  ) {
    result = pluralize.singular(lower);
  }
  if (lemmaCache.size > 50_000) lemmaCache.clear();
  lemmaCache.set(lower, result);
  return result;
}

const stemCache = new Map<string, string>();

/** Porter stem of the lemma: `produced`, `production` → produc(t). */
export function stem(word: string): string {
  const base = lemma(word);
  const cached = stemCache.get(base);
  if (cached !== undefined) return cached;
  const result = stemmer(base);
  if (stemCache.size > 50_000) stemCache.clear();
  stemCache.set(base, result);
  return result;
}

/** Plural of a noun phrase's last word, for explanations ("order" → "orders"). */
export function pluralPhrase(phrase: string): string {
  const words = phrase.split(' ');
  const last = words.pop() ?? '';
  if (last.length === 0) return phrase;
  const plural = pluralize.isPlural(last) && !INVARIANT.has(last) ? last : pluralize.plural(last);
  return [...words, plural].join(' ');
}

/** Singular of a noun phrase's last word. */
export function singularPhrase(phrase: string): string {
  const words = phrase.split(' ');
  const last = words.pop() ?? '';
  return [...words, lemma(last)].join(' ');
}
