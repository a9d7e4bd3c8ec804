/** `/metrics` over real HTTP: GraphQL operations, upstream calls and retries, circuits, the cache, the token. */
import { describe, expect, it } from 'vitest';
import { type Stack, startStack, useStack } from './harness.ts';

let stack: Stack;
useStack({ providers: ['vantage', 'logto'], env: { GATEWAY_CACHE_TTL_MS: '60000' } }, (started) => {
  stack = started;
});

const ACCOUNT = 'acct_1f4e2b7c9d0a3e5f';

async function scrape(
  target: Stack = stack,
  headers: Record<string, string> = {},
): Promise<{ status: number; text: string; type: string | null }> {
  const response = await fetch(`${target.url}/metrics`, { headers });
  return { status: response.status, text: await response.text(), type: response.headers.get('content-type') };
}

/** The value of one series, or undefined when it is absent. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((entry) => entry.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('/metrics', () => {
  it('counts operations by name and type, and upstream calls by provider, method and status', async () => {
    await stack.graphql(`query OneAccount { vantageManagedAccount(token: "${ACCOUNT}") { name } }`);
    const { status, text, type } = await scrape();
    expect(status).toBe(200);
    expect(type).toContain('text/plain');
    expect(sample(text, 'sso_gateway_upstream_requests_total{provider="vantage",method="GET",status="200"}')).toBe(1);
    expect(sample(text, 'sso_gateway_upstream_request_duration_seconds_count{provider="vantage",method="GET"}')).toBe(1);
    expect(text).toMatch(/graphql_envelop_request\{[^}]*operationName="OneAccount"[^}]*operationType="query"[^}]*\} 1/);
    expect(text).toMatch(/graphql_envelop_request_duration_bucket\{[^}]*operationName="OneAccount"/);
    expect(sample(text, 'sso_gateway_circuit_state{provider="vantage"}')).toBe(0);
  });

  it('counts retries and failed statuses', async () => {
    stack.simulators.logto?.injectFault({ status: 503, pathPrefix: '/api/sso-connectors' });
    const before = sample((await scrape()).text, 'sso_gateway_upstream_retries_total{provider="logto",method="GET"}') ?? 0;
    const result = await stack.graphql('{ logtoSsoConnectors(first: 3) { edges { node { connectorId } } } }');
    expect(result.errors).toBeUndefined();
    const { text } = await scrape();
    expect(sample(text, 'sso_gateway_upstream_retries_total{provider="logto",method="GET"}')).toBe(before + 1);
    expect(sample(text, 'sso_gateway_upstream_requests_total{provider="logto",method="GET",status="503"}')).toBeGreaterThanOrEqual(1);
  });

  it('reports read-cache hits and misses per provider', async () => {
    const read = `{ vantageManagedAccount(token: "acct_2a5c8e1b4d7f0a3c") { name } }`;
    const before = await scrape();
    await stack.graphql(read);
    await stack.graphql(read);
    const after = await scrape();
    const delta = (kind: string) =>
      (sample(after.text, `sso_gateway_read_cache_${kind}{provider="vantage"}`) ?? 0) -
      (sample(before.text, `sso_gateway_read_cache_${kind}{provider="vantage"}`) ?? 0);
    expect(delta('misses')).toBe(1);
    expect(delta('hits')).toBe(1);
  });

  it('records DataLoader batch sizes per loader', async () => {
    const before = sample((await scrape()).text, 'sso_gateway_dataloader_batch_size_count{loader="logto.providerByName"}') ?? 0;
    const result = await stack.graphql('{ logtoSsoConnectors(first: 20) { edges { node { connectorProvider { name } } } } }');
    expect(result.errors).toBeUndefined();
    const { text } = await scrape();
    // Seven demo connectors across six providers: one batch of six names.
    expect(sample(text, 'sso_gateway_dataloader_batch_size_count{loader="logto.providerByName"}')).toBe(before + 1);
    expect(sample(text, 'sso_gateway_dataloader_batch_size_bucket{le="5",loader="logto.providerByName"}')).toBe(0);
    expect(sample(text, 'sso_gateway_dataloader_batch_size_bucket{le="10",loader="logto.providerByName"}')).toBe(before + 1);
  });

  it('carries no credential', async () => {
    const { text } = await scrape();
    for (const [name, value] of Object.entries(stack.env)) if (/TOKEN|SECRET|KEY/.test(name)) expect(text).not.toContain(value);
  });
});

describe('/metrics with GATEWAY_METRICS_TOKEN', () => {
  it('answers only a request bearing the token', async () => {
    const token = 'metrics-token-for-tests-0123456789';
    const guarded = await startStack({ providers: ['vantage'], env: { GATEWAY_METRICS_TOKEN: token } });
    try {
      expect((await scrape(guarded)).status).toBe(401);
      expect((await scrape(guarded, { authorization: 'Bearer metrics-token-for-tests-wrong' })).status).toBe(401);
      const allowed = await scrape(guarded, { authorization: `Bearer ${token}` });
      expect(allowed.status).toBe(200);
      expect(allowed.text).toContain('sso_gateway_circuit_state');
    } finally {
      await guarded.close();
    }
  });
});
