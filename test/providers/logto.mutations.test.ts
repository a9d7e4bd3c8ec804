import { describe, expect, it } from 'vitest';
import { DEMO_CONNECTOR_IDS, DEMO_OIDC_CLIENT_SECRET } from '../../src/providers/logto/sandbox/data.ts';
import type { LogtoSimulator } from '../../src/providers/logto/sandbox/simulator.ts';
import { expectTypename, type Stack, useStack } from '../harness.ts';

const { acme: ACME, stark: STARK, tyrell: TYRELL } = DEMO_CONNECTOR_IDS;

let stack: Stack;
let logto: LogtoSimulator;

useStack({ providers: ['logto'] }, (started) => {
  stack = started;
  logto = started.simulators.logto as LogtoSimulator;
});

const RESULT_FIELDS = `
  __typename
  ... on Error { message code provider }
  ... on ValidationError { fieldErrors { path message } }
  ... on RateLimitedError { retryAfterSeconds }
`;
const CONNECTOR =
  'connector { connectorId connectorName providerName config domains syncProfile branding { displayName logo darkLogo } status protocol idpMetadataUrl }';

const CREATE = `mutation ($input: CreateLogtoSsoConnectorInput!) {
  createLogtoSsoConnector(input: $input) { ${RESULT_FIELDS} ... on CreateLogtoSsoConnectorPayload { ${CONNECTOR} } } }`;
const UPDATE = `mutation ($input: UpdateLogtoSsoConnectorInput!) {
  updateLogtoSsoConnector(input: $input) { ${RESULT_FIELDS} ... on UpdateLogtoSsoConnectorPayload { ${CONNECTOR} } } }`;
const DELETE = `mutation ($input: DeleteLogtoSsoConnectorInput!) {
  deleteLogtoSsoConnector(input: $input) { ${RESULT_FIELDS} ... on DeleteLogtoSsoConnectorPayload { connectorId } } }`;

interface Result {
  __typename: string;
  code?: string;
  provider?: string;
  message?: string;
  fieldErrors?: { path: string[]; message: string }[];
  retryAfterSeconds?: number | null;
  connector?: Record<string, unknown> & { connectorId: string };
  connectorId?: string;
}

async function run(query: string, input: Record<string, unknown>): Promise<Result> {
  const response = await stack.graphql<Record<string, Result>>(query, { input });
  expect(response.errors).toBeUndefined();
  return Object.values(response.data ?? {})[0] as Result;
}

const apiCalls = () => logto.requests.filter((r) => r.path.startsWith('/api/'));

