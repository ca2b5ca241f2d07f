import { statSync } from 'node:fs';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { Text2xError } from '../../core/index.js';
import type { ResolvedDuckdbProviderConfig } from './duckdb-config.js';
import {
  DuckdbFileAllowlist,
  planFileTables,
  quoteDuckdbString,
  readerCall,
  tableNameForPath,
  type DuckdbFileTable,
} from './duckdb-file-tables.js';

/** Catalog names DuckDB uses itself; an attached file cannot take them. */
const RESERVED_CATALOGS = new Set(['memory', 'system', 'temp', 'main', 'information_schema', 'pg_catalog']);

/** A table or view as DuckDB files it. */
export interface DuckdbObject {
  catalog: string;
  schema: string;
  name: string;
}

/** Quotes a name for DuckDB: `Home "Town"` → `"Home ""Town"""`. */
export function quoteDuckdbIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/**
 * One private, locked-down DuckDB instance for a provider:
 *
 * 1. an in-memory instance, started with no temporary directory (queries never spill files),
 *    no extension auto-install or auto-load, no community extensions and no persistent secrets;
 * 2. the database file (if any) attached `READ_ONLY` under a catalog named after its stem;
 * 3. one view per configured file or glob in the in-memory catalog (`memory.main`);
 * 4. then `allowed_paths` (the configured files) and `allowed_directories` (each glob's folder),
 *    `enable_external_access = false` and `lock_configuration = true`.
 *
 * Step 4 matters because DuckDB re-reads a view's files every time the view is queried: with
 * external access off and no allow-list, the file views stop working ("file system operations
 * are disabled"); with the allow-list they keep working while every other path — `/etc/passwd`,
 * URLs, other folders — is refused by DuckDB itself, whatever the SQL. The allow-list also allows
 * writes to those paths, which is why writing statements are stopped before they reach DuckDB
 * (the policy, DuckDB's own parser, and the prepared statement's type). DuckDB also adds an
 * attached database's own path and its `.wal` to the allowed paths by itself (measured: both
 * `read_blob(db)` and `COPY … TO 'db.wal'` pass DuckDB's check), so those, too, are kept away
 * only by the layers in front. Once the configuration is
 * locked no statement can change any of this. Each connection gets a search path of the database's
 * schemas and then the file views, so every table is reachable by its bare name.
 */
export class DuckdbDatabase {
  /** Catalog name of the attached database file, if there is one. */
  readonly databaseAlias: string | undefined;
  /** Absolute path of the attached database file, if there is one. */
  readonly databasePath: string | undefined;
  /** Schemas of the attached database, `main` first. */
  readonly schemas: readonly string[];
  /** The file-backed tables (views in `memory.main`). */
  readonly fileTables: readonly DuckdbFileTable[];
  /** Which literal paths queries may read. */
  readonly allowlist: DuckdbFileAllowlist;
  /** Every table and view a query may name: the database's, then the file views in `memory.main`. */
  readonly objects: readonly DuckdbObject[];
  /** DuckDB's version, e.g. `v1.5.6`. */
  readonly version: string;
  readonly #instance: DuckDBInstance;
  readonly #searchPath: string;
  #closed = false;

  private constructor(parts: {
    instance: DuckDBInstance;
    databaseAlias: string | undefined;
    databasePath: string | undefined;
    schemas: string[];
    fileTables: DuckdbFileTable[];
    allowlist: DuckdbFileAllowlist;
    objects: DuckdbObject[];
    version: string;
  }) {
    this.#instance = parts.instance;
    this.databaseAlias = parts.databaseAlias;
    this.databasePath = parts.databasePath;
    this.schemas = parts.schemas;
    this.fileTables = parts.fileTables;
    this.allowlist = parts.allowlist;
    this.objects = parts.objects;
    this.version = parts.version;
    const alias = parts.databaseAlias;
    const entries =
      alias === undefined
        ? []
        : parts.schemas.map((schema) => `${quoteDuckdbIdentifier(alias)}.${quoteDuckdbIdentifier(schema)}`);
    this.#searchPath = [...entries, 'memory.main'].join(',');
  }

