/**
 * Source of the process that runs SQLite queries (plain CommonJS, started with `node -e`).
 *
 * better-sqlite3 has no binding for `sqlite3_interrupt`, and terminating a worker thread does not
 * stop a running native query, so queries run in a child process that the parent kills (SIGKILL)
 * on time-out or abort. Keeping the script as a string instead of a `.cjs` file next to this one
 * means it exists wherever this module does — under vitest or tsx from `src`, and from `dist` after
 * `tsc`, which copies no `.js` files — so the build needs no extra step. The parent passes the
 * absolute path of better-sqlite3 in the first message, so the child does not depend on its
 * working directory.
 *
 * Protocol (advanced serialization over the IPC channel):
 * - parent → child `{ type: 'open', driverPath, dbPath }`; child → `{ type: 'ready' }` or
 *   `{ type: 'open_failed', message }` (then it exits).
 * - parent → child `{ type: 'run', id, sql, maxRows, maxBytes }`; child →
 *   `{ type: 'rows', id, columns: [{ name, type }], rows, truncated, ms }`,
 *   `{ type: 'failed', id, message, ms }` (SQLite error), or `{ type: 'rejected', id, message }`
 *   (the prepared statement is not a read-only query: a last check even if validation was skipped).
 *
 * - `{ type: 'runs', runs: [run, …] }` is several run messages in one.
 * - Run messages wait in the child's queue and run one per turn of its event loop, in order; the
 *   parent may send several ahead (pipelining). parent → child `{ type: 'retract', id }` takes a
 *   run that has not started off that queue, answered by `{ type: 'retracted', id }`; a retract for
 *   one that already ran is ignored (its result was or will be sent).
 *
 * - parent → child `{ type: 'stream', id, sql, maxRows, batchSize }`; child → `{ type: 'batch', id,
 *   columns, cols, rowCount }` (the rows column by column: a Float64Array or an array of values
 *   per column); it sends at most two batches ahead of the parent's `{ type: 'next', id }`
 *   acknowledgements (so a slow consumer slows the query instead of filling memory, and reading
 *   overlaps with forwarding), finally `{ type: 'end', id, columns,
 *   rowCount, truncated, ms }`, or `failed` / `rejected` as above.
 *
 * Values are JSON-safe: integers are read as bigint and sent as numbers when exact, otherwise as
 * decimal strings; non-finite reals as strings; blobs as "<blob N bytes>".
 */
