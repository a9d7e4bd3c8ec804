import { describe, expect, it } from 'vitest';
import { MemoryStore } from '../../src/cache/cache-store.ts';

function store(options: { maxEntries?: number; maxChars?: number } = {}) {
  let now = 1_000;
  const created = new MemoryStore({ maxEntries: options.maxEntries ?? 100, maxChars: options.maxChars ?? 10_000, now: () => now });
  return { store: created, advance: (ms: number) => (now += ms) };
}

describe('MemoryStore', () => {
  it('serves an entry until its TTL has passed, then forgets it', async () => {
    const { store: cache, advance } = store();
    await cache.set('k', 'v', 500);
    advance(499);
    expect(await cache.get('k')).toBe('v');
    advance(1);
    expect(await cache.get('k')).toBeUndefined();
    expect(cache.size()).toBe(0);
  });

  it('evicts the least recently used entry first when full', async () => {
    const { store: cache } = store({ maxEntries: 2 });
    await cache.set('a', '1', 60_000);
    await cache.set('b', '2', 60_000);
    expect(await cache.get('a')).toBe('1');
    await cache.set('c', '3', 60_000);
    expect(await cache.get('b')).toBeUndefined();
    expect(await cache.get('a')).toBe('1');
    expect(await cache.get('c')).toBe('3');
  });

  it('bounds the total size, and refuses a single value larger than the bound', async () => {
    const { store: cache } = store({ maxChars: 10 });
    await cache.set('a', '12345', 60_000);
    await cache.set('b', '67890', 60_000);
    await cache.set('c', 'x', 60_000);
    expect(await cache.get('a')).toBeUndefined();
    expect(await cache.get('b')).toBe('67890');
    await cache.set('huge', 'x'.repeat(11), 60_000);
    expect(await cache.get('huge')).toBeUndefined();
    expect(await cache.get('b')).toBe('67890');
  });

  it('moves only the bumped tags to a new generation', async () => {
    const { store: cache } = store();
    const [a0, b0] = await cache.generations(['a', 'b']);
    await cache.bump(['a']);
    const [a1, b1] = await cache.generations(['a', 'b']);
    expect(a1).not.toBe(a0);
    expect(b1).toBe(b0);
  });

  it('never hands out a generation twice, even after forgetting its tags', async () => {
    const { store: cache } = store();
    const seen = new Set<number>();
    const [first] = await cache.generations(['hot']);
    seen.add(first ?? -1);
    // More distinct tags than the store remembers: it starts over with higher generations.
    for (let round = 0; round < 3; round += 1) {
      for (let tag = 0; tag < 6_000; tag += 1) await cache.bump([`tag-${round}-${tag}`]);
      await cache.bump(['hot']);
      const [generation] = await cache.generations(['hot']);
      expect(seen.has(generation ?? -1)).toBe(false);
      seen.add(generation ?? -1);
    }
  });
});
