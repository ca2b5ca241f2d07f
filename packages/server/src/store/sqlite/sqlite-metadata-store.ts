import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, SqliteDialect, sql, type Selectable } from 'kysely';
import { Text2xError, timeOrderedId } from '../../core/index.js';
import type {
  ApiKeyRecord,
  Conversation,
  FeedbackRecord,
  MetadataStore,
  NewApiKey,
  NewFeedback,
  NewTurn,
  Turn,
  TurnStatus,
} from '../metadata-store.js';
import { migrateSqliteMetadataStore } from './sqlite-migrations.js';
import type {
  ApiKeysTable,
  ConversationsTable,
  FeedbackTable,
  ProvidersTable,
  SqliteMetadataTables,
  TurnsTable,
} from './sqlite-metadata-tables.js';

/** The providers folder's ProviderConfig, taken from the contract so the store needs no deep import. */
type ProviderConfig = Parameters<MetadataStore['addProvider']>[0];

/** Where the SQLite metadata store keeps its data. */
export type SqliteMetadataStoreOptions =
  /** `<dataDir>/text2x.db`; the directory is created when missing. */
  | { dataDir: string }
  /** A private in-memory database that disappears on `close()`: for tests and evals. */
  | { memory: true };

/** File name of the metadata database inside the data directory. */
export const SQLITE_METADATA_FILE_NAME = 'text2x.db';

/** Embedded SQLite implementation of the metadata store (the default). */
export class SqliteMetadataStore implements MetadataStore {
  readonly #db: Kysely<SqliteMetadataTables>;
  /**
   * The same connection, for the statements every run makes (conversation, history, turn): they
   * are prepared once and reused, where Kysely would compile and prepare them on every call. Each
   * is one statement, so none can interleave with another's transaction.
   */
  readonly #hot: HotStatements;
  /**
   * Group commit for the per-run writes: conversations and turns written in the same turn of the
   * event loop are committed together in one transaction (each in its own savepoint, so one
   * failing write fails alone). A write's promise settles only after its commit. Every read, and
   * every other write, commits what is pending first, so nothing ever reads around a queued write.
   */
  readonly #pending: PendingWrite[] = [];
  #flushScheduled = false;
  readonly #commitBatch: (jobs: readonly PendingWrite[]) => WriteOutcome[];
  /** File path, or `:memory:`. */
  readonly path: string;
  #closed = false;

