import { describe, expect, it } from 'vitest';
import type { VantageSimulator } from '../../src/providers/vantage/sandbox/simulator.ts';
import { VANTAGE_DEMO_READ_ONLY_TOKEN } from '../../src/providers/vantage/sandbox/simulator.ts';
import { expectTypename, type Stack, startStack, useStack } from '../harness.ts';

const ACME = 'acct_1f4e2b7c9d0a3e5f';
const GLOBEX = 'acct_2a5c8e1b4d7f0a3c';

let stack: Stack;
let vantage: VantageSimulator;

useStack({ providers: ['vantage'] }, (started) => {
  stack = started;
  vantage = started.simulators.vantage as VantageSimulator;
});

const ACCOUNT_FIELDS = `
  id token name contactEmail parentAccountToken accessCredentialTokens billingRuleTokens emailDomain mspBillingProfileToken
  billingInformation { token companyName countryCode addressLine1 addressLine2 city state postalCode billingEmail }
  businessInformation { token customFields { name value } }
  ssoConnection { id provider protocol status domains samlMetadataUrl additionalDomains managedAccountToken }
`;

const UPDATE = `mutation ($input: UpdateManagedAccountSsoInput!) {
  updateManagedAccountSso(input: $input) {
    __typename
    ... on UpdateManagedAccountSsoPayload { managedAccount { token emailDomain } }
    ... on Error { message code provider }
    ... on ValidationError { fieldErrors { path message } }
    ... on RateLimitedError { retryAfterSeconds }
  }
}`;

type MutationData = {
  updateManagedAccountSso: {
    __typename: string;
    code?: string;
    message?: string;
    provider?: string;
    fieldErrors?: { path: string[] }[];
    retryAfterSeconds?: number;
  };
};

