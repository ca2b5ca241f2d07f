import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { CROSS_JOIN_SLOW_QUERY, type ContractTarget } from './contract-target.js';
import { fileStamp, listTree, sha256File, sha256Json } from './file-snapshot.js';
import {
  EVENT_ROWS,
  SHOP_TABLES,
  eventColumnsFrom,
  oddNameStatements,
  quoteWithDoubleQuotes,
  shopSchemaStatements,
} from './shop-fixture.js';

/** Writes the shop fixture to a SQLite file in a new temporary directory. */
export function createSqliteContractTarget(): Promise<ContractTarget> {
  const dir = mkdtempSync(join(tmpdir(), 'text2x-contract-sqlite-'));
  const path = join(dir, 'shop.sqlite');
  const db = new Database(path);
  try {
    db.exec('BEGIN');
    for (const statement of [...shopSchemaStatements(), ...oddNameStatements(quoteWithDoubleQuotes)])
      db.exec(statement);
    db.exec(`WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < ${EVENT_ROWS})
             INSERT INTO events SELECT ${eventColumnsFrom('i')} FROM s`);
    db.exec('COMMIT');
  } finally {
    db.close();
  }

  return Promise.resolve({
    kind: 'sqlite',
    config: { kind: 'sqlite', id: 'contract-sqlite', path, description: 'Shop fixture (SQLite)' },
    snapshot: (mode) => {
      const result: Record<string, string> = {
        'database file':
          mode === 'quick' ? fileStamp(path) : `${fileStamp(path)}, sha256 ${sha256File(path)}`,
        'directory listing': listTree(dir).join('\n'),
      };
      // The file's bytes cover every table; the full snapshot names the table that changed.
      if (mode === 'quick') return Promise.resolve(result);
      const reader = new Database(path, { readonly: true, fileMustExist: true });
      try {
        for (const table of SHOP_TABLES) {
          const rows = reader.prepare(`SELECT * FROM ${table.name} ORDER BY ${table.orderBy}`).raw().all();
          result[`table ${table.name}`] = sha256Json(rows);
        }
        result['schema objects'] = sha256Json(
          reader.prepare('SELECT type, name, tbl_name, sql FROM sqlite_schema ORDER BY name').raw().all(),
        );
      } finally {
        reader.close();
      }
      return Promise.resolve(result);
    },
    quoteIdentifier: quoteWithDoubleQuotes,
    slowQuery: CROSS_JOIN_SLOW_QUERY,
    runtimeErrorQuery: "SELECT json_extract(name, '$.x') AS x FROM customers",
    noCommentsReason: 'SQLite has no comments on tables or columns',
    dispose: () => {
      rmSync(dir, { recursive: true, force: true });
      return Promise.resolve();
    },
  });
}