describe('createLogtoSsoConnector', () => {
  it('POSTs exactly the given fields, domains lower-cased and de-duplicated', async () => {
    const result = await run(CREATE, {
      providerName: 'SAML',
      connectorName: 'Initech SAML',
      config: { metadataUrl: 'https://idp.initech.example/metadata' },
      domains: ['Initech.example', 'initech.example', 'initech-eu.example'],
      branding: { displayName: 'Initech', logo: 'https://initech.example/logo.png' },
      syncProfile: true,
    });
    const payload = expectTypename(result, 'CreateLogtoSsoConnectorPayload');
    expect(payload.connector).toMatchObject({
      connectorName: 'Initech SAML',
      providerName: 'SAML',
      domains: ['initech.example', 'initech-eu.example'],
      status: 'ACTIVE',
      protocol: 'SAML',
      idpMetadataUrl: 'https://idp.initech.example/metadata',
      branding: { displayName: 'Initech', logo: 'https://initech.example/logo.png', darkLogo: null },
    });
    const [post] = apiCalls();
    expect(post).toMatchObject({ method: 'POST', path: '/api/sso-connectors' });
    expect(post?.headers['content-type']).toMatch(/^application\/json/);
    expect(post?.body).toEqual({
      providerName: 'SAML',
      connectorName: 'Initech SAML',
      config: { metadataUrl: 'https://idp.initech.example/metadata' },
      domains: ['initech.example', 'initech-eu.example'],
      branding: { displayName: 'Initech', logo: 'https://initech.example/logo.png' },
      syncProfile: true,
    });

    const read = await stack.graphql<{ logtoSsoConnector: { connectorName: string } }>(
      `query ($id: String!) { logtoSsoConnector(connectorId: $id) { connectorName } }`,
      {
        id: payload.connector?.connectorId,
      },
    );
    expect(read.data?.logtoSsoConnector.connectorName).toBe('Initech SAML');
  });

  it('sends only providerName and connectorName when nothing else is given (a PENDING connector)', async () => {
    const result = expectTypename(
      await run(CREATE, { providerName: 'Okta', connectorName: 'Okta draft' }),
      'CreateLogtoSsoConnectorPayload',
    );
    expect(apiCalls()[0]?.body).toEqual({ providerName: 'Okta', connectorName: 'Okta draft' });
    expect(result.connector).toMatchObject({ status: 'PENDING', protocol: 'OIDC', config: {} });
  });

  it('returns the OIDC connector without its client secret', async () => {
    const secret = 'created-oidc-secret-NOT-REAL';
    const response = await stack.graphql(CREATE, {
      input: {
        providerName: 'OIDC',
        connectorName: 'Globex OIDC',
        config: { clientId: 'globex', clientSecret: secret, issuer: 'https://id.globex-corp.example' },
      },
    });
    expect(response.text).toContain('CreateLogtoSsoConnectorPayload');
    expect(apiCalls()[0]?.body).toMatchObject({ config: { clientSecret: secret } });
    expect(response.text).not.toContain(secret);
  });

  it('rejects bad input with field paths and no upstream call', async () => {
    const cases: [Record<string, unknown>, string[]][] = [
      [{ providerName: 'SAML', connectorName: '' }, ['input', 'connectorName']],
      [{ providerName: 'SAML', connectorName: 'x'.repeat(129) }, ['input', 'connectorName']],
      [{ providerName: 'Auth0', connectorName: 'A' }, ['input', 'providerName']],
      [{ providerName: 'SAML', connectorName: 'A', domains: ['not a domain'] }, ['input', 'domains', '0']],
      [{ providerName: 'SAML', connectorName: 'A', branding: { logo: 'http://insecure.example/logo.png' } }, ['input', 'branding', 'logo']],
      [{ providerName: 'SAML', connectorName: 'A', branding: { darkLogo: 'logo.png' } }, ['input', 'branding', 'darkLogo']],
      [{ providerName: 'SAML', connectorName: 'A', branding: { displayName: 'd'.repeat(129) } }, ['input', 'branding', 'displayName']],
      [{ providerName: 'SAML', connectorName: 'A', config: ['metadataUrl'] }, ['input', 'config']],
      [{ providerName: 'SAML', connectorName: 'A', config: 'metadataUrl' }, ['input', 'config']],
      [{ providerName: 'SAML', connectorName: 'A', config: { metadata: 'x'.repeat(70_000) } }, ['input', 'config']],
    ];
    for (const [input, path] of cases) {
      const result = expectTypename(await run(CREATE, input), 'ValidationError');
      expect(result.fieldErrors?.map((error) => error.path)).toContainEqual(path);
    }
    expect(logto.count()).toBe(0);
  });

  it('maps a duplicate name to ConflictError', async () => {
    const result = expectTypename(await run(CREATE, { providerName: 'SAML', connectorName: 'Acme SAML' }), 'ConflictError');
    expect(result).toMatchObject({ provider: 'LOGTO', code: 'CONFLICT' });
    expect(result.message).toContain('single_sign_on.duplicate_connector_name');
  });

  it("maps Logto's own validation answers to ValidationError", async () => {
    // Public mail domains are refused by the gateway itself, before Logto (which refuses them too).
    const forbidden = expectTypename(
      await run(CREATE, { providerName: 'SAML', connectorName: 'Mail', domains: ['gmail.com'] }),
      'ValidationError',
    );
    expect(forbidden.message).toContain('public e-mail domain');
    expect(apiCalls()).toHaveLength(0);
    const incomplete = expectTypename(
      await run(CREATE, { providerName: 'OIDC', connectorName: 'Half', config: { clientId: 'only' } }),
      'ValidationError',
    );
    expect(incomplete.message).toContain('connector.invalid_config');
    const metadata = expectTypename(
      await run(CREATE, {
        providerName: 'SAML',
        connectorName: 'Bad metadata',
        config: { metadataUrl: 'https://idp.example/invalid-metadata' },
      }),
      'ValidationError',
    );
    expect(metadata.message).toContain('HTTP 422 (connector.invalid_metadata)');
    expect(apiCalls().map((r) => r.status)).toEqual([400, 422]);
  });
});

