import { beforeEach, describe, expect, it } from 'vitest';
import {
  DEMO_ORGANIZATION_ID,
  DISABLED_ORGANIZATION_ID,
  demoState,
  EMPTY_ORGANIZATION_ID,
} from '../../src/providers/pandastack/sandbox/data.ts';
import type { PandaStackSimulator } from '../../src/providers/pandastack/sandbox/simulator.ts';
import { expectTypename, type GraphQLResponse, type Stack, startStack, useStack } from '../harness.ts';

type Result = Record<string, unknown> & {
  __typename: string;
  message?: string;
  fieldErrors?: { path: string[]; message: string }[];
  sso?: Record<string, unknown> | null;
};

const RESULT = `
  __typename
  ... on Error { message code }
  ... on ValidationError { fieldErrors { path message } provider }
  ... on RateLimitedError { retryAfterSeconds }
`;
const SSO = 'sso { id organizationId ssoId slug providerName issuer clientId callbackUrl domains enabled status updatedAt raw }';

const CREATE = `mutation ($input: CreatePandaStackSsoInput!) { createPandaStackSso(input: $input) { ${RESULT} ... on CreatePandaStackSsoPayload { ${SSO} } } }`;
const UPDATE = `mutation ($input: UpdatePandaStackSsoInput!) { updatePandaStackSso(input: $input) { ${RESULT} ... on UpdatePandaStackSsoPayload { ${SSO} } } }`;
const DELETE = `mutation ($input: DeletePandaStackSsoInput!) { deletePandaStackSso(input: $input) { ${RESULT} ... on DeletePandaStackSsoPayload { organizationId deleted } } }`;

const SECRET = 'new-client-secret-9f8e7d6c5b4a39281706';

let stack: Stack;
let simulator: PandaStackSimulator;
const texts: string[] = [];

async function mutate(text: string, input: Record<string, unknown>): Promise<Result> {
  const response: GraphQLResponse<Record<string, Result>> = await stack.graphql(text, { input });
  texts.push(response.text);
  expect(response.errors).toBeUndefined();
  const result = Object.values(response.data ?? {})[0];
  if (!result) throw new Error(`no result: ${response.text}`);
  return result;
}

useStack({ providers: ['pandastack'] }, (started) => {
  stack = started;
  simulator = started.simulators.pandastack as PandaStackSimulator;
});
beforeEach(() => {
  simulator.state.organizations = demoState().organizations;
});

describe('createPandaStackSso', () => {
  it('POSTs the given fields in snake_case and the next read shows the configuration', async () => {
    const result = await mutate(CREATE, {
      organizationId: EMPTY_ORGANIZATION_ID,
      slug: 'hooli',
      providerName: 'Microsoft Entra ID',
      issuer: 'https://login.microsoftonline.example/hooli/v2.0',
      clientId: 'b6f1c2d3-demo-4e5f-a6b7-c8d9e0f1a2b3',
      clientSecret: SECRET,
      callbackUrl: 'https://dashboard.pandastack.example/sso/callback/hooli',
      domains: ['Hooli.example', 'hooli.example', 'hooli-xyz.example'],
      enabled: true,
    });
    const payload = expectTypename(result, 'CreatePandaStackSsoPayload');
    expect(payload.sso).toMatchObject({
      organizationId: EMPTY_ORGANIZATION_ID,
      slug: 'hooli',
      status: 'ACTIVE',
      domains: ['hooli.example', 'hooli-xyz.example'],
    });
    expect(payload.sso?.ssoId).toMatch(/^sso_[0-9a-f]{12}$/);
    expect(payload.sso?.raw).not.toHaveProperty('client_secret');

    expect(simulator.requests).toHaveLength(1);
    const [entry] = simulator.requests;
    expect(entry).toMatchObject({ method: 'POST', path: '/api/v1/sso/', query: `?organization_id=${EMPTY_ORGANIZATION_ID}` });
    expect(entry?.headers.authorization).toBe(`Bearer ${stack.env.PANDASTACK_API_KEY}`);
    expect(entry?.body).toEqual({
      slug: 'hooli',
      provider_name: 'Microsoft Entra ID',
      issuer: 'https://login.microsoftonline.example/hooli/v2.0',
      client_id: 'b6f1c2d3-demo-4e5f-a6b7-c8d9e0f1a2b3',
      client_secret: SECRET,
      callback_url: 'https://dashboard.pandastack.example/sso/callback/hooli',
      domains: ['hooli.example', 'hooli-xyz.example'],
      enabled: true,
    });

    const read = await stack.graphql<{ pandaStackSso: { slug: string } }>(
      `{ pandaStackSso(organizationId: "${EMPTY_ORGANIZATION_ID}") { slug } }`,
    );
    expect(read.data?.pandaStackSso.slug).toBe('hooli');
  });

  it('answers ConflictError when the organization already has a configuration', async () => {
    const result = await mutate(CREATE, { slug: 'second' });
    expect(expectTypename(result, 'ConflictError')).toMatchObject({ code: 'CONFLICT' });
    expect(simulator.requests[0]).toMatchObject({ method: 'POST', query: `?organization_id=${DEMO_ORGANIZATION_ID}`, status: 409 });
  });

  it('re-reads /single when the write answer is not a configuration', async () => {
    simulator.injectFault({ status: 200, body: { message: 'SSO configuration saved' }, method: 'POST' });
    const result = await mutate(CREATE, { slug: 'saved' });
    const payload = expectTypename(result, 'CreatePandaStackSsoPayload');
    expect(payload.sso?.slug).toBe('pandastack-demo');
    expect(simulator.requests.map((entry) => `${entry.method} ${entry.path}`)).toEqual(['POST /api/v1/sso/', 'GET /api/v1/sso/single']);
  });
});

