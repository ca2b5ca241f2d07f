import type { SpiderHardness } from './spider-hardness.js';

/** Engines an evaluation can run on. */
export type EvalDialect = 'sqlite' | 'postgres' | 'mysql';

/** Which scoring rules apply to an item (see `scorePrediction`). */
export type EvalBenchmark = 'spider' | 'defog';

/** One benchmark question with its gold answer, ready to evaluate. */
export interface EvalItem {
  /** Unique within a dataset: `<file stem>/<index>` or `<file stem>/<interaction>/<turn>`. */
  id: string;
  benchmark: EvalBenchmark;
  /** Database name (`db_id` / `database_id` / `db_name`). */
  dbId: string;
  /**
   * Where the gold and the prediction run: the absolute path of the SQLite file, or for the
   * `postgres` and `mysql` dialects the URL of the server database.
   */
  dbPath: string;
  /** The engine `dbPath` belongs to; absent means `sqlite`. */
  dialect?: EvalDialect;
  /** The question to ask, in the loader's chosen wording. */
  question: string;
  /**
   * Gold queries; the prediction is right if it matches any of them. Spider: one query. defog:
   * every `;`-separated alternative with its `{…}` column choices expanded.
   */
  gold: string[];
  /** Spider difficulty (easy/medium/hard/extra). */
  hardness?: SpiderHardness;
  /**
   * True when `hardness` was computed here (the file had no `hardness` field) with the port of
   * Spider's `eval_hardness`, from the file's parsed `sql` when present, else from the query.
   */
  hardnessComputed?: boolean;
  /** defog `query_category` (group_by, order_by, ratio, table_join, date_functions, instruct), or
   * `unanswerable` for idk.csv questions. */
  category?: string;
  /** defog instructions for this question ('' in the file becomes absent); callers may append
   * them to the question. */
  instructions?: string;
  /** defog idk.csv: the data cannot answer it; declining is the right answer. */
  unanswerable?: boolean;
  /** Multi-turn sets (SParC, CoSQL): the conversation this turn belongs to. */
  interactionId?: string;
  /** Multi-turn sets: 0-based position in the conversation. */
  turnIndex?: number;
}
