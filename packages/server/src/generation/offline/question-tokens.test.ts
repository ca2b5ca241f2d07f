import { describe, expect, it } from 'vitest';
import { tokenize } from './question-tokens.js';

describe('tokenize', () => {
  it('keeps quoted values whole, with any quote style', () => {
    const tokens = tokenize(`Which artist sang "Let It Be" or 'Yesterday' or \`\` Help! ''?`);
    expect(tokens.filter((t) => t.kind === 'quoted').map((t) => t.text)).toEqual([
      'Let It Be',
      'Yesterday',
      'Help!',
    ]);
  });

  it('does not treat apostrophes inside words as quotes', () => {
    const tokens = tokenize("What is O'Brien's salary?");
    expect(tokens.some((t) => t.kind === 'quoted')).toBe(false);
    expect(tokens.map((t) => t.text)).toContain("'s");
  });

  it('reads numbers with separators, currency and spelled-out numbers', () => {
    const tokens = tokenize('orders over $1,500.50 with at least two items');
    expect(tokens.find((t) => t.text === '$1,500.50')?.number).toBe(1500.5);
    expect(tokens.find((t) => t.lower === 'two')?.number).toBe(2);
  });

  it('splits contractions into a negation', () => {
    expect(tokenize("customers who don't have orders").map((t) => t.lower)).toEqual([
      'customers',
      'who',
      'do',
      'not',
      'have',
      'orders',
    ]);
  });

  it('marks capitalised words after the first word', () => {
    const tokens = tokenize('List customers from Germany');
    expect(tokens.filter((t) => t.capitalized).map((t) => t.text)).toEqual(['Germany']);
  });

  it('keeps ISO dates as one token', () => {
    expect(tokenize('orders since 2024-03-05').map((t) => t.text)).toContain('2024-03-05');
  });
});
