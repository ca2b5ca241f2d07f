import { Text2xError } from '../core/index.js';
import type { Provider, ProviderConfig, ProviderKind } from './provider.js';

type ConfigOf<K extends ProviderKind> = Extract<ProviderConfig, { kind: K }>;

/** Opens a provider of one kind from its stored configuration. */
export type ProviderOpener<K extends ProviderKind> = (config: ConfigOf<K>) => Promise<Provider>;

/**
 * Loads the implementation of each kind on first use (a dynamic import per kind), so a server
 * configured with SQLite only never loads the PostgreSQL, MySQL or DuckDB drivers and parsers.
 */
export const PROVIDER_LOADERS: { readonly [K in ProviderKind]: () => Promise<ProviderOpener<K>> } = {
  sqlite: async () => {
    const { SqliteProvider } = await import('./sqlite/index.js');
    return (config) => SqliteProvider.open(config);
  },
  postgres: async () => {
    const { PostgresProvider } = await import('./postgres/index.js');
    return (config) => PostgresProvider.open(config);
  },
  mysql: async () => {
    const { MysqlProvider } = await import('./mysql/index.js');
    return (config) => MysqlProvider.open(config);
  },
  duckdb: async () => {
    const { DuckdbProvider } = await import('./duckdb/index.js');
    return (config) => DuckdbProvider.open(config);
  },
};

/** Kinds of provider this build can open. */
export const PROVIDER_KINDS = [
  'sqlite',
  'postgres',
  'mysql',
  'duckdb',
] as const satisfies readonly ProviderKind[];

function isKnownKind(kind: string): kind is ProviderKind {
  return Object.hasOwn(PROVIDER_LOADERS, kind);
}

async function loadOpener<K extends ProviderKind>(kind: K): Promise<ProviderOpener<K>> {
  try {
    return await PROVIDER_LOADERS[kind]();
  } catch (error) {
    throw new Text2xError(
      'PROVIDER_UNAVAILABLE',
      `The ${kind} provider could not be loaded: ${error instanceof Error ? error.message : String(error)}.`,
      { cause: error },
    );
  }
}

/**
 * Opens the provider a stored configuration describes. An unknown kind (a config written by a
 * newer version) is INVALID_REQUEST; a source that cannot be opened, or a kind whose driver cannot
 * be loaded, is PROVIDER_UNAVAILABLE.
 */
export async function createProvider(config: ProviderConfig): Promise<Provider> {
  const kind: string = config.kind;
  if (!isKnownKind(kind)) {
    throw new Text2xError(
      'INVALID_REQUEST',
      `Unknown provider kind "${kind}"; this server supports: ${PROVIDER_KINDS.join(', ')}.`,
    );
  }
  switch (config.kind) {
    case 'sqlite':
      return (await loadOpener('sqlite'))(config);
    case 'postgres':
      return (await loadOpener('postgres'))(config);
    case 'mysql':
      return (await loadOpener('mysql'))(config);
    case 'duckdb':
      return (await loadOpener('duckdb'))(config);
  }
}
