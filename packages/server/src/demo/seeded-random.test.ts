import { describe, expect, it } from 'vitest';
import { createSeededRandom } from './seeded-random.js';

describe('createSeededRandom', () => {
  it('repeats the same sequence for the same seed', () => {
    const first = createSeededRandom(42);
    const second = createSeededRandom(42);
    const a = Array.from({ length: 100 }, () => first.next());
    const b = Array.from({ length: 100 }, () => second.next());
    expect(a).toEqual(b);
  });

  it('produces the published mulberry32 values, so the demo data cannot drift silently', () => {
    const random = createSeededRandom(42);
    const values = Array.from({ length: 3 }, () => Math.floor(random.next() * 4294967296));
    expect(values).toEqual([2581720956, 1925393290, 3661312704]);
  });

  it('gives different sequences for different seeds', () => {
    expect(createSeededRandom(1).next()).not.toBe(createSeededRandom(2).next());
  });

  it('keeps values in [0, 1) and integers within their inclusive bounds', () => {
    const random = createSeededRandom(7);
    const seen = new Set<number>();
    for (let draw = 0; draw < 10_000; draw++) {
      const value = random.next();
      expect(value).toBeGreaterThanOrEqual(0);
      expect(value).toBeLessThan(1);
      seen.add(random.integer(3, 6));
    }
    expect([...seen].sort()).toEqual([3, 4, 5, 6]);
  });

  it('never draws an index whose weight is zero and follows the weights', () => {
    const random = createSeededRandom(9);
    const counts = [0, 0, 0];
    for (let draw = 0; draw < 30_000; draw++) {
      const index = random.weightedIndex([1, 0, 3]);
      counts[index] = (counts[index] ?? 0) + 1;
    }
    expect(counts[1]).toBe(0);
    expect((counts[2] ?? 0) / (counts[0] ?? 1)).toBeGreaterThan(2.7);
    expect((counts[2] ?? 0) / (counts[0] ?? 1)).toBeLessThan(3.3);
  });

  it('draws normal values with mean near 0 and deviation near 1', () => {
    const random = createSeededRandom(11);
    const values = Array.from({ length: 20_000 }, () => random.normal());
    const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
    const variance = values.reduce((sum, value) => sum + (value - mean) ** 2, 0) / values.length;
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(Math.abs(variance - 1)).toBeLessThan(0.05);
  });
});