describe('updateLogtoSsoConnector', () => {
  it('PATCHes only the given fields', async () => {
    const result = expectTypename(await run(UPDATE, { connectorId: STARK, syncProfile: false }), 'UpdateLogtoSsoConnectorPayload');
    expect(result.connector).toMatchObject({ connectorId: STARK, syncProfile: false, connectorName: 'Stark Industries OIDC' });
    expect(apiCalls().map((r) => [r.method, r.path, r.body])).toEqual([['PATCH', `/api/sso-connectors/${STARK}`, { syncProfile: false }]]);
    expect(logto.state.connectors.get(STARK)?.config.clientSecret).toBe(DEMO_OIDC_CLIENT_SECRET);
  });

  it('replaces config, domains and branding whole', async () => {
    const result = expectTypename(
      await run(UPDATE, {
        connectorId: TYRELL,
        config: { entityId: 'https://idp.tyrell.example', signInEndpoint: 'https://idp.tyrell.example/sso', x509Certificate: 'MIIC' },
        domains: ['TYRELL.example', 'nexus.example'],
        branding: { darkLogo: 'https://tyrell.example/dark.svg' },
        connectorName: 'Tyrell SAML',
      }),
      'UpdateLogtoSsoConnectorPayload',
    );
    expect(result.connector).toMatchObject({
      connectorName: 'Tyrell SAML',
      domains: ['tyrell.example', 'nexus.example'],
      branding: { displayName: null, logo: null, darkLogo: 'https://tyrell.example/dark.svg' },
      status: 'ACTIVE',
    });
    expect(apiCalls()[0]?.body).toEqual({
      connectorName: 'Tyrell SAML',
      config: { entityId: 'https://idp.tyrell.example', signInEndpoint: 'https://idp.tyrell.example/sso', x509Certificate: 'MIIC' },
      domains: ['tyrell.example', 'nexus.example'],
      branding: { darkLogo: 'https://tyrell.example/dark.svg' },
    });
    const acmeBefore = logto.state.connectors.get(ACME)?.branding;
    await run(UPDATE, { connectorId: ACME, branding: { displayName: 'Acme' } });
    expect(acmeBefore?.logo).toBeDefined();
    expect(logto.state.connectors.get(ACME)?.branding).toEqual({ displayName: 'Acme' });
  });

  it('refuses an update with nothing to change, or bad fields, without calling Logto', async () => {
    const empty = expectTypename(await run(UPDATE, { connectorId: ACME }), 'ValidationError');
    expect(empty.message).toContain('nothing to update');
    const badId = expectTypename(await run(UPDATE, { connectorId: '../x', syncProfile: true }), 'ValidationError');
    expect(badId.fieldErrors?.[0]?.path).toEqual(['input', 'connectorId']);
    const badDomain = expectTypename(await run(UPDATE, { connectorId: ACME, domains: ['10.0.0.1'] }), 'ValidationError');
    expect(badDomain.fieldErrors?.[0]?.path).toEqual(['input', 'domains', '0']);
    expect(logto.count()).toBe(0);
  });

  it('maps upstream failures to typed errors', async () => {
    expect(await run(UPDATE, { connectorId: 'nosuchconnector', syncProfile: true })).toMatchObject({
      __typename: 'NotFoundError',
      provider: 'LOGTO',
      code: 'NOT_FOUND',
    });
    expect(await run(UPDATE, { connectorId: STARK, connectorName: 'Acme SAML' })).toMatchObject({ __typename: 'ConflictError' });
    logto.injectFault({ status: 429, headers: { 'retry-after': '7' }, pathPrefix: '/api/' });
    expect(await run(UPDATE, { connectorId: ACME, syncProfile: true })).toMatchObject({
      __typename: 'RateLimitedError',
      retryAfterSeconds: 7,
      code: 'RATE_LIMITED',
    });
    logto.injectFault({ status: 503, pathPrefix: '/api/' });
    expect(await run(UPDATE, { connectorId: ACME, syncProfile: true })).toMatchObject({
      __typename: 'UpstreamUnavailableError',
      provider: 'LOGTO',
    });
    // Refused by the gateway (public mail domain): no PATCH is sent.
    expect(await run(UPDATE, { connectorId: ACME, domains: ['acme.example', 'QQ.com'] })).toMatchObject({
      __typename: 'ValidationError',
      provider: null,
    });
    // Refused by Logto (a config its OIDC schema rejects).
    expect(await run(UPDATE, { connectorId: STARK, config: { clientId: 'only' } })).toMatchObject({
      __typename: 'ValidationError',
      provider: 'LOGTO',
    });
    expect(logto.state.connectors.get(ACME)?.domains).toEqual(['acme.example']);
    expect(apiCalls().filter((r) => r.method === 'PATCH')).toHaveLength(5);
  });
});

describe('deleteLogtoSsoConnector', () => {
  it('DELETEs the connector, after which it reads as null and a second delete is NotFound', async () => {
    const created = expectTypename(
      await run(CREATE, { providerName: 'SAML', connectorName: 'Short-lived' }),
      'CreateLogtoSsoConnectorPayload',
    );
    const id = created.connector?.connectorId ?? '';
    logto.resetLog();
    const deleted = expectTypename(await run(DELETE, { connectorId: id }), 'DeleteLogtoSsoConnectorPayload');
    expect(deleted.connectorId).toBe(id);
    expect(apiCalls().map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([`DELETE /api/sso-connectors/${id} 204`]);
    const read = await stack.graphql<{ logtoSsoConnector: null }>(`query ($id: String!) { logtoSsoConnector(connectorId: $id) { id } }`, {
      id,
    });
    expect(read.data?.logtoSsoConnector).toBeNull();
    expect(await run(DELETE, { connectorId: id })).toMatchObject({ __typename: 'NotFoundError', provider: 'LOGTO' });
    expect(await run(DELETE, { connectorId: '' })).toMatchObject({ __typename: 'ValidationError' });
  });
});
