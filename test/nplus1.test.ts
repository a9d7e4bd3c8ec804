/**
 * A list whose items need more upstream data each (Logto connectors with their entry in Logto's
 * provider catalogue) costs the same number of upstream calls whatever its length: DataLoader
 * batches the per-item reads into one catalogue call. With batching switched off
 * (GATEWAY_BATCHING=off, the benchmark's naive baseline) the same query costs one call per item,
 * which shows that the counts below measure the batching and not an accident of the data.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LogtoSimulator } from '../src/providers/logto/sandbox/simulator.ts';
import { type Stack, startStack } from './harness.ts';

const QUERY = `{ logtoSsoConnectors(first: 100) {
  edges { node { connectorId connectorName providerName connectorProvider { providerName description } } }
} }`;

type Data = {
  logtoSsoConnectors: {
    edges: {
      node: { connectorId: string; providerName: string; connectorProvider: { providerName: string; description: string } | null };
    }[];
  };
};

/** Upstream calls of one operation, by route; the token request is shared by all operations. */
async function callsOf(stack: Stack, simulator: LogtoSimulator): Promise<{ data: Data | undefined; calls: string[] }> {
  simulator.resetLog();
  const result = await stack.graphql<Data>(QUERY);
  expect(result.errors).toBeUndefined();
  const calls = simulator.requests
    .filter((request) => request.path !== '/oidc/token')
    .map((request) => `${request.method} ${request.path}`);
  return { data: result.data, calls };
}

function startLogto(env: Record<string, string> = {}) {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ providers: ['logto'], env });
  });
  afterAll(() => stack.close());
  return () => ({ stack, simulator: stack.simulators.logto as LogtoSimulator });
}

describe('upstream calls independent of list length (batching on)', () => {
  const started = startLogto();

  it.each([1, 10, 100])('lists %i connectors with their catalogue entries in two upstream calls', async (count) => {
    const { stack, simulator } = started();
    simulator.seedConnectors(count);
    const { data, calls } = await callsOf(stack, simulator);
    const edges = data?.logtoSsoConnectors.edges ?? [];
    expect(edges).toHaveLength(count);
    for (const { node } of edges) expect(node.connectorProvider?.providerName).toBe(node.providerName);
    expect(calls).toEqual(['GET /api/sso-connectors', 'GET /api/sso-connector-providers']);
  });
});

describe('the same query with batching off (naive baseline)', () => {
  const started = startLogto({ GATEWAY_BATCHING: 'off' });

  it.each([1, 10])('costs one catalogue call per connector for %i connectors', async (count) => {
    const { stack, simulator } = started();
    simulator.seedConnectors(count);
    const { calls } = await callsOf(stack, simulator);
    expect(calls.filter((call) => call === 'GET /api/sso-connector-providers')).toHaveLength(count);
    expect(calls.filter((call) => call === 'GET /api/sso-connectors')).toHaveLength(1);
  });
});
