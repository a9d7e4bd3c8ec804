/**
 * The shared-state stores against a real Redis (the machine's on 127.0.0.1:6379, else a private
 * one; never `REDIS_URL`), under a key prefix of this run's own: what one replica counts or caches
 * another sees, values at rest are sealed, and Redis trouble falls back to local state.
 */
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.ts';
import { SharedRedis } from '../../src/shared-state/redis.ts';
import { createSharedState } from '../../src/shared-state/shared-state.ts';
import { deleteKeys, freePort, sharedRedis, testPrefix, until } from '../redis-harness.ts';

const SECRET = 'oidc-client-secret-4b7e9d21c0';
const logs: string[] = [];
const logger = createLogger({ level: 'debug', write: (line) => logs.push(line) });
const prefix = testPrefix();
let redis: Awaited<ReturnType<typeof sharedRedis>>;
const opened: { close(): Promise<void> }[] = [];

beforeAll(async () => {
  redis = await sharedRedis();
});
afterAll(async () => {
  await Promise.all(opened.map((state) => state.close()));
  await deleteKeys(redis.url, prefix);
  await redis.close();
});

/** One replica's shared state, connected and on Redis before it is used. */
async function replica(options: { url?: string; replicas?: number } = {}) {
  const state = await createSharedState(
    { redis: { url: options.url ?? redis.url, keyPrefix: prefix, timeoutMs: 150 }, replicas: options.replicas ?? 1 },
    ['key material'],
    logger,
  );
  opened.push(state);
  if (options.url === undefined) await until(() => (state.status() as { mode: string }).mode === 'redis');
  return state;
}

describe('RedisWindow', () => {
  it('counts two replicas against one limit', async () => {
    const [a, b] = [await replica(), await replica()];
    const rate = { limit: 4, windowMs: 60_000 };
    const decisions = [];
    for (const state of [a, b, a, b, a, b]) decisions.push(await state.window.take('shared-limit', rate));
    expect(decisions.map((decision) => decision.allowed)).toEqual([true, true, true, true, false, false]);
    const refused = decisions[5];
    expect(refused?.allowed === false && refused.retryAfterMs).toBeGreaterThan(59_000);
  });

  it('counts an event under several keys at once or under none, across replicas', async () => {
    const [a, b] = [await replica(), await replica()];
    const budget = { key: 'all-budget', rate: { limit: 3, windowMs: 60_000 } };
    const share = (caller: string) => ({ key: `all-share:${caller}`, rate: { limit: 1, windowMs: 60_000 } });
    expect(await a.window.takeAll([budget, share('alice')])).toEqual({ allowed: true });
    // Alice's share is full: nothing is counted, so the budget still has two slots.
    const refused = await b.window.takeAll([budget, share('alice')]);
    expect(refused.allowed === false && refused.retryAfterMs).toBeGreaterThan(59_000);
    expect(await b.window.takeAll([budget, share('bob')])).toEqual({ allowed: true });
    expect(await a.window.takeAll([budget, share('carol')])).toEqual({ allowed: true });
    expect((await b.window.takeAll([budget, share('dave')])).allowed).toBe(false);
    expect((await a.window.take('all-share:dave', share('dave').rate)).allowed).toBe(true);
  });

  it('falls back to this replica’s share of the limit when Redis cannot be reached', async () => {
    const down = `redis://127.0.0.1:${await freePort()}`;
    const state = await replica({ url: down, replicas: 3 });
    const rate = { limit: 9, windowMs: 60_000 };
    const allowed = [];
    for (let i = 0; i < 5; i += 1) allowed.push((await state.window.take('fallback-limit', rate)).allowed);
    expect(allowed).toEqual([true, true, true, false, false]);
    expect(state.status()).toMatchObject({ store: 'redis', mode: 'local' });
    // Every limit of a combined take is divided alike: a caller's share of 3 is 1 here.
    const limits = [
      { key: 'fallback-budget', rate },
      { key: 'fallback-share', rate: { limit: 3, windowMs: 60_000 } },
    ];
    expect((await state.window.takeAll(limits)).allowed).toBe(true);
    expect((await state.window.takeAll(limits)).allowed).toBe(false);
  });
});

