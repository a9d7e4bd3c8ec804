import { describe, expect, it } from 'vitest';
import { DEMO_CONNECTOR_IDS, DEMO_OIDC_CLIENT_SECRET } from '../../src/providers/logto/sandbox/data.ts';
import type { LogtoSimulator } from '../../src/providers/logto/sandbox/simulator.ts';
import { sandboxIdp } from '../../src/sandbox/idp/server.ts';
import { ACME_ENTRA_ENTITY_ID, SANDBOX_IDP_PATHS } from '../../src/sandbox/idp/tenants.ts';
import { type Stack, useStack } from '../harness.ts';

const ACME_METADATA_URL = (await sandboxIdp()).url(SANDBOX_IDP_PATHS.entraAcme);

const { acme: ACME, stark: STARK, wayne: WAYNE, cyberdyne: CYBERDYNE, tyrell: TYRELL } = DEMO_CONNECTOR_IDS;

let stack: Stack;
let logto: LogtoSimulator;

useStack({ providers: ['logto'] }, (started) => {
  stack = started;
  logto = started.simulators.logto as LogtoSimulator;
});

const CONNECTOR_FIELDS = `
  id connectorId tenantId providerName connectorName config domains syncProfile enableTokenStorage createdAt
  name providerType providerLogo providerLogoDark providerConfig branding { displayName logo darkLogo }
  provider protocol displayName idpMetadataUrl status certificates { issuer }
`;

/** Management API calls only: the token request is the client's own business. */
const apiCalls = () => logto.requests.filter((r) => r.path.startsWith('/api/')).map((r) => `${r.method} ${r.path}${r.query}`);

type Connector = Record<string, unknown>;

