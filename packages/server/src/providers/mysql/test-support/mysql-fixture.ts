import mysql from 'mysql2/promise';
import { scratchDatabaseName, serviceUrl } from '../../../test-support/services.js';

/** A scratch database on the test server, with an admin connection to set it up and inspect it. */
export interface MysqlFixture {
  database: string;
  /** `mysql://…/<database>` for the provider. */
  url: string;
  /** A connection as the test user, with the scratch database selected. */
  admin: mysql.Connection;
  /** Drops the database and closes the admin connection. */
  drop(): Promise<void>;
}

/** Connects to the test server (`serviceUrl('mariadb')`) and creates an empty scratch database. */
export async function createScratchDatabase(prefix: string): Promise<MysqlFixture> {
  const base = new URL(serviceUrl('mariadb'));
  const database = scratchDatabaseName(prefix);
  const admin = await mysql.createConnection({
    host: base.hostname,
    port: Number(base.port || 3306),
    user: decodeURIComponent(base.username),
    password: decodeURIComponent(base.password),
    multipleStatements: true,
    dateStrings: true,
  });
  await admin.query(`CREATE DATABASE \`${database}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci`);
  await admin.query(`USE \`${database}\``);
  const url = new URL(base.toString());
  url.pathname = `/${database}`;
  return {
    database,
    url: url.toString(),
    admin,
    drop: async () => {
      try {
        await admin.query(`DROP DATABASE IF EXISTS \`${database}\``);
      } finally {
        await admin.end();
      }
    },
  };
}

/**
 * The tables the MySQL provider tests use: singers and concerts with keys and comments, a view,
 * a table with awkward names, a table of every common column type, and `numbers` with
 * `numberRows` rows (made by cross-joining digits, which works on MySQL and MariaDB alike).
 */
export async function createFixtureTables(fixture: MysqlFixture, numberRows = 1_000): Promise<void> {
  await fixture.admin.query(`
    CREATE TABLE singer (
      singer_id INT PRIMARY KEY,
      name VARCHAR(50) NOT NULL COMMENT 'Stage name',
      country VARCHAR(40),
      age INT,
      birth_date DATE,
      is_active TINYINT(1),
      net_worth DECIMAL(12, 2),
      genre ENUM('pop', 'rock', 'jazz'),
      photo BLOB
    ) COMMENT = 'People who sing';
    CREATE TABLE concert (
      concert_id INT PRIMARY KEY,
      concert_name VARCHAR(80),
      theme VARCHAR(40),
      year INT,
      created_at DATETIME
    );
    CREATE TABLE singer_in_concert (
      concert_id INT NOT NULL,
      singer_id INT NOT NULL,
      PRIMARY KEY (concert_id, singer_id),
      FOREIGN KEY (concert_id) REFERENCES concert (concert_id),
      CONSTRAINT fk_singer FOREIGN KEY (singer_id) REFERENCES singer (singer_id)
    );
    CREATE TABLE \`Odd Table\` (id INT PRIMARY KEY, \`Home Town\` VARCHAR(40));
    CREATE TABLE value_types (
      id INT PRIMARY KEY,
      i INT, ui INT UNSIGNED, bi BIGINT, ubi BIGINT UNSIGNED,
      d DECIMAL(30, 4), f FLOAT, dbl DOUBLE,
      dt DATETIME(3), ts TIMESTAMP NULL, dte DATE, tm TIME, yr YEAR,
      c CHAR(3), vc VARCHAR(10), tx TEXT, bl BLOB, vb VARBINARY(8), bt BIT(8),
      js JSON, en ENUM('a', 'b'), st SET('x', 'y'), flag BOOLEAN
    );
    CREATE TABLE digits (d INT PRIMARY KEY);
    CREATE TABLE numbers (n INT PRIMARY KEY, label VARCHAR(20), parity VARCHAR(4));
    CREATE VIEW singer_summary AS SELECT country, COUNT(*) AS singers FROM singer GROUP BY country;

    INSERT INTO singer VALUES
      (1, 'Joe Sharp', 'Netherlands', 52, '1971-01-01', 1, 1200.50, 'rock', NULL),
      (2, 'Timbaland', 'United States', 32, '1991-05-02', 1, 99999.99, 'pop', NULL),
      (3, 'Justin Brown', 'France', 29, '1994-07-03', 0, NULL, 'pop', x'00FF00'),
      (4, 'Rose White', 'France', 41, '1982-02-04', 1, 300.00, 'jazz', NULL),
      (5, 'John Nizinik', 'France', 43, '1980-12-05', 0, 0.10, 'rock', NULL),
      (6, 'Tribal King', 'France', 25, '1998-03-06', 1, 5.00, NULL, NULL);
    INSERT INTO concert VALUES
      (1, 'Auditions', 'Free choice', 2014, '2014-05-01 20:00:00'),
      (2, 'Super bootcamp', 'Free choice 2', 2014, '2014-06-01 20:00:00'),
      (3, 'Home Visits', 'Bleeding Love', 2015, '2015-07-01 20:00:00');
    INSERT INTO singer_in_concert VALUES (1, 2), (1, 3), (1, 5), (2, 3), (2, 6), (3, 5);
    INSERT INTO \`Odd Table\` VALUES (1, 'Leeds'), (2, 'Paris');
    INSERT INTO value_types VALUES
      (1, -5, 4000000000, 9007199254740993, 18446744073709551615,
       12345678901234567890.1234, 1.5, 2.25,
       '2024-03-01 10:20:30.456', '2024-03-01 10:20:30', '2024-03-01', '10:20:30', 2024,
       'abc', 'hello', 'long text', x'DEADBEEF', x'0102', b'00000101',
       '{"a": 1}', 'b', 'x,y', TRUE),
      (2, NULL, NULL, 42, 7, 1.5000, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
       NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL);
    INSERT INTO digits VALUES (0), (1), (2), (3), (4), (5), (6), (7), (8), (9);
  `);
  await fillNumbers(fixture.admin, 'numbers', numberRows);
}

