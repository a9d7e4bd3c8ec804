import { describe, expect, it } from 'vitest';
import { DATOCMS_DEMO_EDITOR_TOKEN, type DatoCmsSimulator } from '../../src/providers/datocms/sandbox/simulator.ts';
import { sandboxIdp } from '../../src/sandbox/idp/server.ts';
import { SANDBOX_IDP_PATHS } from '../../src/sandbox/idp/tenants.ts';
import { type Stack, startStack, useStack } from '../harness.ts';

const OKTA_METADATA_URL = (await sandboxIdp()).url(SANDBOX_IDP_PATHS.oktaCmsApp);

let stack: Stack;
let dato: DatoCmsSimulator;

useStack({ providers: ['datocms'] }, (started) => {
  stack = started;
  dato = started.simulators.datocms as DatoCmsSimulator;
});

const calls = () => dato.requests.map((r) => `${r.method} ${r.path}`);
const globalId = (type: string, key: string) => Buffer.from(`${type}:${key}`).toString('base64');

const SETTINGS_FIELDS = `
  id settingsId provider protocol displayName idpMetadataUrl domains status certificates { issuer }
  idpSamlMetadataUrl idpSamlMetadataXml scimBaseUrl samlAcsUrl spSamlMetadataUrl spSamlBaseUrl
`;

type Settings = Record<string, unknown> & { id: string; defaultRole: { roleId: string; id: string } | null };

