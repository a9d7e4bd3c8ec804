/**
 * The read cache's shared fills, on the in-memory store and a Redis store, driven directly: a
 * request that waits on another's fill stops waiting when its own signal aborts (the fill runs on
 * for the rest), and then makes its own call, which answers the abort as any call of it would.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { MemoryStore } from '../../src/cache/cache-store.ts';
import { type Filled, ReadCache } from '../../src/cache/read-cache.ts';
import { createLogger } from '../../src/logger.ts';
import { createSharedState } from '../../src/shared-state/shared-state.ts';
import { deleteKeys, sharedRedis, testPrefix, until } from '../redis-harness.ts';

const logger = createLogger({ level: 'silent' });
const REQUEST = '["GET","/v2/managed_accounts/acct_1",[["authorization","Bearer t"]],null]';

/** A fill that answers only when told to, as a slow upstream would. */
function pendingFill() {
  let answer: (filled: Filled<string>) => void = () => undefined;
  const promise = new Promise<Filled<string>>((resolve) => {
    answer = resolve;
  });
  return { fetch: () => promise, answer: (text: string) => answer({ result: text, stored: text }) };
}

const ownCall = async (): Promise<Filled<string>> => {
  throw new Error('the aborted request’s own call');
};

describe('a request waiting on another’s fill in this process', () => {
  it('stops waiting when its signal aborts, while the fill goes on for the others', async () => {
    const cache = new ReadCache(new MemoryStore({ maxEntries: 10, maxChars: 10_000 }), 60_000, logger);
    const first = pendingFill();
    const filling = (await cache.slot('VANTAGE', 'accounts', REQUEST)).fill(first.fetch);
    const aborted = new AbortController();
    const waiting = (await cache.slot('VANTAGE', 'accounts', REQUEST)).fill(ownCall, aborted.signal);
    const patient = (await cache.slot('VANTAGE', 'accounts', REQUEST)).fill(ownCall);
    aborted.abort();
    await expect(waiting).rejects.toThrow('the aborted request’s own call');
    first.answer('{"token":"acct_1"}');
    expect(await filling).toEqual({ result: '{"token":"acct_1"}', stored: '{"token":"acct_1"}' });
    expect(await patient).toEqual({ shared: '{"token":"acct_1"}' });
  });
});

describe('a replica waiting on another replica’s fill', () => {
  const prefix = testPrefix();
  let redis: Awaited<ReturnType<typeof sharedRedis>> | undefined;
  const opened: { close(): Promise<void> }[] = [];
  afterAll(async () => {
    await Promise.all(opened.map((state) => state.close()));
    if (redis) {
      await deleteKeys(redis.url, prefix);
      await redis.close();
    }
  });

  it('stops polling when its signal aborts, and makes its own call instead of taking the fill', async () => {
    redis = await sharedRedis();
    const replicas = await Promise.all(
      [1, 2].map(async () => {
        const state = await createSharedState(
          { redis: { url: redis?.url ?? '', keyPrefix: prefix, timeoutMs: 1_000 }, replicas: 2 },
          ['key'],
          logger,
        );
        opened.push(state);
        await until(() => (state.status() as { mode?: string }).mode === 'redis');
        return new ReadCache(state.cacheStore({ maxEntries: 10, maxChars: 10_000 }), 60_000, logger);
      }),
    );
    const [a, b] = replicas as [ReadCache, ReadCache];
    const first = pendingFill();
    const filling = (await a.slot('VANTAGE', 'accounts', REQUEST)).fill(first.fetch);
    // Replica A holds the claim now (its fill is pending); B waits, then its caller goes away.
    await new Promise((resolve) => setTimeout(resolve, 50));
    const aborted = new AbortController();
    const waiting = (await b.slot('VANTAGE', 'accounts', REQUEST)).fill(ownCall, aborted.signal);
    aborted.abort();
    // A's answer is stored now: a B still polling would be served it at its next look; a B that
    // stopped has made its own call instead.
    first.answer('{"token":"acct_1"}');
    await expect(waiting).rejects.toThrow('the aborted request’s own call');
    await filling;
  });
});
