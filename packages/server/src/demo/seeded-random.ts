/**
 * A small seeded pseudo-random generator (mulberry32) with the helpers the demo data needs. The
 * same seed gives the same sequence on every machine: it uses 32-bit integer arithmetic only, so
 * no platform or library can change the demo database behind our back.
 */
export interface SeededRandom {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [min, max], both inclusive. */
  integer(min: number, max: number): number;
  /** True with probability `probability`. */
  chance(probability: number): boolean;
  /** One element, uniformly. The array must not be empty. */
  pick<T>(items: readonly T[]): T;
  /** An index drawn in proportion to `weights` (non-negative, not all zero). */
  weightedIndex(weights: readonly number[]): number;
  /** Approximately normal with mean 0 and deviation 1 (sum of four uniforms, no `Math.log`). */
  normal(): number;
}

export function createSeededRandom(seed: number): SeededRandom {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    integer: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chance: (probability) => next() < probability,
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T,
    weightedIndex(weights) {
      let total = 0;
      for (const weight of weights) total += weight;
      let target = next() * total;
      for (let index = 0; index < weights.length; index++) {
        target -= weights[index] as number;
        if (target < 0) return index;
      }
      return weights.length - 1;
    },
    // Irwin–Hall with four terms, rescaled to unit variance: bounded to ±3.46, which keeps
    // generated values within sensible ranges.
    normal: () => (next() + next() + next() + next() - 2) * Math.sqrt(3),
  };
}
