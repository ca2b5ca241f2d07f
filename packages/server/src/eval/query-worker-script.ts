/**
 * Source of the process that runs evaluation queries (plain CommonJS, run with `node -e`).
 *
 * better-sqlite3 cannot be interrupted from another thread, so queries run in a separate process
 * that the parent kills on timeout. Keeping the script as a string (instead of a `.js` file next to
 * this one) means it exists wherever this module does: under vitest/tsx from `src` and from `dist`
 * after `tsc`, which does not copy `.js` files. argv[1] is the absolute path of better-sqlite3,
 * resolved by the parent, so the child does not depend on its working directory.
 *
 * Protocol: the parent sends `{ id, dbPath, sql, maxRows }`; the child answers
 * `{ id, kind: 'rows', columns, rows, truncated, ms }` or `{ id, kind: 'error', message }`.
 * Integers are read as bigint and sent as numbers when no precision is lost.
 */
export const QUERY_WORKER_SCRIPT = String.raw`
'use strict';
const Database = require(process.argv[1]);
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const databases = new Map();

function open(dbPath) {
  let db = databases.get(dbPath);
  if (!db) {
    db = new Database(dbPath, { readonly: true, fileMustExist: true });
    databases.set(dbPath, db);
  }
  return db;
}

function toValue(value) {
  if (typeof value === 'bigint') return value <= MAX_SAFE && value >= -MAX_SAFE ? Number(value) : value;
  return value;
}

process.on('message', (request) => {
  const started = process.hrtime.bigint();
  try {
    const statement = open(request.dbPath).prepare(request.sql);
    if (!statement.reader) throw new Error('the statement does not return rows');
    statement.raw(true);
    statement.safeIntegers(true);
    const columns = statement.columns().map((column) => column.name);
    const maxRows = typeof request.maxRows === 'number' ? request.maxRows : Infinity;
    const rows = [];
    let truncated = false;
    for (const row of statement.iterate()) {
      if (rows.length >= maxRows) {
        truncated = true;
        break;
      }
      rows.push(row.map(toValue));
    }
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    process.send({ id: request.id, kind: 'rows', columns, rows, truncated, ms });
  } catch (error) {
    const message = error && error.message ? String(error.message) : String(error);
    process.send({ id: request.id, kind: 'error', message });
  }
});

process.on('disconnect', () => process.exit(0));
`;
