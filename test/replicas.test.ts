/**
 * Three gateway processes sharing one Redis, against the simulators in this process: together they
 * stay within one provider budget, a write through one invalidates the cache the others read, the
 * write limit holds across them, and the Logto token is fetched once for all. Then a Redis of the
 * test's own (with a password) is killed mid-load and started again: no request fails, each replica
 * logs the switch once each way, and the password appears nowhere.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { setTimeout as wait } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { providers } from '../src/providers/index.ts';
import { DEMO_CONNECTOR_IDS } from '../src/providers/logto/sandbox/data.ts';
import type { SimulatorServer } from '../src/sandbox/simulator-kit.ts';
import { deleteKeys, PrivateRedis, sharedRedis, testPrefix } from './redis-harness.ts';

const FIXTURE = new URL('./fixtures/gateway-process.ts', import.meta.url);
const CONNECTOR = DEMO_CONNECTOR_IDS.acme;
const READ_CONNECTOR = `{ logtoSsoConnector(connectorId: "${CONNECTOR}") { connectorId syncProfile } }`;
const UPDATE_CONNECTOR = `mutation ($input: UpdateLogtoSsoConnectorInput!) { updateLogtoSsoConnector(input: $input) { __typename ... on Error { code } } }`;

interface Answer {
  status: number;
  data?: Record<string, unknown>;
  errors?: { message: string; extensions?: { code?: string } }[];
}

/** One root field of an answer, as the test expects it; an answer without data fails the test here. */
function rootField<T>(answer: Answer, name: string): T {
  if (!answer.data) throw new Error(`the answer carries no data: ${JSON.stringify(answer)}`);
  return answer.data[name] as T;
}

/** One gateway child process: started from TypeScript through tsx, its log lines collected. */
class Replica {
  readonly logs: string[] = [];
  readonly #child: ChildProcess;
  readonly url: Promise<string>;

