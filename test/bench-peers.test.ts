/**
 * The bench's peers (bench/peers/) do the gateway's work: against the same simulators, each
 * scenario's document answers the same objects through the gateway, the Apollo peer, the Yoga peer
 * (Apollo's schema and data sources on bare Yoga) and the Mesh peer, with the upstream calls the
 * bench's notes claim (Apollo and Yoga de-duplicate like the gateway, Mesh reads once per alias). Without this a ratio in the bench's Targets table could compare
 * unequal work.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PeerServer } from '../bench/peers/apollo/server.ts';
import { startApolloPeer } from '../bench/peers/apollo/server.ts';
import { type PeerVariant, peerDocument } from '../bench/peers/documents.ts';
import { startMeshPeer } from '../bench/peers/mesh/server.ts';
import { startYogaPeer } from '../bench/peers/yoga/server.ts';
import { DEDUP_ALIASES, NPLUS1_ITEMS, type Scenario, scenario } from '../bench/scenarios.ts';
import type { LogtoSimulator } from '../src/providers/logto/sandbox/simulator.ts';
import { ACME_ORGANIZATION_ID, GLOBEX_ORGANIZATION_ID } from '../src/providers/stytch/sandbox/data.ts';
import { type Stack, startStack } from './harness.ts';

/** Answers are checked for errors before their data is read. */
type Body = { data: Record<string, unknown>; errors?: unknown[] };

let stack: Stack;
const peers: Partial<Record<PeerVariant, PeerServer>> = {};
let env: Record<string, string>;

beforeAll(async () => {
  // The organizations are given, as in the bench: the gateway and the peers read the same ones.
  stack = await startStack({ env: { STYTCH_ORGANIZATION_IDS: `${ACME_ORGANIZATION_ID},${GLOBEX_ORGANIZATION_ID}` } });
  env = { ...stack.env };
  peers.apollo = await startApolloPeer(env);
  peers.yoga = await startYogaPeer(env);
  peers.mesh = await startMeshPeer(env, new URL('../bench/peers/mesh/openapi', import.meta.url).pathname);
}, 60_000);

afterAll(async () => {
  await Promise.all(Object.values(peers).map((peer) => peer.close()));
  await stack?.close();
});

async function post(url: string, query: string): Promise<Body> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
    body: JSON.stringify({ query }),
  });
  expect(response.status).toBe(200);
  return (await response.json()) as Body;
}

/** One operation's answer and the upstream calls it made, from the simulators' request logs. */
async function measured(send: () => Promise<Body>): Promise<{ body: Body; calls: number }> {
  for (const simulator of Object.values(stack.simulators)) simulator.resetLog();
  const body = await send();
  return { body, calls: Object.values(stack.simulators).reduce((total, simulator) => total + simulator.requests.length, 0) };
}

const viaGateway = (name: Scenario['name']) => measured(() => post(`${stack.url}/graphql`, scenario(name).query));
const viaPeer = (peer: PeerVariant, name: Scenario['name']) => {
  const document = peerDocument(peer, name, env);
  const server = peers[peer];
  if (!document || !server) throw new Error(`${peer} has no ${name} document or is not running`);
  return measured(async () => {
    const body = await post(server.graphqlUrl, document.query);
    expect(document.check(body)).toBeUndefined();
    return body;
  });
};

/** The upstream keys in the gateway's global ids (base64 of `Type:key`), sorted. */
const keysOf = (nodes: { id: string }[]) =>
  nodes.map((node) => Buffer.from(node.id, 'base64').toString().split(':').slice(1).join(':')).sort();