/** Fills `table (n, label, parity)` with rows 1..rows, ten thousand at a time. */
export async function fillNumbers(admin: mysql.Connection, table: string, rows: number): Promise<void> {
  const chunk = 10_000;
  for (let start = 0; start < rows; start += chunk) {
    const size = Math.min(chunk, rows - start);
    await admin.query(
      `INSERT INTO \`${table}\` (n, label, parity)
       SELECT ${start} + k + 1, CONCAT('row ', ${start} + k + 1), IF(k % 2 = 0, 'odd', 'even')
       FROM (SELECT a.d + 10 * b.d + 100 * c.d + 1000 * e.d AS k
             FROM digits a, digits b, digits c, digits e) ks
       WHERE k < ${size}`,
    );
  }
}

/**
 * A fingerprint of the server state a hostile statement could change: every table's checksum in
 * the scratch database, its tables and views, routines, the server's accounts and databases.
 */
export async function serverFingerprint(fixture: MysqlFixture): Promise<string> {
  const [tables] = await fixture.admin.query<mysql.RowDataPacket[]>(
    `SELECT TABLE_NAME AS name, TABLE_TYPE AS type FROM information_schema.TABLES
     WHERE TABLE_SCHEMA = ? ORDER BY TABLE_NAME`,
    [fixture.database],
  );
  const baseTables = tables.filter((table) => table.type === 'BASE TABLE').map((table) => String(table.name));
  const [checksums] = await fixture.admin.query<mysql.RowDataPacket[]>(
    `CHECKSUM TABLE ${baseTables.map((name) => `\`${name.replaceAll('`', '``')}\``).join(', ')} EXTENDED`,
  );
  const [routines] = await fixture.admin.query<mysql.RowDataPacket[]>(
    `SELECT ROUTINE_NAME FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = ? ORDER BY 1`,
    [fixture.database],
  );
  const [users] = await fixture.admin.query<mysql.RowDataPacket[]>(
    'SELECT User, Host FROM mysql.user ORDER BY User, Host',
  );
  const [databaseRows] = await fixture.admin.query<mysql.RowDataPacket[]>(
    'SELECT SCHEMA_NAME AS name FROM information_schema.SCHEMATA ORDER BY 1',
  );
  // Other test files create and drop their own scratch databases meanwhile.
  const databases = databaseRows
    .map((row) => String(row.name))
    .filter((name) => !/_\d+_[a-z0-9]{1,6}$/.test(name));
  return JSON.stringify({ tables, checksums, routines, users, databases });
}
