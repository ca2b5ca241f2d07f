import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';

/** A temporary directory for database files, removed by `remove()`. */
export function createTempDir(prefix = 'text2x-sqlite-'): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * Writes the fixture database the SQLite provider tests use: singers and concerts with keys, a
 * view, a table with awkward names, sloppy declared types, a 5,000-row table for row caps, and
 * values that are not plain JSON (a big integer, a blob).
 */
export function createFixtureDatabase(path: string): string {
  const db = new Database(path);
  db.exec(`
    CREATE TABLE singer (
      singer_id INTEGER PRIMARY KEY,
      name TEXT NOT NULL,
      country TEXT,
      age INT,
      birth_date text,
      is_active INTEGER,
      net_worth REAL,
      photo BLOB
    );
    CREATE TABLE concert (
      concert_id INTEGER PRIMARY KEY,
      concert_name varchar(80),
      theme TEXT,
      year number,
      created_at TEXT
    );
    CREATE TABLE singer_in_concert (
      concert_id INT REFERENCES concert (concert_id),
      singer_id INT,
      PRIMARY KEY (concert_id, singer_id),
      FOREIGN KEY (singer_id) REFERENCES Singer
    );
    CREATE TABLE "Odd Table" (
      "Home Town" TEXT,
      "Quote""d" INTEGER,
      MixedCase TEXT,
      untyped
    );
    CREATE VIEW singer_summary AS SELECT country, count(*) AS singers FROM singer GROUP BY country;
    CREATE TABLE numbers (n INTEGER PRIMARY KEY, label TEXT);
    CREATE TABLE oddities (big INTEGER, ratio REAL, data BLOB, note TEXT);
  `);
  const singer = db.prepare(
    'INSERT INTO singer (singer_id, name, country, age, birth_date, is_active, net_worth) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const singers: Array<[number, string, string, number, string, number, number]> = [
    [1, 'Joe Sharp', 'Netherlands', 52, '1971-03-02', 1, 12.5],
    [2, 'Timbaland', 'United States', 32, '1991-07-17', 1, 30],
    [3, 'Justin Brown', 'France', 29, '1994-01-30', 0, 1.25],
    [4, 'Rose White', 'France', 41, '1982-11-05', 1, 8],
    [5, 'John Nizinik', 'France', 43, '1980-05-22', 0, 3.5],
    [6, 'Tribal King', 'France', 25, '1998-09-09', 1, 0.5],
  ];
  for (const row of singers) singer.run(...row);
  const concert = db.prepare('INSERT INTO concert VALUES (?, ?, ?, ?, ?)');
  concert.run(1, 'Auditions', 'Free choice', '2014', '2014-01-01 10:00:00');
  concert.run(2, 'Super bootcamp', 'Free choice 2', '2014', '2014-02-01 10:00:00');
  concert.run(3, 'Home Visits', 'Bleeding Love', '2015', '2015-03-01 10:00:00');
  const link = db.prepare('INSERT INTO singer_in_concert VALUES (?, ?)');
  for (const [concertId, singerId] of [
    [1, 2],
    [1, 3],
    [2, 3],
    [3, 5],
    [3, 6],
  ])
    link.run(concertId, singerId);
  db.prepare('INSERT INTO "Odd Table" VALUES (?, ?, ?, ?)').run('Springfield', 7, 'Yes', 3.5);
  db.prepare('INSERT INTO "Odd Table" VALUES (?, ?, ?, ?)').run('Shelbyville', 8, 'No', 4.5);
  db.exec(`WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 5000)
           INSERT INTO numbers SELECT x, 'n' || x FROM c`);
  db.prepare('INSERT INTO oddities VALUES (?, ?, ?, ?)').run(
    9007199254740993n,
    0.5,
    Buffer.from([1, 2, 3, 4]),
    'first',
  );
  db.prepare('INSERT INTO oddities VALUES (?, ?, ?, ?)').run(42, 1e308 * 10, null, null);
  db.close();
  return path;
}

/** The sha256 of a file's bytes, to show a database was not changed. */
export function sha256File(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}
