/**
 * Change plans and the gateway around them: scopes (planning needs `sso:read`, applying a step its
 * provider's write scope), the write limit, expiry, and a plan made on one replica applied on
 * another through Redis. Only Logto's simulator runs: one provider is enough for these.
 */
import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config/gateway.ts';
import { providers } from '../src/providers/index.ts';
import { DEMO_CONNECTOR_IDS } from '../src/providers/logto/sandbox/data.ts';
import { sandboxIdp } from '../src/sandbox/idp/server.ts';
import { SANDBOX_IDP_PATHS } from '../src/sandbox/idp/tenants.ts';
import { createGateway } from '../src/server.ts';
import { APPLY, PLAN, type PlanAnswer, READ } from './change-plans-fixtures.ts';
import { apiKey, type KeySpec, tempDir, writeKeysFile } from './fixtures/security-keys.ts';
import { type Stack, startStack } from './harness.ts';
import { deleteKeys, sharedRedis, testPrefix } from './redis-harness.ts';

const SANDBOX = { SSO_GATEWAY_MODE: 'sandbox', GATEWAY_CACHE_TTL_MS: '0' };
const KEYS = {
  none: { name: 'no-scopes', key: 'gk_test_noscopes_7a6b5c4d3e2f1a0b9c8d', scopes: [] },
  reader: { name: 'reader', key: 'gk_test_reader_2b3c4d5e6f7a8b9c0d1e', scopes: ['sso:read'] },
  logtoWriter: { name: 'logto-writer', key: 'gk_test_logtowriter_3c4d5e6f7a8b9c0d', scopes: ['sso:read', 'sso:write:logto'] },
  stytchWriter: { name: 'stytch-writer', key: 'gk_test_stytchwriter_4d5e6f7a8b9c0d1e', scopes: ['sso:read', 'sso:write:stytch'] },
} satisfies Record<string, KeySpec>;

type Result = { __typename: string; code?: string; plan?: PlanAnswer };
const stacks: Stack[] = [];
afterAll(() => Promise.all(stacks.map((stack) => stack.close())));

async function start(env: Record<string, string>): Promise<Stack> {
  const stack = await startStack({ providers: ['logto'], env: { ...SANDBOX, ...env } });
  stacks.push(stack);
  return stack;
}

const nextTenant = async () => (await sandboxIdp()).url(SANDBOX_IDP_PATHS.entraAcmeNext);
const patches = (stack: Stack) => stack.simulators.logto?.count('PATCH', '/api/sso-connectors/') ?? 0;

async function plan(stack: Stack, headers?: Record<string, string>): Promise<Result | undefined> {
  const input = { domain: 'acme.example', metadataUrl: await nextTenant() };
  return (await stack.graphql<{ planSsoChange: Result }>(PLAN, { input }, headers)).data?.planSsoChange;
}

async function apply(stack: Stack, input: Record<string, unknown>, headers?: Record<string, string>): Promise<Result | undefined> {
  return (await stack.graphql<{ applySsoChangePlan: Result }>(APPLY, { input }, headers)).data?.applySsoChangePlan;
}

describe('scopes', () => {
  const dir = tempDir('change-plans-keys-');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('planning needs sso:read; applying needs the write scope of every chosen step, else nothing is written', async () => {
    const stack = await start({ GATEWAY_AUTH_MODE: 'api-key', GATEWAY_API_KEYS_FILE: writeKeysFile(dir, Object.values(KEYS)) });
    expect((await plan(stack, apiKey(KEYS.none.key)))?.__typename).toBe('PermissionDeniedError');
    const planned = await plan(stack, apiKey(KEYS.reader.key));
    expect(planned?.__typename).toBe('PlanSsoChangePayload');
    const planId = planned?.plan?.id;
    expect((await apply(stack, { planId }, apiKey(KEYS.reader.key)))?.__typename).toBe('PermissionDeniedError');
    expect((await apply(stack, { planId }, apiKey(KEYS.stytchWriter.key)))?.__typename).toBe('PermissionDeniedError');
    expect(patches(stack)).toBe(0);
    const applied = await apply(stack, { planId }, apiKey(KEYS.logtoWriter.key));
    expect(applied?.plan?.status).toBe('APPLIED');
    expect(patches(stack)).toBe(1);
  });

  it('planning counts against the caller’s write limit', async () => {
    const stack = await start({ GATEWAY_WRITE_RATE_LIMIT: '2/1m' });
    expect((await plan(stack))?.__typename).toBe('PlanSsoChangePayload');
    expect((await plan(stack))?.__typename).toBe('PlanSsoChangePayload');
    expect((await plan(stack))?.__typename).toBe('RateLimitedError');
  });
});

