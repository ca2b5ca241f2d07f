import { describe, expect, it } from 'vitest';
import { timeOrderedId } from './time-ordered-id.js';

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('timeOrderedId', () => {
  it('is a version 7 UUID carrying the time in its first 48 bits', () => {
    const at = Date.UTC(2026, 10, 28, 1, 2, 3, 456);
    const id = timeOrderedId(at + 10_000_000); // later than any id made before in this process
    expect(id).toMatch(UUID_V7);
    expect(Number.parseInt(id.replace(/-/g, '').slice(0, 12), 16)).toBe(at + 10_000_000);
  });

  it('sorts in the order the ids were made, also within one millisecond, and never repeats', () => {
    const ids = Array.from({ length: 20_000 }, () => timeOrderedId());
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids.slice(0, 100)) expect(id).toMatch(UUID_V7);
  });

  it('keeps the order when the clock steps back', () => {
    const first = timeOrderedId(Date.now() + 20_000_000);
    const second = timeOrderedId(Date.now());
    expect(second > first).toBe(true);
  });
});
