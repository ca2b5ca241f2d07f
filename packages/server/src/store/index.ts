import type { MetadataStore } from './metadata-store.js';
import { SqliteMetadataStore, type SqliteMetadataStoreOptions } from './sqlite/sqlite-metadata-store.js';

export type {
  ApiKeyRecord,
  Conversation,
  FeedbackRecord,
  MetadataStore,
  NewApiKey,
  NewFeedback,
  NewTurn,
  Turn,
  TurnStatus,
} from './metadata-store.js';
export {
  SQLITE_METADATA_FILE_NAME,
  SqliteMetadataStore,
  type SqliteMetadataStoreOptions,
} from './sqlite/sqlite-metadata-store.js';

/**
 * Where the metadata store lives: `{ dataDir }` for `<dataDir>/text2x.db` (created when missing),
 * `{ memory: true }` for a private in-memory store (tests, evals). PostgreSQL will add a variant.
 */
export type MetadataStoreOptions = SqliteMetadataStoreOptions;

/** Opens the metadata store and brings its schema up to date. */
export function openMetadataStore(options: MetadataStoreOptions): Promise<MetadataStore> {
  return SqliteMetadataStore.open(options);
}
