/**
 * What the logs say about failing operations, over real HTTP with API-key authentication: the
 * operation name, a hash of the document, the codes and paths of its errors, never the document,
 * the values written inline in it, or the variables; and no more than GATEWAY_ERROR_LOG_RATE
 * lines about failures per caller, with one line saying how many were dropped.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { inBatches, startApiKeyStack, useApiKeyStack } from './fixtures/api-key-stack.ts';
import { apiKey, type KeySpec, VANTAGE_ACME } from './fixtures/security-keys.ts';
import type { Stack } from './harness.ts';

const READER = { name: 'log-reader', key: 'gk_test_logreader_9f8e7d6c5b4a', scopes: ['sso:read'] } satisfies KeySpec;
const FLOODER = { name: 'log-flooder', key: 'gk_test_logflooder_1a2b3c4d5e6f', scopes: ['sso:read'] } satisfies KeySpec;

const INLINE_SECRET = 'inline-sig-Q2hlY2tzdW0tc2VjcmV0';
const VARIABLE_SECRET = 'variable-value-c2VjcmV0LXZhcmlhYmxl';
/** Fails twice: a token with a query string (refused by validation) and an upstream 403. */
const LEAKY = `query LeakyLookup($token: String!) {
  inline: vantageManagedAccount(token: "acct_x?sig=${INLINE_SECRET}") { name }
  byVariable: vantageManagedAccount(token: $token) { name }
}`;
const FAILING = 'query Failing { vantageManagedAccount(token: "acct_?bad") { name } }';

type Line = Record<string, unknown>;
const parsed = (stack: Stack): Line[] => stack.logs.map((line) => JSON.parse(line) as Line);
const aboveDebug = (stack: Stack): Line[] => parsed(stack).filter((line) => line.level !== 'debug');

const startGateway = (env: Record<string, string> = {}) => startApiKeyStack([READER, FLOODER], { providers: ['vantage'], env });

async function send(stack: Stack, count: number, query: string, headers: Record<string, string>): Promise<void> {
  await inBatches(count, () => stack.graphql(query, {}, headers));
}

describe('a failing operation in the log', () => {
  const gateway = useApiKeyStack([READER, FLOODER], { providers: ['vantage'] });

  it('names the operation, the document hash, and each error by code and path; never the text, inline values or variables', async () => {
    gateway().simulators.vantage?.injectFault({ status: 403 });
    const response = await gateway().graphql(LEAKY, { token: VARIABLE_SECRET }, apiKey(READER.key));
    expect(response.errors?.map((error) => error.extensions?.code).sort()).toEqual(['PERMISSION_DENIED', 'VALIDATION_FAILED']);

    const text = gateway().logs.join('\n');
    for (const leak of [INLINE_SECRET, VARIABLE_SECRET, 'vantageManagedAccount(', 'GraphQL request', '$token']) {
      expect(text).not.toContain(leak);
    }
    const line = parsed(gateway()).find((entry) => entry.message === 'graphql operation');
    expect(line).toMatchObject({
      operationName: 'LeakyLookup',
      documentHash: createHash('sha256').update(LEAKY).digest('hex').slice(0, 16),
      caller: READER.name,
      outcome: 'errors',
      errorCount: 2,
    });
    expect(line?.errors).toEqual(
      expect.arrayContaining([
        { code: 'VALIDATION_FAILED', path: 'inline' },
        { code: 'PERMISSION_DENIED', path: 'byVariable' },
      ]),
    );
  });

  it('logs a refused document by hash and code, not by text', async () => {
    gateway().resetLogs();
    const response = await gateway().graphql(`{ nope(secret: "${INLINE_SECRET}") }`, {}, apiKey(READER.key));
    expect(response.status).toBe(400);
    expect(gateway().logs.join('\n')).not.toContain(INLINE_SECRET);
    const line = parsed(gateway()).find((entry) => entry.message === 'graphql request refused');
    expect(line).toMatchObject({ status: 400, errors: [{ code: 'GRAPHQL_VALIDATION_FAILED' }] });
    expect(line?.documentHash).toMatch(/^[0-9a-f]{16}$/);
  });

  it('still answers a good operation after all that', async () => {
    const response = await gateway().graphql(`{ vantageManagedAccount(token: "${VANTAGE_ACME}") { name } }`, {}, apiKey(READER.key));
    expect(response.errors).toBeUndefined();
  });
});

describe('the error-log budget (GATEWAY_ERROR_LOG_RATE)', () => {
  it('writes at most the default 20 lines for 500 failing operations of one caller, then says how many it dropped', async () => {
    const stack = await startGateway();
    try {
      await send(stack, 500, FAILING, apiKey(FLOODER.key));
      const lines = aboveDebug(stack);
      expect(lines.filter((line) => line.message === 'graphql operation')).toHaveLength(20);
      expect(lines.length).toBeLessThanOrEqual(21);
      // The one-minute window is still running: the summary comes when the gateway closes.
      await stack.close();
      const summary = aboveDebug(stack).filter((line) => line.message === 'log lines dropped');
      expect(summary).toEqual([expect.objectContaining({ caller: FLOODER.name, dropped: 480, windowMs: 60_000 })]);
    } finally {
      await stack.close();
    }
  });

  it('keeps one caller from using up another caller’s lines, and reports drops when the window frees up', async () => {
    const stack = await startGateway({ GATEWAY_ERROR_LOG_RATE: '5/1s' });
    try {
      await send(stack, 40, FAILING, apiKey(FLOODER.key));
      await send(stack, 3, FAILING, apiKey(READER.key));
      const byCaller = (name: string) => aboveDebug(stack).filter((line) => line.message === 'graphql operation' && line.caller === name);
      expect(byCaller(FLOODER.name)).toHaveLength(5);
      expect(byCaller(READER.name)).toHaveLength(3);
      await new Promise((resolve) => setTimeout(resolve, 1_200));
      expect(aboveDebug(stack).filter((line) => line.message === 'log lines dropped')).toEqual([
        expect.objectContaining({ caller: FLOODER.name, dropped: 35 }),
      ]);
    } finally {
      await stack.close();
    }
  });

  it('bounds the lines about refused documents and failed authentication too', async () => {
    const stack = await startGateway({ GATEWAY_ERROR_LOG_RATE: '10/1m' });
    try {
      await send(stack, 200, '{ nope }', apiKey(READER.key));
      await send(stack, 200, '{ __typename }', apiKey('gk_test_not_a_key_000000000000'));
      // Ten refused documents of the caller; ten 401s and ten authentication failures (Yoga's lines).
      expect(aboveDebug(stack).length).toBeLessThanOrEqual(30);
      await stack.close();
      const dropped = aboveDebug(stack).filter((line) => line.message === 'log lines dropped');
      expect(dropped.map((line) => line.caller).sort()).toEqual(['(unattributed)', '(unauthenticated)', READER.name]);
    } finally {
      await stack.close();
    }
  });
});
