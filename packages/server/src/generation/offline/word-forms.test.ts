import { describe, expect, it } from 'vitest';
import { expandAbbreviation, lemma, pluralPhrase, splitIdentifier, stem } from './word-forms.js';

describe('splitIdentifier', () => {
  it('splits camelCase, snake_case and digits', () => {
    expect(splitIdentifier('orderDate')).toEqual(['order', 'date']);
    expect(splitIdentifier('order_date')).toEqual(['order', 'date']);
    expect(splitIdentifier('InvoiceNo')).toEqual(['invoice', 'no']);
    expect(splitIdentifier('HTMLPage2')).toEqual(['html', 'page', '2']);
  });
});

describe('lemma', () => {
  it('singularises plural nouns', () => {
    expect(lemma('countries')).toBe('country');
    expect(lemma('employees')).toBe('employee');
  });

  it('keeps words that only look plural', () => {
    expect(lemma('status')).toBe('status');
    expect(lemma('address')).toBe('address');
    expect(lemma('series')).toBe('series');
  });

  it('maps irregular forms to their base', () => {
    expect(lemma('wrote')).toBe('write');
    expect(lemma('people')).toBe('person');
  });

  it('does not return Object.prototype members for words such as "constructor"', () => {
    expect(lemma('constructor')).toBe('constructor');
    expect(expandAbbreviation('constructor')).toEqual(['constructor']);
    expect(lemma('toString')).toBe('tostring');
  });
});

describe('stem and abbreviations', () => {
  it('joins inflections of one word', () => {
    expect(stem('produced')).toBe(stem('producing'));
  });

  it('expands identifier abbreviations', () => {
    expect(expandAbbreviation('qty')).toEqual(['quantity']);
    expect(expandAbbreviation('dept')).toEqual(['department']);
    expect(expandAbbreviation('num')).toEqual(['number']);
    expect(expandAbbreviation('acc')).toEqual(['account']);
    expect(expandAbbreviation('bal')).toEqual(['balance']);
    expect(expandAbbreviation('apt')).toEqual(['apartment']);
    expect(expandAbbreviation('name')).toEqual(['name']);
  });

  it('pluralises the last word of a phrase', () => {
    expect(pluralPhrase('order item')).toBe('order items');
  });
});
