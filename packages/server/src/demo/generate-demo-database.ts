import { randomUUID } from 'node:crypto';
import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { Text2xError } from '../core/index.js';
import { DEMO_INDEX_SQL, DEMO_TABLE_SQL, DEMO_TABLES, type DemoTable } from './demo-schema.js';
import {
  COUNTRIES,
  DEPARTMENTS,
  EMAIL_DOMAINS,
  EMPLOYEE_ROLES,
  FIRST_NAMES,
  LAST_NAMES,
  REVIEW_TITLES,
  TITLE_ADJECTIVES,
  TITLE_NOUNS,
  TITLE_SUBJECTS,
  type DemoCategory,
  type DemoDepartment,
} from './demo-vocabulary.js';
import { createSeededRandom, type SeededRandom } from './seeded-random.js';

export interface GenerateDemoDatabaseOptions {
  /** File to write. Its directory is created when missing; an existing file is replaced atomically. */
  path: string;
  /** Multiplies the row counts: 1 gives about 50,000 rows, 100 about 5 million. Default 1; (0, 1000]. */
  scale?: number;
  /** Seed of the pseudo-random generator. Default 42. */
  seed?: number;
  /**
   * End of the data: dates cover the UTC calendar days from the same date two years earlier up to
   * and including this date. Only the UTC date matters, so one day's runs are identical (times on
   * the last day may lie after the clock time of `now`). Default `new Date()`.
   */
  now?: Date;
}

export interface GeneratedDemoDatabase {
  path: string;
  /** Rows written per table. */
  rows: Record<DemoTable, number>;
}

const SECONDS_PER_DAY = 86_400;
const MILLISECONDS_PER_DAY = SECONDS_PER_DAY * 1000;
/** Base row counts at scale 1; order items (≈2.5 per order), payments and reviews follow from orders. */
const BASE_COUNTS = { customers: 3000, products: 400, employees: 25, orders: 10_000 } as const;
/** Rows per multi-row INSERT (8 columns × 100 stays far below SQLite's 32,766 parameters). */
const BATCH_ROWS = 100;
/** Rows inserted between two yields to the event loop, so a server stays responsive. */
const ROWS_PER_YIELD = 20_000;

const MONTH_SEASONALITY = [0.85, 0.8, 0.9, 0.95, 1, 0.95, 0.9, 0.95, 1, 1.05, 1.35, 1.55];
/** Sunday first, as `Date.getUTCDay()`. */
const WEEKDAY_FACTOR = [1.1, 0.95, 0.95, 1, 1, 1.05, 1.1];
const HOUR_WEIGHTS = [
  0.3, 0.2, 0.15, 0.1, 0.1, 0.15, 0.3, 0.6, 0.9, 1.1, 1.2, 1.3, 1.4, 1.3, 1.2, 1.2, 1.3, 1.5, 1.7, 1.9, 2,
  1.8, 1.2, 0.6,
];
const ITEMS_PER_ORDER_WEIGHTS = [0, 33, 27, 18, 11, 6, 3, 2];
const QUANTITY_WEIGHTS = [0, 75, 15, 6, 2.5, 1.5];
const SEGMENTS = ['consumer', 'business', 'vip'] as const;
const SEGMENT_WEIGHTS = [75, 17, 8];
const PAYMENT_METHODS = ['card', 'paypal', 'bank_transfer', 'gift_card'] as const;
const PAYMENT_METHOD_WEIGHTS = [60, 25, 10, 5];

/**
 * Writes the demo shop database: deterministic for a given seed, scale and UTC date of `now`.
 * The file is built under a temporary name next to `path` and renamed into place, so `path`
 * never holds a partial database. Throws INVALID_REQUEST for a bad scale or date.
 */
