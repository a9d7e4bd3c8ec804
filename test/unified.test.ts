/**
 * `ssoConnections` over all five simulators: every provider answers, concurrently, and one that
 * fails lands in `failures` while the others still answer.
 */
import { describe, expect, it } from 'vitest';
import { type Stack, useStack } from './harness.ts';

interface ListData {
  ssoConnections: {
    nodes: { __typename: string; id: string; provider: string; domains: string[]; status: string }[];
    failures: { provider: string; code: string; message: string }[];
  };
}

const LIST = `query ($providers: [SsoProvider!], $domain: String) {
  ssoConnections(providers: $providers, domain: $domain) {
    nodes { __typename id provider domains status }
    failures { provider code message }
  }
}`;

let stack: Stack;
useStack({}, (started) => {
  stack = started;
});

describe('ssoConnections', () => {
  it('lists connections of all five providers', async () => {
    const result = await stack.graphql<ListData>(LIST);
    const list = result.data?.ssoConnections;
    expect(list?.failures).toEqual([]);
    const providers = new Set(list?.nodes.map((node) => node.provider));
    expect([...providers].sort()).toEqual(['DATOCMS', 'LOGTO', 'PANDASTACK', 'STYTCH', 'VANTAGE']);
    expect(new Set(list?.nodes.map((node) => node.__typename))).toEqual(
      new Set([
        'VantageSsoConnection',
        'DatoCmsSsoSettings',
        'StytchSamlConnection',
        'StytchOidcConnection',
        'LogtoSsoConnector',
        'PandaStackSso',
      ]),
    );
  });

  it('finds the domain the sandbox claims in more than one provider', async () => {
    const result = await stack.graphql<ListData>(LIST, { domain: 'ACME.example' });
    const providers = new Set(result.data?.ssoConnections.nodes.map((node) => node.provider));
    expect(providers.size).toBeGreaterThanOrEqual(2);
    expect(providers).toContain('VANTAGE');
    expect(providers).toContain('LOGTO');
    for (const node of result.data?.ssoConnections.nodes ?? []) expect(node.domains).toContain('acme.example');
  });

  it('asks only the providers named', async () => {
    const result = await stack.graphql<ListData>(LIST, { providers: ['LOGTO'] });
    expect(result.data?.ssoConnections.nodes.every((node) => node.provider === 'LOGTO')).toBe(true);
    expect(result.data?.ssoConnections.nodes.length).toBeGreaterThan(0);
    for (const id of ['vantage', 'datocms', 'stytch', 'pandastack'] as const) {
      expect(stack.simulators[id]?.count()).toBe(0);
    }
  });

  it('reports a failing provider in failures while the others answer', async () => {
    stack.simulators.logto?.injectFault({ status: 503, pathPrefix: '/api/sso-connectors', times: 5 });
    stack.simulators.datocms?.injectFault({ status: 401, times: 5 });
    const result = await stack.graphql<ListData>(LIST);
    const list = result.data?.ssoConnections;
    expect(result.errors).toBeUndefined();
    expect(list?.failures).toEqual([
      { provider: 'DATOCMS', code: 'PERMISSION_DENIED', message: expect.stringContaining('HTTP 401') },
      { provider: 'LOGTO', code: 'UPSTREAM_UNAVAILABLE', message: expect.stringContaining('HTTP 503') },
    ]);
    const providers = new Set(list?.nodes.map((node) => node.provider));
    expect([...providers].sort()).toEqual(['PANDASTACK', 'STYTCH', 'VANTAGE']);
  });

  it('asks the providers concurrently, not one after another', async () => {
    for (const simulator of Object.values(stack.simulators)) simulator.latencyMs = 100;
    await stack.graphql<ListData>(LIST);
    const firstCalls = Object.values(stack.simulators).map((simulator) => simulator.requests[0]);
    expect(firstCalls.every((call) => call !== undefined)).toBe(true);
    const latestStart = Math.max(...firstCalls.map((call) => call?.startedAt ?? Number.POSITIVE_INFINITY));
    const earliestEnd = Math.min(...firstCalls.map((call) => call?.endedAt ?? 0));
    // Every provider's first call had arrived before any of them was answered.
    expect(latestStart).toBeLessThan(earliestEnd);
  });

  it('refuses a domain that is not a hostname, before any upstream call', async () => {
    const result = await stack.graphql<ListData>(LIST, { domain: 'not a domain' });
    expect(result.errors?.[0]?.message).toContain('hostname');
    expect(Object.values(stack.simulators).reduce((sum, simulator) => sum + simulator.count(), 0)).toBe(0);
  });

  it('round-trips every listed node through nodes(ids:)', async () => {
    const listed = await stack.graphql<ListData>(LIST);
    const ids = listed.data?.ssoConnections.nodes.map((node) => node.id) ?? [];
    expect(ids.length).toBeGreaterThan(10);
    const fetched = await stack.graphql<{ nodes: ({ id: string } | null)[] }>(`query ($ids: [ID!]!) { nodes(ids: $ids) { id } }`, { ids });
    expect(fetched.errors).toBeUndefined();
    expect(fetched.data?.nodes.map((node) => node?.id)).toEqual(ids);
  });
});