describe('DatoCMS queries', () => {
  it('maps the SSO settings and sends the CMA headers', async () => {
    const result = await stack.graphql<{ datoCmsSsoSettings: Settings }>(`{ datoCmsSsoSettings { ${SETTINGS_FIELDS} } }`);
    expect(result.errors).toBeUndefined();
    const token = '7f3a9c2e1b0d4f6a8c5e2b9d1f7a3c';
    expect(result.data?.datoCmsSsoSettings).toEqual({
      id: globalId('DatoCmsSsoSettings', '48213'),
      settingsId: '48213',
      provider: 'DATOCMS',
      protocol: 'SAML',
      displayName: null,
      idpMetadataUrl: OKTA_METADATA_URL,
      domains: [],
      status: 'ACTIVE',
      certificates: [],
      idpSamlMetadataUrl: OKTA_METADATA_URL,
      idpSamlMetadataXml: null,
      scimBaseUrl: 'https://sso.datocms.com/scim',
      samlAcsUrl: `https://sso.datocms.com/${token}/saml/consume`,
      spSamlMetadataUrl: `https://sso.datocms.com/${token}/saml/metadata`,
      spSamlBaseUrl: `https://sso.datocms.com/${token}/saml`,
    });
    expect(calls()).toEqual(['GET /sso-settings']);
    const headers = dato.requests[0]?.headers;
    expect(headers?.authorization).toBe(`Bearer ${stack.env.DATOCMS_API_TOKEN}`);
    expect(headers?.accept).toBe('application/json');
    expect(headers?.['x-api-version']).toBe('3');
  });

  it('shows the SAML and SCIM tokens only to callers with sso:secrets', async () => {
    // The harness's caller (GATEWAY_AUTH_MODE=none) reads and writes but has no sso:secrets.
    const result = await stack.graphql<{ datoCmsSsoSettings: Settings }>(`{ datoCmsSsoSettings { settingsId samlToken scimApiToken } }`);
    expect(result.data?.datoCmsSsoSettings).toEqual({ settingsId: '48213', samlToken: null, scimApiToken: null });
    expect(result.errors?.map((error) => [error.path?.join('.'), error.extensions?.code])).toEqual([
      ['datoCmsSsoSettings.samlToken', 'PERMISSION_DENIED'],
      ['datoCmsSsoSettings.scimApiToken', 'PERMISSION_DENIED'],
    ]);
    expect(result.text).not.toContain(dato.state.settings.scim_api_token);
    expect(result.text).not.toContain(dato.state.settings.saml_token);
  });

  it('lists every role with its permission flags', async () => {
    const result = await stack.graphql<{ datoCmsRoles: Record<string, unknown>[] }>(
      `{ datoCmsRoles { roleId name canManageSso canEditSite canEditSchema canManageUsers environmentsAccess } }`,
    );
    expect(result.errors).toBeUndefined();
    expect(result.data?.datoCmsRoles.map((r) => r.name)).toEqual(['Admin', 'Editor', 'SSO Viewer', 'Translator', 'Developer']);
    expect(result.data?.datoCmsRoles[0]).toEqual({
      roleId: '101',
      name: 'Admin',
      canManageSso: true,
      canEditSite: true,
      canEditSchema: true,
      canManageUsers: true,
      environmentsAccess: 'all',
    });
    expect(result.data?.datoCmsRoles[4]).toMatchObject({
      roleId: '105',
      canManageSso: false,
      canEditSchema: true,
      environmentsAccess: 'sandbox_only',
    });
    expect(calls()).toEqual(['GET /roles']);
  });

  it('reads one role (the default role) with GET /roles/:id', async () => {
    const result = await stack.graphql<{ datoCmsSsoSettings: Settings }>(`{ datoCmsSsoSettings { defaultRole { roleId name } } }`);
    expect(result.data?.datoCmsSsoSettings.defaultRole).toEqual({ roleId: '102', name: 'Editor' });
    expect(calls()).toEqual(['GET /sso-settings', 'GET /roles/102']);
  });

  it('reads the default role plus two other roles with exactly one GET /roles', async () => {
    const result = await stack.graphql<{ datoCmsSsoSettings: Settings; nodes: { roleId: string }[] }>(
      `query ($ids: [ID!]!) {
        datoCmsSsoSettings { defaultRole { roleId name } }
        nodes(ids: $ids) { ... on DatoCmsRole { roleId name } }
      }`,
      { ids: [globalId('DatoCmsRole', '103'), globalId('DatoCmsRole', '104')] },
    );
    expect(result.errors).toBeUndefined();
    expect(result.data?.datoCmsSsoSettings.defaultRole).toEqual({ roleId: '102', name: 'Editor' });
    expect(result.data?.nodes).toEqual([
      { roleId: '103', name: 'SSO Viewer' },
      { roleId: '104', name: 'Translator' },
    ]);
    expect(dato.requests.filter((r) => r.path === '/roles')).toHaveLength(1);
    expect(dato.count('GET', '/roles/')).toBe(0);
  });

  it('answers a single role node with one GET /roles/:id, and an unknown one with null', async () => {
    const one = await stack.graphql<{ node: { roleId: string } }>(
      `query ($id: ID!) { node(id: $id) { ... on DatoCmsRole { roleId name } } }`,
      {
        id: globalId('DatoCmsRole', '105'),
      },
    );
    expect(one.data?.node).toEqual({ roleId: '105', name: 'Developer' });
    expect(calls()).toEqual(['GET /roles/105']);

    const missing = await stack.graphql(`query ($id: ID!) { node(id: $id) { id } }`, { id: globalId('DatoCmsRole', '999') });
    expect(missing.errors).toBeUndefined();
    expect(missing.data).toEqual({ node: null });
    expect(dato.requests.at(-1)?.status).toBe(404);
  });

  it('primes roles from datoCmsRoles, and shares nothing between two requests', async () => {
    const query = `{ datoCmsRoles { roleId } datoCmsSsoSettings { defaultRole { name } } }`;
    const first = await stack.graphql(query);
    expect(first.errors).toBeUndefined();
    expect(calls().sort()).toEqual(['GET /roles', 'GET /sso-settings']);
    await stack.graphql(query);
    expect(dato.count('GET', '/roles')).toBe(2);
    expect(dato.count('GET', '/sso-settings')).toBe(2);
  });

  it('round-trips both node types by global id', async () => {
    const read = await stack.graphql<{ datoCmsSsoSettings: Settings }>(`{ datoCmsSsoSettings { id defaultRole { id } } }`);
    const settings = read.data?.datoCmsSsoSettings;
    const nodes = await stack.graphql<{ nodes: unknown[] }>(
      `query ($ids: [ID!]!) { nodes(ids: $ids) { __typename ... on DatoCmsSsoSettings { settingsId } ... on DatoCmsRole { roleId } } }`,
      { ids: [settings?.id, settings?.defaultRole?.id] },
    );
    expect(nodes.data?.nodes).toEqual([
      { __typename: 'DatoCmsSsoSettings', settingsId: '48213' },
      { __typename: 'DatoCmsRole', roleId: '102' },
    ]);
    const stale = await stack.graphql(`query ($id: ID!) { node(id: $id) { id } }`, { id: globalId('DatoCmsSsoSettings', '1') });
    expect(stale.data).toEqual({ node: null });
  });

  it('lists the settings as the one DatoCMS SSO connection', async () => {
    const result = await stack.graphql<{ ssoConnections: { nodes: Record<string, unknown>[]; failures: unknown[] } }>(
      `{ ssoConnections(providers: [DATOCMS]) { nodes { __typename provider protocol status domains displayName idpMetadataUrl
        ... on DatoCmsSsoSettings { settingsId } } failures { code } } }`,
    );
    expect(result.data?.ssoConnections).toEqual({
      nodes: [
        {
          __typename: 'DatoCmsSsoSettings',
          provider: 'DATOCMS',
          protocol: 'SAML',
          status: 'ACTIVE',
          domains: [],
          displayName: null,
          idpMetadataUrl: OKTA_METADATA_URL,
          settingsId: '48213',
        },
      ],
      failures: [],
    });
  });

  it('reports upstream failures in errors[] and in ssoConnections failures', async () => {
    // Reads are retried twice: three 503s in a row exhaust them.
    dato.injectFault({ status: 503, times: 3 });
    const result = await stack.graphql(`{ datoCmsSsoSettings { settingsId } }`);
    expect(result.data).toEqual({ datoCmsSsoSettings: null });
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', provider: 'DATOCMS' });
    expect(dato.count('GET', '/sso-settings')).toBe(3);

    dato.injectFault({ status: 503, times: 3 });
    const listed = await stack.graphql<{ ssoConnections: { nodes: unknown[]; failures: unknown[] } }>(
      `{ ssoConnections(providers: [DATOCMS]) { nodes { id } failures { provider code } } }`,
    );
    expect(listed.data?.ssoConnections).toEqual({ nodes: [], failures: [{ provider: 'DATOCMS', code: 'UPSTREAM_UNAVAILABLE' }] });
  });

  it('turns a real 429 into RATE_LIMITED after the window is used up', async () => {
    const saved = { ...dato.state.rateLimit };
    dato.state.rateLimit.limit = 0;
    try {
      const result = await stack.graphql(`{ datoCmsRoles { roleId } }`);
      expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'RATE_LIMITED', provider: 'DATOCMS' });
      expect(dato.requests[0]?.status).toBe(429);
    } finally {
      Object.assign(dato.state.rateLimit, saved);
    }
  });

  it('answers PERMISSION_DENIED for a token whose role cannot manage SSO, but still lists roles', async () => {
    const weak = await startStack({ providers: ['datocms'], env: { DATOCMS_API_TOKEN: DATOCMS_DEMO_EDITOR_TOKEN } });
    try {
      const result = await weak.graphql(`{ datoCmsSsoSettings { settingsId } datoCmsRoles { roleId } }`);
      expect(result.errors).toHaveLength(1);
      expect(result.errors?.[0]?.path).toEqual(['datoCmsSsoSettings']);
      expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'PERMISSION_DENIED', provider: 'DATOCMS' });
      expect(result.errors?.[0]?.message).toContain('INSUFFICIENT_PERMISSIONS');
    } finally {
      await weak.close();
    }
  });

  it('answers PERMISSION_DENIED for an unknown token, never echoing it', async () => {
    const bad = await startStack({ providers: ['datocms'], env: { DATOCMS_API_TOKEN: 'dato_wrong_token_d00d' } });
    try {
      const result = await bad.graphql(`{ datoCmsSsoSettings { settingsId } }`);
      expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'PERMISSION_DENIED', provider: 'DATOCMS' });
      expect(result.errors?.[0]?.message).toContain('INVALID_AUTHORIZATION_HEADER');
      expect(result.text).not.toContain('dato_wrong_token_d00d');
      expect(bad.logs.join('\n')).not.toContain('dato_wrong_token_d00d');
    } finally {
      await bad.close();
    }
  });

  it('never shows the API token in responses or logs', async () => {
    stack.resetLogs();
    const responses = [
      await stack.graphql(`{ datoCmsSsoSettings { ${SETTINGS_FIELDS} defaultRole { name } } datoCmsRoles { name } }`),
      await stack.graphql(`query ($id: ID!) { node(id: $id) { id } }`, { id: globalId('DatoCmsRole', '999') }),
    ];
    const token = stack.env.DATOCMS_API_TOKEN ?? 'unset';
    for (const response of responses) expect(response.text).not.toContain(token);
    expect(stack.logs.length).toBeGreaterThan(0);
    expect(stack.logs.join('\n')).not.toContain(token);
  });
});
