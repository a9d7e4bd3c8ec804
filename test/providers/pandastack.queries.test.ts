import { describe, expect, it } from 'vitest';
import {
  DEMO_ORGANIZATION_ID,
  DISABLED_ORGANIZATION_ID,
  EMPTY_ORGANIZATION_ID,
  OTHER_ORGANIZATION_ID,
  PANDASTACK_OTHER_ORG_KEY,
} from '../../src/providers/pandastack/sandbox/data.ts';
import type { PandaStackSimulator } from '../../src/providers/pandastack/sandbox/simulator.ts';
import type { SimulatorServer } from '../../src/sandbox/simulator-kit.ts';
import { type GraphQLResponse, type Stack, startStack, useStack } from '../harness.ts';

const DEMO_SECRET = 'demo_Xq8vN2rT5wLp0sKj3hYc7mBf9dGz1aEu4oRi6W';

const SSO_FIELDS = `
  __typename id organizationId ssoId slug providerName issuer clientId authorizationEndpoint tokenEndpoint
  userinfoEndpoint callbackUrl enabled roleMapping createdAt updatedAt raw
  provider protocol displayName idpMetadataUrl domains status certificates { issuer }
`;

type Sso = Record<string, unknown> & { id: string; raw: Record<string, unknown> };

let stack: Stack;
const responses: string[] = [];

function simulatorOf(target: Stack): SimulatorServer {
  const simulator = target.simulators.pandastack;
  if (!simulator) throw new Error('pandastack simulator not started');
  return simulator;
}
const simulator = () => simulatorOf(stack);

async function query<T = Record<string, unknown>>(text: string, variables?: Record<string, unknown>): Promise<GraphQLResponse<T>> {
  const response = await stack.graphql<T>(text, variables);
  responses.push(response.text);
  return response;
}

useStack({ providers: ['pandastack'] }, (started) => {
  stack = started;
});