  /**
   * Opens and locks down the instance. A missing or unreadable file is PROVIDER_UNAVAILABLE; a file
   * whose format cannot be told from its name is INVALID_REQUEST.
   */
  static async open(config: ResolvedDuckdbProviderConfig): Promise<DuckdbDatabase> {
    const databasePath = config.database;
    if (databasePath !== undefined) assertFile(databasePath, 'DuckDB database');
    for (const path of config.files ?? []) {
      if (!/[*?[]/.test(path)) assertFile(path, 'data');
    }
    const options: Record<string, string> = {
      temp_directory: '',
      autoinstall_known_extensions: 'false',
      autoload_known_extensions: 'false',
      allow_community_extensions: 'false',
      allow_unsigned_extensions: 'false',
      allow_persistent_secrets: 'false',
    };
    if (config.memoryLimit !== undefined) options.memory_limit = config.memoryLimit;
    if (config.threads !== undefined) options.threads = String(config.threads);

    let instance: DuckDBInstance;
    try {
      instance = await DuckDBInstance.create(':memory:', options);
    } catch (error) {
      throw new Text2xError('PROVIDER_UNAVAILABLE', `Cannot start DuckDB: ${duckdbMessage(error)}.`, {
        cause: error,
      });
    }
    let setup: DuckDBConnection | undefined;
    try {
      setup = await instance.connect();
      let databaseAlias: string | undefined;
      let schemas: string[] = [];
      const objects: DuckdbObject[] = [];
      if (databasePath !== undefined) {
        databaseAlias = catalogAlias(databasePath);
        try {
          await setup.run(
            `ATTACH ${quoteDuckdbString(databasePath)} AS ${quoteDuckdbIdentifier(databaseAlias)} (READ_ONLY)`,
          );
        } catch (error) {
          throw new Text2xError(
            'PROVIDER_UNAVAILABLE',
            `${databasePath} is not a readable DuckDB database: ${duckdbMessage(error)}.`,
            { cause: error },
          );
        }
        schemas = await readSchemas(setup, databaseAlias);
        objects.push(...(await readObjects(setup, databaseAlias)));
      }
      const fileTables = planFileTables(
        config.files ?? [],
        objects.map((object) => object.name),
      );
      for (const table of fileTables) objects.push({ catalog: 'memory', schema: 'main', name: table.name });
      for (const table of fileTables) {
        try {
          await setup.run(
            `CREATE VIEW memory.main.${quoteDuckdbIdentifier(table.name)} AS SELECT * FROM ${readerCall(table)}`,
          );
        } catch (error) {
          throw new Text2xError(
            'PROVIDER_UNAVAILABLE',
            `Cannot read ${table.path} as ${table.format.toUpperCase()}: ${duckdbMessage(error)}.`,
            { cause: error },
          );
        }
      }
      const allowlist = new DuckdbFileAllowlist(fileTables);
      await lockDown(setup, allowlist);
      const version = String((await setup.runAndReadAll('SELECT version()')).getRows()[0]?.[0] ?? '');
      return new DuckdbDatabase({
        instance,
        databaseAlias,
        databasePath,
        schemas,
        fileTables,
        allowlist,
        objects,
        version,
      });
    } catch (error) {
      instance.closeSync();
      if (error instanceof Text2xError) throw error;
      throw new Text2xError(
        'PROVIDER_UNAVAILABLE',
        `Cannot open the DuckDB data source: ${duckdbMessage(error)}.`,
        {
          cause: error,
        },
      );
    } finally {
      setup?.closeSync();
    }
  }

  /** A new connection whose search path reaches every table by its bare name. */
  async connect(): Promise<DuckDBConnection> {
    if (this.#closed) throw new Text2xError('PROVIDER_UNAVAILABLE', 'The data source has been closed.');
    const connection = await this.#instance.connect();
    try {
      await connection.run(`SET search_path = ${quoteDuckdbString(this.#searchPath)}`);
    } catch (error) {
      connection.closeSync();
      throw new Text2xError(
        'PROVIDER_UNAVAILABLE',
        `Cannot configure a DuckDB connection: ${duckdbMessage(error)}.`,
        {
          cause: error,
        },
      );
    }
    return connection;
  }

  /** Closes the instance (connections must be closed first). */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#instance.closeSync();
  }
}

/** DuckDB's error text without the `LINE 1: …` excerpt it appends. */
export function duckdbMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message
    .split(/\n\s*\nLINE \d+:|\nLINE \d+:/)[0]!
    .replace(/\s*\n\s*/g, ' ')
    .trim()
    .replace(/[.!]$/, '');
}

function assertFile(path: string, what: string): void {
  let isFile: boolean;
  try {
    isFile = statSync(path).isFile();
  } catch {
    throw new Text2xError('PROVIDER_UNAVAILABLE', `The ${what} file ${path} does not exist.`);
  }
  if (!isFile) throw new Text2xError('PROVIDER_UNAVAILABLE', `${path} is not a file.`);
}

function catalogAlias(path: string): string {
  const name = tableNameForPath(path);
  return RESERVED_CATALOGS.has(name) ? `${name}_db` : name;
}

async function readSchemas(connection: DuckDBConnection, catalog: string): Promise<string[]> {
  const reader = await connection.runAndReadAll(
    `SELECT schema_name FROM duckdb_schemas() WHERE database_name = $1 AND NOT internal
     ORDER BY schema_name <> 'main', schema_name`,
    [catalog],
  );
  const schemas = reader.getRows().map((row) => String(row[0]));
  return schemas.includes('main') ? schemas : ['main', ...schemas];
}

async function readObjects(connection: DuckDBConnection, catalog: string): Promise<DuckdbObject[]> {
  const reader = await connection.runAndReadAll(
    `SELECT schema_name, table_name FROM duckdb_tables() WHERE database_name = $1 AND NOT temporary
     UNION ALL SELECT schema_name, view_name FROM duckdb_views() WHERE database_name = $1 AND NOT internal AND NOT temporary`,
    [catalog],
  );
  return reader.getRows().map((row) => ({ catalog, schema: String(row[0]), name: String(row[1]) }));
}

async function lockDown(connection: DuckDBConnection, allowlist: DuckdbFileAllowlist): Promise<void> {
  const list = (items: readonly string[]): string => `[${items.map(quoteDuckdbString).join(', ')}]`;
  if (allowlist.filePaths.length > 0)
    await connection.run(`SET allowed_paths = ${list(allowlist.filePaths)}`);
  if (allowlist.globDirectories.length > 0) {
    await connection.run(`SET allowed_directories = ${list(allowlist.globDirectories)}`);
  }
  await connection.run('SET enable_external_access = false');
  await connection.run('SET autoinstall_known_extensions = false');
  await connection.run('SET autoload_known_extensions = false');
  await connection.run('SET lock_configuration = true');
  const settings = await connection.runAndReadAll(
    `SELECT current_setting('enable_external_access'), current_setting('lock_configuration'), current_setting('autoload_known_extensions')`,
  );
  const [external, locked, autoload] = settings.getRows()[0] ?? [];
  if (external !== false || locked !== true || autoload !== false) {
    throw new Text2xError('INTERNAL', 'DuckDB did not accept the read-only lock-down settings.');
  }
}
