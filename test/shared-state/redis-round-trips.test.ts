/**
 * What one operation costs in Redis round trips (README Performance, Deployment), counted by the
 * commands a private Redis server executed (INFO commandstats): nothing else talks to it, so the
 * counts are exact. A cached read is one MGET (the tag's generation and the entry together).
 * Two replicas on that server then show that reads which miss the same entry together, on
 * different replicas, make one upstream call between them.
 */
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/gateway.ts';
import { providers } from '../../src/providers/index.ts';
import { DEMO_CONNECTOR_IDS } from '../../src/providers/logto/sandbox/data.ts';
import { createGateway, type Gateway } from '../../src/server.ts';
import { type Stack, startStack } from '../harness.ts';
import { PrivateRedis, until } from '../redis-harness.ts';

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
  it('a cached read costs one MGET and no upstream call; the miss before it one MGET, the fill claim (SET NX), one SET and the claim’s release', async () => {
    const reads = () => stack.simulators.logto?.count('GET', `/api/sso-connectors/${DEMO_CONNECTOR_IDS.acme}`);
    // The first operation also fetches and shares the Logto token; the second is the miss measured.
    await stack.graphql(`{ logtoSsoConnectors(first: 1) { edges { node { connectorId } } } }`);
    const miss = await commandsDuring(() => stack.graphql(READ_CONNECTOR));
    expect(reads()).toBe(1);
    // The release is one EVAL (a round trip); Redis counts the GET and DEL its script runs as well.
    expect(miss).toEqual({ mget: 1, set: 2, eval: 1, get: 1, del: 1 });
    // Released, not left to expire: the next miss of this entry must not wait for a fill nobody makes.
    expect(await stats.keys('*fill:*')).toEqual([]);
    const hit = await commandsDuring(async () => expect((await stack.graphql(READ_CONNECTOR)).errors).toBeUndefined());
    expect(reads()).toBe(1);
    expect(hit).toEqual({ mget: 1 });
  });
});

describe('replicas that miss the same entry together', () => {
  let second: Gateway;
  let secondUrl: string;
  const logto = () => {
    const simulator = stack.simulators.logto;
    if (!simulator) throw new Error('no Logto simulator');
    return simulator;
  };
  const readOn = async (url: string, connectorId: string) => {
    const response = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
      body: JSON.stringify({ query: `{ logtoSsoConnector(connectorId: "${connectorId}") { connectorId syncProfile } }` }),
    });
    return (await response.json()) as { data?: { logtoSsoConnector: { connectorId: string } | null }; errors?: unknown[] };
  };

  beforeAll(async () => {
    // A second replica of the same configuration: same Redis, same key prefix, same credentials.
    second = await createGateway(loadConfig(stack.env, providers), { auditWrite: () => undefined });
    secondUrl = `${await second.listen(0, '127.0.0.1')}`;
    for (let tries = 0; (await fetch(`${secondUrl}/ready`).then((r) => r.text())).includes('"mode":"local"'); tries += 1) {
      if (tries > 200) throw new Error('the second replica never reached Redis');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  });
  afterAll(() => second?.close());

  it('make one upstream call: the replica that claimed the fill asks, the other reads what it stored', async () => {
    const connectorId = DEMO_CONNECTOR_IDS.stark;
    logto().latencyMs = 200;
    try {
      const answers = await Promise.all([readOn(stack.url, connectorId), readOn(secondUrl, connectorId), readOn(secondUrl, connectorId)]);
      for (const answer of answers) expect(answer.data?.logtoSsoConnector?.connectorId).toBe(connectorId);
    } finally {
      logto().latencyMs = 0;
    }
    expect(logto().count('GET', `/api/sso-connectors/${connectorId}`)).toBe(1);
  });

  it('share only a success: a fill that fails gives up its claim, and the other replica asks the upstream itself', async () => {
    const connectorId = DEMO_CONNECTOR_IDS.wayne;
    const path = `/api/sso-connectors/${connectorId}`;
    // A status the gateway does not retry, so the first fill fails once and for good.
    logto().injectFault({ status: 403, times: 1, delayMs: 200, method: 'GET', pathPrefix: path });
    const first = readOn(stack.url, connectorId);
    await until(() => logto().count('GET', path) === 1);
    const [failed, waited] = await Promise.all([first, readOn(secondUrl, connectorId)]);
    expect(failed.data?.logtoSsoConnector).toBeNull();
    expect(waited.errors).toBeUndefined();
    expect(waited.data?.logtoSsoConnector?.connectorId).toBe(connectorId);
    expect(logto().count('GET', path)).toBe(2);
    // Released, not expired: the waiter asked soon after the failure, not after the claim's two seconds.
    const [failedCall, ownCall] = logto().requests.filter((entry) => entry.method === 'GET' && entry.path === path);
    expect((ownCall?.startedAt ?? Number.POSITIVE_INFINITY) - (failedCall?.endedAt ?? 0)).toBeLessThan(1_000);
  });
});