describe('Vantage queries', () => {
  it('maps every ManagedAccount field of the seed onto the public API', async () => {
    const result = await stack.graphql<{ vantageManagedAccount: Record<string, unknown> }>(
      `query ($token: String!) { vantageManagedAccount(token: $token) { ${ACCOUNT_FIELDS} } }`,
      { token: ACME },
    );
    expect(result.errors).toBeUndefined();
    expect(result.data?.vantageManagedAccount).toMatchObject({
      token: ACME,
      name: 'Acme Corporation',
      contactEmail: 'it-admin@acme.example',
      parentAccountToken: 'acct_9a8b7c6d5e4f3a2b',
      accessCredentialTokens: ['accss_crdntl_5a1b2c3d4e5f6a7b'],
      billingRuleTokens: ['bllng_rl_1a2b3c4d5e6f7a8b'],
      emailDomain: 'acme.example',
      mspBillingProfileToken: 'msp_bllng_prfl_0f1e2d3c',
      billingInformation: {
        token: 'bllng_nfrmtn_3c4d5e6f',
        companyName: 'Acme Corporation',
        countryCode: 'US',
        addressLine1: '1 Infinite Loop',
        addressLine2: 'Suite 100',
        city: 'Cupertino',
        state: 'CA',
        postalCode: '95014',
        billingEmail: ['billing@acme.example', 'ap@acme.example'],
      },
      businessInformation: {
        token: 'bsnss_nfrmtn_7a8b9c0d',
        customFields: [
          { name: 'Cost center', value: 'CC-4410' },
          { name: 'Region', value: 'NA' },
        ],
      },
      ssoConnection: {
        provider: 'VANTAGE',
        protocol: null,
        status: 'UNKNOWN',
        domains: ['acme.example'],
        samlMetadataUrl: null,
        additionalDomains: null,
        managedAccountToken: ACME,
      },
    });
    expect(vantage.requests.map((r) => `${r.method} ${r.path}`)).toEqual([`GET /v2/managed_accounts/${ACME}`]);
    expect(vantage.requests[0]?.headers.authorization).toBe(`Bearer ${stack.env.VANTAGE_API_TOKEN}`);
  });

  it('answers null for an unknown token', async () => {
    const result = await stack.graphql(`{ vantageManagedAccount(token: "acct_missing") { token } }`);
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({ vantageManagedAccount: null });
  });

  it('pages managed accounts as a Relay connection over page/limit', async () => {
    const query = `query ($after: String) { vantageManagedAccounts(first: 3, after: $after) {
      edges { cursor node { token } } pageInfo { hasNextPage hasPreviousPage endCursor } } }`;
    type Page = {
      vantageManagedAccounts: {
        edges: { node: { token: string } }[];
        pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; endCursor: string };
      };
    };
    const first = await stack.graphql<Page>(query);
    const page1 = first.data?.vantageManagedAccounts;
    expect(page1?.edges.map((e) => e.node.token)).toEqual([ACME, GLOBEX, 'acct_3b6d9f2c5e8a1b4d']);
    expect(page1?.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    const second = await stack.graphql<Page>(query, { after: page1?.pageInfo.endCursor });
    expect(second.data?.vantageManagedAccounts.edges.map((e) => e.node.token)).toEqual(['acct_4c7e0a3d6f9b2c5e']);
    expect(second.data?.vantageManagedAccounts.pageInfo.hasNextPage).toBe(false);
    expect(vantage.requests.map((r) => r.query)).toEqual(['?page=1&limit=3', '?page=2&limit=3']);
  });

  it('refuses backward paging and oversized pages without calling Vantage', async () => {
    const backward = await stack.graphql(`{ vantageManagedAccounts(last: 2) { edges { cursor } } }`);
    expect(backward.errors?.[0]?.extensions?.code).toBe('VALIDATION_FAILED');
    const oversized = await stack.graphql(`{ vantageManagedAccounts(first: 101) { edges { cursor } } }`);
    expect(oversized.errors?.[0]?.extensions?.code).toBe('VALIDATION_FAILED');
    // Far larger pages are refused earlier still, by the operation cost limit.
    const huge = await stack.graphql(`{ vantageManagedAccounts(first: 5000) { edges { cursor } } }`);
    expect(huge.errors?.[0]?.extensions?.code).toBe('COST_LIMIT_EXCEEDED');
    expect(vantage.count()).toBe(0);
  });

  it('loads the same account once per request, however often it is asked for', async () => {
    const result = await stack.graphql(
      `query ($t: String!) {
      a: vantageManagedAccount(token: $t) { name }
      b: vantageManagedAccount(token: $t) { ssoConnection { managedAccount { name } } }
    }`,
      { t: ACME },
    );
    expect(result.errors).toBeUndefined();
    expect(vantage.count('GET')).toBe(1);
    await stack.graphql(`query ($t: String!) { vantageManagedAccount(token: $t) { name } }`, { t: ACME });
    expect(vantage.count('GET')).toBe(2);
  });

  it('resolves both node types by global id', async () => {
    const listed = await stack.graphql<{ vantageManagedAccount: { id: string; ssoConnection: { id: string } } }>(
      `{ vantageManagedAccount(token: "${GLOBEX}") { id ssoConnection { id } } }`,
    );
    const account = listed.data?.vantageManagedAccount;
    const nodes = await stack.graphql<{ nodes: { __typename: string; token?: string; managedAccountToken?: string }[] }>(
      `query ($ids: [ID!]!) { nodes(ids: $ids) { __typename ... on VantageManagedAccount { token } ... on VantageSsoConnection { managedAccountToken } } }`,
      { ids: [account?.id, account?.ssoConnection.id] },
    );
    expect(nodes.data?.nodes).toEqual([
      { __typename: 'VantageManagedAccount', token: GLOBEX },
      { __typename: 'VantageSsoConnection', managedAccountToken: GLOBEX },
    ]);
  });

  it('reports upstream failures in errors[] with code and provider', async () => {
    vantage.injectFault({ status: 503, times: 3 });
    const result = await stack.graphql(`{ vantageManagedAccount(token: "${ACME}") { name } }`);
    expect(vantage.count('GET')).toBe(3);
    expect(result.data).toEqual({ vantageManagedAccount: null });
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', provider: 'VANTAGE' });
  });

  it('lists every managed account as an SSO connection', async () => {
    const result = await stack.graphql<{
      ssoConnections: { nodes: { managedAccountToken: string; domains: string[] }[]; failures: unknown[] };
    }>(
      `{ ssoConnections(providers: [VANTAGE]) { nodes { ... on VantageSsoConnection { managedAccountToken domains } } failures { code } } }`,
    );
    expect(result.data?.ssoConnections.failures).toEqual([]);
    expect(result.data?.ssoConnections.nodes).toHaveLength(4);
    expect(result.data?.ssoConnections.nodes[0]).toEqual({ managedAccountToken: ACME, domains: ['acme.example'] });
  });
});

