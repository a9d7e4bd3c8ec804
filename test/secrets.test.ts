/**
 * No credential, and no secret an upstream holds, ever leaves the gateway: not in a response,
 * not in an error, not in a log line (logged at debug level here, the most talkative).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Stack, startStack } from './harness.ts';

/** Secrets the simulators hold in their demo data and send back on reads. */
const UPSTREAM_SECRETS = [
  'demo-fake-scim-token-0c9b8a7f6e5d', // DatoCMS scim_api_token
  'demo-encryption-private-key-NEVER-EXPOSE', // Stytch SAML encryption key
  'demo-oidc-client-secret-NEVER-EXPOSE', // Stytch OIDC client secret
  'demo-oidc-client-secret-NOT-REAL-5e1c9a', // Logto OIDC connector clientSecret
  'demo_Xq8vN2rT5wLp0sKj3hYc7mBf9dGz1aEu4oRi6W', // PandaStack client_secret
];

const CREDENTIAL_VARIABLES = ['VANTAGE_API_TOKEN', 'DATOCMS_API_TOKEN', 'STYTCH_SECRET', 'LOGTO_APP_SECRET', 'PANDASTACK_API_KEY'];

const OPERATIONS: [string, Record<string, unknown>?][] = [
  [
    `{ ssoConnections { nodes { __typename id provider displayName domains idpMetadataUrl status certificates { issuer } } failures { code message } } }`,
  ],
  [`{ vantageManagedAccounts(first: 10) { edges { node { token name billingInformation { billingEmail } } } } }`],
  [
    `{ datoCmsSsoSettings { settingsId idpSamlMetadataUrl idpSamlMetadataXml scimBaseUrl samlToken defaultRole { name } } datoCmsRoles { name } }`,
  ],
  [
    `{ stytchSsoConnections(organizationId: "organization-test-07971b06-ac8b-4cdb-9c15-63b17e653931") { samlConnections { connectionId attributeMapping signingCertificates { certificate } } oidcConnections { clientId attributeMapping } } }`,
  ],
  [
    `{ logtoSsoConnectors(first: 100) { totalCount edges { node { connectorId config providerConfig branding { displayName } } } } logtoSsoConnectorProviders { name } }`,
  ],
  [`{ pandaStackSso { ssoId raw } pandaStackSsoConfigurations { raw clientId } }`],
  [
    `mutation { updateManagedAccountSso(input: { managedAccountToken: "acct_missing", additionalDomains: [] }) { __typename ... on Error { message } } }`,
  ],
  [`mutation { updateLogtoSsoConnector(input: { connectorId: "missing", syncProfile: true }) { __typename ... on Error { message } } }`],
  [
    `mutation { updatePandaStackSso(input: { clientSecret: "caller-given-secret-value-77" }) { __typename ... on Error { message } ... on UpdatePandaStackSsoPayload { sso { raw } } } }`,
  ],
  [`mutation { updateDatoCmsSsoSettings(input: { defaultRoleId: "999999" }) { __typename ... on Error { message } } }`],
];

let stack: Stack;
const responses: string[] = [];

beforeAll(async () => {
  stack = await startStack();
  for (const [query, variables] of OPERATIONS) responses.push((await stack.graphql(query, variables)).text);
  // The same reads with every upstream failing: error paths must be as clean as success paths.
  for (const simulator of Object.values(stack.simulators)) simulator.injectFault({ status: 500, times: 50 });
  for (const [query, variables] of OPERATIONS.slice(0, 6)) responses.push((await stack.graphql(query, variables)).text);
});
afterAll(() => stack.close());

describe('secrets', () => {
  it('ran operations that reached every provider', () => {
    expect(responses).toHaveLength(OPERATIONS.length + 6);
    for (const simulator of Object.values(stack.simulators)) expect(simulator.count()).toBeGreaterThan(0);
    expect(responses[0]).toContain('PANDASTACK');
    expect(responses[3]).toContain('samlConnections');
    expect(stack.logs.length).toBeGreaterThan(10);
  });

  it('keeps every configured credential out of responses and logs', () => {
    const secrets = CREDENTIAL_VARIABLES.map((name) => stack.env[name]);
    expect(secrets.every((value) => typeof value === 'string' && value.length > 8)).toBe(true);
    const output = [...responses, ...stack.logs].join('\n');
    for (const secret of secrets) expect(output).not.toContain(secret);
    // Nothing shaped like an Authorization header value, whatever credential it carried.
    expect(output).not.toMatch(/"authorization"\s*:|\b(bearer|basic) [A-Za-z0-9+/=._-]{8,}/i);
  });

  it('keeps secrets the upstreams hold out of responses and logs', () => {
    const output = [...responses, ...stack.logs].join('\n');
    for (const secret of [...UPSTREAM_SECRETS, 'caller-given-secret-value-77']) expect(output).not.toContain(secret);
  });

  it('has no output field that could carry a secret except the four guarded by sso:secrets', async () => {
    const schema = await (await import('../src/graph/schema-file.ts')).registrySchema();
    const { isObjectType, isInterfaceType } = await import('graphql');
    const suspicious = Object.values(schema.getTypeMap())
      .filter((type) => (isObjectType(type) || isInterfaceType(type)) && !type.name.startsWith('__'))
      .flatMap((type) =>
        Object.keys((type as { getFields(): Record<string, unknown> }).getFields()).map((field) => `${type.name}.${field}`),
      )
      .filter((path) => /secret|password|privatekey|scimapitoken|samltoken|apikey/i.test(path));
    expect(suspicious.sort()).toEqual([
      'DatoCmsSsoSettings.samlToken',
      'DatoCmsSsoSettings.scimApiToken',
      'LogtoSsoConnector.clientSecret',
      'StytchOidcConnection.clientSecret',
    ]);
  });

  it('answers each guarded field with PERMISSION_DENIED for a caller without sso:secrets', async () => {
    for (const simulator of Object.values(stack.simulators)) simulator.clearFaults();
    const result = await stack.graphql(`{
      datoCmsSsoSettings { samlToken scimApiToken }
      logtoSsoConnectors(first: 100) { edges { node { clientSecret } } }
      stytchSsoConnections(organizationId: "organization-test-07971b06-ac8b-4cdb-9c15-63b17e653931") { oidcConnections { clientSecret } }
    }`);
    const denied = new Set(
      result.errors?.filter((error) => error.extensions?.code === 'PERMISSION_DENIED').map((error) => String(error.path?.at(-1))),
    );
    expect([...denied].sort()).toEqual(['clientSecret', 'samlToken', 'scimApiToken']);
    for (const secret of UPSTREAM_SECRETS) expect(result.text).not.toContain(secret);
  });
});