describe('the bench peers do the same work as the gateway', () => {
  it('single: the same account, one call each', async () => {
    const gateway = await viaGateway('single');
    const apolloRun = await viaPeer('apollo', 'single');
    const yogaRun = await viaPeer('yoga', 'single');
    const meshRun = await viaPeer('mesh', 'single');
    expect(apolloRun.body.data).toEqual(gateway.body.data);
    expect(yogaRun.body.data).toEqual(gateway.body.data);
    expect(meshRun.body.data.vantage_managed_account).toEqual(gateway.body.data.vantageManagedAccount);
    expect([gateway.calls, apolloRun.calls, yogaRun.calls, meshRun.calls]).toEqual([1, 1, 1, 1]);
  });

  it('fanout: the same connections from every provider, the same calls', async () => {
    // Once first, so that the gateway, Apollo and Yoga hold their Logto token (Mesh fetched its own at start).
    await viaGateway('fanout');
    await viaPeer('apollo', 'fanout');
    await viaPeer('yoga', 'fanout');
    const gateway = await viaGateway('fanout');
    expect(scenario('fanout').check(gateway.body)).toBeUndefined();
    const apolloRun = await viaPeer('apollo', 'fanout');
    expect(apolloRun.body.data).toEqual(gateway.body.data);
    const yogaRun = await viaPeer('yoga', 'fanout');
    expect(yogaRun.body.data).toEqual(gateway.body.data);
    const meshRun = await viaPeer('mesh', 'fanout');
    const data = meshRun.body.data as Record<string, unknown>;
    const nodes = (gateway.body.data.ssoConnections as { nodes: { id: string; provider: string }[] }).nodes;
    const meshKeys = [
      ...(data.vantage_managed_accounts as { managed_accounts: { token: string }[] }).managed_accounts.map((account) => account.token),
      (data.datocms_sso_settings as { data: { id: string } }).data.id,
      ...Object.keys(data)
        .filter((key) => /^s\d+$/.test(key))
        .flatMap((key) => {
          const sso = data[key] as Record<string, { connection_id: string }[]>;
          return [...(sso.saml_connections ?? []), ...(sso.oidc_connections ?? [])].map((c) => c.connection_id);
        }),
      ...(data.logto_sso_connectors as { id: string }[]).map((connector) => connector.id),
      ...(data.pandastack_sso_configurations as { data: { id: string }[] }).data.map((item) => item.id),
    ].sort();
    // The gateway's keys carry their scope (organization) before the upstream id; the last part is the id.
    expect(meshKeys).toEqual(
      keysOf(nodes)
        .map((key) => key.split(':').at(-1))
        .sort(),
    );
    expect(apolloRun.calls).toBe(gateway.calls);
    expect(yogaRun.calls).toBe(gateway.calls);
    expect(meshRun.calls).toBe(gateway.calls);
  });

  it(`dedup: ${DEDUP_ALIASES} aliases are one read for the gateway, Apollo and Yoga, one per alias for Mesh`, async () => {
    const gateway = await viaGateway('dedup');
    expect(scenario('dedup').check(gateway.body)).toBeUndefined();
    const apolloRun = await viaPeer('apollo', 'dedup');
    expect(apolloRun.body.data).toEqual(gateway.body.data);
    const yogaRun = await viaPeer('yoga', 'dedup');
    expect(yogaRun.body.data).toEqual(gateway.body.data);
    const meshRun = await viaPeer('mesh', 'dedup');
    const ours = gateway.body.data.a0 as { connectionId: string; stytchStatus: string; idpSsoUrl: string; acsUrl: string };
    const theirs = (meshRun.body.data.a14 as { saml_connections: Record<string, unknown>[] }).saml_connections.find(
      (c) => c.connection_id === ours.connectionId,
    );
    expect(theirs).toMatchObject({ status: ours.stytchStatus, idp_sso_url: ours.idpSsoUrl, acs_url: ours.acsUrl });
    expect([gateway.calls, apolloRun.calls, yogaRun.calls, meshRun.calls]).toEqual([1, 1, 1, DEDUP_ALIASES]);
  });

  it(`nplus1: ${NPLUS1_ITEMS} connectors with their catalogue entries, two calls for the gateway, Apollo and Yoga`, async () => {
    (stack.simulators.logto as LogtoSimulator).seedConnectors(NPLUS1_ITEMS);
    const gateway = await viaGateway('nplus1');
    expect(scenario('nplus1').check(gateway.body)).toBeUndefined();
    const apolloRun = await viaPeer('apollo', 'nplus1');
    expect(apolloRun.body.data).toEqual(gateway.body.data);
    const yogaRun = await viaPeer('yoga', 'nplus1');
    expect(yogaRun.body.data).toEqual(gateway.body.data);
    expect([gateway.calls, apolloRun.calls, yogaRun.calls]).toEqual([2, 2, 2]);
    expect(peerDocument('mesh', 'nplus1', env)).toBeUndefined();
  });
});
