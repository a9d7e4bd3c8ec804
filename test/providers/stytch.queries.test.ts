import { describe, expect, it } from 'vitest';
import {
  ACME_ORGANIZATION_ID as ACME,
  ACME_OIDC_ID,
  ACME_PENDING_SAML_ID,
  ACME_SAML_ID,
  GLOBEX_ORGANIZATION_ID as GLOBEX,
  GLOBEX_OIDC_ID,
  GLOBEX_SAML_ID,
} from '../../src/providers/stytch/sandbox/data.ts';
import type { StytchSimulator } from '../../src/providers/stytch/sandbox/simulator.ts';
import { type Stack, startStack, useStack } from '../harness.ts';
import { SESSION_JWTS, SESSIONS, TOO_MANY_REQUESTS } from './stytch-fixtures.ts';

let stack: Stack;
let stytch: StytchSimulator;

useStack({ providers: ['stytch'] }, (started) => {
  stack = started;
  stytch = started.simulators.stytch as StytchSimulator;
});

const SAML_FIELDS = `
  id organizationId connectionId stytchStatus idpEntityId idpSsoUrl acsUrl audienceUri
  signingCertificates { certificateId certificate issuer createdAt expiresAt updatedAt }
  verificationCertificates { certificateId issuer createdAt expiresAt updatedAt }
  samlConnectionImplicitRoleAssignments { roleId } samlGroupImplicitRoleAssignments { roleId group }
  alternativeAudienceUri identityProvider nameidFormat alternativeAcsUrl idpInitiatedAuthDisabled allowGatewayCallback attributeMapping
  provider protocol displayName idpMetadataUrl domains status certificates { issuer createdAt expiresAt }
`;

type Saml = Record<string, unknown> & { verificationCertificates: { expiresAt: string }[]; certificates: { expiresAt: string }[] };
type SsoData = {
  stytchSsoConnections: {
    organizationId: string;
    samlConnections: Saml[];
    oidcConnections: Record<string, unknown>[];
    externalConnections: Record<string, unknown>[];
  };
};