export async function generateDemoDatabase(
  options: GenerateDemoDatabaseOptions,
): Promise<GeneratedDemoDatabase> {
  const { path, scale = 1, seed = 42, now = new Date() } = options;
  if (!(Number.isFinite(scale) && scale > 0 && scale <= 1000)) {
    throw new Text2xError('INVALID_REQUEST', 'The demo scale must be a number above 0 and at most 1000.');
  }
  if (Number.isNaN(now.getTime()))
    throw new Text2xError('INVALID_REQUEST', 'The demo end date is not a valid date.');
  if (!Number.isFinite(seed))
    throw new Text2xError('INVALID_REQUEST', 'The demo seed must be a finite number.');

  mkdirSync(dirname(path), { recursive: true });
  const temporaryPath = join(
    dirname(path),
    `.${basename(path)}.${process.pid}-${randomUUID().slice(0, 8)}.tmp`,
  );
  let database: Database.Database | undefined;
  try {
    database = new Database(temporaryPath);
    // Nothing needs to survive a crash here: a broken temporary file is simply discarded.
    database.pragma('journal_mode = OFF');
    database.pragma('synchronous = OFF');
    // Rows are buffered per table, so children may reach SQLite before their parents; the
    // tests check the finished file with PRAGMA foreign_key_check.
    database.pragma('foreign_keys = OFF');
    database.pragma('locking_mode = EXCLUSIVE');
    database.pragma('temp_store = MEMORY');
    database.pragma('cache_size = -65536');
    const rows = await fillDatabase(database, { scale, seed, now });
    database.close();
    database = undefined;
    syncToDisk(temporaryPath);
    renameSync(temporaryPath, path);
    syncToDisk(dirname(path));
    return { path, rows };
  } catch (error) {
    database?.close();
    rmSync(temporaryPath, { force: true });
    throw error;
  }
}

function syncToDisk(path: string): void {
  let descriptor: number | undefined;
  try {
    descriptor = openSync(path, 'r');
    fsyncSync(descriptor);
  } catch {
    // Directories cannot be opened for syncing on every platform; the rename is still atomic.
  } finally {
    if (descriptor !== undefined) closeSync(descriptor);
  }
}

interface FillOptions {
  scale: number;
  seed: number;
  now: Date;
}