describe('RedisStore', () => {
  it('serves one replica’s answer to another, and a bump on one is a miss on the other', async () => {
    const [a, b] = [await replica(), await replica()];
    const storeA = a.cacheStore({ maxEntries: 100, maxChars: 1_000_000 });
    const storeB = b.cacheStore({ maxEntries: 100, maxChars: 1_000_000 });
    const { generation, value } = await storeA.lookup('logto:connectors', 'digest');
    expect(generation).toBeGreaterThanOrEqual(0);
    expect(value).toBeUndefined();
    await storeA.store('logto:connectors', 'digest', generation, '{"answer":1}', 60_000);
    expect(await storeB.lookup('logto:connectors', 'digest')).toEqual({ generation, value: '{"answer":1}' });
    expect(storeA.size()).toBe(1);
    await storeB.bump(['logto:connectors']);
    expect(await storeA.lookup('logto:connectors', 'digest')).toEqual({ generation: generation + 1, value: undefined });
    // A read that looked up before the bump and stores after it: never served under the new generation.
    await storeB.store('logto:connectors', 'digest', generation, '{"answer":"late"}', 60_000);
    expect(await storeA.lookup('logto:connectors', 'digest')).toEqual({ generation: generation + 1, value: undefined });
  });

  it('lets one replica claim a fill: the other waits for its answer, and stops waiting when a write moves the tag', async () => {
    const [a, b] = [await replica(), await replica()];
    const storeA = a.cacheStore({ maxEntries: 100, maxChars: 1_000_000 });
    const storeB = b.cacheStore({ maxEntries: 100, maxChars: 1_000_000 });
    const { generation } = await storeA.lookup('vantage:accounts', 'fill-digest');
    const claimA = await storeA.claimFill?.('vantage:accounts', 'fill-digest', generation);
    const claimB = await storeB.claimFill?.('vantage:accounts', 'fill-digest', generation);
    expect(claimA?.ours).toBe(true);
    if (claimB?.ours !== false) throw new Error('the second claim should wait for the first');
    const waited = claimB.wait();
    await storeA.store('vantage:accounts', 'fill-digest', generation, '{"filled":true}', 60_000);
    expect(await waited).toBe('{"filled":true}');

    const next = await storeA.lookup('vantage:accounts', 'moved-digest');
    await storeA.claimFill?.('vantage:accounts', 'moved-digest', next.generation);
    const waiting = await storeB.claimFill?.('vantage:accounts', 'moved-digest', next.generation);
    if (waiting?.ours !== false) throw new Error('the second claim should wait for the first');
    const stopped = waiting.wait();
    await storeB.bump(['vantage:accounts']);
    // A fill of the old generation would be stale now: the waiter is told to ask for itself.
    await storeA.store('vantage:accounts', 'moved-digest', next.generation, '{"stale":true}', 60_000);
    expect(await stopped).toBeUndefined();
  });

  it('keeps values sealed at rest: the Redis value holds no secret in clear, and an altered one is a miss', async () => {
    const state = await replica();
    const store = state.cacheStore({ maxEntries: 100, maxChars: 1_000_000 });
    const answer = JSON.stringify({ body: { config: { clientId: 'app', clientSecret: SECRET } } });
    await store.store('logto:connector', 'secret-digest', 0, answer, 60_000);
    const raw = new Redis(redis.url);
    try {
      const stored = await raw.get(`${prefix}cache:logto:connector:secret-digest`);
      expect(stored).toBeTypeOf('string');
      expect(stored).not.toContain(SECRET);
      expect(Buffer.from((stored ?? '').replace(/^0\./, ''), 'base64').toString('latin1')).not.toContain(SECRET);
      expect((await store.lookup('logto:connector', 'secret-digest')).value).toBe(answer);
      // Moved to another key, the value no longer opens: the key is bound in.
      await raw.set(`${prefix}cache:logto:connector:other`, stored ?? '');
      expect((await store.lookup('logto:connector', 'other')).value).toBeUndefined();
      // Nor does it open as another generation's: the generation is sealed in too.
      await raw.set(`${prefix}gen:logto:connector`, '1');
      await raw.set(`${prefix}cache:logto:connector:secret-digest`, (stored ?? '').replace(/^0\./, '1.'));
      expect(await store.lookup('logto:connector', 'secret-digest')).toEqual({ generation: 1, value: undefined });
    } finally {
      raw.disconnect();
    }
  });

  it('answers from a local store while Redis is away, with generations that never meet Redis’s', async () => {
    const down = `redis://127.0.0.1:${await freePort()}`;
    const state = await replica({ url: down });
    const store = state.cacheStore({ maxEntries: 100, maxChars: 1_000_000 });
    const { generation } = await store.lookup('vantage:accounts', 'd');
    expect(generation).toBeLessThan(0);
    await store.store('vantage:accounts', 'd', generation, 'local answer', 60_000);
    expect(await store.lookup('vantage:accounts', 'd')).toEqual({ generation, value: 'local answer' });
    await store.bump(['vantage:accounts']);
    const after = await store.lookup('vantage:accounts', 'd');
    expect(after.generation).not.toBe(generation);
    expect(after.value).toBeUndefined();
  });
});

describe('SharedValues', () => {
  it('settles replicas that claim at once on the first value, sealed at rest', async () => {
    const [a, b] = [await replica(), await replica()];
    const first = await a.values?.claim('token', 'token-from-a', 60_000);
    const second = await b.values?.claim('token', 'token-from-b', 60_000);
    expect([first, second]).toEqual(['token-from-a', 'token-from-a']);
    expect(await b.values?.get('token')).toBe('token-from-a');
    const raw = new Redis(redis.url);
    try {
      expect(await raw.get(`${prefix}value:token`)).not.toContain('token-from-a');
    } finally {
      raw.disconnect();
    }
    await a.values?.delete('token');
    expect(await b.values?.get('token')).toBeUndefined();
  });
});

describe('SharedRedis', () => {
  it('logs the switch to local state once, naming host and port but never the password', async () => {
    const port = await freePort();
    const before = logs.length;
    const down = new SharedRedis({ url: `redis://:hunter2-redis-password@127.0.0.1:${port}`, keyPrefix: prefix, timeoutMs: 150 }, logger);
    opened.push(down);
    // Several reconnect attempts fail meanwhile; one line says so.
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(
      await down.use(
        async () => 'redis',
        () => 'local',
      ),
    ).toBe('local');
    // Other tests' replicas log too: only this one's lines.
    const lines = logs.slice(before).filter((line) => line.includes(`:${port}`));
    expect(lines.filter((line) => line.includes('Redis unavailable'))).toHaveLength(1);
    expect(lines.join('\n')).toContain(`127.0.0.1:${port}`);
    expect(lines.join('\n')).not.toContain('hunter2');
    expect(JSON.stringify(down.status())).not.toContain('hunter2');
  });
});