  private constructor(db: Kysely<SqliteMetadataTables>, database: Database.Database, path: string) {
    this.#db = db;
    this.#hot = prepareHotStatements(database);
    const inSavepoint = database.transaction((job: PendingWrite) => job.run());
    this.#commitBatch = database.transaction((jobs: readonly PendingWrite[]) =>
      jobs.map((job): WriteOutcome => {
        try {
          return { ok: true, value: inSavepoint(job) };
        } catch (error) {
          return { ok: false, error };
        }
      }),
    );
    this.path = path;
  }

  /** Opens (creating when needed) the database and runs any pending migrations. */
  static async open(options: SqliteMetadataStoreOptions): Promise<SqliteMetadataStore> {
    let path = ':memory:';
    if ('dataDir' in options) {
      mkdirSync(options.dataDir, { recursive: true });
      path = join(options.dataDir, SQLITE_METADATA_FILE_NAME);
    }
    let database: Database.Database;
    try {
      database = new Database(path);
    } catch (error) {
      throw new Text2xError('INTERNAL', 'The metadata store could not be opened.', {
        cause: error,
        details: { path },
      });
    }
    // WAL lets readers (CLI, a second process) read while the server writes; busy_timeout makes a
    // concurrent writer wait instead of failing at once.
    database.pragma('journal_mode = WAL');
    database.pragma('synchronous = NORMAL');
    database.pragma('foreign_keys = ON');
    database.pragma('busy_timeout = 5000');
    const db = new Kysely<SqliteMetadataTables>({ dialect: new SqliteDialect({ database }) });
    try {
      await migrateSqliteMetadataStore(db);
    } catch (error) {
      await db.destroy();
      throw error;
    }
    return new SqliteMetadataStore(db, database, path);
  }

  async listProviders(): Promise<ProviderConfig[]> {
    this.#flush();
    const rows = await this.#db.selectFrom('providers').selectAll().orderBy('id').execute();
    return rows.map(toProviderConfig);
  }

  async getProvider(id: string): Promise<ProviderConfig | undefined> {
    this.#flush();
    const row = await this.#db.selectFrom('providers').selectAll().where('id', '=', id).executeTakeFirst();
    return row === undefined ? undefined : toProviderConfig(row);
  }

  async addProvider(config: ProviderConfig): Promise<void> {
    this.#flush();
    const { id, kind, description, ...rest } = config;
    const result = await this.#db
      .insertInto('providers')
      .values({
        id,
        kind,
        config: JSON.stringify(rest),
        description: description ?? null,
        created_at: new Date().toISOString(),
      })
      .onConflict((conflict) => conflict.column('id').doNothing())
      .executeTakeFirst();
    if (result.numInsertedOrUpdatedRows === 0n) {
      throw new Text2xError('PROVIDER_EXISTS', undefined, { details: { id } });
    }
  }

  async removeProvider(id: string): Promise<boolean> {
    this.#flush();
    const result = await this.#db.deleteFrom('providers').where('id', '=', id).executeTakeFirst();
    return result.numDeletedRows > 0n;
  }

  async createConversation(input: { id?: string; providerId: string }): Promise<Conversation> {
    const row = {
      id: input.id ?? timeOrderedId(),
      provider_id: input.providerId,
      created_at: new Date().toISOString(),
    };
    return this.#write(() => {
      const result = this.#hot.insertConversation.run(row.id, row.provider_id, row.created_at);
      if (result.changes === 0) {
        throw new Text2xError('INVALID_REQUEST', 'A conversation with that id already exists.', {
          details: { id: row.id },
        });
      }
      return toConversation(row);
    });
  }

  async getConversation(id: string): Promise<Conversation | undefined> {
    await Promise.resolve();
    this.#assertOpen();
    this.#flush();
    const row = this.#hot.getConversation.get(id) as Selectable<ConversationsTable> | undefined;
    return row === undefined ? undefined : toConversation(row);
  }

  async addTurn(turn: NewTurn): Promise<Turn> {
    // One INSERT … SELECT … RETURNING: the index is computed and written by the same statement (so
    // two writers cannot take the same index), and selecting from `conversations` makes an unknown
    // conversation insert nothing.
    const values = {
      id: timeOrderedId(),
      conversation_id: turn.conversationId,
      question: turn.question,
      status: turn.status,
      query: turn.query,
      confidence: turn.confidence,
      validation_status: turn.validationStatus,
      clarification: toJsonOrNull(turn.clarification),
      execution: toJsonOrNull(turn.execution),
      error_code: turn.errorCode,
      timings: JSON.stringify(turn.timings),
      generator: turn.generator,
      created_at: new Date().toISOString(),
    };
    return this.#write((): Turn => {
      const index = this.#hot.insertTurn.get(values) as number | undefined;
      if (index === undefined) {
        throw new Text2xError('CONVERSATION_NOT_FOUND', undefined, { details: { id: turn.conversationId } });
      }
      // What was written, as listTurns will read it back (JSON columns as fresh copies).
      return {
        id: values.id,
        conversationId: turn.conversationId,
        index,
        question: turn.question,
        status: turn.status,
        query: turn.query,
        confidence: turn.confidence,
        validationStatus: turn.validationStatus,
        clarification: parseJsonOrNull<Turn['clarification']>(values.clarification),
        execution: parseJsonOrNull<Turn['execution']>(values.execution),
        errorCode: turn.errorCode,
        timings: { ...turn.timings },
        generator: turn.generator,
        createdAt: values.created_at,
      };
    });
  }

  async listTurns(conversationId: string, limit?: number): Promise<Turn[]> {
    if (limit !== undefined && !(Number.isInteger(limit) && limit >= 0)) {
      throw new Text2xError('INVALID_REQUEST', 'The turn limit must be a whole number of zero or more.');
    }
    await Promise.resolve();
    this.#assertOpen();
    this.#flush();
    // A negative LIMIT is no limit in SQLite.
    const rows = this.#hot.listTurns.all(conversationId, limit ?? -1) as Selectable<TurnsTable>[];
    return rows.reverse().map(toTurn);
  }

  async createApiKey(key: NewApiKey): Promise<ApiKeyRecord> {
    this.#flush();
    const row: Selectable<ApiKeysTable> = {
      id: timeOrderedId(),
      name: key.name,
      hash: key.hash,
      prefix: key.prefix,
      created_at: new Date().toISOString(),
      revoked_at: null,
      last_used_at: null,
    };
    const result = await this.#db
      .insertInto('api_keys')
      .values(row)
      .onConflict((conflict) => conflict.column('hash').doNothing())
      .executeTakeFirst();
    if (result.numInsertedOrUpdatedRows === 0n) {
      throw new Text2xError('INVALID_REQUEST', 'An API key with the same hash already exists.');
    }
    return toApiKey(row);
  }

  async listApiKeys(): Promise<ApiKeyRecord[]> {
    this.#flush();
    const rows = await this.#db
      .selectFrom('api_keys')
      .selectAll()
      .orderBy('created_at')
      .orderBy(sql`rowid`)
      .execute();
    return rows.map(toApiKey);
  }

  async findApiKeyByHash(hash: string): Promise<ApiKeyRecord | undefined> {
    this.#flush();
    const row = await this.#db.selectFrom('api_keys').selectAll().where('hash', '=', hash).executeTakeFirst();
    return row === undefined ? undefined : toApiKey(row);
  }

  async revokeApiKey(id: string): Promise<boolean> {
    this.#flush();
    const result = await this.#db
      .updateTable('api_keys')
      .set({ revoked_at: sql<string>`coalesce(revoked_at, ${new Date().toISOString()})` })
      .where('id', '=', id)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  async markApiKeyUsed(id: string, at: string = new Date().toISOString()): Promise<void> {
    this.#flush();
    await this.#db.updateTable('api_keys').set({ last_used_at: at }).where('id', '=', id).execute();
  }

  async countApiKeys(): Promise<{ total: number; active: number }> {
    this.#flush();
    const row = await this.#db
      .selectFrom('api_keys')
      .select([
        sql<number>`count(*)`.as('total'),
        sql<number>`count(*) filter (where revoked_at is null)`.as('active'),
      ])
      .executeTakeFirstOrThrow();
    return { total: Number(row.total), active: Number(row.active) };
  }

  async addFeedback(feedback: NewFeedback): Promise<FeedbackRecord> {
    this.#flush();
    const row: Selectable<FeedbackTable> = {
      id: timeOrderedId(),
      turn_id: feedback.turnId,
      rating: feedback.rating,
      comment: feedback.comment ?? null,
      corrected_query: feedback.correctedQuery ?? null,
      created_at: new Date().toISOString(),
    };
    // INSERT … SELECT from turns: an unknown turn inserts nothing instead of failing on the key.
    const result = await this.#db
      .insertInto('feedback')
      .columns(['id', 'turn_id', 'rating', 'comment', 'corrected_query', 'created_at'])
      .expression((eb) =>
        eb
          .selectFrom('turns')
          .select([
            eb.val(row.id).as('id'),
            'turns.id as turn_id',
            eb.val(row.rating).as('rating'),
            eb.val(row.comment).as('comment'),
            eb.val(row.corrected_query).as('corrected_query'),
            eb.val(row.created_at).as('created_at'),
          ])
          .where('turns.id', '=', feedback.turnId),
      )
      .executeTakeFirst();
    if (result.numInsertedOrUpdatedRows === 0n) {
      throw new Text2xError('NOT_FOUND', 'No turn has that id.', { details: { turn_id: feedback.turnId } });
    }
    return toFeedback(row);
  }

  async listFeedback(conversationId: string): Promise<FeedbackRecord[]> {
    this.#flush();
    const rows = await this.#db
      .selectFrom('feedback')
      .innerJoin('turns', 'turns.id', 'feedback.turn_id')
      .selectAll('feedback')
      .where('turns.conversation_id', '=', conversationId)
      .orderBy('feedback.created_at')
      .orderBy(sql`feedback.rowid`)
      .execute();
    return rows.map(toFeedback);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#flush();
    this.#closed = true;
    await this.#db.destroy();
  }

  #assertOpen(): void {
    if (this.#closed) throw new Text2xError('INTERNAL', 'The metadata store has been closed.');
  }

  /** Queues a write for the next group commit (see `#pending`). */
  #write<T>(run: () => T): Promise<T> {
    if (this.#closed) {
      return Promise.reject(new Text2xError('INTERNAL', 'The metadata store has been closed.'));
    }
    return new Promise<T>((resolve, reject) => {
      this.#pending.push({ run, resolve: resolve as (value: unknown) => void, reject });
      if (!this.#flushScheduled) {
        this.#flushScheduled = true;
        setImmediate(() => this.#flush());
      }
    });
  }

  /** Commits the queued writes now: alone when there is one, else in one transaction. */
  #flush(): void {
    this.#flushScheduled = false;
    if (this.#pending.length === 0) return;
    const jobs = this.#pending.splice(0);
    let outcomes: WriteOutcome[];
    try {
      outcomes = jobs.length === 1 ? [runAlone(jobs[0] as PendingWrite)] : this.#commitBatch(jobs);
    } catch (error) {
      for (const job of jobs) job.reject(error);
      return;
    }
    jobs.forEach((job, index) => {
      const outcome = outcomes[index] as WriteOutcome;
      if (outcome.ok) job.resolve(outcome.value);
      else job.reject(outcome.error);
    });
  }
}

