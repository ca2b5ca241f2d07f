import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { CROSS_JOIN_SLOW_QUERY, MANY_ROWS_SUBQUERY, type ContractTarget } from './contract-target.js';
import { fileStamp, listTree, sha256File } from './file-snapshot.js';
import {
  EVENT_ROWS,
  SHOP_COMMENTS,
  SHOP_SEQUENCE,
  SHOP_TABLES,
  eventColumnsFrom,
  oddNameStatements,
  quoteWithDoubleQuotes,
  shopSchemaStatements,
} from './shop-fixture.js';

/** Where DuckDB installs extensions and keeps persistent secrets. */
const DUCKDB_HOME = join(homedir(), '.duckdb');

/**
 * Writes the shop fixture to a DuckDB file in a new temporary directory and closes it; the
 * provider then opens it read-only, with one CSV file (`data/regions.csv`, table `regions`). Table checksums are read through a second read-only instance.
 */
export async function createDuckdbContractTarget(): Promise<ContractTarget> {
  const dir = mkdtempSync(join(tmpdir(), 'text2x-contract-duckdb-'));
  const path = join(dir, 'shop.duckdb');
  const writer = await DuckDBInstance.create(path);
  const connection = await writer.connect();
  try {
    await connection.run('BEGIN');
    for (const statement of [...shopSchemaStatements(), ...oddNameStatements(quoteWithDoubleQuotes)])
      await connection.run(statement);
    await connection.run(
      `INSERT INTO events SELECT ${eventColumnsFrom('i')} FROM range(1, ${EVENT_ROWS + 1}) AS s(i)`,
    );
    await connection.run(`COMMENT ON TABLE customers IS '${SHOP_COMMENTS.customersTable}'`);
    await connection.run(`COMMENT ON COLUMN customers.country IS '${SHOP_COMMENTS.countryColumn}'`);
    await connection.run(`CREATE SEQUENCE ${SHOP_SEQUENCE}`);
    await connection.run('COMMIT');
    await connection.run('CHECKPOINT');
  } finally {
    connection.closeSync();
    writer.closeSync();
  }

  // One configured CSV file next to the database, so file functions have a path they may read and
  // the corpus can try to climb out of it.
  const dataDir = join(dir, 'data');
  mkdirSync(dataDir);
  writeFileSync(
    join(dataDir, 'regions.csv'),
    'region,country\nEurope,France\nEurope,Germany\nAsia,Japan\nAmericas,Brazil\n',
  );

  return {
    kind: 'duckdb',
    config: {
      kind: 'duckdb',
      id: 'contract-duckdb',
      database: path,
      files: [join(dataDir, 'regions.csv')],
      description: 'Shop fixture (DuckDB)',
    },
    snapshot: async (mode) => {
      const result: Record<string, string> = {
        'database file':
          mode === 'quick' ? fileStamp(path) : `${fileStamp(path)}, sha256 ${sha256File(path)}`,
        'directory listing': listTree(dir).join('\n'),
        'extensions and secrets (~/.duckdb)': listTree(DUCKDB_HOME).join('\n'),
      };
      if (mode === 'quick') return result;
      const reader = await DuckDBInstance.create(path, { access_mode: 'READ_ONLY' });
      const read = await reader.connect();
      try {
        for (const table of SHOP_TABLES) {
          const rows = await read.runAndReadAll(
            `SELECT md5(coalesce(string_agg(t::VARCHAR, '|' ORDER BY ${table.orderBy}), '')) FROM ${table.name} t`,
          );
          result[`table ${table.name}`] = String(rows.getRows()[0]?.[0]);
        }
        const objects = await read.runAndReadAll(
          "SELECT string_agg(type || ':' || name || ':' || coalesce(sql, ''), '|' ORDER BY type, name) FROM (SELECT 'table' AS type, table_name AS name, sql FROM duckdb_tables() UNION ALL SELECT 'view', view_name, sql FROM duckdb_views() WHERE NOT internal UNION ALL SELECT 'sequence', sequence_name, sql FROM duckdb_sequences())",
        );
        result['schema objects'] = String(objects.getRows()[0]?.[0]);
      } finally {
        read.closeSync();
        reader.closeSync();
      }
      return result;
    },
    quoteIdentifier: quoteWithDoubleQuotes,
    slowQuery: CROSS_JOIN_SLOW_QUERY,
    runtimeErrorQuery: MANY_ROWS_SUBQUERY,
    placeholders: { data_dir: dataDir },
    dispose: () => {
      rmSync(dir, { recursive: true, force: true });
      return Promise.resolve();
    },
  };
}
