/**
 * What one operation costs in Redis round trips (README Performance, Deployment), counted by the
 * commands a private Redis server executed (INFO commandstats): nothing else talks to it, so the
 * counts are exact. A cached read is one MGET (the tag's generation and the entry together).
 */
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CONNECTOR_IDS } from '../../src/providers/logto/sandbox/data.ts';
import { type Stack, startStack } from '../harness.ts';
import { PrivateRedis } from '../redis-harness.ts';

const READ_CONNECTOR = `{ logtoSsoConnector(connectorId: "${DEMO_CONNECTOR_IDS.acme}") { connectorId syncProfile } }`;

let redis: PrivateRedis;
let stack: Stack;
let stats: Redis;

beforeAll(async () => {
  redis = await PrivateRedis.start();
  stats = new Redis(redis.url);
  stack = await startStack({
    providers: ['logto'],
    env: { REDIS_URL: redis.url, REDIS_TIMEOUT_MS: '2000', GATEWAY_CACHE_TTL_MS: '60000', LOGTO_RATE_LIMIT: 'off' },
  });
  for (let tries = 0; (await fetch(`${stack.url}/ready`).then((r) => r.text())).includes('"mode":"local"'); tries += 1) {
    if (tries > 200) throw new Error('the gateway never reached Redis');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}, 30_000);
afterAll(async () => {
  await stack?.close();
  stats?.disconnect();
  await redis?.kill();
});

/** Commands executed by the server while `work` ran, by name (the INFO calls themselves left out). */
async function commandsDuring(work: () => Promise<unknown>): Promise<Record<string, number>> {
  const read = async (): Promise<Record<string, number>> =>
    Object.fromEntries([...(await stats.info('commandstats')).matchAll(/cmdstat_(\w+):calls=(\d+)/g)].map((m) => [m[1], Number(m[2])]));
  const before = await read();
  await work();
  const after = await read();
  return Object.fromEntries(
    Object.entries(after).flatMap(([name, calls]) =>
      name === 'info' || calls === before[name] ? [] : [[name, calls - (before[name] ?? 0)]],
    ),
  );
}

describe('Redis round trips per operation', () => {
  it('a cached read costs one MGET and no upstream call; the miss before it one MGET and one SET', async () => {
    const reads = () => stack.simulators.logto?.count('GET', `/api/sso-connectors/${DEMO_CONNECTOR_IDS.acme}`);
    // The first operation also fetches and shares the Logto token; the second is the miss measured.
    await stack.graphql(`{ logtoSsoConnectors(first: 1) { edges { node { connectorId } } } }`);
    const miss = await commandsDuring(() => stack.graphql(READ_CONNECTOR));
    expect(reads()).toBe(1);
    expect(miss).toEqual({ mget: 1, set: 1 });
    const hit = await commandsDuring(async () => expect((await stack.graphql(READ_CONNECTOR)).errors).toBeUndefined());
    expect(reads()).toBe(1);
    expect(hit).toEqual({ mget: 1 });
  });
});
