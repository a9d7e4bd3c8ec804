import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_CONNECTOR_IDS } from '../../src/providers/logto/sandbox/data.ts';
import {
  LOGTO_DEMO_APP_ID,
  LOGTO_DEMO_APP_SECRET,
  LOGTO_DEMO_LIMITED_APP_ID,
  LOGTO_DEMO_LIMITED_APP_SECRET,
  LOGTO_DEMO_RESOURCE,
  type LogtoSimulator,
  startLogtoSimulator,
} from '../../src/providers/logto/sandbox/simulator.ts';
import { expectTypename, type Stack, startStack } from '../harness.ts';

const { acme: ACME } = DEMO_CONNECTOR_IDS;

const READ = `{ logtoSsoConnector(connectorId: "${ACME}") { connectorName } }`;
const UPDATE = `mutation ($input: UpdateLogtoSsoConnectorInput!) { updateLogtoSsoConnector(input: $input) {
  __typename ... on Error { code provider message } ... on UpdateLogtoSsoConnectorPayload { connector { syncProfile } } } }`;

// Every test gets a fresh gateway: the token cache lives in the client, which a stack builds once.
const open: Stack[] = [];
async function fresh(env?: Record<string, string>): Promise<{ stack: Stack; logto: LogtoSimulator }> {
  const stack = await startStack({ providers: ['logto'], ...(env ? { env } : {}) });
  open.push(stack);
  return { stack, logto: stack.simulators.logto as LogtoSimulator };
}
afterEach(async () => {
  await Promise.all(open.splice(0).map((stack) => stack.close()));
});

const calls = (logto: LogtoSimulator) => logto.requests.map((r) => `${r.method} ${r.path} ${r.status}`);
const tokenFetches = (logto: LogtoSimulator) => logto.count('POST', '/oidc/token');

describe('Logto machine-to-machine token', () => {
  it('asks for a client-credentials token with Basic auth, resource and scope all, then reuses it', async () => {
    const { stack, logto } = await fresh();
    await stack.graphql(READ);
    await stack.graphql(READ);
    const [token] = logto.requests;
    expect(token).toMatchObject({ method: 'POST', path: '/oidc/token' });
    expect(token?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(token?.headers.authorization).toBe(`Basic ${Buffer.from(`${LOGTO_DEMO_APP_ID}:${LOGTO_DEMO_APP_SECRET}`).toString('base64')}`);
    expect(token?.body).toEqual({ grant_type: 'client_credentials', resource: LOGTO_DEMO_RESOURCE, scope: 'all' });
    expect(calls(logto)).toEqual(['POST /oidc/token 200', `GET /api/sso-connectors/${ACME} 200`, `GET /api/sso-connectors/${ACME} 200`]);
  });

  it('shares one token request between parallel GraphQL requests', async () => {
    const { stack, logto } = await fresh();
    const results = await Promise.all(Array.from({ length: 8 }, () => stack.graphql<{ logtoSsoConnector: unknown }>(READ)));
    expect(results.every((result) => result.data?.logtoSsoConnector)).toBe(true);
    expect(tokenFetches(logto)).toBe(1);
    expect(logto.count('GET', '/api/')).toBe(8);
  });

  it('renews the token shortly before it expires, without waiting for a 401', async () => {
    const { stack, logto } = await fresh();
    logto.tokenLifetimeSeconds = 1;
    await stack.graphql(READ);
    await new Promise((resolve) => setTimeout(resolve, 950));
    await stack.graphql(READ);
    expect(tokenFetches(logto)).toBe(2);
    expect(logto.requests.some((r) => r.status === 401)).toBe(false);
  });

  it('after a revocation fetches exactly one new token and the query still succeeds', async () => {
    const { stack, logto } = await fresh();
    await stack.graphql(READ);
    logto.revokeTokens();
    logto.resetLog();
    const result = await stack.graphql<{ logtoSsoConnector: { connectorName: string } }>(READ);
    expect(result.data?.logtoSsoConnector.connectorName).toBe('Acme SAML');
    expect(calls(logto)).toEqual([`GET /api/sso-connectors/${ACME} 401`, 'POST /oidc/token 200', `GET /api/sso-connectors/${ACME} 200`]);

    logto.revokeTokens();
    logto.resetLog();
    const parallel = await Promise.all(Array.from({ length: 5 }, () => stack.graphql<{ logtoSsoConnector: unknown }>(READ)));
    expect(parallel.every((r) => r.data?.logtoSsoConnector)).toBe(true);
    expect(tokenFetches(logto)).toBe(1);
  });

  it('retries a write once after a 401, since Logto refused it before any change', async () => {
    const { stack, logto } = await fresh();
    await stack.graphql(READ);
    logto.revokeTokens();
    logto.resetLog();
    const result = await stack.graphql<{ updateLogtoSsoConnector: { __typename: string } }>(UPDATE, {
      input: { connectorId: ACME, syncProfile: true },
    });
    expectTypename(result.data?.updateLogtoSsoConnector, 'UpdateLogtoSsoConnectorPayload');
    expect(calls(logto)).toEqual([
      `PATCH /api/sso-connectors/${ACME} 401`,
      'POST /oidc/token 200',
      `PATCH /api/sso-connectors/${ACME} 200`,
    ]);
    expect(logto.state.connectors.get(ACME)?.syncProfile).toBe(true);
  });

  it('gives up after one retry when Logto keeps answering 401', async () => {
    const { stack, logto } = await fresh();
    await stack.graphql(READ);
    logto.resetLog();
    logto.injectFault({ status: 401, pathPrefix: '/api/', times: 5 });
    const result = await stack.graphql(READ);
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'PERMISSION_DENIED', provider: 'LOGTO' });
    expect(logto.count('GET', '/api/')).toBe(2);
    expect(tokenFetches(logto)).toBe(1);
  });
});

