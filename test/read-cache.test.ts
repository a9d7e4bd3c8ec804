/**
 * The read cache across requests (GATEWAY_CACHE_TTL_MS), over real HTTP against the simulators:
 * what it saves is read off the simulators' request logs, what it must never do (serve one
 * credential's answer to another, keep an error, keep an answer a write made stale) likewise.
 */
import { describe, expect, it } from 'vitest';
import { DEMO_CONNECTOR_IDS } from '../src/providers/logto/sandbox/data.ts';
import { ACME_ORGANIZATION_ID } from '../src/providers/stytch/sandbox/data.ts';
import type { SimulatorServer } from '../src/sandbox/simulator-kit.ts';
import { expectTypename, type Stack, startStack, useStack } from './harness.ts';
import { SESSIONS } from './providers/stytch-fixtures.ts';

let stack: Stack;
useStack({ env: { GATEWAY_CACHE_TTL_MS: '60000' } }, (started) => {
  stack = started;
});

const ACCOUNT = 'acct_1f4e2b7c9d0a3e5f';
const OTHER_ACCOUNT = 'acct_2a5c8e1b4d7f0a3c';
const READ_ACCOUNT = `{ vantageManagedAccount(token: "${ACCOUNT}") { token name } }`;
const CONNECTOR = DEMO_CONNECTOR_IDS.acme;
const READ_CONNECTOR = `{ logtoSsoConnector(connectorId: "${CONNECTOR}") { connectorId syncProfile } }`;

type CountsData = { providers: { provider: string; readCache: { hits: number; misses: number; invalidations: number } | null }[] };

async function cacheCounts(provider: string) {
  const result = await stack.graphql<CountsData>('{ providers { provider readCache { hits misses invalidations } } }');
  const counts = result.data?.providers.find((entry) => entry.provider === provider)?.readCache;
  if (!counts) throw new Error(`no cache counts for ${provider}: ${result.text}`);
  return counts;
}

function simulator(id: keyof Stack['simulators']): SimulatorServer {
  const found = stack.simulators[id];
  if (!found) throw new Error(`${id} simulator not started`);
  return found;
}

const gets = (id: keyof Stack['simulators'], pathPrefix?: string) => simulator(id).count('GET', pathPrefix);

async function updateConnector(syncProfile: boolean): Promise<void> {
  const result = await stack.graphql<{ updateLogtoSsoConnector: { __typename: string } }>(
    `mutation ($input: UpdateLogtoSsoConnectorInput!) { updateLogtoSsoConnector(input: $input) { __typename } }`,
    { input: { connectorId: CONNECTOR, syncProfile } },
  );
  expectTypename(result.data?.updateLogtoSsoConnector, 'UpdateLogtoSsoConnectorPayload');
}