describe('Logto connector reads', () => {
  it('maps every documented connector field and the SsoConnection view', async () => {
    const result = await stack.graphql<{ logtoSsoConnector: Connector }>(
      `query ($id: String!) { logtoSsoConnector(connectorId: $id) { ${CONNECTOR_FIELDS} } }`,
      { id: ACME },
    );
    expect(result.errors).toBeUndefined();
    const connector = result.data?.logtoSsoConnector;
    expect(connector).toMatchObject({
      connectorId: ACME,
      tenantId: 'default',
      providerName: 'SAML',
      connectorName: 'Acme SAML',
      config: { metadataUrl: ACME_METADATA_URL, attributeMapping: { email: 'mail', name: 'displayName' } },
      domains: ['acme.example'],
      syncProfile: false,
      enableTokenStorage: false,
      name: 'SAML',
      providerType: 'saml',
      providerLogo: 'https://cdn.logto.example/assets/sso/saml.svg',
      providerLogoDark: 'https://cdn.logto.example/assets/sso/saml-dark.svg',
      branding: { displayName: 'Acme Corp', logo: 'https://acme.example/logo.svg', darkLogo: null },
      provider: 'LOGTO',
      protocol: 'SAML',
      displayName: 'Acme Corp',
      idpMetadataUrl: ACME_METADATA_URL,
      status: 'ACTIVE',
      // The certificate Logto read from the IdP (providerConfig), not a field of Logto's own.
      certificates: [{ issuer: 'CN=Microsoft Azure Federated SSO Certificate, O=Acme Corp' }],
    });
    expect(connector?.providerConfig).toMatchObject({ identityProvider: { entityId: ACME_ENTRA_ENTITY_ID } });
    const created = Date.parse(String(connector?.createdAt));
    expect(Date.now() - created).toBeGreaterThan(100 * 86_400_000);
    expect(apiCalls()).toEqual([`GET /api/sso-connectors/${ACME}`]);
    const apiRequest = logto.requests.find((r) => r.path.startsWith('/api/'));
    expect(apiRequest?.headers.authorization).toMatch(/^Bearer eyJdemo\./);
  });

  it('never returns a client secret, neither in config nor in providerConfig', async () => {
    const result = await stack.graphql<{ logtoSsoConnector: Connector }>(
      `query ($id: String!) { logtoSsoConnector(connectorId: $id) { config providerConfig enableTokenStorage syncProfile status } }`,
      { id: STARK },
    );
    const connector = result.data?.logtoSsoConnector;
    expect(connector?.config).toEqual({
      clientId: 'stark-gateway-client',
      issuer: 'https://login.stark.example',
      scope: 'openid profile email',
    });
    expect(connector?.providerConfig).toMatchObject({ tokenEndpoint: 'https://login.stark.example/token' });
    expect(connector?.providerConfig).not.toHaveProperty('clientSecret');
    expect(connector).toMatchObject({ enableTokenStorage: true, syncProfile: true, status: 'ACTIVE' });
    expect(result.text).not.toContain(DEMO_OIDC_CLIENT_SECRET);
    expect(result.text).not.toMatch(/clientSecret/);
  });

  it('derives status from providerConfig and the completeness of the config', async () => {
    const result = await stack.graphql<Record<string, Connector>>(
      `query ($a: String!, $b: String!, $c: String!) {
        wayne: logtoSsoConnector(connectorId: $a) { status protocol displayName providerConfig }
        cyberdyne: logtoSsoConnector(connectorId: $b) { status protocol displayName providerConfig }
        tyrell: logtoSsoConnector(connectorId: $c) { status protocol displayName providerConfig }
      }`,
      { a: WAYNE, b: CYBERDYNE, c: TYRELL },
    );
    expect(result.data).toMatchObject({
      wayne: { status: 'ACTIVE', protocol: 'SAML', displayName: 'Wayne SSO' },
      cyberdyne: { status: 'UNKNOWN', protocol: 'OIDC', displayName: 'Cyberdyne Okta', providerConfig: null },
      tyrell: { status: 'PENDING', protocol: 'SAML', displayName: 'Tyrell SAML (draft)', providerConfig: null },
    });
  });

  it('answers null for an unknown connector id', async () => {
    const result = await stack.graphql<{ logtoSsoConnector: null }>(`{ logtoSsoConnector(connectorId: "nosuchconnector") { id } }`);
    expect(result.errors).toBeUndefined();
    expect(result.data?.logtoSsoConnector).toBeNull();
    expect(apiCalls()).toEqual(['GET /api/sso-connectors/nosuchconnector']);
  });

  it('serves several ids in one operation with ONE list call, and one id with one GET', async () => {
    const three = await stack.graphql<Record<string, Connector | null>>(
      `{ a: logtoSsoConnector(connectorId: "${ACME}") { connectorName }
         b: logtoSsoConnector(connectorId: "${STARK}") { connectorName }
         c: logtoSsoConnector(connectorId: "${WAYNE}") { connectorName }
         d: logtoSsoConnector(connectorId: "${ACME}") { domains } }`,
    );
    expect(three.data).toMatchObject({
      a: { connectorName: 'Acme SAML' },
      b: { connectorName: 'Stark Industries OIDC' },
      c: { connectorName: 'Wayne Enterprises Entra ID' },
      d: { domains: ['acme.example'] },
    });
    expect(apiCalls()).toEqual(['GET /api/sso-connectors']);

    logto.resetLog();
    await stack.graphql(
      `{ a: logtoSsoConnector(connectorId: "${ACME}") { id } b: logtoSsoConnector(connectorId: "${ACME}") { connectorName } }`,
    );
    expect(apiCalls()).toEqual([`GET /api/sso-connectors/${ACME}`]);
  });

  it('answers null in a batch for ids the list does not hold', async () => {
    const result = await stack.graphql<Record<string, Connector | null>>(
      `{ a: logtoSsoConnector(connectorId: "${ACME}") { connectorId } b: logtoSsoConnector(connectorId: "gone") { connectorId } }`,
    );
    expect(result.data).toEqual({ a: { connectorId: ACME }, b: null });
    expect(apiCalls()).toEqual(['GET /api/sso-connectors']);
  });

  it('shares nothing between two GraphQL requests', async () => {
    const query = `{ logtoSsoConnector(connectorId: "${ACME}") { id } }`;
    await stack.graphql(query);
    await stack.graphql(query);
    expect(apiCalls()).toEqual([`GET /api/sso-connectors/${ACME}`, `GET /api/sso-connectors/${ACME}`]);
  });

  it('pages connectors as a Relay connection over page/page_size with totalCount', async () => {
    type Page = {
      logtoSsoConnectors: {
        totalCount: number;
        pageInfo: { hasNextPage: boolean; endCursor: string };
        edges: { node: { connectorId: string } }[];
      };
    };
    const query = `query ($after: String) { logtoSsoConnectors(first: 3, after: $after) {
      totalCount pageInfo { hasNextPage hasPreviousPage endCursor } edges { cursor node { connectorId } } } }`;
    const first = await stack.graphql<Page>(query);
    const page1 = first.data?.logtoSsoConnectors;
    expect(page1?.totalCount).toBe(8);
    expect(page1?.edges).toHaveLength(3);
    expect(page1?.pageInfo.hasNextPage).toBe(true);
    const third = await stack.graphql<Page>(query, { after: page1?.pageInfo.endCursor });
    const second = third.data?.logtoSsoConnectors;
    expect(second?.edges.map((edge) => edge.node.connectorId)).not.toContain(page1?.edges[0]?.node.connectorId);
    const last = await stack.graphql<Page>(query, { after: second?.pageInfo.endCursor });
    expect(last.data?.logtoSsoConnectors.edges).toHaveLength(2);
    expect(last.data?.logtoSsoConnectors.pageInfo.hasNextPage).toBe(false);
    expect(apiCalls()).toEqual([
      'GET /api/sso-connectors?page=1&page_size=3',
      'GET /api/sso-connectors?page=2&page_size=3',
      'GET /api/sso-connectors?page=3&page_size=3',
    ]);
  });

  it('refuses pages above 100 and backward paging without calling Logto', async () => {
    const big = await stack.graphql(`{ logtoSsoConnectors(first: 101) { totalCount } }`);
    expect(big.errors?.[0]?.extensions?.code).toBe('VALIDATION_FAILED');
    const backward = await stack.graphql(`{ logtoSsoConnectors(last: 2) { totalCount } }`);
    expect(backward.errors?.[0]?.extensions?.code).toBe('VALIDATION_FAILED');
    expect(logto.count()).toBe(0);
  });

  it('lists the connector providers Logto offers', async () => {
    const result = await stack.graphql<{ logtoSsoConnectorProviders: Record<string, string>[] }>(
      `{ logtoSsoConnectorProviders { providerName providerType logo logoDark description name } }`,
    );
    const providers = result.data?.logtoSsoConnectorProviders ?? [];
    expect(providers.map((p) => p.providerName)).toEqual(['OIDC', 'SAML', 'AzureAD', 'GoogleWorkspace', 'Okta', 'AzureAdOidc']);
    expect(providers[2]).toMatchObject({
      providerType: 'saml',
      name: 'Microsoft Entra ID (SAML)',
      logo: 'https://cdn.logto.example/assets/sso/entra.svg',
    });
    expect(apiCalls()).toEqual(['GET /api/sso-connector-providers']);
  });
});