describe('Vantage SSO mutations', () => {
  it('updates with only the given fields and lower-cased, de-duplicated domains', async () => {
    const result = await stack.graphql<MutationData>(UPDATE, {
      input: { managedAccountToken: ACME, additionalDomains: ['Labs.Acme.example', 'labs.acme.example'] },
    });
    expectTypename(result.data?.updateManagedAccountSso, 'UpdateManagedAccountSsoPayload');
    const put = vantage.requests.find((r) => r.method === 'PUT');
    expect(put?.path).toBe(`/v2/managed_accounts/${ACME}/sso_connection`);
    expect(put?.body).toEqual({ additional_domains: ['labs.acme.example'] });
    expect(vantage.state.sso.get(ACME)).toEqual({
      saml_metadata_url: 'https://acme.okta.example/app/exk1/sso/saml/metadata',
      additional_domains: ['labs.acme.example'],
    });
  });

  it('creates, then deletes, a connection on the same resource', async () => {
    const created = await stack.graphql<{ createManagedAccountSso: { __typename: string } }>(
      `mutation ($input: CreateManagedAccountSsoInput!) { createManagedAccountSso(input: $input) {
        __typename ... on CreateManagedAccountSsoPayload { managedAccount { token } } ... on Error { code } } }`,
      { input: { managedAccountToken: GLOBEX, samlMetadataUrl: 'https://login.globex.example/saml/metadata' } },
    );
    expectTypename(created.data?.createManagedAccountSso, 'CreateManagedAccountSsoPayload');
    expect(vantage.requests.at(-1)?.body).toEqual({ type: 'saml', saml_metadata_url: 'https://login.globex.example/saml/metadata' });
    expect(vantage.state.sso.has(GLOBEX)).toBe(true);

    const again = await stack.graphql<{ createManagedAccountSso: { __typename: string } }>(
      `mutation ($input: CreateManagedAccountSsoInput!) { createManagedAccountSso(input: $input) { __typename } }`,
      { input: { managedAccountToken: GLOBEX, samlMetadataUrl: 'https://login.globex.example/saml/metadata' } },
    );
    expect(again.data?.createManagedAccountSso.__typename).toBe('ValidationError');

    const deleted = await stack.graphql<{ deleteManagedAccountSso: { __typename: string; managedAccountToken: string } }>(
      `mutation ($input: DeleteManagedAccountSsoInput!) { deleteManagedAccountSso(input: $input) {
        __typename ... on DeleteManagedAccountSsoPayload { managedAccountToken } } }`,
      { input: { managedAccountToken: GLOBEX } },
    );
    expect(deleted.data?.deleteManagedAccountSso).toEqual({ __typename: 'DeleteManagedAccountSsoPayload', managedAccountToken: GLOBEX });
    expect(vantage.state.sso.has(GLOBEX)).toBe(false);
  });

  it.each([
    [{ managedAccountToken: ACME, samlMetadataUrl: 'http://idp.example/metadata' }, ['input', 'samlMetadataUrl']],
    [{ managedAccountToken: ACME, samlMetadataUrl: 'https://user:pw@idp.example/metadata' }, ['input', 'samlMetadataUrl']],
    [{ managedAccountToken: ACME, samlMetadataUrl: 'not a url' }, ['input', 'samlMetadataUrl']],
    [{ managedAccountToken: ACME, additionalDomains: ['not a domain'] }, ['input', 'additionalDomains', '0']],
    [{ managedAccountToken: ACME, additionalDomains: ['10.0.0.1'] }, ['input', 'additionalDomains', '0']],
    [{ managedAccountToken: '', additionalDomains: [] }, ['input', 'managedAccountToken']],
    [{ managedAccountToken: '../x', additionalDomains: [] }, ['input', 'managedAccountToken']],
    [{ managedAccountToken: ACME }, ['input']],
  ])('rejects %j before any upstream call', async (input, path) => {
    const result = await stack.graphql<MutationData>(UPDATE, { input });
    const error = expectTypename(result.data?.updateManagedAccountSso, 'ValidationError');
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.fieldErrors?.map((f) => f.path)).toContainEqual(path);
    expect(vantage.count()).toBe(0);
  });

  it('maps upstream failures to typed errors', async () => {
    const cases: [() => void, Record<string, unknown>, string][] = [
      [() => {}, { managedAccountToken: 'acct_missing', additionalDomains: [] }, 'NotFoundError'],
      [
        () => vantage.injectFault({ status: 429, headers: { 'retry-after': '7' }, body: { errors: ['Too many requests'] } }),
        { managedAccountToken: ACME, additionalDomains: [] },
        'RateLimitedError',
      ],
      [() => vantage.injectFault({ status: 502 }), { managedAccountToken: ACME, additionalDomains: [] }, 'UpstreamUnavailableError'],
      [() => vantage.injectFault({ status: 400 }), { managedAccountToken: ACME, additionalDomains: [] }, 'ValidationError'],
    ];
    for (const [arrange, input, typename] of cases) {
      arrange();
      const result = await stack.graphql<MutationData>(UPDATE, { input });
      const error = expectTypename(result.data?.updateManagedAccountSso, typename);
      expect(error.provider).toBe('VANTAGE');
      if (typename === 'RateLimitedError') expect(error.retryAfterSeconds).toBe(7);
    }
  });

  it('answers PermissionDeniedError for a read-only token and changes nothing', async () => {
    const readOnly = await startStack({ providers: ['vantage'], env: { VANTAGE_API_TOKEN: VANTAGE_DEMO_READ_ONLY_TOKEN } });
    try {
      const sim = readOnly.simulators.vantage as VantageSimulator;
      const before = structuredClone(sim.state.sso.get(ACME));
      const result = await readOnly.graphql<MutationData>(UPDATE, { input: { managedAccountToken: ACME, additionalDomains: [] } });
      expectTypename(result.data?.updateManagedAccountSso, 'PermissionDeniedError');
      expect(sim.state.sso.get(ACME)).toEqual(before);
    } finally {
      await readOnly.close();
    }
  });

  it('answers PermissionDeniedError in errors[] for a rejected token on reads', async () => {
    const bad = await startStack({ providers: ['vantage'], env: { VANTAGE_API_TOKEN: 'vntg_wrong_token' } });
    try {
      const result = await bad.graphql(`{ vantageManagedAccount(token: "${ACME}") { name } }`);
      expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'PERMISSION_DENIED', provider: 'VANTAGE' });
      expect(result.text).not.toContain('vntg_wrong_token');
      expect(bad.logs.join('\n')).not.toContain('vntg_wrong_token');
    } finally {
      await bad.close();
    }
  });

  it('never shows the API token in responses or logs', async () => {
    stack.resetLogs();
    const responses = [
      await stack.graphql(`{ vantageManagedAccounts(first: 10) { edges { node { token } } } }`),
      await stack.graphql(UPDATE, { input: { managedAccountToken: 'acct_missing', additionalDomains: [] } }),
    ];
    const token = stack.env.VANTAGE_API_TOKEN ?? 'unset';
    for (const response of responses) expect(response.text).not.toContain(token);
    expect(stack.logs.length).toBeGreaterThan(0);
    expect(stack.logs.join('\n')).not.toContain(token);
  });
});
