import { existsSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type { EvalItem } from './eval-item.js';
import { evalSpiderHardness, type SpiderHardness, type SpiderSql } from './spider-hardness.js';
import { spiderSqlFromQuery } from './spider-sql-from-query.js';

export interface LoadSpiderItemsOptions {
  /** Folder holding the JSON file and `database/<db_id>/<db_id>.sqlite`. */
  dir: string;
  /** JSON file inside `dir`; default `spider_dev.json`. */
  file?: string;
  /**
   * Which wording to use when a file has two: `original` (`SpiderQuestion`, or `question` in
   * train.json) or `syn` (`SpiderSynQuestion`, or train.json's `question_syn`). Default: the
   * file's own wording (`SpiderSynQuestion` in Spider-Syn files, else `question`).
   */
  variant?: 'original' | 'syn';
  /**
   * Leave out the questions of databases missing from `database/` instead of throwing; default
   * false. (spider-train ships without `baseball_1`, 82 of its questions.) `skipped` receives them.
   */
  skipMissingDatabases?: boolean;
  /** Filled with `{ dbId, questions }` for each database left out by `skipMissingDatabases`. */
  skipped?: { dbId: string; questions: number }[];
}

const HARDNESS = new Set<string>(['easy', 'medium', 'hard', 'extra']);

interface RawSingleTurn {
  db_id?: string;
  query?: string;
  question?: string;
  question_syn?: string;
  SpiderQuestion?: string;
  SpiderSynQuestion?: string;
  hardness?: string;
  sql?: SpiderSql;
}

interface RawTurn {
  utterance?: string;
  query?: string;
  sql?: SpiderSql;
}

interface RawInteraction {
  database_id?: string;
  interaction?: RawTurn[];
}

/**
 * Loads a Spider-family file: Spider dev/train, Spider-Syn (`SpiderQuestion` /
 * `SpiderSynQuestion`), Spider-Realistic, Spider-DK, and the multi-turn SParC and CoSQL files
 * (`interaction` arrays of `utterance` / `query`), which are flattened into one item per turn with
 * `interactionId` and `turnIndex` so the caller can pass earlier turns as history.
 *
 * `hardness` comes from the file when present; otherwise it is computed with the port of Spider's
 * `eval_hardness` from the turn's parsed `sql` field or, without one, from the query, and
 * `hardnessComputed` is set. Throws when the file is missing, when a database is missing (unless
 * `skipMissingDatabases`), or when the requested wording is not in the file.
 */
export function loadSpiderItems(options: LoadSpiderItemsOptions): EvalItem[] {
  const dir = resolve(options.dir);
  const file = options.file ?? 'spider_dev.json';
  const path = join(dir, file);
  if (!existsSync(path)) throw new Error(`Spider file not found: ${path}`);
  const data: unknown = JSON.parse(readFileSync(path, 'utf8'));
  if (!Array.isArray(data)) throw new Error(`${path}: expected a JSON array`);
  const stem = basename(file).replace(/\.json$/i, '');
  const databases = new Map<string, string | null>();
  const dbPath = (dbId: string): string | null => {
    let found = databases.get(dbId);
    if (found === undefined) {
      const candidate = join(dir, 'database', dbId, `${dbId}.sqlite`);
      found = existsSync(candidate) ? candidate : null;
      databases.set(dbId, found);
    }
    return found;
  };

  const first: unknown = data[0];
  const multiTurn = typeof first === 'object' && first !== null && 'interaction' in first;
  const items = multiTurn
    ? loadInteractions(data as RawInteraction[], stem, dbPath)
    : loadSingleTurns(data as RawSingleTurn[], stem, dbPath, options.variant, path);

  const missing = new Map<string, number>();
  for (const item of items) if (item.dbPath === '') missing.set(item.dbId, (missing.get(item.dbId) ?? 0) + 1);
  if (missing.size > 0 && !options.skipMissingDatabases) {
    const list = [...missing].map(([dbId, questions]) => `${dbId} (${questions} questions)`).join(', ');
    throw new Error(
      `${path}: database files missing under ${join(dir, 'database')}: ${list}; ` +
        'pass skipMissingDatabases to leave those questions out',
    );
  }
  for (const [dbId, questions] of missing) options.skipped?.push({ dbId, questions });
  return items.filter((item) => item.dbPath !== '');
}

function hardnessOf(
  given: string | undefined,
  sql: SpiderSql | undefined,
  query: string,
): Pick<EvalItem, 'hardness' | 'hardnessComputed'> {
  if (given !== undefined && HARDNESS.has(given)) return { hardness: given as SpiderHardness };
  const parsed = sql ?? spiderSqlFromQuery(query);
  return parsed ? { hardness: evalSpiderHardness(parsed), hardnessComputed: true } : {};
}

function questionField(
  records: readonly RawSingleTurn[],
  variant: LoadSpiderItemsOptions['variant'],
  path: string,
): keyof RawSingleTurn {
  const sample = records[0] ?? {};
  const has = (key: keyof RawSingleTurn): boolean => typeof sample[key] === 'string';
  if (has('SpiderSynQuestion') || has('SpiderQuestion')) {
    const key = variant === 'original' ? 'SpiderQuestion' : 'SpiderSynQuestion';
    if (!has(key)) throw new Error(`${path}: no ${key} field`);
    return key;
  }
  if (variant === 'syn') {
    if (!has('question_syn')) throw new Error(`${path}: no synonym wording (question_syn) in this file`);
    return 'question_syn';
  }
  if (!has('question')) throw new Error(`${path}: no question field`);
  return 'question';
}

function loadSingleTurns(
  records: RawSingleTurn[],
  stem: string,
  dbPath: (dbId: string) => string | null,
  variant: LoadSpiderItemsOptions['variant'],
  path: string,
): EvalItem[] {
  const field = questionField(records, variant, path);
  return records.map((record, index) => {
    const dbId = record.db_id;
    const query = record.query;
    const question = record[field];
    if (typeof dbId !== 'string' || typeof query !== 'string' || typeof question !== 'string') {
      throw new Error(`${path}: record ${index} lacks db_id, query or ${field}`);
    }
    return {
      id: `${stem}/${index}`,
      benchmark: 'spider',
      dbId,
      dbPath: dbPath(dbId) ?? '',
      question,
      gold: [query],
      ...hardnessOf(record.hardness, record.sql, query),
    };
  });
}

function loadInteractions(
  interactions: RawInteraction[],
  stem: string,
  dbPath: (dbId: string) => string | null,
): EvalItem[] {
  const items: EvalItem[] = [];
  interactions.forEach((interaction, interactionIndex) => {
    const dbId = interaction.database_id;
    if (typeof dbId !== 'string')
      throw new Error(`${stem}: interaction ${interactionIndex} lacks database_id`);
    // The files' `interaction_id` is absent or repeats across databases; the position is unique.
    const interactionId = `${stem}/${interactionIndex}`;
    (interaction.interaction ?? []).forEach((turn, turnIndex) => {
      if (typeof turn.utterance !== 'string' || typeof turn.query !== 'string') {
        throw new Error(`${interactionId}: turn ${turnIndex} lacks utterance or query`);
      }
      items.push({
        id: `${interactionId}/${turnIndex}`,
        benchmark: 'spider',
        dbId,
        dbPath: dbPath(dbId) ?? '',
        question: turn.utterance,
        gold: [turn.query],
        interactionId,
        turnIndex,
        ...hardnessOf(undefined, turn.sql, turn.query),
      });
    });
  });
  return items;
}
