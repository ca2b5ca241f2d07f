import { describe, expect, it } from 'vitest';
import { normalizeQuery, salvageAnswer } from './llm-answer.js';

describe('normalizeQuery', () => {
  it.each([
    ['```sql\nSELECT 1;\n```', 'SELECT 1'],
    ['```\nSELECT 1\n```', 'SELECT 1'],
    ['```sql SELECT 1```', 'SELECT 1'],
    ['```SELECT 1```', 'SELECT 1'],
    [
      'Here it is:\n```postgresql\nWITH t AS (SELECT 1) SELECT * FROM t;;\n```\nDone.',
      'WITH t AS (SELECT 1) SELECT * FROM t',
    ],
    ['SELECT 1 ; ', 'SELECT 1'],
    ["SELECT ';' AS semicolon", "SELECT ';' AS semicolon"],
    ['```sql\nSELECT 1', 'SELECT 1'],
  ])('turns %j into %j', (text, expected) => {
    expect(normalizeQuery(text)).toBe(expected);
  });

  it('keeps a semicolon between two statements for the validator to reject', () => {
    expect(normalizeQuery('SELECT 1; DROP TABLE x;')).toBe('SELECT 1; DROP TABLE x');
  });
});

describe('salvageAnswer', () => {
  it('finds a valid answer inside surrounding text', () => {
    const json = JSON.stringify({
      kind: 'cannot_answer',
      query: null,
      explanation: null,
      confidence: null,
      assumptions: null,
      question: null,
      options: null,
      reason: 'no salary data',
    });
    expect(salvageAnswer(`Answer:\n${json}\nThanks`)).toMatchObject({
      kind: 'cannot_answer',
      reason: 'no salary data',
    });
  });

  it('gives up on text without a valid answer', () => {
    expect(salvageAnswer('no json here')).toBeUndefined();
    expect(salvageAnswer('{"kind": "query"}')).toBeUndefined();
    expect(salvageAnswer(undefined)).toBeUndefined();
  });
});