describe('updatePandaStackSso', () => {
  it('sends only the fields given and returns the updated configuration', async () => {
    const result = await mutate(UPDATE, { providerName: 'Okta Workforce', domains: ['PandaStack-Demo.example'] });
    const payload = expectTypename(result, 'UpdatePandaStackSsoPayload');
    expect(payload.sso).toMatchObject({ providerName: 'Okta Workforce', domains: ['pandastack-demo.example'], slug: 'pandastack-demo' });
    expect(Date.now() - Date.parse(String(payload.sso?.updatedAt))).toBeLessThan(60_000);
    expect(simulator.requests[0]).toMatchObject({
      method: 'POST',
      path: '/api/v1/sso/update',
      query: `?organization_id=${DEMO_ORGANIZATION_ID}`,
      body: { provider_name: 'Okta Workforce', domains: ['pandastack-demo.example'] },
    });
    const read = await stack.graphql<{ pandaStackSso: { providerName: string } }>('{ pandaStackSso { providerName } }');
    expect(read.data?.pandaStackSso.providerName).toBe('Okta Workforce');
  });

  it('sends ssoId as id', async () => {
    const result = await mutate(UPDATE, {
      organizationId: DISABLED_ORGANIZATION_ID,
      ssoId: 'sso_2b8d41c6f09e',
      clientSecret: SECRET,
      enabled: true,
    });
    expect(expectTypename(result, 'UpdatePandaStackSsoPayload').sso).toMatchObject({ enabled: true, status: 'ACTIVE' });
    expect(simulator.requests[0]?.body).toEqual({ id: 'sso_2b8d41c6f09e', client_secret: SECRET, enabled: true });
  });

  it('turns a PandaStack 400 into ValidationError without echoing detail', async () => {
    const result = await mutate(UPDATE, { organizationId: DISABLED_ORGANIZATION_ID, enabled: true });
    const error = expectTypename(result, 'ValidationError');
    expect(error.provider).toBe('PANDASTACK');
    expect(error.message).not.toContain('client_secret');
    expect(simulator.requests[0]?.status).toBe(400);
  });

  it('answers NotFoundError for an organization without configuration', async () => {
    const result = await mutate(UPDATE, { organizationId: EMPTY_ORGANIZATION_ID, slug: 'x' });
    expectTypename(result, 'NotFoundError');
  });

  it('rejects an update with nothing to change before any call', async () => {
    const result = await mutate(UPDATE, { ssoId: 'sso_7f3c9a2e41b6' });
    expect(expectTypename(result, 'ValidationError').message).toContain('nothing to update');
    expect(simulator.count()).toBe(0);
  });
});

