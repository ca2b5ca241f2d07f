import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, SqliteDialect, sql, type Selectable } from 'kysely';
import { Text2xError } from '../../core/index.js';
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
  /** File path, or `:memory:`. */
  readonly path: string;
  #closed = false;

  private constructor(db: Kysely<SqliteMetadataTables>, path: string) {
    this.#db = db;
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
    return new SqliteMetadataStore(db, path);
  }

  async listProviders(): Promise<ProviderConfig[]> {
    const rows = await this.#db.selectFrom('providers').selectAll().orderBy('id').execute();
    return rows.map(toProviderConfig);
  }

  async getProvider(id: string): Promise<ProviderConfig | undefined> {
    const row = await this.#db.selectFrom('providers').selectAll().where('id', '=', id).executeTakeFirst();
    return row === undefined ? undefined : toProviderConfig(row);
  }

  async addProvider(config: ProviderConfig): Promise<void> {
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
    const result = await this.#db.deleteFrom('providers').where('id', '=', id).executeTakeFirst();
    return result.numDeletedRows > 0n;
  }

  async createConversation(input: { id?: string; providerId: string }): Promise<Conversation> {
    const row = {
      id: input.id ?? randomUUID(),
      provider_id: input.providerId,
      created_at: new Date().toISOString(),
    };
    const result = await this.#db
      .insertInto('conversations')
      .values(row)
      .onConflict((conflict) => conflict.column('id').doNothing())
      .executeTakeFirst();
    if (result.numInsertedOrUpdatedRows === 0n) {
      throw new Text2xError('INVALID_REQUEST', 'A conversation with that id already exists.', {
        details: { id: row.id },
      });
    }
    return toConversation(row);
  }

  async getConversation(id: string): Promise<Conversation | undefined> {
    const row = await this.#db
      .selectFrom('conversations')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return row === undefined ? undefined : toConversation(row);
  }

  async addTurn(turn: NewTurn): Promise<Turn> {
    const id = randomUUID();
    const createdAt = new Date().toISOString();
    return this.#db.transaction().execute(async (trx) => {
      // One INSERT … SELECT: the index is computed and written by the same statement, so the
      // transaction starts with a write and holds the lock from its first step; selecting from
      // `conversations` makes an unknown conversation insert nothing.
      const result = await trx
        .insertInto('turns')
        .columns([
          'id',
          'conversation_id',
          'turn_index',
          'question',
          'status',
          'query',
          'confidence',
          'validation_status',
          'clarification',
          'execution',
          'error_code',
          'timings',
          'generator',
          'created_at',
        ])
        .expression((eb) =>
          eb
            .selectFrom('conversations')
            .select([
              eb.val(id).as('id'),
              'conversations.id as conversation_id',
              sql<number>`coalesce((select max(turn_index) from turns where conversation_id = ${turn.conversationId}), 0) + 1`.as(
                'turn_index',
              ),
              eb.val(turn.question).as('question'),
              eb.val(turn.status).as('status'),
              eb.val(turn.query).as('query'),
              eb.val(turn.confidence).as('confidence'),
              eb.val(turn.validationStatus).as('validation_status'),
              eb.val(toJsonOrNull(turn.clarification)).as('clarification'),
              eb.val(toJsonOrNull(turn.execution)).as('execution'),
              eb.val(turn.errorCode).as('error_code'),
              eb.val(JSON.stringify(turn.timings)).as('timings'),
              eb.val(turn.generator).as('generator'),
              eb.val(createdAt).as('created_at'),
            ])
            .where('conversations.id', '=', turn.conversationId),
        )
        .executeTakeFirst();
      if (result.numInsertedOrUpdatedRows === 0n) {
        throw new Text2xError('CONVERSATION_NOT_FOUND', undefined, { details: { id: turn.conversationId } });
      }
      const row = await trx.selectFrom('turns').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      return toTurn(row);
    });
  }

  async listTurns(conversationId: string, limit?: number): Promise<Turn[]> {
    if (limit !== undefined && !(Number.isInteger(limit) && limit >= 0)) {
      throw new Text2xError('INVALID_REQUEST', 'The turn limit must be a whole number of zero or more.');
    }
    let query = this.#db
      .selectFrom('turns')
      .selectAll()
      .where('conversation_id', '=', conversationId)
      .orderBy('turn_index', 'desc');
    if (limit !== undefined) query = query.limit(limit);
    const rows = await query.execute();
    return rows.reverse().map(toTurn);
  }

  async createApiKey(key: NewApiKey): Promise<ApiKeyRecord> {
    const row: Selectable<ApiKeysTable> = {
      id: randomUUID(),
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
    const rows = await this.#db
      .selectFrom('api_keys')
      .selectAll()
      .orderBy('created_at')
      .orderBy(sql`rowid`)
      .execute();
    return rows.map(toApiKey);
  }

  async findApiKeyByHash(hash: string): Promise<ApiKeyRecord | undefined> {
    const row = await this.#db.selectFrom('api_keys').selectAll().where('hash', '=', hash).executeTakeFirst();
    return row === undefined ? undefined : toApiKey(row);
  }

  async revokeApiKey(id: string): Promise<boolean> {
    const result = await this.#db
      .updateTable('api_keys')
      .set({ revoked_at: sql<string>`coalesce(revoked_at, ${new Date().toISOString()})` })
      .where('id', '=', id)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  async markApiKeyUsed(id: string, at: string = new Date().toISOString()): Promise<void> {
    await this.#db.updateTable('api_keys').set({ last_used_at: at }).where('id', '=', id).execute();
  }

  async countApiKeys(): Promise<{ total: number; active: number }> {
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
    const row: Selectable<FeedbackTable> = {
      id: randomUUID(),
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
    this.#closed = true;
    await this.#db.destroy();
  }
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
