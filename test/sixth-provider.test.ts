/**
 * A sixth provider is one folder and one registry line: the test-only Keystone module
 * (test/fixtures/keystone/) is added to the registry here, and nothing else changes. It must show
 * in the sandbox banner, ssoConnections, the SsoProvider enum, /ready, Query.providers and
 * check-config, in sandbox and in live mode.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeConfig } from '../src/cli/check-config.ts';
import { createLogger } from '../src/logger.ts';
import { providers } from '../src/providers/index.ts';
import { type RunningGateway, startGateway } from '../src/start-gateway.ts';
import { keystone } from './fixtures/keystone/index.ts';
import { KEYSTONE_DEMO_KEY } from './fixtures/keystone/sandbox/simulator.ts';

const registry = [...providers, keystone];

interface GraphQLAnswer {
  data?: Record<string, unknown>;
  errors?: unknown[];
}

async function graphql(url: string, query: string): Promise<GraphQLAnswer> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query }),
  });
  return (await response.json()) as GraphQLAnswer;
}

/** The ssoConnections nodes of an answer; an answer without them fails the test here. */
function connectionNodes(result: GraphQLAnswer): { id: string }[] {
  const connections = result.data?.ssoConnections as { nodes: { id: string }[] } | null | undefined;
  if (!connections) throw new Error(`no ssoConnections in the answer: ${JSON.stringify(result)}`);
  return connections.nodes;
}

const CONNECTIONS =
  '{ ssoConnections(providers: [KEYSTONE]) { nodes { __typename id provider displayName domains status } failures { provider code } } }';

describe('a sixth provider in sandbox mode', () => {
  const logs: string[] = [];
  let gateway: RunningGateway;
  beforeAll(async () => {
    gateway = await startGateway(registry, { PORT: '0', LOG_LEVEL: 'info' }, createLogger({ write: (line) => logs.push(line) }));
  });
  afterAll(() => gateway.close());

  it('starts its simulator and names it in the sandbox banner, without its key', () => {
    const text = logs.join('\n');
    expect(text).toContain('Keystone');
    const banner = logs.map((line) => JSON.parse(line) as { message: string; accepts?: Record<string, string> });
    const credentials = banner.find((line) => line.message.startsWith('sandbox credentials'));
    expect(credentials?.accepts?.keystone).toBe('bearer API key (configured)');
    const demo = banner.find((line) => line.message.startsWith('sandbox demo values to try: '))?.message ?? '';
    const hints = JSON.parse(demo.slice('sandbox demo values to try: '.length) || '{}') as Record<string, unknown>;
    expect(hints.keystone).toEqual({ demoDomain: 'initech.example' });
    expect(text).not.toContain(KEYSTONE_DEMO_KEY);
  });

  it('lists its connections in ssoConnections, through the SsoProvider enum', async () => {
    const result = await graphql(gateway.url, CONNECTIONS);
    expect(result.errors).toBeUndefined();
    expect(result.data?.ssoConnections).toEqual({
      nodes: [
        {
          __typename: 'KeystoneSsoConnection',
          id: expect.any(String),
          provider: 'KEYSTONE',
          displayName: 'Initech SAML',
          domains: ['initech.example'],
          status: 'ACTIVE',
        },
      ],
      failures: [],
    });
  });

  it('finds its connection again by node id, and in a domain search across all providers', async () => {
    const listed = await graphql(gateway.url, CONNECTIONS);
    const [node] = connectionNodes(listed);
    const again = await graphql(gateway.url, `{ node(id: "${node?.id}") { ... on KeystoneSsoConnection { connectionId } } }`);
    expect(again.data?.node).toEqual({ connectionId: 'ks_conn_1' });
    const byDomain = await graphql(gateway.url, '{ ssoConnections(domain: "initech.example") { nodes { provider } } }');
    expect(byDomain.data?.ssoConnections).toEqual({ nodes: [{ provider: 'KEYSTONE' }] });
  });

  it('reports it in /ready and Query.providers', async () => {
    const ready = (await (await fetch(`${gateway.url}/ready`)).json()) as { providers: string[] };
    expect(ready.providers).toEqual(registry.map((module) => module.id));
    const status = await graphql(gateway.url, '{ providers { provider enabled circuit } }');
    expect(status.data?.providers).toContainEqual({ provider: 'KEYSTONE', enabled: true, circuit: 'CLOSED' });
  });
});

describe('a sixth provider in live mode', () => {
  let gateway: RunningGateway;
  let simulator: Awaited<ReturnType<typeof keystone.sandbox>>;
  beforeAll(async () => {
    simulator = await keystone.sandbox();
    const env = { PORT: '0', SSO_GATEWAY_MODE: 'live', GATEWAY_AUTH_MODE: 'none', ...simulator.env };
    gateway = await startGateway(registry, env, createLogger({ level: 'silent' }));
  });
  afterAll(async () => {
    await gateway.close();
    await simulator.server.close();
  });

  it('is enabled by its own credential alone, and the five others are not', async () => {
    const ready = (await (await fetch(`${gateway.url}/ready`)).json()) as { providers: string[] };
    expect(ready.providers).toEqual(['keystone']);
    const result = await graphql(gateway.url, CONNECTIONS);
    expect(connectionNodes(result)).toHaveLength(1);
    expect(simulator.server.requests.map((request) => `${request.method} ${request.path}`)).toContain('GET /v1/connections');
  });

  it('is what check-config reports, with the variable that would enable it', async () => {
    const live = await describeConfig({ SSO_GATEWAY_MODE: 'live', GATEWAY_AUTH_MODE: 'none', ...simulator.env }, registry);
    expect(live).toMatchObject({ valid: true, enabled: ['keystone'] });
    const none = await describeConfig({ SSO_GATEWAY_MODE: 'live', GATEWAY_AUTH_MODE: 'none', VANTAGE_API_TOKEN: 't' }, registry);
    expect(none).toMatchObject({ valid: true, enabled: ['vantage'] });
    expect(none.valid && none.notEnabled).toContainEqual({ provider: 'keystone', missing: ['KEYSTONE_API_KEY'] });
  });

  it('switches the default mode to live by its secret alone', async () => {
    const report = await describeConfig({ GATEWAY_AUTH_MODE: 'none', KEYSTONE_API_KEY: KEYSTONE_DEMO_KEY }, registry);
    expect(report).toMatchObject({ valid: true, mode: 'live', enabled: ['keystone'] });
  });
});