describe('deletePandaStackSso', () => {
  it('DELETEs the organization configuration; the next read is null', async () => {
    const result = await mutate(DELETE, {});
    expect(expectTypename(result, 'DeletePandaStackSsoPayload')).toEqual({
      __typename: 'DeletePandaStackSsoPayload',
      organizationId: DEMO_ORGANIZATION_ID,
      deleted: true,
    });
    expect(simulator.requests[0]).toMatchObject({
      method: 'DELETE',
      path: '/api/v1/sso/',
      query: `?organization_id=${DEMO_ORGANIZATION_ID}`,
    });
    const read = await stack.graphql('{ pandaStackSso { id } }');
    expect(read.data).toEqual({ pandaStackSso: null });
  });

  it('answers NotFoundError when there is nothing to delete', async () => {
    expectTypename(await mutate(DELETE, { organizationId: EMPTY_ORGANIZATION_ID }), 'NotFoundError');
  });
});

describe('upstream failures on writes', () => {
  it('maps 429 to RateLimitedError and 503 to UpstreamUnavailableError', async () => {
    // simulator-kit drops a fault's headers when it has no body, so the body is given explicitly.
    simulator.injectFault({ status: 429, body: { detail: 'Request was throttled.' }, headers: { 'retry-after': '7' } });
    expect(expectTypename(await mutate(UPDATE, { slug: 'x' }), 'RateLimitedError').retryAfterSeconds).toBe(7);
    simulator.injectFault({ status: 503 });
    expectTypename(await mutate(DELETE, {}), 'UpstreamUnavailableError');
    expect(simulator.requests.map((entry) => entry.status)).toEqual([429, 503]);
  });

  it('maps an unknown key (401) to PermissionDeniedError', async () => {
    const other = await startStack({ providers: ['pandastack'], env: { PANDASTACK_API_KEY: `psk_${'a'.repeat(64)}` } });
    try {
      const response = await other.graphql<{ deletePandaStackSso: Result }>(DELETE, { input: {} });
      expectTypename(response.data?.deletePandaStackSso, 'PermissionDeniedError');
    } finally {
      await other.close();
    }
  });
});

describe('input validation (no upstream call)', () => {
  const cases: [string, string, Record<string, unknown>, string[]][] = [
    ['plain http URL', CREATE, { issuer: 'http://idp.example/oauth2' }, ['input', 'issuer']],
    ['relative URL', UPDATE, { tokenEndpoint: '/oauth2/token' }, ['input', 'tokenEndpoint']],
    ['bad domain', CREATE, { domains: ['ok.example', 'not a domain'] }, ['input', 'domains', '1']],
    ['upper-case slug', CREATE, { slug: 'Hooli' }, ['input', 'slug']],
    ['empty client secret', UPDATE, { clientSecret: '' }, ['input', 'clientSecret']],
    ['long client secret', CREATE, { clientSecret: 'x'.repeat(513) }, ['input', 'clientSecret']],
    ['organization id with a slash', DELETE, { organizationId: '12/34' }, ['input', 'organizationId']],
    ['sso id with a space padding', UPDATE, { ssoId: ' sso_1', slug: 'a' }, ['input', 'ssoId']],
  ];
  it.each(cases)('rejects %s', async (_name, text, input, path) => {
    const error = expectTypename(await mutate(text, input), 'ValidationError');
    expect(error.fieldErrors?.map((fieldError) => fieldError.path)).toContainEqual(path);
    expect(simulator.count()).toBe(0);
  });

  it('needs an organization when none is configured', async () => {
    const noOrg = await startStack({ providers: ['pandastack'], env: { PANDASTACK_ORGANIZATION_ID: '' } });
    try {
      const response = await noOrg.graphql<{ createPandaStackSso: Result }>(CREATE, { input: { slug: 'x' } });
      const error = expectTypename(response.data?.createPandaStackSso, 'ValidationError');
      expect(error.fieldErrors).toEqual([{ path: ['input', 'organizationId'], message: expect.any(String) }]);
      expect(noOrg.simulators.pandastack?.count()).toBe(0);
    } finally {
      await noOrg.close();
    }
  });

  it('never shows the API key or a client secret', () => {
    expect(texts.length).toBeGreaterThan(10);
    for (const text of [...texts, ...stack.logs]) {
      expect(text).not.toContain(stack.env.PANDASTACK_API_KEY);
      expect(text).not.toContain(SECRET);
      expect(text).not.toContain('demo_Xq8vN2rT5wLp0sKj3hYc7mBf9dGz1aEu4oRi6W');
    }
  });
});