describe('Logto in the shared graph', () => {
  it('round-trips node(id), and nodes(ids) batches into one list call', async () => {
    const read = await stack.graphql<{ logtoSsoConnector: { id: string } }>(`{ logtoSsoConnector(connectorId: "${ACME}") { id } }`);
    const id = read.data?.logtoSsoConnector.id ?? '';
    logto.resetLog();
    const node = await stack.graphql<{ node: Connector }>(
      `query ($id: ID!) { node(id: $id) { __typename id ... on LogtoSsoConnector { connectorId } } }`,
      { id },
    );
    expect(node.data?.node).toEqual({ __typename: 'LogtoSsoConnector', id, connectorId: ACME });
    expect(apiCalls()).toEqual([`GET /api/sso-connectors/${ACME}`]);

    const ids = await stack.graphql<{ logtoSsoConnectors: { edges: { node: { id: string } }[] } }>(
      `{ logtoSsoConnectors(first: 3) { edges { node { id } } } }`,
    );
    logto.resetLog();
    const nodes = await stack.graphql<{ nodes: Connector[] }>(
      `query ($ids: [ID!]!) { nodes(ids: $ids) { ... on SsoConnection { provider status } } }`,
      {
        ids: ids.data?.logtoSsoConnectors.edges.map((edge) => edge.node.id),
      },
    );
    expect(nodes.data?.nodes).toHaveLength(3);
    expect(nodes.data?.nodes.every((n) => n.provider === 'LOGTO')).toBe(true);
    expect(apiCalls()).toEqual(['GET /api/sso-connectors']);
  });

  it('lists every connector in ssoConnections with one unpaged list call', async () => {
    const result = await stack.graphql<{ ssoConnections: { nodes: Connector[]; failures: unknown[] } }>(
      `{ ssoConnections(providers: [LOGTO]) { nodes { __typename provider displayName domains status } failures { provider code } } }`,
    );
    expect(result.data?.ssoConnections.failures).toEqual([]);
    expect(result.data?.ssoConnections.nodes).toHaveLength(8);
    expect(result.data?.ssoConnections.nodes.every((n) => n.__typename === 'LogtoSsoConnector')).toBe(true);
    expect(apiCalls()).toEqual(['GET /api/sso-connectors']);

    const acme = await stack.graphql<{ ssoConnections: { nodes: Connector[] } }>(
      `{ ssoConnections(providers: [LOGTO], domain: "ACME.example") { nodes { displayName } } }`,
    );
    expect(acme.data?.ssoConnections.nodes).toEqual([{ displayName: 'Acme Corp' }]);
  });

  it('reports upstream failures in errors[] with code and provider', async () => {
    logto.injectFault({ status: 503, pathPrefix: '/api/', times: 3 });
    const unavailable = await stack.graphql(`{ logtoSsoConnector(connectorId: "${ACME}") { id } }`);
    expect(unavailable.errors?.[0]?.extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', provider: 'LOGTO' });

    // A wait longer than the operation's deadline is not waited for: RATE_LIMITED at once.
    logto.injectFault({
      status: 429,
      headers: { 'retry-after': '60' },
      pathPrefix: '/api/',
      body: { code: 'too_many_requests', message: 'slow down' },
    });
    const limited = await stack.graphql(`{ logtoSsoConnectorProviders { name } }`);
    expect(limited.errors?.[0]?.extensions).toMatchObject({ code: 'RATE_LIMITED', provider: 'LOGTO' });
    expect(limited.errors?.[0]?.message).toContain('HTTP 429 (too_many_requests)');
    expect(limited.text).not.toContain('slow down');

    logto.injectFault({ status: 503, pathPrefix: '/api/', times: 3 });
    const listed = await stack.graphql<{ ssoConnections: { nodes: unknown[]; failures: unknown[] } }>(
      `{ ssoConnections(providers: [LOGTO]) { nodes { id } failures { provider code } } }`,
    );
    expect(listed.data?.ssoConnections).toEqual({ nodes: [], failures: [{ provider: 'LOGTO', code: 'UPSTREAM_UNAVAILABLE' }] });
  });

  it('never shows the app credentials or a token in responses or logs', async () => {
    const result = await stack.graphql(`{ logtoSsoConnectors(first: 100) { edges { node { ${CONNECTOR_FIELDS} } } } }`);
    const tokens = [...logto.state.tokens.keys()];
    expect(tokens.length).toBeGreaterThan(0);
    const logs = stack.logs.join('\n');
    for (const secret of [stack.env.LOGTO_APP_SECRET ?? 'unset', DEMO_OIDC_CLIENT_SECRET, ...tokens]) {
      expect(result.text).not.toContain(secret);
      expect(logs).not.toContain(secret);
    }
    expect(logs).not.toContain(Buffer.from(`${stack.env.LOGTO_APP_ID}:${stack.env.LOGTO_APP_SECRET}`).toString('base64'));
  });
});
