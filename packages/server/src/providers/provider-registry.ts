import { Text2xError } from '../core/index.js';
import type { Provider, ProviderConfig } from './provider.js';
import { DuckdbProvider } from './duckdb/index.js';
import { MysqlProvider } from './mysql/index.js';
import { PostgresProvider } from './postgres/index.js';
import { SqliteProvider } from './sqlite/index.js';

/** Kinds of provider this build can open. */
export const PROVIDER_KINDS = ['sqlite', 'postgres', 'mysql', 'duckdb'] as const;

/**
 * Opens the provider a stored configuration describes. An unknown kind (a config written by a
 * newer version) is INVALID_REQUEST; a source that cannot be opened is PROVIDER_UNAVAILABLE.
 */
export async function createProvider(config: ProviderConfig): Promise<Provider> {
  const kind: string = config.kind;
  switch (kind) {
    case 'sqlite':
      return SqliteProvider.open(config as Extract<ProviderConfig, { kind: 'sqlite' }>);
    case 'postgres':
      return PostgresProvider.open(config as Extract<ProviderConfig, { kind: 'postgres' }>);
    case 'mysql':
      return MysqlProvider.open(config as Extract<ProviderConfig, { kind: 'mysql' }>);
    case 'duckdb':
      return DuckdbProvider.open(config as Extract<ProviderConfig, { kind: 'duckdb' }>);
    default:
      throw new Text2xError(
        'INVALID_REQUEST',
        `Unknown provider kind "${kind}"; this server supports: ${PROVIDER_KINDS.join(', ')}.`,
      );
  }
}