describe('Stytch stytchSsoConnections', () => {
  it('maps every SAML, OIDC and external connection field from one GET', async () => {
    const result = await stack.graphql<SsoData>(
      `query ($org: String!) { stytchSsoConnections(organizationId: $org) {
        organizationId samlConnections { ${SAML_FIELDS} }
        oidcConnections { id organizationId connectionId stytchStatus status protocol displayName redirectUrl clientId issuer
          authorizationUrl tokenUrl userinfoUrl jwksUrl identityProvider customScopes attributeMapping certificates { issuer } domains idpMetadataUrl }
        externalConnections { organizationId connectionId externalOrganizationId externalConnectionId displayName status
          externalConnectionImplicitRoleAssignments { roleId } externalGroupImplicitRoleAssignments { roleId group } } } }`,
      { org: GLOBEX },
    );
    expect(result.errors).toBeUndefined();
    const sso = result.data?.stytchSsoConnections;
    expect(sso?.organizationId).toBe(GLOBEX);
    expect(sso?.samlConnections[0]).toMatchObject({
      organizationId: GLOBEX,
      connectionId: GLOBEX_SAML_ID,
      stytchStatus: 'active',
      status: 'ACTIVE',
      provider: 'STYTCH',
      protocol: 'SAML',
      displayName: 'Globex Entra ID',
      idpMetadataUrl: null,
      domains: [],
      idpEntityId: 'https://sts.windows.example/6c1f2e3d-globex/',
      idpSsoUrl: 'https://login.microsoftonline.example/6c1f2e3d-globex/saml2',
      acsUrl: `https://test.stytch.com/v1/b2b/sso/callback/${GLOBEX_SAML_ID}`,
      audienceUri: `https://test.stytch.com/v1/b2b/sso/callback/${GLOBEX_SAML_ID}`,
      identityProvider: 'microsoft-entra',
      nameidFormat: 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress',
      alternativeAudienceUri: '',
      alternativeAcsUrl: '',
      idpInitiatedAuthDisabled: false,
      allowGatewayCallback: false,
      attributeMapping: { email: 'email', full_name: 'name' },
      samlConnectionImplicitRoleAssignments: [],
      samlGroupImplicitRoleAssignments: [],
      verificationCertificates: [
        // The expired one the IdP rolled away from, still on the connection (an ssoHealth finding).
        {
          certificateId: 'saml-verification-key-test-2a4c6e8f-0b1d-4f3a-8c5e-7d9f1b3a5c71',
          issuer: 'Microsoft Azure Federated SSO Certificate',
        },
        {
          certificateId: 'saml-verification-key-test-7b9d1f3a-5c6e-4b8a-a2d4-9e1f3b5c7d60',
          issuer: 'Microsoft Azure Federated SSO Certificate',
        },
      ],
    });
    // The signing certificate arrives with `id: ""`: no id rather than an empty one.
    expect(sso?.samlConnections[0]?.signingCertificates).toEqual([
      expect.objectContaining({
        certificateId: null,
        issuer: 'Stytch',
        certificate: expect.stringContaining('BEGIN CERTIFICATE'),
        updatedAt: null,
      }),
    ]);
    expect(sso?.oidcConnections).toEqual([
      {
        id: expect.any(String),
        organizationId: GLOBEX,
        connectionId: GLOBEX_OIDC_ID,
        stytchStatus: 'pending',
        status: 'PENDING',
        protocol: 'OIDC',
        displayName: 'Globex Okta OIDC',
        redirectUrl: `https://test.stytch.com/v1/b2b/sso/callback/${GLOBEX_OIDC_ID}`,
        clientId: '0oademoglobex0001',
        issuer: 'https://globex.okta.example',
        authorizationUrl: 'https://globex.okta.example/oauth2/v1/authorize',
        tokenUrl: 'https://globex.okta.example/oauth2/v1/token',
        userinfoUrl: 'https://globex.okta.example/oauth2/v1/userinfo',
        jwksUrl: 'https://globex.okta.example/oauth2/v1/keys',
        identityProvider: 'okta',
        customScopes: '',
        attributeMapping: { email: 'email', full_name: 'name' },
        certificates: [],
        domains: [],
        idpMetadataUrl: null,
      },
    ]);
    expect(sso?.externalConnections).toEqual([
      expect.objectContaining({
        externalOrganizationId: ACME,
        externalConnectionId: ACME_SAML_ID,
        status: 'active',
        externalConnectionImplicitRoleAssignments: [{ roleId: 'stytch_member' }],
      }),
    ]);
    expect(stytch.requests.map((r) => `${r.method} ${r.path}`)).toEqual([`GET /v1/b2b/sso/${GLOBEX}`]);
    const basic = Buffer.from(`${stack.env.STYTCH_PROJECT_ID}:${stack.env.STYTCH_SECRET}`).toString('base64');
    expect(stytch.requests[0]?.headers.authorization).toBe(`Basic ${basic}`);
    expect(stytch.requests[0]?.headers['x-stytch-member-session']).toBeUndefined();
  });

  it('never exposes encryption private keys, and the OIDC client secret only with sso:secrets', async () => {
    const result = await stack.graphql(`{ stytchSsoConnections(organizationId: "${ACME}") {
      samlConnections { attributeMapping signingCertificates { certificate } } oidcConnections { attributeMapping clientSecret } } }`);
    // The harness's caller (GATEWAY_AUTH_MODE=none) has no sso:secrets.
    expect(result.errors?.map((error) => error.extensions?.code)).toEqual(['PERMISSION_DENIED']);
    expect(result.errors?.[0]?.path).toEqual(['stytchSsoConnections', 'oidcConnections', 0, 'clientSecret']);
    expect(result.text).not.toContain('NEVER-EXPOSE');
    const schema = await (await import('../../src/graph/schema-file.ts')).registrySchema();
    const { isObjectType } = await import('graphql');
    const saml = schema.getType('StytchSamlConnection');
    const fields = isObjectType(saml) ? Object.keys(saml.getFields()) : [];
    expect(fields).toContain('verificationCertificates');
    expect(fields).not.toContain('encryptionPrivateKeys');
  });

  it('reports certificates and status on the SsoConnection interface, with one certificate expiring within 30 days', async () => {
    const result = await stack.graphql<SsoData>(
      `{ stytchSsoConnections(organizationId: "${ACME}") { samlConnections { connectionId status certificates { issuer createdAt expiresAt } } } }`,
    );
    const [active, pending] = result.data?.stytchSsoConnections.samlConnections ?? [];
    expect(active).toMatchObject({ connectionId: ACME_SAML_ID, status: 'ACTIVE' });
    expect(pending).toMatchObject({ connectionId: ACME_PENDING_SAML_ID, status: 'PENDING' });
    const days = (active?.certificates ?? []).map((c) => (Date.parse(c.expiresAt) - Date.now()) / 86_400_000);
    expect(days.filter((d) => d > 0 && d <= 30)).toHaveLength(1);
    expect(days.filter((d) => d > 365)).toHaveLength(1);
  });

  it('answers NOT_FOUND for an unknown organization and null for an unknown connection', async () => {
    const missing = await stack.graphql(`{ stytchSsoConnections(organizationId: "organization-test-missing") { organizationId } }`);
    expect(missing.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', provider: 'STYTCH' });
    const connection =
      await stack.graphql(`{ a: stytchSamlConnection(organizationId: "${ACME}", connectionId: "saml-connection-test-missing") { id }
      b: stytchSamlConnection(organizationId: "organization-test-missing", connectionId: "${ACME_SAML_ID}") { id } }`);
    expect(connection.errors).toBeUndefined();
    expect(connection.data).toEqual({ a: null, b: null });
  });

  it('rejects malformed ids without calling Stytch', async () => {
    const result = await stack.graphql(`{ stytchSamlConnection(organizationId: "../admin", connectionId: "x") { id } }`);
    expect(result.errors?.[0]?.extensions?.code).toBe('VALIDATION_FAILED');
    expect(stytch.count()).toBe(0);
  });

  it('reports upstream failures in errors[] with code and provider', async () => {
    stytch.injectFault({ status: 503, times: 3 });
    const down = await stack.graphql(`{ stytchSamlConnection(organizationId: "${ACME}", connectionId: "${ACME_SAML_ID}") { id } }`);
    expect(down.data).toEqual({ stytchSamlConnection: null });
    expect(down.errors?.[0]?.extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', provider: 'STYTCH' });
    expect(stytch.count('GET')).toBe(3);
    stytch.injectFault({ ...TOO_MANY_REQUESTS, headers: { 'retry-after': '60' } });
    const limited = await stack.graphql(`{ stytchSsoConnections(organizationId: "${ACME}") { organizationId } }`);
    expect(limited.errors?.[0]?.extensions).toMatchObject({ code: 'RATE_LIMITED', provider: 'STYTCH' });
    expect(limited.errors?.[0]?.extensions?.upstreamRequestId).toMatch(/^request-id-test-/);
  });
});

describe('Stytch batching and nodes', () => {
  it('reads one organization once per GraphQL request, however many connections are asked for', async () => {
    const first = await stack.graphql<{ stytchSamlConnection: { id: string } }>(
      `{ stytchSamlConnection(organizationId: "${ACME}", connectionId: "${ACME_SAML_ID}") { id } }`,
    );
    const id = first.data?.stytchSamlConnection.id;
    stytch.resetLog();
    const result = await stack.graphql<Record<string, { connectionId: string } | null>>(
      `query ($org: String!, $a: String!, $b: String!, $id: ID!) {
        a: stytchSamlConnection(organizationId: $org, connectionId: $a) { connectionId }
        b: stytchSamlConnection(organizationId: $org, connectionId: $b) { connectionId }
        n: node(id: $id) { ... on StytchSamlConnection { connectionId } }
      }`,
      { org: ACME, a: ACME_SAML_ID, b: ACME_PENDING_SAML_ID, id },
    );
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({
      a: { connectionId: ACME_SAML_ID },
      b: { connectionId: ACME_PENDING_SAML_ID },
      n: { connectionId: ACME_SAML_ID },
    });
    expect(stytch.count('GET', `/v1/b2b/sso/${ACME}`)).toBe(1);
    await stack.graphql(`{ stytchSamlConnection(organizationId: "${ACME}", connectionId: "${ACME_SAML_ID}") { id } }`);
    expect(stytch.count('GET', `/v1/b2b/sso/${ACME}`)).toBe(2);
  });

  it('round-trips SAML and OIDC global ids through node and nodes', async () => {
    const listed = await stack.graphql<SsoData>(
      `{ stytchSsoConnections(organizationId: "${ACME}") { samlConnections { id } oidcConnections { id } } }`,
    );
    const saml = listed.data?.stytchSsoConnections.samlConnections[0]?.id;
    const oidc = listed.data?.stytchSsoConnections.oidcConnections[0]?.id;
    const nodes = await stack.graphql<{ nodes: unknown[] }>(
      `query ($ids: [ID!]!) { nodes(ids: $ids) { __typename id ... on StytchSamlConnection { organizationId connectionId }
        ... on StytchOidcConnection { organizationId connectionId } } }`,
      { ids: [saml, oidc] },
    );
    expect(nodes.data?.nodes).toEqual([
      { __typename: 'StytchSamlConnection', id: saml, organizationId: ACME, connectionId: ACME_SAML_ID },
      { __typename: 'StytchOidcConnection', id: oidc, organizationId: ACME, connectionId: ACME_OIDC_ID },
    ]);
    expect(stytch.count('GET')).toBe(2);
  });
});

describe('Stytch in ssoConnections', () => {
  type Listing = {
    ssoConnections: { nodes: { __typename: string; connectionId: string; domains: string[]; status: string }[]; failures: unknown[] };
  };
  const LIST = `query ($domain: String) { ssoConnections(providers: [STYTCH], domain: $domain) {
    nodes { __typename status domains ... on StytchSamlConnection { connectionId } ... on StytchOidcConnection { connectionId } } failures { code } } }`;

  it('discovers organizations by search and lists their SAML and OIDC connections with their domains', async () => {
    const result = await stack.graphql<Listing>(LIST);
    expect(result.data?.ssoConnections.failures).toEqual([]);
    const nodes = result.data?.ssoConnections.nodes ?? [];
    expect(nodes.map((n) => n.connectionId).sort()).toEqual(
      [ACME_OIDC_ID, ACME_PENDING_SAML_ID, ACME_SAML_ID, GLOBEX_OIDC_ID, GLOBEX_SAML_ID].sort(),
    );
    expect(nodes.find((n) => n.connectionId === ACME_SAML_ID)?.domains).toEqual(['acme.example']);
    expect(nodes.find((n) => n.connectionId === GLOBEX_OIDC_ID)?.domains).toEqual(['globex-eu.example']);
    expect(stytch.requests.map((r) => `${r.method} ${r.path}`).sort()).toEqual(
      ['POST /v1/b2b/organizations/search', `GET /v1/b2b/sso/${ACME}`, `GET /v1/b2b/sso/${GLOBEX}`].sort(),
    );
    expect(stytch.requests.find((r) => r.method === 'POST')?.body).toEqual({ limit: 100 });

    const filtered = await stack.graphql<Listing>(LIST, { domain: 'ACME.example' });
    expect(filtered.data?.ssoConnections.nodes.map((n) => n.connectionId).sort()).toEqual(
      [ACME_OIDC_ID, ACME_PENDING_SAML_ID, ACME_SAML_ID].sort(),
    );
  });

  it('walks search cursors, one GET per organization', async () => {
    const extra = Array.from({ length: 100 }, (_, index) => `extra-${index}`);
    for (const slug of extra) {
      const id = `organization-test-${slug}`;
      stytch.state.organizations.set(id, {
        organization: { organization_id: id, organization_slug: slug, email_allowed_domains: [] },
        saml_connections: [],
        oidc_connections: [],
        external_connections: [],
      });
    }
    try {
      const result = await stack.graphql<Listing>(LIST);
      expect(result.data?.ssoConnections.nodes).toHaveLength(5);
      const searches = stytch.requests.filter((r) => r.path === '/v1/b2b/organizations/search');
      expect(searches.map((r) => r.body)).toEqual([{ limit: 100 }, { limit: 100, cursor: expect.any(String) }]);
      expect(stytch.count('GET')).toBe(102);
    } finally {
      for (const slug of extra) stytch.state.organizations.delete(`organization-test-${slug}`);
    }
  });

  it('lands in failures when Stytch fails, without failing the query', async () => {
    stytch.injectFault({ status: 503, pathPrefix: '/v1/b2b/organizations/search' });
    const result = await stack.graphql<{ ssoConnections: { nodes: unknown[]; failures: unknown[] } }>(
      `{ ssoConnections(providers: [STYTCH]) { nodes { id } failures { provider code } } }`,
    );
    expect(result.errors).toBeUndefined();
    expect(result.data?.ssoConnections).toEqual({ nodes: [], failures: [{ provider: 'STYTCH', code: 'UPSTREAM_UNAVAILABLE' }] });
  });
});

describe('Stytch member-session forwarding', () => {
  it('forwards only the two Stytch session headers, on every call of the request', async () => {
    const result = await stack.graphql(`{ ssoConnections(providers: [STYTCH]) { nodes { id } failures { code } } }`, undefined, {
      'X-Stytch-Member-Session': SESSIONS.acmeAdmin,
      'X-Stytch-Member-SessionJWT': SESSION_JWTS.acmeAdmin,
      'X-Unrelated-Token': 'do-not-forward',
    });
    expect(result.errors).toBeUndefined();
    expect(stytch.requests.length).toBeGreaterThan(1);
    for (const request of stytch.requests) {
      expect(request.headers['x-stytch-member-session']).toBe(SESSIONS.acmeAdmin);
      expect(request.headers['x-stytch-member-sessionjwt']).toBe(SESSION_JWTS.acmeAdmin);
      expect(request.headers['x-unrelated-token']).toBeUndefined();
    }
  });

  it("lists only the session's own organization: other tenants are left out, not failed", async () => {
    const result = await stack.graphql<{ ssoConnections: { nodes: { organizationId: string }[]; failures: unknown[] } }>(
      `{ ssoConnections(providers: [STYTCH]) { nodes { ... on StytchSamlConnection { organizationId } ... on StytchOidcConnection { organizationId } } failures { code } } }`,
      undefined,
      { 'X-Stytch-Member-Session': SESSIONS.acmeAdmin },
    );
    expect(result.data?.ssoConnections.failures).toEqual([]);
    expect(new Set(result.data?.ssoConnections.nodes.map((n) => n.organizationId))).toEqual(new Set([ACME]));
    expect(stytch.requests.find((r) => r.path === `/v1/b2b/sso/${GLOBEX}`)?.status).toBe(403);
  });

  it('surfaces Stytch RBAC refusals on reads as PERMISSION_DENIED', async () => {
    const denied = await stack.graphql(`{ stytchSsoConnections(organizationId: "${ACME}") { organizationId } }`, undefined, {
      'X-Stytch-Member-Session': SESSIONS.acmeMember,
    });
    expect(denied.errors?.[0]?.extensions).toMatchObject({ code: 'PERMISSION_DENIED', provider: 'STYTCH' });
    const listing = await stack.graphql<{ ssoConnections: { failures: unknown[] } }>(
      `{ ssoConnections(providers: [STYTCH]) { failures { code } } }`,
      undefined,
      { 'X-Stytch-Member-Session': SESSIONS.acmeMember },
    );
    expect(listing.data?.ssoConnections.failures).toEqual([{ code: 'PERMISSION_DENIED' }]);
  });
});

describe('Stytch with STYTCH_ORGANIZATION_IDS and bad credentials', () => {
  it('covers only the configured organizations and never searches', async () => {
    const configured = await startStack({ providers: ['stytch'], env: { STYTCH_ORGANIZATION_IDS: ` ${GLOBEX} ` } });
    try {
      const sim = configured.simulators.stytch as StytchSimulator;
      const result = await configured.graphql<{ ssoConnections: { nodes: { connectionId: string; domains: string[] }[] } }>(
        `{ ssoConnections(providers: [STYTCH]) { nodes { domains ... on StytchSamlConnection { connectionId } ... on StytchOidcConnection { connectionId } } } }`,
      );
      expect(result.data?.ssoConnections.nodes.map((n) => n.connectionId).sort()).toEqual([GLOBEX_OIDC_ID, GLOBEX_SAML_ID].sort());
      // Without a search, Stytch has not told this request the organization's domains.
      expect(result.data?.ssoConnections.nodes.every((n) => n.domains.length === 0)).toBe(true);
      expect(sim.requests.map((r) => `${r.method} ${r.path}`)).toEqual([`GET /v1/b2b/sso/${GLOBEX}`]);
    } finally {
      await configured.close();
    }
  });

  it('answers PERMISSION_DENIED for a rejected secret, and never shows it', async () => {
    const bad = await startStack({ providers: ['stytch'], env: { STYTCH_SECRET: 'secret-test-wrong-0000' } });
    try {
      const result = await bad.graphql(`{ stytchSsoConnections(organizationId: "${ACME}") { organizationId } }`);
      expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'PERMISSION_DENIED', provider: 'STYTCH' });
      expect(result.errors?.[0]?.message).toContain('unauthorized_credentials');
      expect(result.text).not.toContain('secret-test-wrong-0000');
      expect(bad.logs.join('\n')).not.toContain('secret-test-wrong-0000');
    } finally {
      await bad.close();
    }
  });

  it('never shows the project secret or the Basic credential in responses or logs', async () => {
    stack.resetLogs();
    const responses = [
      await stack.graphql(`{ ssoConnections(providers: [STYTCH]) { nodes { id } } }`),
      await stack.graphql(`{ stytchSsoConnections(organizationId: "organization-test-missing") { organizationId } }`),
    ];
    const secret = stack.env.STYTCH_SECRET ?? 'unset';
    const basic = Buffer.from(`${stack.env.STYTCH_PROJECT_ID}:${secret}`).toString('base64');
    expect(stack.logs.length).toBeGreaterThan(0);
    for (const text of [...responses.map((r) => r.text), stack.logs.join('\n')]) {
      expect(text).not.toContain(secret);
      expect(text).not.toContain(basic);
    }
  });
});
