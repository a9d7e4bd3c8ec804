/**
 * A provider's upstream budget against one greedy caller: no caller's calls take more than
 * GATEWAY_CALLER_BUDGET_SHARE percent of it, so the others keep answers; and a budget slot is
 * spent only for a call that is really sent, never for one the circuit or the bulkhead refuses.
 */
import { rmSync } from 'node:fs';
import { setTimeout as wait } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { apiKey, type KeySpec, tempDir, VANTAGE_ACME, writeKeysFile } from './fixtures/security-keys.ts';
import { type GraphQLResponse, type Stack, startStack } from './harness.ts';
import { deleteKeys, sharedRedis, testPrefix } from './redis-harness.ts';

const GREEDY = { name: 'greedy-reader', key: 'gk_test_greedyreader_5e4d3c2b1a0f9e8d', scopes: ['sso:read'] } satisfies KeySpec;
const OTHER = { name: 'other-reader', key: 'gk_test_otherreader_0a1b2c3d4e5f6a7b', scopes: ['sso:read'] } satisfies KeySpec;

const dir = tempDir('budget-share-');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const globalId = (type: string, key: string) => Buffer.from(`${type}:${key}`).toString('base64');
const ACCOUNT_NAME = `{ vantageManagedAccount(token: "${VANTAGE_ACME}") { name } }`;
/** Unknown accounts: every one is an upstream call (a 404 is never cached). */
const unknownAccount = (i: number) => `acct_share_${i.toString().padStart(4, '0')}`;

async function withStack(env: Record<string, string>, run: (stack: Stack) => Promise<void>): Promise<void> {
  const stack = await startStack({ providers: ['vantage'], env });
  try {
    await run(stack);
  } finally {
    await stack.close();
  }
}

function vantage(stack: Stack) {
  const simulator = stack.simulators.vantage;
  if (!simulator) throw new Error('no vantage simulator');
  return simulator;
}
const vantageCalls = (stack: Stack) => vantage(stack).count('GET', '/v2/managed_accounts/');
/** Start-up does not wait for Redis: counts made before it answers would be local ones. */
async function onRedis(stack: Stack): Promise<void> {
  const end = Date.now() + 5_000;
  for (;;) {
    const ready = (await (await fetch(`${stack.url}/ready`)).json()) as { sharedState?: { mode?: string } };
    if (ready.sharedState?.mode === 'redis') return;
    if (Date.now() > end) throw new Error('the gateway did not reach Redis');
    await wait(20);
  }
}

const codes = (answer: GraphQLResponse) => (answer.errors ?? []).map((error) => error.extensions?.code);

describe('per-caller share of a provider budget', () => {
  // 20 calls a minute; at the default share of 25 %, 5 of them per caller.
  const env = () => ({
    GATEWAY_AUTH_MODE: 'api-key',
    GATEWAY_API_KEYS_FILE: writeKeysFile(dir, [GREEDY, OTHER]),
    VANTAGE_RATE_LIMIT: '20/1m',
  });

  it("holds one caller's big nodes(ids:) to its share, and another caller still gets answers", async () => {
    await withStack(env(), async (stack) => {
      const ids = Array.from({ length: 60 }, (_, i) => globalId('VantageManagedAccount', unknownAccount(i)));
      const greedy = await stack.graphql('query ($ids: [ID!]!) { nodes(ids: $ids) { id } }', { ids }, apiKey(GREEDY.key));
      expect(greedy.status).toBe(200);
      expect(vantageCalls(stack)).toBe(5);
      expect(greedy.errors?.[0]?.extensions).toMatchObject({ code: 'RATE_LIMITED', provider: 'VANTAGE' });
      expect(Number(greedy.errors?.[0]?.extensions?.retryAfterSeconds)).toBeGreaterThan(0);

      const other = await stack.graphql<{ vantageManagedAccount: { name: string } }>(ACCOUNT_NAME, undefined, apiKey(OTHER.key));
      expect(other.errors).toBeUndefined();
      expect(other.data?.vantageManagedAccount.name).toBeTruthy();
    });
  });

  it('holds repeated small reads by one caller to its share, without sending the refused ones', async () => {
    await withStack(env(), async (stack) => {
      const answers: GraphQLResponse[] = [];
      for (let i = 0; i < 8; i += 1) {
        answers.push(
          await stack.graphql(`{ vantageManagedAccount(token: "${unknownAccount(i)}") { name } }`, undefined, apiKey(GREEDY.key)),
        );
      }
      expect(answers.slice(0, 5).map(codes)).toEqual(Array.from({ length: 5 }, () => []));
      expect(answers.slice(5).map(codes)).toEqual(Array.from({ length: 3 }, () => ['RATE_LIMITED']));
      expect(vantageCalls(stack)).toBe(5);
      // The other caller's share is its own, and the budget still has room for it.
      for (let i = 0; i < 5; i += 1) {
        expect(codes(await stack.graphql(ACCOUNT_NAME, undefined, apiKey(OTHER.key)))).toEqual([]);
      }
    });
  });

  it('holds a caller spread over two gateways to one share when they share a Redis', async () => {
    const redis = await sharedRedis();
    const prefix = testPrefix();
    const shared = { ...env(), REDIS_URL: redis.url, REDIS_KEY_PREFIX: prefix };
    try {
      await withStack(shared, (first) =>
        withStack(shared, async (second) => {
          await Promise.all([onRedis(first), onRedis(second)]);
          const answers: GraphQLResponse[] = [];
          for (let i = 0; i < 8; i += 1) {
            const gateway = i % 2 === 0 ? first : second;
            answers.push(
              await gateway.graphql(`{ vantageManagedAccount(token: "${unknownAccount(i)}") { name } }`, undefined, apiKey(GREEDY.key)),
            );
          }
          expect(vantageCalls(first) + vantageCalls(second)).toBe(5);
          expect(answers.flatMap(codes)).toEqual(['RATE_LIMITED', 'RATE_LIMITED', 'RATE_LIMITED']);
        }),
      );
    } finally {
      await deleteKeys(redis.url, prefix);
      await redis.close();
    }
  });

  it('lets GATEWAY_CALLER_BUDGET_SHARE=100 give one caller the whole budget', async () => {
    await withStack({ ...env(), GATEWAY_CALLER_BUDGET_SHARE: '100' }, async (stack) => {
      const ids = Array.from({ length: 30 }, (_, i) => globalId('VantageManagedAccount', unknownAccount(i)));
      await stack.graphql('query ($ids: [ID!]!) { nodes(ids: $ids) { id } }', { ids }, apiKey(GREEDY.key));
      expect(vantageCalls(stack)).toBe(20);
    });
  });
});

