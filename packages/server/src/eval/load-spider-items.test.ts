import Database from 'better-sqlite3';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSpiderItems } from './load-spider-items.js';

describe('loadSpiderItems', () => {
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'text2x-eval-spider-'));
    mkdirSync(join(dir, 'database', 'music'), { recursive: true });
    new Database(join(dir, 'database', 'music', 'music.sqlite')).close();
    const write = (file: string, data: unknown): void => writeFileSync(join(dir, file), JSON.stringify(data));
    write('dev.json', [
      {
        db_id: 'music',
        question: 'How many singers?',
        query: 'SELECT count(*) FROM singer',
        hardness: 'easy',
      },
      { db_id: 'music', question: 'Names by age?', query: 'SELECT name, age FROM singer ORDER BY age' },
    ]);
    write('syn.json', [
      {
        db_id: 'music',
        SpiderQuestion: 'How many singers are there?',
        SpiderSynQuestion: 'How many vocalists are there?',
        query: 'SELECT count(*) FROM singer',
      },
    ]);
    write('train.json', [
      {
        db_id: 'music',
        question: 'How many songs?',
        question_syn: 'How many tracks?',
        query: 'SELECT count(*) FROM song',
      },
    ]);
    write('missing.json', [
      { db_id: 'music', question: 'a', query: 'SELECT 1' },
      { db_id: 'gone', question: 'b', query: 'SELECT 2' },
      { db_id: 'gone', question: 'c', query: 'SELECT 3' },
    ]);
    write('sparc.json', [
      {
        database_id: 'music',
        interaction_id: 0,
        interaction: [
          { utterance: 'Show all singers.', query: 'SELECT * FROM singer' },
          { utterance: 'Only French ones.', query: 'SELECT * FROM singer WHERE country  =  "France"' },
        ],
        final: { utterance: 'French singers', query: 'SELECT * FROM singer WHERE country = "France"' },
      },
      {
        database_id: 'music',
        interaction_id: 0,
        interaction: [{ utterance: 'Count songs.', query: 'SELECT count(*) FROM song' }],
      },
    ]);
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('loads questions with their database, gold and given hardness', () => {
    const items = loadSpiderItems({ dir, file: 'dev.json' });
    expect(items[0]).toEqual({
      id: 'dev/0',
      benchmark: 'spider',
      dbId: 'music',
      dbPath: join(dir, 'database', 'music', 'music.sqlite'),
      question: 'How many singers?',
      gold: ['SELECT count(*) FROM singer'],
      hardness: 'easy',
    });
  });

  it('computes hardness when the file has none and marks it computed', () => {
    const items = loadSpiderItems({ dir, file: 'dev.json' });
    expect(items[1]).toMatchObject({ hardness: 'medium', hardnessComputed: true });
  });

  it('picks the synonym wording of Spider-Syn by default and the original on request', () => {
    expect(loadSpiderItems({ dir, file: 'syn.json' })[0]!.question).toBe('How many vocalists are there?');
    expect(loadSpiderItems({ dir, file: 'syn.json', variant: 'original' })[0]!.question).toBe(
      'How many singers are there?',
    );
  });

  it("reads train's question_syn with the syn variant", () => {
    expect(loadSpiderItems({ dir, file: 'train.json' })[0]!.question).toBe('How many songs?');
    expect(loadSpiderItems({ dir, file: 'train.json', variant: 'syn' })[0]!.question).toBe(
      'How many tracks?',
    );
    expect(() => loadSpiderItems({ dir, file: 'dev.json', variant: 'syn' })).toThrow(/question_syn/);
  });

  it('flattens conversations into turns with a unique interaction id and turn index', () => {
    const items = loadSpiderItems({ dir, file: 'sparc.json' });
    expect(items.map((item) => [item.id, item.interactionId, item.turnIndex])).toEqual([
      ['sparc/0/0', 'sparc/0', 0],
      ['sparc/0/1', 'sparc/0', 1],
      ['sparc/1/0', 'sparc/1', 0],
    ]);
    expect(items[1]).toMatchObject({
      question: 'Only French ones.',
      hardnessComputed: true,
      hardness: 'easy',
    });
  });

  it('names missing databases, or leaves their questions out when asked', () => {
    expect(() => loadSpiderItems({ dir, file: 'missing.json' })).toThrow(/gone \(2 questions\)/);
    const skipped: { dbId: string; questions: number }[] = [];
    const items = loadSpiderItems({ dir, file: 'missing.json', skipMissingDatabases: true, skipped });
    expect(items.map((item) => item.id)).toEqual(['missing/0']);
    expect(skipped).toEqual([{ dbId: 'gone', questions: 2 }]);
  });

  it('says which file is missing', () => {
    expect(() => loadSpiderItems({ dir, file: 'nope.json' })).toThrow(/nope\.json/);
  });
});