export const SQLITE_EXECUTOR_CHILD_SOURCE = String.raw`
'use strict';
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
let db;

function messageOf(error) {
  return error && typeof error.message === 'string' ? error.message : String(error);
}

function storageType(value) {
  if (typeof value === 'bigint') return 'INTEGER';
  if (typeof value === 'number') return 'REAL';
  if (typeof value === 'string') return 'TEXT';
  return 'BLOB';
}

function isPlainNumber(value) {
  return typeof value === 'number';
}

function toJsonValue(value) {
  if (value === null) return null;
  if (typeof value === 'bigint') return value <= MAX_SAFE && value >= -MAX_SAFE ? Number(value) : value.toString();
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  if (typeof value === 'string') return value;
  if (Buffer.isBuffer(value)) return '<blob ' + value.length + ' bytes>';
  return String(value);
}

function open(message) {
  try {
    const Database = require(message.driverPath);
    db = new Database(message.dbPath, { readonly: true, fileMustExist: true });
    db.pragma('query_only = ON');
    db.defaultSafeIntegers(true);
    db.prepare('SELECT count(*) FROM sqlite_schema').get();
    process.send({ type: 'ready' });
  } catch (error) {
    process.send({ type: 'open_failed', message: messageOf(error) }, () => process.exit(1));
  }
}

// Prepared statements of recent run queries, by text (least recently used dropped first): a query
// asked again is not compiled again. Only run() uses them; it always finishes or resets its
// iteration, so a cached statement is never busy.
const statements = new Map();
const MAX_STATEMENTS = 64;

function preparedFor(sql) {
  let statement = statements.get(sql);
  if (statement !== undefined) {
    statements.delete(sql);
  } else {
    statement = db.prepare(sql);
    if (statements.size >= MAX_STATEMENTS) statements.delete(statements.keys().next().value);
  }
  statements.set(sql, statement);
  return statement;
}

function run(message) {
  const started = process.hrtime.bigint();
  const elapsed = () => Number(process.hrtime.bigint() - started) / 1e6;
  let statement;
  try {
    statement = preparedFor(message.sql);
  } catch (error) {
    process.send({ type: 'failed', id: message.id, message: messageOf(error), ms: elapsed() });
    return;
  }
  if (!statement.readonly || !statement.reader) {
    process.send({ type: 'rejected', id: message.id, message: 'SQLite reports that this statement does not only read data, so it is not run.' });
    return;
  }
  try {
    statement.raw(true);
    const described = statement.columns();
    const inferred = new Array(described.length).fill(undefined);
    const rows = [];
    let bytes = 0;
    let truncated = false;
    for (const row of statement.iterate()) {
      if (rows.length >= message.maxRows || bytes > message.maxBytes) {
        truncated = true;
        break;
      }
      for (let index = 0; index < row.length; index += 1) {
        const value = row[index];
        if (value !== null && inferred[index] === undefined) inferred[index] = storageType(value);
        const converted = toJsonValue(value);
        row[index] = converted;
        bytes += typeof converted === 'string' ? converted.length + 2 : 8;
      }
      rows.push(row);
    }
    const columns = described.map((column, index) => ({ name: column.name, type: column.type || inferred[index] || 'NULL' }));
    process.send({ type: 'rows', id: message.id, columns, rows, truncated, ms: elapsed() });
  } catch (error) {
    process.send({ type: 'failed', id: message.id, message: messageOf(error), ms: elapsed() });
  }
}

let resumeStream;
// Batches a stream may send ahead of the parent's 'next': the child reads the next batch while the
// parent forwards the last one, and at most this many wait unread.
const STREAM_WINDOW = 2;
let streamCredits = 0;

function prepareReader(message, elapsed) {
  let statement;
  try {
    statement = db.prepare(message.sql);
  } catch (error) {
    process.send({ type: 'failed', id: message.id, message: messageOf(error), ms: elapsed() });
    return undefined;
  }
  if (!statement.readonly || !statement.reader) {
    process.send({ type: 'rejected', id: message.id, message: 'SQLite reports that this statement does not only read data, so it is not run.' });
    return undefined;
  }
  return statement;
}

async function stream(message) {
  const started = process.hrtime.bigint();
  const elapsed = () => Number(process.hrtime.bigint() - started) / 1e6;
  const statement = prepareReader(message, elapsed);
  if (!statement) return;
  try {
    statement.raw(true);
    const described = statement.columns();
    const inferred = new Array(described.length).fill(undefined);
    const columnsNow = () => described.map((column, index) => ({ name: column.name, type: column.type || inferred[index] || 'NULL' }));
    // Batches go out column by column: a column of plain numbers as one Float64Array (copied
    // whole by the serializer), any other column as an array of values. This crosses the process
    // boundary at about twice the speed of an array of row arrays.
    const width = described.length;
    let batch = Array.from({ length: width }, () => []);
    let batchRows = 0;
    let count = 0;
    let truncated = false;
    const sendBatch = () => {
      const cols = batch.map((values) => (values.every(isPlainNumber) ? Float64Array.from(values) : values));
      process.send({ type: 'batch', id: message.id, columns: columnsNow(), cols, rowCount: batchRows });
      batch = Array.from({ length: width }, () => []);
      batchRows = 0;
    };
    streamCredits = STREAM_WINDOW;
    for (const row of statement.iterate()) {
      if (count >= message.maxRows) {
        truncated = true;
        break;
      }
      for (let index = 0; index < width; index += 1) {
        const value = row[index];
        if (value !== null && inferred[index] === undefined) inferred[index] = storageType(value);
        batch[index].push(toJsonValue(value));
      }
      batchRows += 1;
      count += 1;
      if (batchRows >= message.batchSize) {
        sendBatch();
        streamCredits -= 1;
        if (streamCredits <= 0) await new Promise((resolve) => { resumeStream = resolve; });
      }
    }
    if (batchRows > 0) sendBatch();
    process.send({ type: 'end', id: message.id, columns: columnsNow(), rowCount: count, truncated, ms: elapsed() });
  } catch (error) {
    process.send({ type: 'failed', id: message.id, message: messageOf(error), ms: elapsed() });
  }
}

// Run queries wait here, so that messages that arrive while one runs (a retract above all) are
// read before the next one starts: each query runs in its own turn of the event loop.
const waiting = [];
let draining = false;

function drain() {
  draining = false;
  const next = waiting.shift();
  if (next === undefined) return;
  run(next);
  if (waiting.length > 0) scheduleDrain();
}

function scheduleDrain() {
  if (draining) return;
  draining = true;
  setImmediate(drain);
}

process.on('message', (message) => {
  if (message && message.type === 'open') open(message);
  else if (message && message.type === 'run') {
    waiting.push(message);
    scheduleDrain();
  } else if (message && message.type === 'runs') {
    waiting.push(...message.runs);
    scheduleDrain();
  } else if (message && message.type === 'retract') {
    const index = waiting.findIndex((queued) => queued.id === message.id);
    if (index >= 0) {
      waiting.splice(index, 1);
      process.send({ type: 'retracted', id: message.id });
    }
  } else if (message && message.type === 'stream') void stream(message);
  else if (message && message.type === 'next') {
    streamCredits += 1;
    if (resumeStream) {
      const resume = resumeStream;
      resumeStream = undefined;
      resume();
    }
  }
});
process.on('disconnect', () => process.exit(0));
`;