describe('expiry', () => {
  it('an expired plan reads as null and applies as EXPIRED, writing nothing', async () => {
    const stack = await start({ GATEWAY_PLAN_TTL_MS: '1' });
    const planId = (await plan(stack))?.plan?.id;
    expect(planId).toBeDefined();
    await new Promise((resolve) => setTimeout(resolve, 20));
    const read = await stack.graphql<{ ssoChangePlan: PlanAnswer | null }>(READ, { id: planId });
    expect(read.data?.ssoChangePlan).toBeNull();
    const applied = await apply(stack, { planId });
    expect(applied?.plan?.status).toBe('EXPIRED');
    expect(patches(stack)).toBe(0);
  });
});

describe('replicas', () => {
  it('a plan made on one replica is applied on another through Redis', async () => {
    const redis = await sharedRedis();
    const prefix = testPrefix();
    try {
      const first = await start({ REDIS_URL: redis.url, REDIS_KEY_PREFIX: prefix });
      const second = await createGateway(loadConfig(first.env, providers), { auditWrite: () => undefined });
      const secondUrl = await second.listen(0, '127.0.0.1');
      try {
        const planId = (await plan(first))?.plan?.id;
        const response = await fetch(`${secondUrl}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
          body: JSON.stringify({ query: APPLY, variables: { input: { planId } } }),
        });
        const answer = (await response.json()) as { data: { applySsoChangePlan: Result } };
        expect(answer.data.applySsoChangePlan.plan?.status).toBe('APPLIED');
        expect(patches(first)).toBe(1);
        const read = await first.graphql<{ ssoChangePlan: PlanAnswer }>(READ, { id: planId });
        expect(read.data?.ssoChangePlan.status).toBe('APPLIED');
        const connector = await first.graphql<{ logtoSsoConnector: { idpMetadataUrl: string } }>(
          `{ logtoSsoConnector(connectorId: "${DEMO_CONNECTOR_IDS.acme}") { idpMetadataUrl } }`,
        );
        expect(connector.data?.logtoSsoConnector.idpMetadataUrl).toContain('4e9a6b21-acme-next');
      } finally {
        await second.close();
      }
    } finally {
      await deleteKeys(redis.url, prefix);
      await redis.close();
    }
  });
});

describe('a store that cannot keep the plan', () => {
  it('answers UpstreamUnavailableError, typed, when Redis cannot be reached, and keeps no plan in memory instead', async () => {
    // Nothing listens on port 1: every Redis command fails at once.
    const stack = await start({ REDIS_URL: 'redis://127.0.0.1:1', REDIS_TIMEOUT_MS: '200' });
    const answer = (
      await stack.graphql<{ planSsoChange: Result & { message?: string } }>(PLAN, {
        input: { domain: 'acme.example', metadataUrl: await nextTenant() },
      })
    ).data?.planSsoChange;
    expect(answer?.__typename).toBe('UpstreamUnavailableError');
    expect(answer?.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(answer?.message).toContain('could not be stored');
    expect(JSON.stringify(answer)).not.toContain('127.0.0.1:1');
    expect(patches(stack)).toBe(0);
  });
});