describe('pandaStackSso', () => {
  it('reads the configured organization with /single, bearer key and organization_id', async () => {
    const response = await query<{ pandaStackSso: Sso }>(`{ pandaStackSso { ${SSO_FIELDS} } }`);
    expect(response.errors).toBeUndefined();
    const sso = response.data?.pandaStackSso;
    expect(sso).toMatchObject({
      __typename: 'PandaStackSso',
      organizationId: DEMO_ORGANIZATION_ID,
      ssoId: 'sso_7f3c9a2e41b6',
      slug: 'pandastack-demo',
      providerName: 'Okta',
      issuer: 'https://pandastack-demo.okta.example/oauth2/default',
      clientId: '0oa8x2k4p7QdemoPANDA5d7',
      tokenEndpoint: 'https://pandastack-demo.okta.example/oauth2/default/v1/token',
      enabled: true,
      roleMapping: { 'Platform Admins': 'admin', Engineering: 'developer', '*': 'viewer' },
      provider: 'PANDASTACK',
      protocol: 'OIDC',
      displayName: 'Okta',
      idpMetadataUrl: null,
      domains: ['pandastack-demo.example', 'globex.example'],
      status: 'ACTIVE',
      certificates: [],
    });
    expect(Date.parse(String(sso?.createdAt))).toBeLessThan(Date.now());
    // Unknown upstream fields survive in raw; secrets do not.
    expect(sso?.raw.project_ids).toEqual([4102, 4117]);
    expect(sso?.raw.token_endpoint).toBe(sso?.tokenEndpoint);
    expect(sso?.raw).not.toHaveProperty('client_secret');
    expect(response.text).not.toContain(DEMO_SECRET);

    const [entry] = simulator().requests;
    expect(simulator().requests).toHaveLength(1);
    expect(entry).toMatchObject({ method: 'GET', path: '/api/v1/sso/single', query: `?organization_id=${DEMO_ORGANIZATION_ID}` });
    expect(entry?.headers.authorization).toBe(`Bearer ${stack.env.PANDASTACK_API_KEY}`);
  });

  it('maps the alternative provider/provider_url names and a disabled configuration', async () => {
    const response = await query<{ pandaStackSso: Sso }>(`query ($org: String) { pandaStackSso(organizationId: $org) { ${SSO_FIELDS} } }`, {
      org: DISABLED_ORGANIZATION_ID,
    });
    expect(response.data?.pandaStackSso).toMatchObject({
      organizationId: DISABLED_ORGANIZATION_ID,
      providerName: 'Google Workspace',
      issuer: 'https://accounts.google.com',
      displayName: 'Google Workspace',
      enabled: false,
      status: 'INACTIVE',
      protocol: 'OIDC',
      tokenEndpoint: null,
      roleMapping: null,
    });
    expect(simulator().requests[0]?.query).toBe(`?organization_id=${DISABLED_ORGANIZATION_ID}`);
  });

  it('is null when the organization has no configuration (404)', async () => {
    const response = await query(`{ pandaStackSso(organizationId: "${EMPTY_ORGANIZATION_ID}") { id } }`);
    expect(response.errors).toBeUndefined();
    expect(response.data).toEqual({ pandaStackSso: null });
    expect(simulator().requests[0]?.status).toBe(404);
  });

  it('accepts a { data: {...} } envelope and keeps an unknown status UNKNOWN', async () => {
    const oauth = { access_token: 'at-demo', scopes: ['openid'], nested: [{ apiKey: 'k', name: 'n' }] };
    simulator().injectFault({ status: 200, body: { data: { id: 42, slug: 'wrapped', region: 'eu', secret: 's', oauth } } });
    const response = await query<{ pandaStackSso: Sso }>(`{ pandaStackSso { ${SSO_FIELDS} } }`);
    expect(response.data?.pandaStackSso).toMatchObject({
      ssoId: '42',
      slug: 'wrapped',
      displayName: 'wrapped',
      protocol: null,
      status: 'UNKNOWN',
      domains: [],
    });
    expect(response.data?.pandaStackSso.raw).toEqual({
      id: 42,
      slug: 'wrapped',
      region: 'eu',
      oauth: { scopes: ['openid'], nested: [{ name: 'n' }] },
    });
  });

  it('reports PandaStack 403 (another organization) in errors[] without echoing detail', async () => {
    const response = await query(`{ pandaStackSso(organizationId: "${OTHER_ORGANIZATION_ID}") { id } }`);
    expect(response.errors?.[0]?.extensions).toMatchObject({ code: 'PERMISSION_DENIED', provider: 'PANDASTACK' });
    expect(response.text).not.toContain('You do not have access');
    expect(simulator().requests[0]?.status).toBe(403);
  });

  it('reports 429 and 503 with code and provider', async () => {
    simulator().injectFault({ status: 429, headers: { 'retry-after': '60' } });
    const limited = await query('{ pandaStackSso { id } }');
    expect(limited.errors?.[0]?.extensions).toMatchObject({ code: 'RATE_LIMITED', provider: 'PANDASTACK' });

    simulator().injectFault({ status: 503, times: 5 });
    const unavailable = await query('{ pandaStackSsoConfigurations { id } }');
    expect(unavailable.errors?.[0]?.extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', provider: 'PANDASTACK' });
  });

  it('treats a 200 that is not a JSON object as an unreadable answer', async () => {
    simulator().injectFault({ status: 200, body: 'ok' });
    const response = await query('{ pandaStackSso { id } }');
    expect(response.errors?.[0]?.extensions).toMatchObject({ code: 'UPSTREAM_CONTRACT_VIOLATION', provider: 'PANDASTACK' });
  });

  it('rejects a malformed organizationId before any call', async () => {
    const response = await query('{ pandaStackSso(organizationId: "../admin") { id } }');
    expect(response.errors?.[0]?.extensions?.code).toBe('VALIDATION_FAILED');
    expect(simulator().count()).toBe(0);
  });
});

describe('pandaStackSsoConfigurations', () => {
  it('lists the organization configurations from GET /api/v1/sso/', async () => {
    const response = await query<{ pandaStackSsoConfigurations: Sso[] }>(`{ pandaStackSsoConfigurations { ${SSO_FIELDS} } }`);
    expect(response.data?.pandaStackSsoConfigurations.map((sso) => sso.ssoId)).toEqual(['sso_7f3c9a2e41b6']);
    expect(simulator().requests.map((entry) => `${entry.method} ${entry.path}${entry.query}`)).toEqual([
      `GET /api/v1/sso/?organization_id=${DEMO_ORGANIZATION_ID}`,
    ]);
  });

  it('accepts a bare array answer and is empty for an organization without SSO', async () => {
    simulator().injectFault({ status: 200, body: [{ id: 'a', enabled: true }, {}, { id: 'b' }] });
    const bare = await query<{ pandaStackSsoConfigurations: Sso[] }>('{ pandaStackSsoConfigurations { ssoId status } }');
    expect(bare.data?.pandaStackSsoConfigurations).toEqual([
      { ssoId: 'a', status: 'ACTIVE' },
      { ssoId: 'b', status: 'UNKNOWN' },
    ]);
    const empty = await query(`{ pandaStackSsoConfigurations(organizationId: "${EMPTY_ORGANIZATION_ID}") { id } }`);
    expect(empty.data).toEqual({ pandaStackSsoConfigurations: [] });
  });

  it('reports an unknown organization (404) as NOT_FOUND', async () => {
    const response = await query('{ pandaStackSsoConfigurations(organizationId: "5550000000") { id } }');
    expect(response.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', provider: 'PANDASTACK' });
  });
});

describe('loaders', () => {
  it('makes one call per endpoint and organization in one operation, and shares nothing across requests', async () => {
    const text = `{
      a: pandaStackSso { id } b: pandaStackSso(organizationId: "${DEMO_ORGANIZATION_ID}") { slug }
      c: pandaStackSsoConfigurations { id } d: pandaStackSsoConfigurations { domains }
      e: pandaStackSso(organizationId: "${DISABLED_ORGANIZATION_ID}") { id }
    }`;
    const first = await query<Record<string, unknown>>(text);
    expect(first.errors).toBeUndefined();
    expect(simulator().count('GET', '/api/v1/sso/single')).toBe(2);
    expect(simulator().count('GET')).toBe(3);

    await query(text);
    expect(simulator().count('GET', '/api/v1/sso/single')).toBe(4);
    expect(simulator().count('GET')).toBe(6);
  });
});

describe('ssoConnections and node', () => {
  it('lists the configured organization in ssoConnections(providers: [PANDASTACK])', async () => {
    const response = await query<{ ssoConnections: { nodes: Sso[]; failures: unknown[] } }>(
      '{ ssoConnections(providers: [PANDASTACK]) { nodes { __typename provider protocol displayName domains status } failures { code } } }',
    );
    expect(response.data?.ssoConnections).toEqual({
      nodes: [
        {
          __typename: 'PandaStackSso',
          provider: 'PANDASTACK',
          protocol: 'OIDC',
          displayName: 'Okta',
          domains: ['pandastack-demo.example', 'globex.example'],
          status: 'ACTIVE',
        },
      ],
      failures: [],
    });
    const filtered = await query<{ ssoConnections: { nodes: unknown[] } }>(
      '{ ssoConnections(providers: [PANDASTACK], domain: "GLOBEX.example") { nodes { id } } }',
    );
    expect(filtered.data?.ssoConnections.nodes).toHaveLength(1);
  });

  it('round-trips node(id) for a configuration with an id, also from the list', async () => {
    const list = await query<{ pandaStackSsoConfigurations: Sso[] }>(
      `{ pandaStackSsoConfigurations(organizationId: "${DISABLED_ORGANIZATION_ID}") { id ssoId } }`,
    );
    const id = list.data?.pandaStackSsoConfigurations[0]?.id;
    simulator().resetLog();
    const response = await query<{ node: Sso }>(
      'query ($id: ID!) { node(id: $id) { __typename id ... on PandaStackSso { ssoId organizationId } } }',
      { id },
    );
    expect(response.data?.node).toEqual({
      __typename: 'PandaStackSso',
      id,
      ssoId: 'sso_2b8d41c6f09e',
      organizationId: DISABLED_ORGANIZATION_ID,
    });
    expect(simulator().count('GET', '/api/v1/sso/single')).toBe(1);
  });

  it('round-trips node(id) for a configuration without an id', async () => {
    const state = (simulator() as PandaStackSimulator).state;
    state.organizations.set(EMPTY_ORGANIZATION_ID, { slug: 'no-id', enabled: true });
    try {
      const read = await query<{ pandaStackSso: Sso }>(`{ pandaStackSso(organizationId: "${EMPTY_ORGANIZATION_ID}") { id ssoId } }`);
      expect(read.data?.pandaStackSso.ssoId).toBeNull();
      const id = read.data?.pandaStackSso.id;
      const response = await query<{ node: Sso }>('query ($id: ID!) { node(id: $id) { id ... on SsoConnection { displayName status } } }', {
        id,
      });
      expect(response.data?.node).toEqual({ id, displayName: 'no-id', status: 'ACTIVE' });
    } finally {
      state.organizations.set(EMPTY_ORGANIZATION_ID, null);
    }
  });
});

describe('other credentials and configuration', () => {
  it('answers 401 for an unknown key and 403 for a key of another organization', async () => {
    const badKey = await startStack({ providers: ['pandastack'], env: { PANDASTACK_API_KEY: `psk_${'f'.repeat(64)}` } });
    const otherOrg = await startStack({ providers: ['pandastack'], env: { PANDASTACK_API_KEY: PANDASTACK_OTHER_ORG_KEY } });
    try {
      const unauthorized = await badKey.graphql('{ pandaStackSso { id } }');
      expect(unauthorized.errors?.[0]?.extensions).toMatchObject({ code: 'PERMISSION_DENIED', provider: 'PANDASTACK' });
      expect(simulatorOf(badKey).requests[0]?.status).toBe(401);
      expect(unauthorized.text).not.toContain('Invalid or missing API token');

      const forbidden = await otherOrg.graphql('{ pandaStackSsoConfigurations { id } }');
      expect(forbidden.errors?.[0]?.extensions).toMatchObject({ code: 'PERMISSION_DENIED', provider: 'PANDASTACK' });
      expect(simulatorOf(otherOrg).requests[0]?.status).toBe(403);
    } finally {
      await Promise.all([badKey.close(), otherOrg.close()]);
    }
  });

  it('needs an organization when PANDASTACK_ORGANIZATION_ID is not set, and lists nothing in ssoConnections', async () => {
    const noOrg = await startStack({ providers: ['pandastack'], env: { PANDASTACK_ORGANIZATION_ID: '' } });
    try {
      const single = await noOrg.graphql('{ pandaStackSso { id } }');
      expect(single.errors?.[0]?.extensions?.code).toBe('VALIDATION_FAILED');
      expect(single.errors?.[0]?.message).toContain('organizationId');
      const unified = await noOrg.graphql('{ ssoConnections(providers: [PANDASTACK]) { nodes { id } failures { code } } }');
      expect(unified.data).toEqual({ ssoConnections: { nodes: [], failures: [] } });
      expect(simulatorOf(noOrg).count()).toBe(0);
      const explicit = await noOrg.graphql<{ pandaStackSso: Sso }>(`{ pandaStackSso(organizationId: "${DEMO_ORGANIZATION_ID}") { slug } }`);
      expect(explicit.data?.pandaStackSso.slug).toBe('pandastack-demo');
    } finally {
      await noOrg.close();
    }
  });

  it('never shows the API key or a client secret in responses or logs', () => {
    const key = stack.env.PANDASTACK_API_KEY ?? '';
    expect(key).toMatch(/^psk_[0-9a-f]{64}$/);
    expect(responses.length).toBeGreaterThan(10);
    for (const text of [...responses, ...stack.logs]) {
      expect(text).not.toContain(key);
      expect(text).not.toContain(DEMO_SECRET);
    }
  });
});
