/**
 * The shared-state interfaces in memory (no `REDIS_URL`): the sliding window the limits count
 * in, the upstream budget and its per-caller shares built on it, and the per-caller write limit.
 */
import { describe, expect, it } from 'vitest';
import { UpstreamBudget } from '../../src/http/upstream-budget.ts';
import { UpstreamError } from '../../src/http/upstream-error.ts';
import { WriteRateLimiter } from '../../src/security/write-limiter.ts';
import { MemoryWindow } from '../../src/shared-state/sliding-window.ts';

function clock(start = 1_000_000) {
  const time = { now: start };
  return { time, now: () => time.now };
}

describe('MemoryWindow', () => {
  it('lets `limit` events through in any window, and says when the next slot frees up', () => {
    const { time, now } = clock();
    const window = new MemoryWindow(now);
    const rate = { limit: 3, windowMs: 1_000 };
    expect(window.takeNow('k', rate)).toEqual({ allowed: true });
    time.now += 400;
    expect(window.takeNow('k', rate)).toEqual({ allowed: true });
    expect(window.takeNow('k', rate)).toEqual({ allowed: true });
    // The first event leaves the window 600 ms from now.
    expect(window.takeNow('k', rate)).toEqual({ allowed: false, retryAfterMs: 600 });
    // Another key has its own log.
    expect(window.takeNow('other', rate)).toEqual({ allowed: true });
    time.now += 600;
    expect(window.takeNow('k', rate)).toEqual({ allowed: true });
    expect(window.takeNow('k', rate)).toEqual({ allowed: false, retryAfterMs: 400 });
  });

  it('does not count refused events, and forgets everything on clear', () => {
    const { time, now } = clock();
    const window = new MemoryWindow(now);
    const rate = { limit: 1, windowMs: 1_000 };
    window.takeNow('k', rate);
    for (let i = 0; i < 5; i += 1) expect(window.takeNow('k', rate).allowed).toBe(false);
    time.now += 1_000;
    expect(window.takeNow('k', rate).allowed).toBe(true);
    window.clear();
    expect(window.takeNow('k', rate).allowed).toBe(true);
  });
});

describe('MemoryWindow bounds', () => {
  it('holds at most maxEvents event times, forgetting the least recently used keys first', () => {
    const { now } = clock();
    const window = new MemoryWindow(now, { maxKeys: 100, maxEvents: 10 });
    const rate = { limit: 3, windowMs: 60_000 };
    for (let caller = 0; caller < 6; caller += 1) {
      for (let take = 0; take < 3; take += 1) window.takeNow(`caller-${caller}`, rate);
      expect(window.usage().events).toBeLessThanOrEqual(10);
    }
    expect(window.usage()).toEqual({ keys: 3, events: 9 });
    // The most recent callers are still counted; the oldest were forgotten.
    expect(window.takeNow('caller-5', rate).allowed).toBe(false);
    expect(window.takeNow('caller-0', rate).allowed).toBe(true);
  });

  it('holds at most maxKeys keys', () => {
    const window = new MemoryWindow(Date.now, { maxKeys: 5, maxEvents: 1_000 });
    for (let caller = 0; caller < 50; caller += 1) window.takeNow(`caller-${caller}-${'x'.repeat(1_000)}`, { limit: 1, windowMs: 60_000 });
    expect(window.usage()).toEqual({ keys: 5, events: 5 });
  });
});

describe('MemoryWindow.takeAll', () => {
  it('counts an event under every key or under none, and waits for the limit that frees up last', () => {
    const { time, now } = clock();
    const window = new MemoryWindow(now);
    const wide = { key: 'wide', rate: { limit: 3, windowMs: 1_000 } };
    const narrow = { key: 'narrow', rate: { limit: 1, windowMs: 500 } };
    expect(window.takeAllNow([wide, narrow])).toEqual({ allowed: true });
    time.now += 100;
    // The narrow limit is full: nothing is counted, not even under the wide key.
    expect(window.takeAllNow([wide, narrow])).toEqual({ allowed: false, retryAfterMs: 400 });
    expect(window.takeNow('wide', wide.rate)).toEqual({ allowed: true });
    expect(window.takeNow('wide', wide.rate)).toEqual({ allowed: true });
    time.now += 400;
    // Both full now; the wide one frees last (its first event leaves at 1,000 ms).
    expect(window.takeAllNow([wide, narrow])).toEqual({ allowed: false, retryAfterMs: 500 });
  });
});

describe('UpstreamBudget', () => {
  it('fails as throttled, with the wait in seconds, when the next slot comes after the deadline', async () => {
    const budget = new UpstreamBudget(new MemoryWindow());
    const rate = { limit: 2, windowMs: 3_600_000 };
    expect(await budget.spend('vantage', rate, undefined)).toBe(0);
    expect(await budget.spend('vantage', rate, undefined)).toBe(0);
    const retryAfterMs = await budget.spend('vantage', rate, undefined);
    expect(retryAfterMs).toBeGreaterThan(3_500_000);
    const refused = await budget.wait('vantage', retryAfterMs, undefined, Date.now() + 1_000).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(UpstreamError);
    expect(refused).toMatchObject({ provider: 'vantage', failure: 'throttled' });
    expect((refused as UpstreamError).retryAfterSeconds).toBeGreaterThan(3_500);
    // Budgets are per provider.
    expect(await budget.spend('datocms', rate, undefined)).toBe(0);
  });

  it('waits for the next slot when it fits before the deadline', async () => {
    const budget = new UpstreamBudget(new MemoryWindow());
    const rate = { limit: 1, windowMs: 50 };
    expect(await budget.spend('logto', rate, undefined)).toBe(0);
    const retryAfterMs = await budget.spend('logto', rate, undefined);
    await expect(budget.wait('logto', retryAfterMs, undefined, Date.now() + 5_000)).resolves.toBeUndefined();
    expect(await budget.spend('logto', rate, undefined)).toBe(0);
  });

  it('holds each caller to its share of the budget, and counts calls without a caller against the budget only', async () => {
    const budget = new UpstreamBudget(new MemoryWindow(), 25);
    const rate = { limit: 10, windowMs: 60_000 };
    // 25 % of 10 is 2 calls per caller.
    expect(await budget.spend('vantage', rate, 'alice')).toBe(0);
    expect(await budget.spend('vantage', rate, 'alice')).toBe(0);
    expect(await budget.spend('vantage', rate, 'alice')).toBeGreaterThan(59_000);
    for (let i = 0; i < 2; i += 1) expect(await budget.spend('vantage', rate, 'bob')).toBe(0);
    for (let i = 0; i < 4; i += 1) expect(await budget.spend('vantage', rate, undefined)).toBe(0);
    // The budget is spent (2 + 2 + 4 + 2): carol's share has room, the budget has not.
    for (let i = 0; i < 2; i += 1) expect(await budget.spend('vantage', rate, undefined)).toBe(0);
    expect(await budget.spend('vantage', rate, 'carol')).toBeGreaterThan(59_000);
  });
});

describe('WriteRateLimiter', () => {
  it('refuses past the limit per subject, with a whole number of seconds to wait', async () => {
    const limiter = new WriteRateLimiter({ limit: 2, windowMs: 60_000 });
    expect(await limiter.take('alice')).toEqual({ allowed: true });
    expect(await limiter.take('alice')).toEqual({ allowed: true });
    const refused = await limiter.take('alice');
    expect(refused.allowed).toBe(false);
    expect(refused.allowed ? 0 : refused.retryAfterSeconds).toBe(60);
    expect(await limiter.take('bob')).toEqual({ allowed: true });
  });
});
