import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VantageSimulator } from '../src/providers/vantage/sandbox/simulator.ts';
import { type Stack, startStack } from './harness.ts';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ providers: ['vantage'], env: { GATEWAY_GRAPHIQL: 'true' } });
});
afterAll(() => stack.close());

describe('gateway server', () => {
  it('answers /health', async () => {
    const response = await fetch(`${stack.url}/health`);
    expect(response.status).toBe(200);
  });

  it('answers /ready with the mode and the enabled providers', async () => {
    const response = await fetch(`${stack.url}/ready`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      ready: true,
      mode: 'live',
      providers: ['vantage'],
      upstreams: [{ provider: 'vantage', circuit: 'CLOSED', lastFailure: null, rateLimit: null }],
      sharedState: { store: 'memory' },
    });
  });

  it('serves GraphiQL opened on the cross-provider query', async () => {
    const response = await fetch(`${stack.url}/graphql`, { headers: { accept: 'text/html' } });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('graphiql');
    expect(html).toContain('ssoConnections');
  });

  it('answers ProviderNotConfigured for a provider without credentials, in errors[] for queries', async () => {
    const result = await stack.graphql(
      `{ ssoConnections(providers: [VANTAGE, DATOCMS]) { nodes { provider } failures { provider code message } } }`,
    );
    const list = (result.data as { ssoConnections: { nodes: unknown[]; failures: unknown[] } }).ssoConnections;
    expect(list.nodes.length).toBe(4);
    expect(list.failures).toEqual([
      { provider: 'DATOCMS', code: 'PROVIDER_NOT_CONFIGURED', message: expect.stringContaining('datocms is not configured') },
    ]);
  });

  it('keeps upstream body content out of responses when a body breaks the contract', async () => {
    const vantage = stack.simulators.vantage as VantageSimulator;
    vantage.injectFault({ status: 200, body: { token: 'acct_x', name: 'leaky-secret-value-123' } });
    stack.resetLogs();
    const result = await stack.graphql(`{ vantageManagedAccount(token: "acct_1f4e2b7c9d0a3e5f") { name } }`);
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'UPSTREAM_CONTRACT_VIOLATION', provider: 'VANTAGE' });
    expect(result.text).not.toContain('leaky-secret-value-123');
    const logged = stack.logs.join('\n');
    expect(logged).toContain('contact_email');
    expect(logged).not.toContain('leaky-secret-value-123');
  });

  it('lets an in-flight operation finish when it shuts down', async () => {
    const own = await startStack({ providers: ['vantage'] });
    const vantage = own.simulators.vantage as VantageSimulator;
    vantage.latencyMs = 200;
    const inFlight = own.graphql(`{ vantageManagedAccount(token: "acct_1f4e2b7c9d0a3e5f") { name } }`);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const closing = own.close();
    const result = await inFlight;
    await closing;
    expect(result.data).toEqual({ vantageManagedAccount: { name: 'Acme Corporation' } });
    await expect(fetch(`${own.url}/health`)).rejects.toThrow();
  });
});
