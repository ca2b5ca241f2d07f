import { describe, expect, it } from 'vitest';
import type { Dialect } from '../../core/index.js';
// The notes files directly: they import no driver, unlike the provider folders' index files.
import { DUCKDB_DIALECT_NOTES } from '../../providers/duckdb/duckdb-dialect-notes.js';
import { MYSQL_DIALECT_NOTES } from '../../providers/mysql/mysql-dialect-notes.js';
import { POSTGRES_DIALECT_NOTES } from '../../providers/postgres/postgres-dialect-notes.js';
import { SQLITE_DIALECT_NOTES } from '../../providers/sqlite/sqlite-dialect-notes.js';
import { buildSystemPrompt } from './query-prompts.js';

/** The notes each provider gives the prompts (the version-specific lines come on top). */
const NOTES: Record<Dialect, readonly string[]> = {
  sqlite: SQLITE_DIALECT_NOTES,
  postgres: POSTGRES_DIALECT_NOTES,
  mysql: MYSQL_DIALECT_NOTES,
  duckdb: DUCKDB_DIALECT_NOTES,
};

/**
 * What the model must know about each dialect to write the queries the golden table checks
 * (generation/offline/golden): each topic is a pattern per dialect that its notes must contain.
 */
const TOPICS: Record<string, Record<Dialect, RegExp>> = {
  'identifier quoting': {
    sqlite: /double quotes \("Home Town"\)/,
    postgres: /double quotes exactly as stored \("OrderDate"/,
    mysql: /backticks \(`order details`\).*reserved words need backticks/,
    duckdb: /double quotes \("Home Town"\)/,
  },
  'row limits': {
    sqlite: /LIMIT n/,
    postgres: /LIMIT n/,
    mysql: /LIMIT n/,
    duckdb: /LIMIT n/,
  },
  'date parts and truncation': {
    sqlite: /strftime\('%Y', col\).*strftime\('%Y-%m', col\) to group by month/,
    postgres: /date_trunc\('month', created_at\).*EXTRACT\(YEAR FROM created_at\)/,
    mysql: /YEAR\(col\).*DATE_FORMAT\(col, '%Y-%m'\)/,
    duckdb: /date_trunc\('month', col\).*year\(col\)/,
  },
  'date ranges and arithmetic': {
    sqlite: /date\('now', '-7 days'\).*col >= '2024-01-01' AND col < '2025-01-01'/,
    postgres: /INTERVAL '30 days'.*DATE '2024-01-31'/,
    mysql: /INTERVAL 7 DAY.*DATE '2024-01-31'/,
    duckdb: /DATE '2024-01-31'.*INTERVAL 30 DAY/,
  },
  'case-insensitive matching': {
    sqlite: /LIKE ignores case for ASCII letters/,
    postgres: /ILIKE matches case-insensitively/,
    mysql: /LIKE and IN ignore case under the default collations/,
    duckdb: /ILIKE matches case-insensitively/,
  },
  'boolean literals': {
    sqlite: /Booleans are integers 0 and 1/,
    postgres: /Booleans are TRUE and FALSE/,
    mysql: /TRUE and FALSE are 1 and 0/,
    duckdb: /Booleans are TRUE and FALSE/,
  },
};

describe('dialect notes in the system prompt', () => {
  const cases = (Object.keys(NOTES) as Dialect[]).flatMap((dialect) =>
    Object.entries(TOPICS).map(([topic, patterns]) => [dialect, topic, patterns[dialect]] as const),
  );

  it.each(cases)('tell the model about %s %s', (dialect, _topic, pattern) => {
    const prompt = buildSystemPrompt({ dialect, dialectNotes: NOTES[dialect] });
    const notes = prompt.slice(prompt.lastIndexOf(' notes:\n'));
    expect(notes).toMatch(pattern);
  });
});
