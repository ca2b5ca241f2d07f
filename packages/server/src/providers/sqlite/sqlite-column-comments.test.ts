import { describe, expect, it } from 'vitest';
import { sqliteColumnComments } from './sqlite-column-comments.js';

describe('sqliteColumnComments', () => {
  it('reads the comment after each column definition', () => {
    const comments = sqliteColumnComments(`CREATE TABLE loans (
  id INTEGER PRIMARY KEY,
  book_id INTEGER REFERENCES books (id), -- the copy lent out
  "due on" TEXT NOT NULL, -- YYYY-MM-DD, when the reader must bring it back
  fine REAL CHECK (fine IN (0, 0.5)) -- charged per day late
)`);
    expect([...comments]).toEqual([
      ['book_id', 'the copy lent out'],
      ['due on', 'YYYY-MM-DD, when the reader must bring it back'],
      ['fine', 'charged per day late'],
    ]);
  });

  it('ignores dashes inside quotes, comment-only lines and table constraints', () => {
    const comments = sqliteColumnComments(`CREATE TABLE visits (id INTEGER, -- the visit
  -- the room column follows
  note TEXT DEFAULT '--', room TEXT,
  PRIMARY KEY (id) -- one row per visit
)`);
    expect([...comments]).toEqual([['id', 'the visit']]);
  });
});