/** Creates the tables, inserts every row in one transaction, then builds the indexes. */
async function fillDatabase(
  database: Database.Database,
  options: FillOptions,
): Promise<Record<DemoTable, number>> {
  const random = createSeededRandom(options.seed);
  const calendar = createCalendar(options.now);
  const rows: Record<DemoTable, number> = {
    categories: 0,
    products: 0,
    customers: 0,
    employees: 0,
    orders: 0,
    order_items: 0,
    payments: 0,
    reviews: 0,
  };
  for (const table of DEMO_TABLES) database.exec(DEMO_TABLE_SQL[table]);

  const columns: Record<DemoTable, readonly string[]> = {
    categories: ['id', 'name', 'parent_id'],
    products: ['id', 'name', 'category_id', 'price', 'cost', 'stock', 'created_at'],
    customers: ['id', 'first_name', 'last_name', 'email', 'country', 'city', 'created_at', 'segment'],
    employees: ['id', 'first_name', 'last_name', 'role', 'hired_at', 'manager_id', 'country'],
    orders: ['id', 'customer_id', 'employee_id', 'order_date', 'status', 'total_amount'],
    order_items: ['id', 'order_id', 'product_id', 'quantity', 'unit_price'],
    payments: ['id', 'order_id', 'amount', 'method', 'paid_at'],
    reviews: ['id', 'product_id', 'customer_id', 'rating', 'title', 'created_at'],
  };
  const writers = Object.fromEntries(
    DEMO_TABLES.map((table) => [table, createBatchWriter(database, table, columns[table])]),
  ) as Record<DemoTable, BatchWriter>;

  let sinceYield = 0;
  const insert = async (table: DemoTable, values: unknown[]): Promise<void> => {
    writers[table].add(values);
    rows[table]++;
    if (++sinceYield >= ROWS_PER_YIELD) {
      sinceYield = 0;
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  };

  database.exec('BEGIN');
  const leaves = await writeCategories(insert);
  const products = await writeProducts(insert, random, calendar, leaves, options.scale);
  const customers = await writeCustomers(insert, random, calendar, options.scale);
  const representatives = await writeEmployees(insert, random, calendar, options.scale);
  await writeOrders({ insert, random, calendar, products, customers, representatives, scale: options.scale });
  for (const table of DEMO_TABLES) writers[table].flush();
  for (const statement of DEMO_INDEX_SQL) database.exec(statement);
  database.exec('COMMIT');
  return rows;
}

type Insert = (table: DemoTable, values: unknown[]) => Promise<void>;

interface BatchWriter {
  add(values: unknown[]): void;
  flush(): void;
}

/**
 * Collects rows and inserts them BATCH_ROWS at a time with one prepared multi-row INSERT: each
 * call into SQLite costs more than binding a row, so this is about twice as fast as row by row.
 */
function createBatchWriter(
  database: Database.Database,
  table: DemoTable,
  columns: readonly string[],
): BatchWriter {
  const row = `(${columns.map(() => '?').join(', ')})`;
  const prefix = `INSERT INTO ${table} (${columns.join(', ')}) VALUES `;
  const single = database.prepare(prefix + row);
  const batch = database.prepare(prefix + Array.from({ length: BATCH_ROWS }, () => row).join(', '));
  const pending: unknown[] = [];
  return {
    add(values) {
      for (const value of values) pending.push(value);
      if (pending.length === BATCH_ROWS * columns.length) {
        batch.run(pending);
        pending.length = 0;
      }
    },
    flush() {
      for (let start = 0; start < pending.length; start += columns.length) {
        single.run(pending.slice(start, start + columns.length));
      }
      pending.length = 0;
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Calendar: the window is whole UTC days; "seconds" below count from the window's first midnight.

interface Calendar {
  /** Days in the window, the last one being the date of `now`. */
  days: number;
  /** Epoch day number of the window's first day. */
  firstEpochDay: number;
  /** 'YYYY-MM-DD' of each window day. */
  dayStrings: string[];
  /** 'YYYY-MM-DD HH:MM:SS' for a second of the window (may be negative: before the window). */
  timestamp(second: number): string;
  /** 'YYYY-MM-DD' for a second of the window. */
  date(second: number): string;
}

function createCalendar(now: Date): Calendar {
  const lastEpochDay = Math.floor(now.getTime() / MILLISECONDS_PER_DAY);
  const firstEpochDay = Math.floor(
    Date.UTC(now.getUTCFullYear() - 2, now.getUTCMonth(), now.getUTCDate()) / MILLISECONDS_PER_DAY,
  );
  const days = lastEpochDay - firstEpochDay + 1;
  const dayStrings = Array.from({ length: days }, (_, day) => formatEpochDay(firstEpochDay + day));
  const dayString = (day: number): string =>
    day >= 0 && day < days ? (dayStrings[day] as string) : formatEpochDay(firstEpochDay + day);
  return {
    days,
    firstEpochDay,
    dayStrings,
    date: (second) => dayString(Math.floor(second / SECONDS_PER_DAY)),
    timestamp(second) {
      const day = Math.floor(second / SECONDS_PER_DAY);
      const within = second - day * SECONDS_PER_DAY;
      const hours = Math.floor(within / 3600);
      const minutes = Math.floor((within % 3600) / 60);
      return `${dayString(day)} ${pad(hours)}:${pad(minutes)}:${pad(within % 60)}`;
    },
  };
}

function formatEpochDay(epochDay: number): string {
  return new Date(epochDay * MILLISECONDS_PER_DAY).toISOString().slice(0, 10);
}

function pad(value: number): string {
  return value < 10 ? `0${value}` : String(value);
}

function scaled(base: number, scale: number, minimum: number): number {
  return Math.max(minimum, Math.round(base * scale));
}

// Powers by multiplication rather than `**`: plain IEEE arithmetic gives the same bits everywhere.
function square(value: number): number {
  return value * value;
}

function cube(value: number): number {
  return value * value * value;
}

/** Money is generated in integer cents and written as REAL with two decimals. */
function money(cents: number): number {
  return cents / 100;
}

/** First index in a sorted array whose value is greater than `value` (= count of values ≤ it). */
function upperBound(sorted: Int32Array | Float64Array, value: number, end = sorted.length): number {
  let low = 0;
  let high = end;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((sorted[middle] as number) <= value) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** Draws an index in [0, count) in proportion to weights given as running totals. */
function drawCumulative(random: SeededRandom, cumulative: Float64Array, count: number): number {
  const target = random.next() * (cumulative[count - 1] as number);
  return Math.min(upperBound(cumulative, target, count), count - 1);
}

/** Sorts generated records by time; ties keep generation order, so the result is deterministic. */
function sortBySecond<T extends { second: number }>(records: T[]): T[] {
  return records
    .map((record, position) => ({ record, position }))
    .sort((a, b) => a.record.second - b.record.second || a.position - b.position)
    .map(({ record }) => record);
}

// ---------------------------------------------------------------------------------------------
// Categories and products

interface Leaf {
  id: number;
  category: DemoCategory;
  department: DemoDepartment;
}

async function writeCategories(insert: Insert): Promise<Leaf[]> {
  let id = 0;
  const departmentIds: number[] = [];
  for (const department of DEPARTMENTS) {
    departmentIds.push(++id);
    await insert('categories', [id, department.name, null]);
  }
  const leaves: Leaf[] = [];
  for (const [position, department] of DEPARTMENTS.entries()) {
    for (const category of department.categories) {
      leaves.push({ id: ++id, category, department });
      await insert('categories', [id, category.name, departmentIds[position]]);
    }
  }
  return leaves;
}

interface ProductCatalogue {
  /** Sorted by listing time; index i is product id i + 1. */
  createdSecond: Int32Array;
  priceCents: Int32Array;
  /** Running totals of popularity, in id order. */
  popularity: Float64Array;
  /** Mean rating the product earns, 1.5–4.9. */
  quality: Float64Array;
}

async function writeProducts(
  insert: Insert,
  random: SeededRandom,
  calendar: Calendar,
  leaves: Leaf[],
  scale: number,
): Promise<ProductCatalogue> {
  const count = scaled(BASE_COUNTS.products, scale, leaves.length);
  const names = new Set<string>();
  const leafWeights = leaves.map((leaf) => leaf.category.weight);
  const windowSeconds = calendar.days * SECONDS_PER_DAY;
  const drafts = Array.from({ length: count }, (_, position) => {
    // Every subcategory gets one product first; the rest follow the category weights.
    const leaf =
      position < leaves.length
        ? (leaves[position] as Leaf)
        : (leaves[random.weightedIndex(leafWeights)] as Leaf);
    const kind = random.pick(leaf.category.products);
    const name = productName(random, leaf, kind.name, names);
    const priceCents = productPrice(random, kind.minPrice, kind.maxPrice);
    const costCents = Math.round(priceCents * (0.35 + 0.35 * random.next()));
    const stock = random.chance(0.06) ? 0 : random.integer(1, 40) + Math.floor(cube(random.next()) * 400);
    // Most of the catalogue is listed in the first two weeks; new products arrive steadily after.
    const second =
      position === 0
        ? 0
        : random.chance(0.7)
          ? random.integer(0, 14 * SECONDS_PER_DAY - 1)
          : random.integer(0, windowSeconds - 1);
    // Heavy-tailed popularity, damped for expensive items: cheap things sell more often.
    const popularity = (0.2 + cube(random.next()) * 6) / Math.sqrt(1 + priceCents / 5000);
    const quality = random.chance(0.07) ? 1.5 + random.next() * 1.3 : 3 + random.next() * 1.9;
    return { second, leafId: leaf.id, name, priceCents, costCents, stock, popularity, quality };
  });

  const sorted = sortBySecond(drafts);
  const catalogue: ProductCatalogue = {
    createdSecond: new Int32Array(count),
    priceCents: new Int32Array(count),
    popularity: new Float64Array(count),
    quality: new Float64Array(count),
  };
  let runningPopularity = 0;
  for (const [index, product] of sorted.entries()) {
    catalogue.createdSecond[index] = product.second;
    catalogue.priceCents[index] = product.priceCents;
    runningPopularity += product.popularity;
    catalogue.popularity[index] = runningPopularity;
    catalogue.quality[index] = product.quality;
    await insert('products', [
      index + 1,
      product.name,
      product.leafId,
      money(product.priceCents),
      money(product.costCents),
      product.stock,
      calendar.timestamp(product.second),
    ]);
  }
  return catalogue;
}

function productName(random: SeededRandom, leaf: Leaf, kindName: string, taken: Set<string>): string {
  for (let attempt = 0; ; attempt++) {
    let name: string;
    if (leaf.category.naming === 'book') {
      name = bookTitle(random, kindName);
    } else {
      const brand = random.pick(leaf.department.brands);
      name = random.chance(0.75)
        ? `${brand} ${kindName} ${random.pick(leaf.department.variants)}`
        : `${brand} ${kindName}`;
    }
    // After a few collisions, a model number or edition keeps names unique at large scales.
    if (attempt >= 4)
      name =
        leaf.category.naming === 'book'
          ? `${name} (Vol. ${attempt - 2})`
          : `${name} ${random.integer(100, 9999)}`;
    if (!taken.has(name)) {
      taken.add(name);
      return name;
    }
  }
}

function bookTitle(random: SeededRandom, kindName: string): string {
  const adjective = random.pick(TITLE_ADJECTIVES);
  const noun = random.pick(TITLE_NOUNS);
  const subjects = TITLE_SUBJECTS[kindName];
  if (subjects !== undefined) {
    const subject = random.pick(subjects);
    switch (kindName) {
      case 'Non-Fiction':
        return random.chance(0.5)
          ? `A Short History of ${subject}`
          : `The ${adjective} Science of ${subject}`;
      case "Children's Book":
        return `The ${adjective} ${subject} and the ${noun}`;
      default:
        return random.chance(0.5)
          ? `${subject} ${noun}: Everyday Recipes`
          : `The ${adjective} ${subject} Cookbook`;
    }
  }
  return random.chance(0.6) ? `The ${adjective} ${noun}` : `The ${noun} of ${random.pick(TITLE_NOUNS)}`;
}

/** A shop-like price in cents within [min, max]: cheaper items are more common, endings .99/.49/.00. */
function productPrice(random: SeededRandom, minPrice: number, maxPrice: number): number {
  let whole = Math.floor(minPrice + (maxPrice - minPrice) * square(random.next()));
  if (whole >= 100) whole = Math.max(minPrice, Math.floor(whole / 10) * 10 + 9);
  const ending = whole >= 100 ? random.pick([99, 99, 99, 0]) : random.pick([99, 99, 99, 49, 95, 0]);
  return Math.min(whole * 100 + ending, maxPrice * 100 + 99);
}

// ---------------------------------------------------------------------------------------------
// Customers and employees

interface CustomerBase {
  /** Sorted sign-up times; index i is customer id i + 1. */
  createdSecond: Int32Array;
  /** Running totals of how often each customer buys, in id order. */
  activity: Float64Array;
  segment: Uint8Array;
}

async function writeCustomers(
  insert: Insert,
  random: SeededRandom,
  calendar: Calendar,
  scale: number,
): Promise<CustomerBase> {
  const count = scaled(BASE_COUNTS.customers, scale, 10);
  const windowSeconds = calendar.days * SECONDS_PER_DAY;
  const growth = 0.8;
  const seconds = new Int32Array(count);
  for (let index = 1; index < count; index++) {
    // A fifth sign up in the launch weeks; the rest at a rate that grows with the business
    // (inverse of a linearly rising density, using only sqrt).
    const fraction = random.chance(0.2)
      ? (random.next() * 14) / calendar.days
      : (Math.sqrt(1 + growth * (2 + growth) * random.next()) - 1) / growth;
    seconds[index] = Math.min(windowSeconds - 1, Math.floor(fraction * windowSeconds));
  }
  seconds.sort();

  const countryWeights = COUNTRIES.map((country) => country.weight);
  const emails = new Set<string>();
  const base: CustomerBase = {
    createdSecond: seconds,
    activity: new Float64Array(count),
    segment: new Uint8Array(count),
  };
  let runningActivity = 0;
  for (let index = 0; index < count; index++) {
    const firstName = random.pick(FIRST_NAMES);
    const lastName = random.pick(LAST_NAMES);
    const country = COUNTRIES[random.weightedIndex(countryWeights)]!;
    const city = random.pick(country.cities);
    const segment = random.weightedIndex(SEGMENT_WEIGHTS);
    // Some sign up and never buy; a few buy very often.
    let activity = random.chance(0.15) ? 0.03 : 0.3 + square(random.next()) * 3;
    if (segment === 1) activity *= 1.5;
    if (segment === 2) activity *= 3;
    runningActivity += activity;
    base.activity[index] = runningActivity;
    base.segment[index] = segment;
    await insert('customers', [
      index + 1,
      firstName,
      lastName,
      uniqueEmail(random, firstName, lastName, emails),
      country.name,
      city,
      calendar.timestamp(seconds[index] as number),
      SEGMENTS[segment],
    ]);
  }
  return base;
}

function uniqueEmail(random: SeededRandom, firstName: string, lastName: string, taken: Set<string>): string {
  const first = asciiLocalPart(firstName);
  const last = asciiLocalPart(lastName);
  const domain = random.pick(EMAIL_DOMAINS);
  const styles = [`${first}.${last}`, `${first}${last}`, `${first.charAt(0)}${last}`, `${first}_${last}`];
  let local = random.pick(styles);
  if (random.chance(0.3)) local += String(random.integer(1, 99));
  let email = `${local}@${domain}`;
  for (let suffix = 2; taken.has(email); suffix++) email = `${local}${suffix}@${domain}`;
  taken.add(email);
  return email;
}

function asciiLocalPart(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}

interface SalesRepresentatives {
  ids: number[];
  /** Hire times in window seconds (may be negative), ascending, parallel to `ids`. */
  hiredSecond: Float64Array;
}

async function writeEmployees(
  insert: Insert,
  random: SeededRandom,
  calendar: Calendar,
  scale: number,
): Promise<SalesRepresentatives> {
  const count = scaled(BASE_COUNTS.employees, scale, 8);
  const salesManagers = Math.max(1, Math.round(count * 0.06));
  const operationsManagers = Math.max(1, Math.round(count * 0.05));
  const staff = count - 1 - salesManagers - operationsManagers;
  const staffRoles = [
    EMPLOYEE_ROLES.salesRepresentative,
    EMPLOYEE_ROLES.support,
    EMPLOYEE_ROLES.warehouse,
    EMPLOYEE_ROLES.marketing,
  ];
  const staffWeights = [45, 25, 20, 10];
  const homeCountries = COUNTRIES.slice(0, 8);
  const homeWeights = homeCountries.map((country) => country.weight);
  const yearSeconds = 365 * SECONDS_PER_DAY;
  const windowSeconds = calendar.days * SECONDS_PER_DAY;
  // Everyone is hired at 09:00 on their first day.
  const hireAt = (second: number): number =>
    Math.floor(second / SECONDS_PER_DAY) * SECONDS_PER_DAY + 9 * 3600;

  const representatives: { id: number; second: number }[] = [];
  let id = 0;
  const add = async (role: string, second: number, managerId: number | null): Promise<void> => {
    id++;
    if (role === EMPLOYEE_ROLES.salesRepresentative) representatives.push({ id, second });
    const country = homeCountries[random.weightedIndex(homeWeights)]?.name ?? 'United States';
    await insert('employees', [
      id,
      random.pick(FIRST_NAMES),
      random.pick(LAST_NAMES),
      role,
      calendar.timestamp(second),
      managerId,
      country,
    ]);
  };

  await add(EMPLOYEE_ROLES.ceo, hireAt(-random.integer(5 * yearSeconds, 7 * yearSeconds)), null);
  const salesManagerIds: number[] = [];
  for (let index = 0; index < salesManagers; index++) {
    await add(EMPLOYEE_ROLES.salesManager, hireAt(-random.integer(yearSeconds, 5 * yearSeconds)), 1);
    salesManagerIds.push(id);
  }
  const operationsManagerIds: number[] = [];
  for (let index = 0; index < operationsManagers; index++) {
    await add(EMPLOYEE_ROLES.operationsManager, hireAt(-random.integer(yearSeconds, 5 * yearSeconds)), 1);
    operationsManagerIds.push(id);
  }
  for (let index = 0; index < staff; index++) {
    // The first hire of every role comes before the window, so each role is staffed from day one.
    const role =
      index < staffRoles.length
        ? (staffRoles[index] as string)
        : (staffRoles[random.weightedIndex(staffWeights)] as string);
    const second =
      index < staffRoles.length || random.chance(0.55)
        ? hireAt(-random.integer(SECONDS_PER_DAY, 4 * yearSeconds))
        : hireAt(random.integer(0, windowSeconds - 1));
    const managerId =
      role === EMPLOYEE_ROLES.salesRepresentative
        ? random.pick(salesManagerIds)
        : role === EMPLOYEE_ROLES.marketing
          ? 1
          : random.pick(operationsManagerIds);
    await add(role, second, managerId);
  }

  const byHire = sortBySecond(representatives);
  return {
    ids: byHire.map((rep) => rep.id),
    hiredSecond: Float64Array.from(byHire.map((rep) => rep.second)),
  };
}

// ---------------------------------------------------------------------------------------------
// Orders, items, payments and reviews

interface OrderContext {
  insert: Insert;
  random: SeededRandom;
  calendar: Calendar;
  products: ProductCatalogue;
  customers: CustomerBase;
  representatives: SalesRepresentatives;
  scale: number;
}

interface PendingReview {
  second: number;
  productId: number;
  customerId: number;
  rating: number;
}

async function writeOrders(context: OrderContext): Promise<void> {
  const { insert, random, calendar, products, customers, representatives } = context;
  const orderCount = scaled(BASE_COUNTS.orders, context.scale, 50);
  const perDay = ordersPerDay(random, calendar, orderCount);
  const lastDay = calendar.days - 1;
  const windowEnd = calendar.days * SECONDS_PER_DAY - 1;
  const reviews: PendingReview[] = [];
  const reviewed = new Set<number>();
  const productCount = products.priceCents.length;

  let orderId = 0;
  let itemId = 0;
  let paymentId = 0;
  for (let day = 0; day < calendar.days; day++) {
    const count = perDay[day] as number;
    const times = new Int32Array(count);
    for (let index = 0; index < count; index++) {
      times[index] = random.weightedIndex(HOUR_WEIGHTS) * 3600 + random.integer(0, 3599);
    }
    times.sort();
    const promotion = promotionOf(calendar, day);
    for (let index = 0; index < count; index++) {
      const second = day * SECONDS_PER_DAY + (times[index] as number);
      const customerIndex = drawCumulative(
        random,
        customers.activity,
        upperBound(customers.createdSecond, second),
      );
      const segment = customers.segment[customerIndex] as number;
      const availableProducts = upperBound(products.createdSecond, second);

      // Items: distinct products, priced at list price or a promotion discount.
      const wanted = random.weightedIndex(ITEMS_PER_ORDER_WEIGHTS);
      const items: { productIndex: number; quantity: number; unitCents: number }[] = [];
      for (let attempt = 0; items.length < wanted && attempt < wanted * 3; attempt++) {
        const productIndex = drawCumulative(random, products.popularity, availableProducts);
        if (items.some((item) => item.productIndex === productIndex)) continue;
        let quantity = random.weightedIndex(QUANTITY_WEIGHTS);
        if (segment === 1 && random.chance(0.3)) quantity += random.integer(2, 9);
        const discount = random.chance(promotion.share) ? promotion.discount : 0;
        const unitCents = Math.round((products.priceCents[productIndex] as number) * (1 - discount));
        items.push({ productIndex, quantity, unitCents });
      }
      const totalCents = items.reduce((sum, item) => sum + item.quantity * item.unitCents, 0);
      const status = orderStatus(random, lastDay - day);
      const eligibleRepresentatives = upperBound(representatives.hiredSecond, second);
      const employeeId =
        eligibleRepresentatives > 0 && random.chance(segment === 1 ? 0.4 : 0.1)
          ? (representatives.ids[random.integer(0, eligibleRepresentatives - 1)] as number)
          : null;

      orderId++;
      await insert('orders', [
        orderId,
        customerIndex + 1,
        employeeId,
        calendar.dayStrings[day],
        status,
        money(totalCents),
      ]);
      for (const item of items) {
        await insert('order_items', [
          ++itemId,
          orderId,
          item.productIndex + 1,
          item.quantity,
          money(item.unitCents),
        ]);
      }

      // Payments: none for cancelled orders or pending ones still awaiting payment; a few paid
      // partly with a gift card.
      if (status !== 'cancelled' && !(status === 'pending' && random.chance(0.45))) {
        const parts: { method: (typeof PAYMENT_METHODS)[number]; cents: number }[] = [];
        if (totalCents >= 3000 && random.chance(0.04)) {
          const giftCents = Math.min(random.pick([1000, 2500, 5000]), totalCents - 500);
          parts.push(
            { method: 'gift_card', cents: giftCents },
            { method: random.chance(0.7) ? 'card' : 'paypal', cents: totalCents - giftCents },
          );
        } else {
          parts.push({
            method: PAYMENT_METHODS[random.weightedIndex(PAYMENT_METHOD_WEIGHTS)] ?? 'card',
            cents: totalCents,
          });
        }
        for (const part of parts) {
          const delay =
            part.method === 'bank_transfer'
              ? random.integer(SECONDS_PER_DAY, 3 * SECONDS_PER_DAY)
              : random.integer(5, 15 * 60);
          await insert('payments', [
            ++paymentId,
            orderId,
            money(part.cents),
            part.method,
            calendar.timestamp(Math.min(second + delay, windowEnd)),
          ]);
        }
      }

      // Reviews come from customers who received the product; returns earn poor ratings.
      if (status === 'delivered' || status === 'returned') {
        for (const item of items) {
          if (!random.chance(status === 'returned' ? 0.45 : 0.13)) continue;
          const reviewSecond = second + random.integer(3 * SECONDS_PER_DAY, 45 * SECONDS_PER_DAY);
          const key = customerIndex * productCount + item.productIndex;
          if (reviewSecond > windowEnd || reviewed.has(key)) continue;
          reviewed.add(key);
          const quality = products.quality[item.productIndex] as number;
          const rating =
            status === 'returned'
              ? random.integer(1, 2)
              : Math.min(5, Math.max(1, Math.round(quality + random.normal() * 0.8)));
          reviews.push({
            second: reviewSecond,
            productId: item.productIndex + 1,
            customerId: customerIndex + 1,
            rating,
          });
        }
      }
    }
  }

  let reviewId = 0;
  for (const review of sortBySecond(reviews)) {
    const title = random.pick(REVIEW_TITLES[review.rating as 1 | 2 | 3 | 4 | 5]);
    await insert('reviews', [
      ++reviewId,
      review.productId,
      review.customerId,
      review.rating,
      title,
      calendar.timestamp(review.second),
    ]);
  }
}

/**
 * Splits the orders over the days: growth over the two years, a month-of-year season with a busy
 * November and December, busier weekends, Black Friday and Cyber Monday peaks, quiet holidays,
 * and some day-to-day noise. Rounding the running total keeps the sum exact.
 */
function ordersPerDay(random: SeededRandom, calendar: Calendar, orderCount: number): Int32Array {
  const weights = new Float64Array(calendar.days);
  let total = 0;
  for (let day = 0; day < calendar.days; day++) {
    const date = new Date((calendar.firstEpochDay + day) * MILLISECONDS_PER_DAY);
    const month = date.getUTCMonth();
    const dayOfMonth = date.getUTCDate();
    let weight =
      (1 + (0.6 * day) / calendar.days) *
      (MONTH_SEASONALITY[month] as number) *
      (WEEKDAY_FACTOR[date.getUTCDay()] as number) *
      (0.85 + 0.3 * random.next());
    if (month === 10) {
      const blackFriday = blackFridayOf(date.getUTCFullYear());
      if (dayOfMonth === blackFriday) weight *= 3;
      if (dayOfMonth === blackFriday + 3) weight *= 2.2;
    }
    if (month === 11 && dayOfMonth >= 24 && dayOfMonth <= 26) weight *= 0.6;
    if (month === 0 && dayOfMonth === 1) weight *= 0.6;
    weights[day] = weight;
    total += weight;
  }
  const counts = new Int32Array(calendar.days);
  let running = 0;
  let assigned = 0;
  for (let day = 0; day < calendar.days; day++) {
    running += weights[day] as number;
    const upTo = day === calendar.days - 1 ? orderCount : Math.round((running / total) * orderCount);
    counts[day] = upTo - assigned;
    assigned = upTo;
  }
  return counts;
}

/** Day of November of Black Friday: the day after the fourth Thursday. */
function blackFridayOf(year: number): number {
  const firstWeekday = new Date(Date.UTC(year, 10, 1)).getUTCDay();
  const firstThursday = 1 + ((4 - firstWeekday + 7) % 7);
  return firstThursday + 21 + 1;
}

/** Share of items discounted, and by how much, on a window day. */
function promotionOf(calendar: Calendar, day: number): { share: number; discount: number } {
  const date = new Date((calendar.firstEpochDay + day) * MILLISECONDS_PER_DAY);
  const month = date.getUTCMonth();
  const dayOfMonth = date.getUTCDate();
  if ((month === 10 && dayOfMonth >= 20) || (month === 11 && dayOfMonth <= 2))
    return { share: 0.3, discount: 0.2 };
  return { share: 0.06, discount: 0.1 };
}

/** Recent orders are still pending or on their way; older ones were delivered, cancelled or returned. */
function orderStatus(random: SeededRandom, ageInDays: number): string {
  const roll = random.next();
  if (ageInDays <= 1) return roll < 0.7 ? 'pending' : roll < 0.95 ? 'shipped' : 'cancelled';
  if (ageInDays <= 6)
    return roll < 0.1 ? 'pending' : roll < 0.75 ? 'shipped' : roll < 0.95 ? 'delivered' : 'cancelled';
  if (ageInDays < 14) return roll < 0.95 ? 'delivered' : 'cancelled';
  return roll < 0.89 ? 'delivered' : roll < 0.94 ? 'cancelled' : 'returned';
}