describe('read cache', () => {
  it('answers a repeated read without a second upstream call, and counts the hit', async () => {
    const before = await cacheCounts('VANTAGE');
    const first = await stack.graphql(READ_ACCOUNT);
    const second = await stack.graphql(READ_ACCOUNT);
    expect(second.errors).toBeUndefined();
    expect(second.data).toEqual(first.data);
    expect(gets('vantage', `/v2/managed_accounts/${ACCOUNT}`)).toBe(1);
    const after = await cacheCounts('VANTAGE');
    expect(after.hits - before.hits).toBe(1);
    expect(after.misses - before.misses).toBe(1);
  });

  it('keeps forwarded Stytch member sessions apart: another session is asked upstream, and refused there', async () => {
    const read = `{ stytchSsoConnections(organizationId: "${ACME_ORGANIZATION_ID}") { organizationId } }`;
    const admin = await stack.graphql(read, undefined, { 'X-Stytch-Member-Session': SESSIONS.acmeAdmin });
    expect(admin.errors).toBeUndefined();
    const again = await stack.graphql(read, undefined, { 'X-Stytch-Member-Session': SESSIONS.acmeAdmin });
    expect(again.data).toEqual(admin.data);
    expect(gets('stytch')).toBe(1);

    // Same resource, different credential: a member without the SSO read permission.
    const member = await stack.graphql(read, undefined, { 'X-Stytch-Member-Session': SESSIONS.acmeMember });
    expect(member.data?.stytchSsoConnections).toBeNull();
    expect(member.errors?.[0]?.extensions).toMatchObject({ code: 'PERMISSION_DENIED', provider: 'STYTCH' });
    // And no session at all (the project's own secret) is a third key space.
    const project = await stack.graphql(read);
    expect(project.errors).toBeUndefined();
    expect(gets('stytch')).toBe(3);
    expect(simulator('stytch').requests.map((request) => request.headers['x-stytch-member-session'])).toEqual([
      SESSIONS.acmeAdmin,
      SESSIONS.acmeMember,
      undefined,
    ]);
  });

  it('does not keep errors: the read after a failed one goes upstream again', async () => {
    simulator('datocms').injectFault({ status: 503, times: 20 });
    const failed = await stack.graphql('{ datoCmsSsoSettings { settingsId } }');
    expect(failed.data?.datoCmsSsoSettings).toBeNull();
    simulator('datocms').clearFaults();
    const callsAfterFailure = gets('datocms');
    const recovered = await stack.graphql('{ datoCmsSsoSettings { settingsId } }');
    expect(recovered.errors).toBeUndefined();
    expect(recovered.data?.datoCmsSsoSettings).not.toBeNull();
    expect(gets('datocms')).toBe(callsAfterFailure + 1);
  });

  it('serves the new value after a write through the gateway, to single reads and listings alike', async () => {
    const LIST = '{ logtoSsoConnectors(first: 50) { edges { node { connectorId syncProfile } } } }';
    type ListData = { logtoSsoConnectors: { edges: { node: { connectorId: string; syncProfile: boolean } }[] } };
    await updateConnector(false);
    const listed = async () =>
      (await stack.graphql<ListData>(LIST)).data?.logtoSsoConnectors.edges.find((edge) => edge.node.connectorId === CONNECTOR)?.node
        .syncProfile;
    const single = async () =>
      (await stack.graphql<{ logtoSsoConnector: { syncProfile: boolean } }>(READ_CONNECTOR)).data?.logtoSsoConnector.syncProfile;

    expect(await single()).toBe(false);
    expect(await listed()).toBe(false);
    expect(await single()).toBe(false);
    const readsBeforeWrite = gets('logto', '/api/sso-connectors');
    expect(readsBeforeWrite).toBe(2);

    await updateConnector(true);
    expect(await single()).toBe(true);
    expect(await listed()).toBe(true);
    expect(gets('logto', '/api/sso-connectors')).toBe(readsBeforeWrite + 2);
    expect((await cacheCounts('LOGTO')).invalidations).toBeGreaterThanOrEqual(2);
  });

  it('never stores an answer that was in flight while a write landed', async () => {
    const vantage = simulator('vantage');
    // An account no other test reads, so nothing of it is cached yet.
    // The upstream's answer as it was before the write, delivered only after the write is done.
    const stale = await fetch(`${vantage.url}/v2/managed_accounts/${OTHER_ACCOUNT}`, {
      headers: { authorization: `Bearer ${stack.env.VANTAGE_API_TOKEN}` },
    });
    vantage.resetLog();
    vantage.injectFault({
      status: 200,
      body: await stale.json(),
      delayMs: 300,
      method: 'GET',
      pathPrefix: `/v2/managed_accounts/${OTHER_ACCOUNT}`,
    });

    const slowRead = stack.graphql(`{ vantageManagedAccount(token: "${OTHER_ACCOUNT}") { token emailDomain } }`);
    await until(() => vantage.count('GET') === 1);
    const write = await stack.graphql<{ updateManagedAccountSso: { __typename: string } }>(
      `mutation ($input: UpdateManagedAccountSsoInput!) { updateManagedAccountSso(input: $input) { __typename } }`,
      // Another account of the same resource (the managed-account list holds both).
      { input: { managedAccountToken: ACCOUNT, additionalDomains: ['cache-race.acme.example'] } },
    );
    expectTypename(write.data?.updateManagedAccountSso, 'UpdateManagedAccountSsoPayload');
    expect((await slowRead).errors).toBeUndefined();

    const read = `{ vantageManagedAccount(token: "${OTHER_ACCOUNT}") { token emailDomain } }`;
    await stack.graphql(read);
    expect(vantage.count('GET')).toBe(2);
    // The fresh answer is kept, so the check above could have failed.
    await stack.graphql(read);
    expect(vantage.count('GET')).toBe(2);
  });
});

describe('reads that miss together', () => {
  // Accounts no other test reads, so each test starts with nothing of them cached.
  const THIRD_ACCOUNT = 'acct_3b6d9f2c5e8a1b4d';
  const FOURTH_ACCOUNT = 'acct_4c7e0a3d6f9b2c5e';
  const readOf = (account: string) => `{ vantageManagedAccount(token: "${account}") { token name } }`;

  it('make one upstream call: the first request fills the entry and the others are answered from it', async () => {
    const vantage = simulator('vantage');
    vantage.latencyMs = 150;
    try {
      const answers = await Promise.all([1, 2, 3].map(() => stack.graphql(readOf(THIRD_ACCOUNT))));
      for (const answer of answers) {
        expect(answer.errors).toBeUndefined();
        expect(answer.data).toEqual(answers[0]?.data);
      }
      expect(answers[0]?.data?.vantageManagedAccount).not.toBeNull();
    } finally {
      vantage.latencyMs = 0;
    }
    expect(gets('vantage', `/v2/managed_accounts/${THIRD_ACCOUNT}`)).toBe(1);
  });

  it('share only a success: when the fill fails, each waiter asks the upstream itself', async () => {
    const vantage = simulator('vantage');
    const path = `/v2/managed_accounts/${FOURTH_ACCOUNT}`;
    // A status the gateway does not retry, so the fill fails once and for good.
    vantage.injectFault({ status: 403, times: 1, delayMs: 150, method: 'GET', pathPrefix: path });
    const answers = await Promise.all([1, 2, 3].map(() => stack.graphql(readOf(FOURTH_ACCOUNT))));
    const failed = answers.filter((answer) => answer.errors !== undefined);
    expect(failed).toHaveLength(1);
    expect(failed[0]?.data?.vantageManagedAccount).toBeNull();
    expect(answers.filter((answer) => answer.data?.vantageManagedAccount)).toHaveLength(2);
    expect(gets('vantage', path)).toBe(3);
  });
});

describe('read cache switched off', () => {
  it('is off by default in live mode: every read goes upstream and no counts are reported', async () => {
    const plain = await startStack({ providers: ['vantage'] });
    try {
      await plain.graphql(READ_ACCOUNT);
      await plain.graphql(READ_ACCOUNT);
      expect(plain.simulators.vantage?.count('GET')).toBe(2);
      const status = await plain.graphql<CountsData>('{ providers { provider readCache { hits } } }');
      expect(status.data?.providers.every((entry) => entry.readCache === null)).toBe(true);
    } finally {
      await plain.close();
    }
  });
});

async function until(condition: () => boolean): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt += 1) {
    if (condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error('condition not met within 1 s');
}
