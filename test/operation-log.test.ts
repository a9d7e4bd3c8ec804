/**
 * Request ids and the one log line per operation, over real HTTP: the id a caller sends (or one
 * the gateway makes) comes back in the response, reaches every upstream call, and names the
 * operation's log line, which counts the upstream calls by provider.
 */
import { describe, expect, it } from 'vitest';
import { type Stack, useStack } from './harness.ts';

let stack: Stack;
useStack({ providers: ['vantage', 'logto'] }, (started) => {
  stack = started;
});

const ACCOUNT = 'acct_1f4e2b7c9d0a3e5f';

async function post(body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${stack.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers },
    body: JSON.stringify(body),
  });
}

function logLines(message: string): Record<string, unknown>[] {
  return stack.logs.map((line) => JSON.parse(line) as Record<string, unknown>).filter((line) => line.message === message);
}

describe('request ids', () => {
  it("echoes the caller's X-Request-Id and sends it to every upstream call", async () => {
    const response = await post(
      {
        query: `query Both { vantageManagedAccount(token: "${ACCOUNT}") { name } logtoSsoConnectors(first: 5) { edges { node { connectorId } } } }`,
      },
      { 'x-request-id': 'trace-abc.123' },
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('x-request-id')).toBe('trace-abc.123');
    const upstream = [
      ...(stack.simulators.vantage?.requests ?? []),
      ...(stack.simulators.logto?.requests ?? []).filter((r) => r.path !== '/oidc/token'),
    ];
    expect(upstream.length).toBe(2);
    for (const request of upstream) expect(request.headers['x-request-id']).toBe('trace-abc.123');
    // Tracing is off unless configured: no trace context is invented for the upstreams.
    for (const request of upstream) expect(request.headers.traceparent).toBeUndefined();
  });

  it('makes a new id when the caller sends none, or one that is not a plain token', async () => {
    const none = await post({ query: '{ __typename }' });
    const forged = await post({ query: '{ __typename }' }, { 'x-request-id': 'a b\tinjected="1"' });
    for (const response of [none, forged]) expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(none.headers.get('x-request-id')).not.toBe(forged.headers.get('x-request-id'));
  });
});

describe('operation log', () => {
  it('writes one line per operation with its name, type, caller, duration, upstream calls and outcome', async () => {
    stack.resetLogs();
    await post({ query: `query OneAccount { vantageManagedAccount(token: "${ACCOUNT}") { name } }` }, { 'x-request-id': 'op-log-1' });
    const lines = logLines('graphql operation');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 'info',
      requestId: 'op-log-1',
      operationName: 'OneAccount',
      operationType: 'query',
      caller: 'anonymous',
      upstreamCalls: { vantage: 1 },
      outcome: 'ok',
    });
    expect(typeof lines[0]?.durationMs).toBe('number');
  });

  it('says when the result carries errors, and logs no variables', async () => {
    stack.resetLogs();
    stack.simulators.vantage?.injectFault({ status: 403 });
    await post({
      query: 'query Secretive($t: String!) { vantageManagedAccount(token: $t) { name } }',
      variables: { t: 'acct_secret_variable_value' },
    });
    const [line] = logLines('graphql operation');
    expect(line).toMatchObject({ operationName: 'Secretive', outcome: 'errors', errorCount: 1 });
    expect(stack.logs.join('\n')).not.toContain('acct_secret_variable_value');
  });

  it('logs a request refused before execution with its status', async () => {
    stack.resetLogs();
    const response = await post({ query: '{ notAField }' }, { 'x-request-id': 'refused-1' });
    expect(response.status).toBe(400);
    expect(logLines('graphql operation')).toHaveLength(0);
    expect(logLines('graphql request refused')).toEqual([expect.objectContaining({ requestId: 'refused-1', status: 400 })]);
  });
});