describe('Logto credentials the gateway cannot use', () => {
  it('answers PermissionDenied when the app secret is wrong, and never calls the Management API', async () => {
    const wrong = 'wrong-secret-NOT-REAL-0000';
    const { stack, logto } = await fresh({ LOGTO_APP_SECRET: wrong });
    const read = await stack.graphql(READ);
    expect(read.errors?.[0]?.extensions).toMatchObject({ code: 'PERMISSION_DENIED', provider: 'LOGTO' });
    expect(read.errors?.[0]?.message).toContain('invalid_client');
    const write = await stack.graphql<{ updateLogtoSsoConnector: { __typename: string } }>(UPDATE, {
      input: { connectorId: ACME, syncProfile: true },
    });
    expect(write.data?.updateLogtoSsoConnector).toMatchObject({ __typename: 'PermissionDeniedError', provider: 'LOGTO' });
    expect(calls(logto)).toEqual(['POST /oidc/token 401', 'POST /oidc/token 401']);
    for (const text of [read.text, write.text, stack.logs.join('\n')]) expect(text).not.toContain(wrong);
  });

  it('answers PermissionDenied, without retrying, for an app whose token lacks the all scope', async () => {
    const { stack, logto } = await fresh({ LOGTO_APP_ID: LOGTO_DEMO_LIMITED_APP_ID, LOGTO_APP_SECRET: LOGTO_DEMO_LIMITED_APP_SECRET });
    const result = await stack.graphql<{ updateLogtoSsoConnector: { __typename: string; message: string } }>(UPDATE, {
      input: { connectorId: ACME, syncProfile: true },
    });
    expect(result.data?.updateLogtoSsoConnector).toMatchObject({ __typename: 'PermissionDeniedError' });
    expect(result.data?.updateLogtoSsoConnector.message).toContain('auth.forbidden');
    expect(calls(logto)).toEqual(['POST /oidc/token 200', `PATCH /api/sso-connectors/${ACME} 403`]);
    expect(logto.state.connectors.get(ACME)?.syncProfile).toBe(false);
  });

  it('reports an unknown resource indicator (invalid_target) without calling the Management API', async () => {
    const { stack, logto } = await fresh({ LOGTO_API_RESOURCE: 'https://other.logto.app/api' });
    const result = await stack.graphql(READ);
    expect(result.errors?.[0]?.extensions).toMatchObject({ provider: 'LOGTO' });
    expect(result.errors?.[0]?.message).toContain('HTTP 400 (invalid_target)');
    expect(calls(logto)).toEqual(['POST /oidc/token 400']);
  });
});