  constructor(env: Record<string, string>) {
    this.#child = fork(FIXTURE, [], {
      execArgv: ['--import', 'tsx'],
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    for (const stream of [this.#child.stdout, this.#child.stderr])
      stream?.on('data', (chunk: Buffer) => this.logs.push(...chunk.toString().split('\n').filter(Boolean)));
    this.url = new Promise((resolve, reject) => {
      this.#child.once('message', (message: { url: string }) => resolve(message.url));
      this.#child.once('exit', (code) => reject(new Error(`gateway process exited (${code}): ${this.logs.join('\n')}`)));
    });
  }

  async graphql(query: string, variables?: Record<string, unknown>): Promise<Answer> {
    const response = await fetch(`${await this.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
      body: JSON.stringify({ query, variables }),
    });
    return { status: response.status, ...((await response.json()) as object) };
  }

  async get(path: string): Promise<string> {
    return (await fetch(`${await this.url}${path}`)).text();
  }

  async sharedStateMode(): Promise<string | undefined> {
    return (JSON.parse(await this.get('/ready')) as { sharedState?: { mode?: string } }).sharedState?.mode;
  }

  async close(): Promise<void> {
    if (this.#child.exitCode !== null) return;
    const exited = new Promise((resolve) => this.#child.once('exit', resolve));
    this.#child.kill('SIGTERM');
    await exited;
  }
}

async function startSimulators() {
  const started = await Promise.all(
    providers
      .filter((module) => ['vantage', 'logto'].includes(module.id))
      .map(async (module) => ({ id: module.id, ...(await module.sandbox()) })),
  );
  const env: Record<string, string> = Object.assign({}, ...started.map((entry) => entry.env));
  const byId = (id: string) => started.find((entry) => entry.id === id)?.server as SimulatorServer;
  return { env, vantage: byId('vantage'), logto: byId('logto'), close: () => Promise.all(started.map((entry) => entry.server.close())) };
}

async function startReplicas(env: Record<string, string>): Promise<Replica[]> {
  const replicas = [0, 1, 2].map(() => new Replica(env));
  await Promise.all(replicas.map((replica) => replica.url));
  await Promise.all(replicas.map((replica) => until(async () => (await replica.sharedStateMode()) === 'redis')));
  return replicas;
}

async function until(check: () => Promise<boolean>, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await wait(50);
  }
}

const BASE_ENV = { SSO_GATEWAY_MODE: 'live', GATEWAY_AUTH_MODE: 'none', GATEWAY_CIRCUIT_FAILURES: '1000', LOG_LEVEL: 'info' };

describe('three replicas sharing one Redis', () => {
  const prefix = testPrefix();
  let redis: Awaited<ReturnType<typeof sharedRedis>>;
  let simulators: Awaited<ReturnType<typeof startSimulators>>;
  let replicas: Replica[] = [];
  const WRITE_LIMIT = 5;
  let writesSent = 0;

  beforeAll(async () => {
    [redis, simulators] = await Promise.all([sharedRedis(), startSimulators()]);
    replicas = await startReplicas({
      ...BASE_ENV,
      ...simulators.env,
      REDIS_URL: redis.url,
      REDIS_KEY_PREFIX: prefix,
      // What is under test here is the sharing. On a loaded machine a Redis round trip can pass the
      // 150 ms default, and a replica then falls back to local state (tested in the group below).
      REDIS_TIMEOUT_MS: '2000',
      GATEWAY_CACHE_TTL_MS: '60000',
      VANTAGE_RATE_LIMIT: '6/1h',
      LOGTO_RATE_LIMIT: '1000/1m',
      GATEWAY_WRITE_RATE_LIMIT: `${WRITE_LIMIT}/1h`,
    });
  }, 30_000);
  afterAll(async () => {
    await Promise.all(replicas.map((replica) => replica.close()));
    await simulators?.close();
    if (redis) {
      await deleteKeys(redis.url, prefix);
      await redis.close();
    }
  });

  const replica = (index: number) => replicas[index % replicas.length] as Replica;

  it('keeps a burst through all three within one provider budget, refused calls never reaching the upstream', async () => {
    // Unknown accounts: each read is an upstream call (a 404 is never cached).
    const answers = await Promise.all(
      Array.from({ length: 15 }, (_, i) => replica(i).graphql(`{ vantageManagedAccount(token: "acct_burst_${i}") { name } }`)),
    );
    expect(simulators.vantage.count('GET', '/v2/managed_accounts/acct_burst_')).toBe(6);
    const limited = answers.filter((answer) => answer.errors?.[0]?.extensions?.code === 'RATE_LIMITED');
    expect(limited).toHaveLength(9);
  });

  it('lets a write through replica A invalidate what replicas B and C read from the shared cache', async () => {
    const [a, b, c] = [replica(0), replica(1), replica(2)];
    const first = await b.graphql(READ_CONNECTOR);
    const before = rootField<{ syncProfile: boolean }>(first, 'logtoSsoConnector').syncProfile;
    expect((await c.graphql(READ_CONNECTOR)).data).toEqual(first.data);
    const reads = () => simulators.logto.count('GET', `/api/sso-connectors/${CONNECTOR}`);
    // C was answered from what B cached; and C found the token B fetched.
    expect(reads()).toBe(1);
    expect(simulators.logto.count('POST', '/oidc/token')).toBe(1);

    writesSent += 1;
    const written = await a.graphql(UPDATE_CONNECTOR, { input: { connectorId: CONNECTOR, syncProfile: !before } });
    expect(rootField<{ __typename: string }>(written, 'updateLogtoSsoConnector').__typename).toBe('UpdateLogtoSsoConnectorPayload');
    const after = await b.graphql(READ_CONNECTOR);
    expect(rootField<{ syncProfile: boolean }>(after, 'logtoSsoConnector').syncProfile).toBe(!before);
    expect(reads()).toBe(2);
    expect(simulators.logto.count('POST', '/oidc/token')).toBe(1);
  });

  it('holds one caller to one write limit across the replicas', async () => {
    const outcomes: string[] = [];
    for (let i = 0; i < WRITE_LIMIT - writesSent + 2; i += 1) {
      const answer = await replica(i).graphql(UPDATE_CONNECTOR, { input: { connectorId: CONNECTOR, syncProfile: i % 2 === 0 } });
      outcomes.push(rootField<{ __typename: string }>(answer, 'updateLogtoSsoConnector').__typename);
    }
    const allowed = WRITE_LIMIT - writesSent;
    expect(outcomes).toEqual([...Array<string>(allowed).fill('UpdateLogtoSsoConnectorPayload'), 'RateLimitedError', 'RateLimitedError']);
  });
});

describe('three replicas when Redis goes away mid-run', () => {
  const password = `redis-pw-${Math.random().toString(36).slice(2)}`;
  let redis: PrivateRedis;
  let simulators: Awaited<ReturnType<typeof startSimulators>>;
  let replicas: Replica[] = [];

  beforeAll(async () => {
    [redis, simulators] = await Promise.all([PrivateRedis.start({ password }), startSimulators()]);
    replicas = await startReplicas({
      ...BASE_ENV,
      ...simulators.env,
      REDIS_URL: redis.url,
      REDIS_KEY_PREFIX: testPrefix(),
      // A killed Redis refuses connections at once, so the switch does not wait for this; a slow
      // answer on a loaded machine must not count as a second outage.
      REDIS_TIMEOUT_MS: '1000',
      GATEWAY_CACHE_TTL_MS: '60000',
      GATEWAY_WRITE_RATE_LIMIT: '100000/1m',
    });
  }, 30_000);
  afterAll(async () => {
    await Promise.all(replicas.map((replica) => replica.close()));
    await simulators?.close();
    await redis?.kill();
  });

  it('loses no request while Redis is killed and started again, and logs each switch once', async () => {
    const failures: string[] = [];
    let sent = 0;
    let running = true;
    const worker = async (index: number) => {
      for (let i = index; running; i += 3) {
        const target = replicas[i % 3] as Replica;
        const write = i % 5 === 0;
        const answer = write
          ? await target.graphql(UPDATE_CONNECTOR, { input: { connectorId: CONNECTOR, syncProfile: i % 2 === 0 } })
          : await target.graphql(READ_CONNECTOR);
        sent += 1;
        const payload = write
          ? (answer.data?.updateLogtoSsoConnector as { __typename?: string } | undefined)?.__typename
          : (answer.data?.logtoSsoConnector as { connectorId?: string } | undefined)?.connectorId;
        if (answer.status !== 200 || answer.errors || payload === undefined || payload === 'RateLimitedError')
          failures.push(JSON.stringify(answer));
      }
    };
    const load = Promise.all([0, 1, 2].map(worker));
    await wait(300);
    await redis.kill();
    await until(async () => (await Promise.all(replicas.map((replica) => replica.sharedStateMode()))).every((mode) => mode === 'local'));
    await wait(300);
    const duringOutage = sent;
    await redis.restart();
    await until(async () => (await Promise.all(replicas.map((replica) => replica.sharedStateMode()))).every((mode) => mode === 'redis'));
    await wait(300);
    running = false;
    await load;

    expect(failures).toEqual([]);
    expect(duringOutage).toBeGreaterThan(0);
    expect(sent).toBeGreaterThan(duringOutage);
    for (const replica of replicas) {
      expect(replica.logs.filter((line) => line.includes('Redis unavailable, using local state'))).toHaveLength(1);
      expect(replica.logs.filter((line) => line.includes('Redis available again'))).toHaveLength(1);
      expect(await replica.get('/metrics')).toMatch(/^sso_gateway_shared_state_fallbacks 1$/m);
    }
    const exposed = [
      ...replicas.flatMap((replica) => replica.logs),
      ...(await Promise.all(replicas.flatMap((replica) => [replica.get('/ready'), replica.get('/metrics')]))),
    ];
    expect(exposed.join('\n')).toContain(`127.0.0.1:${redis.port}`);
    expect(exposed.join('\n')).not.toContain(password);
  });
});
