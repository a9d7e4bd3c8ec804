import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ByteLru, digestKey, jsonBytes, stringBytes } from '../../src/cache/byte-lru.ts';

/** Every entry is charged its value's bytes plus this much. */
const OVERHEAD = 200;

function lru(options: { maxBytes?: number; maxEntries?: number } = {}) {
  const clock = { now: 1_000 };
  const cache = new ByteLru<string>({ maxBytes: options.maxBytes ?? 10_000, maxEntries: options.maxEntries, now: () => clock.now });
  return { cache, clock };
}

describe('ByteLru', () => {
  it('charges each entry its bytes and the overhead, and gives them back when it goes', () => {
    const { cache } = lru();
    cache.set('a', 'x', 100);
    cache.set('b', 'y', 50);
    expect(cache.usage()).toEqual({ entries: 2, bytes: 150 + 2 * OVERHEAD, maxBytes: 10_000 });
    cache.set('a', 'z', 10);
    expect(cache.usage().bytes).toBe(60 + 2 * OVERHEAD);
    cache.delete('b');
    expect(cache.usage()).toEqual({ entries: 1, bytes: 10 + OVERHEAD, maxBytes: 10_000 });
    cache.clear();
    expect(cache.usage()).toEqual({ entries: 0, bytes: 0, maxBytes: 10_000 });
  });

  it('evicts the least recently used entries until the byte bound holds', () => {
    const { cache } = lru({ maxBytes: 3 * (100 + OVERHEAD) });
    cache.set('a', '1', 100);
    cache.set('b', '2', 100);
    cache.set('c', '3', 100);
    expect(cache.get('a')).toBe('1');
    cache.set('d', '4', 250);
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('c')).toBeUndefined();
    expect([cache.get('a'), cache.get('d')]).toEqual(['1', '4']);
    expect(cache.usage().bytes).toBeLessThanOrEqual(cache.usage().maxBytes);
  });

  it('keeps a count bound too, where one is given', () => {
    const { cache } = lru({ maxEntries: 2 });
    cache.set('a', '1', 1);
    cache.set('b', '2', 1);
    cache.set('c', '3', 1);
    expect([cache.get('a'), cache.get('b'), cache.get('c')]).toEqual([undefined, '2', '3']);
  });

  it('does not keep a value larger than the whole bound, nor drop others for it', () => {
    const { cache } = lru({ maxBytes: 1_000 });
    cache.set('small', 's', 10);
    cache.set('huge', 'h', 1_000);
    expect(cache.get('huge')).toBeUndefined();
    expect(cache.get('small')).toBe('s');
  });

  it('forgets an entry once its time is up', () => {
    const { cache, clock } = lru();
    cache.set('a', '1', 10, 500);
    clock.now += 499;
    expect(cache.get('a')).toBe('1');
    clock.now += 1;
    expect(cache.get('a')).toBeUndefined();
    expect(cache.usage()).toMatchObject({ entries: 0, bytes: 0 });
  });

  it('keys by SHA-256 and measures strings at two bytes a character', () => {
    expect(digestKey('abc')).toBe(createHash('sha256').update('abc').digest('base64url'));
    expect(stringBytes('héllo')).toBe(10);
    expect(jsonBytes({ a: 'b' })).toBe(stringBytes('{"a":"b"}'));
    expect(jsonBytes(undefined)).toBe(0);
  });
});