interface PendingWrite {
  run: () => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

type WriteOutcome = { ok: true; value: unknown } | { ok: false; error: unknown };

function runAlone(job: PendingWrite): WriteOutcome {
  try {
    return { ok: true, value: job.run() };
  } catch (error) {
    return { ok: false, error };
  }
}

interface HotStatements {
  insertConversation: Database.Statement;
  getConversation: Database.Statement;
  insertTurn: Database.Statement;
  listTurns: Database.Statement;
}

function prepareHotStatements(database: Database.Database): HotStatements {
  return {
    insertConversation: database.prepare(
      'INSERT INTO conversations (id, provider_id, created_at) VALUES (?, ?, ?) ON CONFLICT (id) DO NOTHING',
    ),
    getConversation: database.prepare('SELECT * FROM conversations WHERE id = ?'),
    insertTurn: database
      .prepare(
        `INSERT INTO turns (id, conversation_id, turn_index, question, status, query, confidence,
         validation_status, clarification, execution, error_code, timings, generator, created_at)
       SELECT :id, conversations.id,
         coalesce((SELECT max(turn_index) FROM turns WHERE conversation_id = :conversation_id), 0) + 1,
         :question, :status, :query, :confidence, :validation_status, :clarification, :execution,
         :error_code, :timings, :generator, :created_at
       FROM conversations WHERE conversations.id = :conversation_id
       RETURNING turn_index`,
      )
      .pluck(),
    listTurns: database.prepare(
      'SELECT * FROM turns WHERE conversation_id = ? ORDER BY turn_index DESC LIMIT ?',
    ),
  };
}

function toProviderConfig(row: Selectable<ProvidersTable>): ProviderConfig {
  const rest: unknown = JSON.parse(row.config);
  const extra = typeof rest === 'object' && rest !== null && !Array.isArray(rest) ? rest : {};
  // The stored kind is trusted: rows are only written through addProvider with a typed config.
  return {
    ...extra,
    id: row.id,
    kind: row.kind,
    ...(row.description === null ? {} : { description: row.description }),
  } as ProviderConfig;
}

function toConversation(row: Selectable<ConversationsTable>): Conversation {
  return { id: row.id, providerId: row.provider_id, createdAt: row.created_at };
}

function toTurn(row: Selectable<TurnsTable>): Turn {
  return {
    id: row.id,
    conversationId: row.conversation_id,
    index: row.turn_index,
    question: row.question,
    status: row.status as TurnStatus,
    query: row.query,
    confidence: row.confidence,
    validationStatus: row.validation_status as Turn['validationStatus'],
    clarification: parseJsonOrNull<Turn['clarification']>(row.clarification),
    execution: parseJsonOrNull<Turn['execution']>(row.execution),
    errorCode: row.error_code,
    timings: JSON.parse(row.timings) as Turn['timings'],
    generator: row.generator,
    createdAt: row.created_at,
  };
}

function toApiKey(row: Selectable<ApiKeysTable>): ApiKeyRecord {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    createdAt: row.created_at,
    revokedAt: row.revoked_at,
    lastUsedAt: row.last_used_at,
  };
}

function toFeedback(row: Selectable<FeedbackTable>): FeedbackRecord {
  return {
    id: row.id,
    turnId: row.turn_id,
    rating: row.rating as FeedbackRecord['rating'],
    comment: row.comment,
    correctedQuery: row.corrected_query,
    createdAt: row.created_at,
  };
}

function toJsonOrNull(value: unknown): string | null {
  return value === null || value === undefined ? null : JSON.stringify(value);
}

function parseJsonOrNull<T>(text: string | null): T | null {
  return text === null ? null : (JSON.parse(text) as T);
}