describe('a budget slot for every call really sent, and only for those', () => {
  it('spends nothing on calls the open circuit refuses', async () => {
    const env = { VANTAGE_RATE_LIMIT: '3/1m', GATEWAY_CIRCUIT_FAILURES: '1', GATEWAY_CIRCUIT_OPEN_MS: '400' };
    await withStack(env, async (stack) => {
      vantage(stack).injectFault({ status: 503, times: 1 });
      // The 503 opens the circuit; its retry and the next reads are refused without a call.
      expect(codes(await stack.graphql(ACCOUNT_NAME))).toEqual(['UPSTREAM_UNAVAILABLE']);
      for (let i = 0; i < 4; i += 1) expect(codes(await stack.graphql(ACCOUNT_NAME))).toEqual(['UPSTREAM_UNAVAILABLE']);
      expect(vantageCalls(stack)).toBe(1);
      await wait(500);
      // One slot went to the 503; the probe and one more read still have theirs.
      expect(codes(await stack.graphql(ACCOUNT_NAME))).toEqual([]);
      expect(codes(await stack.graphql(ACCOUNT_NAME))).toEqual([]);
      expect(codes(await stack.graphql(ACCOUNT_NAME))).toEqual(['RATE_LIMITED']);
      expect(vantageCalls(stack)).toBe(3);
    });
  });

  it('spends nothing on calls the full bulkhead refuses', async () => {
    const env = { VANTAGE_RATE_LIMIT: '4/1m', GATEWAY_UPSTREAM_CONCURRENCY: '1', GATEWAY_UPSTREAM_QUEUE: '1' };
    await withStack(env, async (stack) => {
      vantage(stack).latencyMs = 300;
      const burst = await Promise.all(
        Array.from({ length: 6 }, (_, i) => stack.graphql(`{ vantageManagedAccount(token: "${unknownAccount(i)}") { name } }`)),
      );
      // One running, one queued; the other four refused as overloaded, before any budget was spent.
      expect(burst.map(codes).filter((found) => found.length === 0)).toHaveLength(2);
      expect(burst.flatMap(codes)).toEqual(Array.from({ length: 4 }, () => 'UPSTREAM_UNAVAILABLE'));
      vantage(stack).latencyMs = 0;
      expect(codes(await stack.graphql(ACCOUNT_NAME))).toEqual([]);
      expect(codes(await stack.graphql(ACCOUNT_NAME))).toEqual([]);
      expect(codes(await stack.graphql(ACCOUNT_NAME))).toEqual(['RATE_LIMITED']);
      expect(vantageCalls(stack)).toBe(4);
    });
  });
});
