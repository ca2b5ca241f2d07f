import { Migrator, sql, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import { Text2xError } from '../../core/index.js';

/**
 * The migrations of the SQLite metadata database, in code so they work from `src` and `dist`
 * alike. Names sort in the order they run; a released migration is never edited, only followed.
 */
export const SQLITE_MIGRATIONS: Readonly<Record<string, Migration>> = {
  '0001_providers_conversations_turns': {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run before the typed schema exists
    async up(db: Kysely<any>): Promise<void> {
      await db.schema
        .createTable('providers')
        .addColumn('id', 'text', (column) => column.primaryKey())
        .addColumn('kind', 'text', (column) => column.notNull())
        .addColumn('config', 'text', (column) => column.notNull())
        .addColumn('description', 'text')
        .addColumn('created_at', 'text', (column) => column.notNull())
        .execute();

      await db.schema
        .createTable('conversations')
        .addColumn('id', 'text', (column) => column.primaryKey())
        .addColumn('provider_id', 'text', (column) => column.notNull())
        .addColumn('created_at', 'text', (column) => column.notNull())
        .execute();

      await db.schema
        .createTable('turns')
        .addColumn('id', 'text', (column) => column.primaryKey())
        .addColumn('conversation_id', 'text', (column) =>
          column.notNull().references('conversations.id').onDelete('cascade'),
        )
        .addColumn('turn_index', 'integer', (column) => column.notNull())
        .addColumn('question', 'text', (column) => column.notNull())
        .addColumn('status', 'text', (column) => column.notNull())
        .addColumn('query', 'text')
        .addColumn('confidence', 'real')
        .addColumn('validation_status', 'text')
        .addColumn('clarification', 'text')
        .addColumn('execution', 'text')
        .addColumn('error_code', 'text')
        .addColumn('timings', 'text', (column) => column.notNull().defaultTo(sql`'{}'`))
        .addColumn('generator', 'text')
        .addColumn('created_at', 'text', (column) => column.notNull())
        .execute();

      // Unique: two turns can never share an index, even if two writers race.
      await db.schema
        .createIndex('turns_conversation_id_turn_index')
        .on('turns')
        .columns(['conversation_id', 'turn_index'])
        .unique()
        .execute();
      await db.schema
        .createIndex('conversations_provider_id')
        .on('conversations')
        .column('provider_id')
        .execute();
    },
  },
  '0002_api_keys_feedback': {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run before the typed schema exists
    async up(db: Kysely<any>): Promise<void> {
      await db.schema
        .createTable('api_keys')
        .addColumn('id', 'text', (column) => column.primaryKey())
        .addColumn('name', 'text', (column) => column.notNull())
        // SHA-256 of the whole key (hex); the key itself is never stored.
        .addColumn('hash', 'text', (column) => column.notNull().unique())
        .addColumn('prefix', 'text', (column) => column.notNull())
        .addColumn('created_at', 'text', (column) => column.notNull())
        .addColumn('revoked_at', 'text')
        .addColumn('last_used_at', 'text')
        .execute();

      await db.schema
        .createTable('feedback')
        .addColumn('id', 'text', (column) => column.primaryKey())
        .addColumn('turn_id', 'text', (column) => column.notNull().references('turns.id').onDelete('cascade'))
        .addColumn('rating', 'text', (column) => column.notNull().check(sql`rating IN ('up', 'down')`))
        .addColumn('comment', 'text')
        .addColumn('corrected_query', 'text')
        .addColumn('created_at', 'text', (column) => column.notNull())
        .execute();
      await db.schema.createIndex('feedback_turn_id').on('feedback').column('turn_id').execute();
    },
  },
};

const provider: MigrationProvider = {
  getMigrations: () => Promise.resolve({ ...SQLITE_MIGRATIONS }),
};

/**
 * Brings the database to the latest schema and returns the names of the migrations it ran (none
 * when it was already current). Throws INTERNAL when a migration fails; the failed migration's
 * transaction is rolled back.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- Migrator works on any schema
export async function migrateSqliteMetadataStore(db: Kysely<any>): Promise<string[]> {
  const { error, results } = await new Migrator({ db, provider }).migrateToLatest();
  if (error !== undefined) {
    throw new Text2xError('INTERNAL', 'The metadata store could not be migrated.', { cause: error });
  }
  return (results ?? [])
    .filter((result) => result.status === 'Success')
    .map((result) => result.migrationName);
}