describe('Logto simulator', () => {
  it('enforces auth, paging, input guards and domain rules the way Logto answers them', async () => {
    const sim = await startLogtoSimulator();
    try {
      const post = (path: string, body: string, headers: Record<string, string>) =>
        fetch(sim.url + path, { method: 'POST', body, headers });
      const tokenResponse = await post(
        '/oidc/token',
        new URLSearchParams({
          grant_type: 'client_credentials',
          resource: LOGTO_DEMO_RESOURCE,
          scope: 'all',
          client_id: LOGTO_DEMO_APP_ID,
          client_secret: LOGTO_DEMO_APP_SECRET,
        }).toString(),
        {
          'content-type': 'application/x-www-form-urlencoded',
        },
      );
      const token = (await tokenResponse.json()) as { access_token: string; expires_in: number; token_type: string; scope: string };
      expect(token).toMatchObject({ expires_in: 3600, token_type: 'Bearer', scope: 'all' });
      const auth = { authorization: `Bearer ${token.access_token}`, 'content-type': 'application/json' };

      const anonymous = await fetch(`${sim.url}/api/sso-connectors`);
      expect([anonymous.status, ((await anonymous.json()) as { code: string }).code]).toEqual([401, 'auth.unauthorized']);

      const page = await fetch(`${sim.url}/api/sso-connectors?page=2&page_size=2`, { headers: auth });
      expect(page.headers.get('total-number')).toBe('8');
      expect(page.headers.get('link')).toContain('page=3&page_size=2>; rel="next"');
      expect(page.headers.get('link')).toContain('page=1&page_size=2>; rel="prev"');
      const badPage = await fetch(`${sim.url}/api/sso-connectors?page=0`, { headers: auth });
      expect([badPage.status, ((await badPage.json()) as { code: string }).code]).toEqual([400, 'guard.invalid_pagination']);
      const tooBig = await fetch(`${sim.url}/api/sso-connectors?page_size=101`, { headers: auth });
      expect(tooBig.status).toBe(400);

      const missing = await post('/api/sso-connectors', JSON.stringify({ domains: [] }), auth);
      const missingBody = (await missing.json()) as { code: string; details: { path: string[] }[] };
      expect([missing.status, missingBody.code]).toEqual([400, 'guard.invalid_input']);
      expect(missingBody.details.map((d) => d.path[0])).toEqual(['providerName', 'connectorName']);
      const duplicated = await post(
        '/api/sso-connectors',
        JSON.stringify({ providerName: 'SAML', connectorName: 'Dup', domains: ['a.example', 'A.example'] }),
        auth,
      );
      expect([duplicated.status, ((await duplicated.json()) as { code: string }).code]).toEqual([422, 'single_sign_on.duplicated_domains']);

      const empty = await fetch(`${sim.url}/api/sso-connectors/${ACME}`, { method: 'PATCH', body: '{}', headers: auth });
      expect(((await empty.json()) as { connectorName: string }).connectorName).toBe('Acme SAML');
      const unknown = await fetch(`${sim.url}/api/sso-connectors/nope`, { headers: auth });
      expect([unknown.status, ((await unknown.json()) as { code: string }).code]).toEqual([404, 'entity.not_exists_with_id']);
    } finally {
      await sim.close();
    }
  });
});
