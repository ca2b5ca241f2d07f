import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { App } from '../app/index.js';
import { Text2xError } from '../core/index.js';
import { describeProviderTarget, type ProviderConfig } from '../providers/index.js';
import type { CliOutput } from './cli-output.js';

const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/;

export async function providersList(app: App, json: boolean, output: CliOutput): Promise<number> {
  const providers = await app.store.listProviders();
  if (json) {
    output.out(JSON.stringify(providers));
    return 0;
  }
  if (providers.length === 0)
    output.out('no providers; add one with: text2x providers add NAME --sqlite FILE');
  for (const provider of providers) {
    output.out(
      `${provider.id.padEnd(20)} ${provider.kind.padEnd(8)} ${describeProviderTarget(provider)}${provider.description ? `  — ${provider.description}` : ''}`,
    );
  }
  return 0;
}

export interface ProvidersAddOptions {
  sqlite?: string;
  postgres?: string;
  mysql?: string;
  duckdb?: string[];
  passwordEnv?: string;
  schemas?: string;
  description?: string;
}

/** Builds a provider configuration from `providers add` flags; exactly one kind must be named. */
export function providerConfigFromOptions(id: string, options: ProvidersAddOptions): ProviderConfig {
  if (!ID_PATTERN.test(id)) {
    throw new Text2xError(
      'INVALID_REQUEST',
      'a provider id is 1–100 letters, digits, "-", "_" or "." and starts with a letter or digit',
    );
  }
  const kinds = (['sqlite', 'postgres', 'mysql', 'duckdb'] as const).filter(
    (kind) => options[kind] !== undefined,
  );
  if (kinds.length !== 1) {
    throw new Text2xError(
      'INVALID_REQUEST',
      'name exactly one data source: --sqlite FILE, --postgres URL, --mysql URL or --duckdb PATH…',
    );
  }
  const description = options.description ? { description: options.description } : {};
  const passwordEnv = options.passwordEnv ? { passwordEnv: options.passwordEnv } : {};
  if (options.sqlite !== undefined) {
    const path = resolve(options.sqlite);
    if (!existsSync(path)) throw new Text2xError('PROVIDER_UNAVAILABLE', `no such file: ${path}`);
    return { id, kind: 'sqlite', path, ...description };
  }
  if (options.postgres !== undefined) {
    const schemas = options.schemas
      ? {
          schemas: options.schemas
            .split(',')
            .map((schema) => schema.trim())
            .filter(Boolean),
        }
      : {};
    return { id, kind: 'postgres', url: options.postgres, ...passwordEnv, ...schemas, ...description };
  }
  if (options.mysql !== undefined)
    return { id, kind: 'mysql', url: options.mysql, ...passwordEnv, ...description };
  const paths = (options.duckdb ?? []).map((path) => resolve(path));
  const database = paths.find((path) => /\.(duckdb|db|ddb)$/i.test(path));
  const files = paths.filter((path) => path !== database);
  return {
    id,
    kind: 'duckdb',
    ...(database ? { database } : {}),
    ...(files.length > 0 ? { files } : {}),
    ...description,
  };
}

export async function providersAdd(
  app: App,
  id: string,
  options: ProvidersAddOptions,
  output: CliOutput,
): Promise<number> {
  await app.store.addProvider(providerConfigFromOptions(id, options));
  // Open it once so a file that is not a database is refused now, not at the first question.
  try {
    const { schema } = await app.providers.open(id);
    output.out(`added ${id} (${schema.tables.length} tables)`);
  } catch (error) {
    await app.store.removeProvider(id);
    throw error;
  }
  return 0;
}

export async function providersRemove(app: App, id: string, output: CliOutput): Promise<number> {
  await app.providers.forget(id);
  if (!(await app.store.removeProvider(id)))
    throw new Text2xError('UNKNOWN_PROVIDER', `no data source has the id "${id}"`);
  output.out(`removed ${id}`);
  return 0;
}

export async function providersTest(app: App, id: string, json: boolean, output: CliOutput): Promise<number> {
  const started = performance.now();
  const { provider, schema } = await app.providers.open(id);
  const probe = await provider.execute('SELECT 1', { maxRows: 1, timeoutMs: 5_000 });
  const ms = Math.round(performance.now() - started);
  const report = { id, ok: probe.success, tables: schema.tables.length, dialect: provider.dialect, ms };
  output.out(
    json
      ? JSON.stringify(report)
      : `${id}: ok (${provider.dialect}, ${schema.tables.length} tables, ${ms} ms)`,
  );
  return probe.success ? 0 : 4;
}
