/**
 * Nothing secret leaves the gateway in api-key mode: every README operation, run with a real API
 * key and forwarded Stytch member sessions, plus unknown ids, injected 500s and bad keys, with
 * debug logging captured. No response, log line or audit line may carry the API key, its hash,
 * a provider credential, a forwarded session, a Logto access token or a secret an upstream holds.
 */
import { rmSync } from 'node:fs';
import { print } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashApiKey } from '../src/auth/api-keys.ts';
import type { DatoCmsSimulator } from '../src/providers/datocms/sandbox/simulator.ts';
import { providers } from '../src/providers/index.ts';
import type { LogtoSimulator } from '../src/providers/logto/sandbox/simulator.ts';

import {
  apiKey,
  bearer,
  type KeySpec,
  LOGTO_STARK_OIDC,
  readmeOperations,
  rootFields,
  STYTCH_ACME,
  tempDir,
  writeKeysFile,
} from './fixtures/security-keys.ts';
import { type Stack, startStack } from './harness.ts';
import { SESSION_JWTS, SESSIONS } from './providers/stytch-fixtures.ts';

const PROVIDER_IDS = providers.map((module) => module.id);

const KEY = { name: 'leak-probe', key: 'gk_live_LeakProbe_Q7w9E2r4T6y8U0i1O3p5', scopes: ['sso:read', 'sso:write'] } satisfies KeySpec;
const BAD_KEYS = ['gk_live_NotOnFile_Z1x2C3v4B5n6M7a8S9d0', `${KEY.key}x`];

const CREDENTIAL_VARIABLES = ['VANTAGE_API_TOKEN', 'DATOCMS_API_TOKEN', 'STYTCH_SECRET', 'LOGTO_APP_SECRET', 'PANDASTACK_API_KEY'];

/** Secrets the simulators hold in their demo data (see test/secrets.test.ts), and one a caller sends. */
const UPSTREAM_SECRETS = [
  'demo-fake-scim-token-0c9b8a7f6e5d', // DatoCMS scim_api_token
  'demo-encryption-private-key-NEVER-EXPOSE', // Stytch SAML encryption key
  'demo-oidc-client-secret-NEVER-EXPOSE', // Stytch OIDC client secret
  'demo-oidc-client-secret-NOT-REAL-5e1c9a', // Logto OIDC connector clientSecret
  'demo-google-secret-NOT-REAL-77aa', // Logto Google Workspace connector
  'demo-okta-secret-NOT-REAL-31bb', // Logto Okta connector
  'demo-entra-secret-NOT-REAL-90cc', // Logto Entra OIDC connector
  'demo_Xq8vN2rT5wLp0sKj3hYc7mBf9dGz1aEu4oRi6W', // PandaStack client_secret
];
const CALLER_SECRET = 'leak-probe-caller-secret-Vb62nQ';

const SESSION_HEADERS: Record<string, string>[] = [
  { 'x-stytch-member-session': SESSIONS.acmeAdmin },
  { 'x-stytch-member-session': SESSIONS.acmeMember },
  { 'x-stytch-member-sessionjwt': SESSION_JWTS.acmeAdmin },
];
const FORWARDED = [SESSIONS.acmeAdmin, SESSIONS.acmeMember, SESSION_JWTS.acmeAdmin];

/** Operations beyond the README's: unknown ids, secrets in inputs, rejected inputs. */
const ERROR_PATHS = [
  `{ vantageManagedAccount(token: "acct_missing") { token name } }`,
  `{ logtoSsoConnector(connectorId: "missing") { connectorId } }`,
  `{ stytchSamlConnection(organizationId: "${STYTCH_ACME}", connectionId: "saml-connection-test-missing") { connectionId } }`,
  `{ stytchSsoConnections(organizationId: "organization-test-missing") { samlConnections { connectionId } } }`,
  `{ pandaStackSso(organizationId: "1357924680") { ssoId raw } }`,
  `{ logtoSsoConnector(connectorId: "${LOGTO_STARK_OIDC}") { connectorId config providerConfig } }`,
  `{ datoCmsSsoSettings { settingsId scimBaseUrl idpSamlMetadataXml } }`,
  `mutation { updateManagedAccountSso(input: { managedAccountToken: "acct_missing", additionalDomains: [] }) { __typename ... on Error { code message upstreamRequestId } } }`,
  `mutation { updateLogtoSsoConnector(input: { connectorId: "missing", config: { clientSecret: "${CALLER_SECRET}" } }) { __typename ... on Error { code message } } }`,
  `mutation { updatePandaStackSso(input: { clientSecret: "${CALLER_SECRET}" }) { __typename ... on Error { code message } ... on UpdatePandaStackSsoPayload { sso { raw } } } }`,
  `mutation { createPandaStackSso(input: { organizationId: "1357924680", clientSecret: "${CALLER_SECRET}", issuer: "http://127.0.0.1/issuer" }) { __typename ... on Error { code message } } }`,
  `mutation { updateStytchSamlConnectionByUrl(input: { organizationId: "${STYTCH_ACME}", connectionId: "saml-connection-test-missing", metadataUrl: "https://idp.example/m" }) { __typename ... on Error { code message upstreamRequestId } } }`,
  `mutation { updateDatoCmsSsoSettings(input: { defaultRoleId: "999999" }) { __typename ... on Error { code message } } }`,
];

let stack: Stack;
let dir: string;
const responses: string[] = [];
const statuses: number[] = [];
let readmeCount = 0;
/** Logto access tokens the simulator issued to the gateway: credentials too. */
let logtoTokens: string[] = [];

async function send(query: string, headers: Record<string, string>) {
  const response = await fetch(`${stack.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers },
    body: JSON.stringify({ query }),
  });
  const text = await response.text();
  // Headers are output too: a challenge or an echo must not carry a credential either.
  responses.push(text, JSON.stringify([...response.headers.entries()]));
  statuses.push(response.status);
  return { status: response.status, text, body: JSON.parse(text) as { data?: Record<string, unknown> | null; errors?: unknown[] } };
}

beforeAll(async () => {
  dir = tempDir('leaks-');
  stack = await startStack({ env: { GATEWAY_AUTH_MODE: 'api-key', GATEWAY_API_KEYS_FILE: writeKeysFile(dir, [KEY]), LOG_LEVEL: 'debug' } });

  const operations = readmeOperations();
  readmeCount = operations.length;
  for (const [index, operation] of operations.entries()) {
    // Alternate the credential's header and the forwarded Stytch session.
    const credential = index % 2 === 0 ? apiKey(KEY.key) : bearer(KEY.key);
    const answer = await send(print(operation), { ...credential, ...SESSION_HEADERS[index % SESSION_HEADERS.length] });
    if (answer.status !== 200 || answer.body.errors)
      throw new Error(`README operation ${rootFields(operation).join(', ')} failed: ${answer.text}`);
  }
  for (const query of ERROR_PATHS) await send(query, { ...apiKey(KEY.key), ...SESSION_HEADERS[0] });

  // Every upstream failing: the error paths must be as clean as the success paths.
  for (const simulator of Object.values(stack.simulators)) simulator?.injectFault({ status: 500, times: 1000 });
  for (const operation of operations) await send(print(operation), { ...bearer(KEY.key), ...SESSION_HEADERS[1] });
  for (const simulator of Object.values(stack.simulators)) simulator?.clearFaults();

  // Refused credentials, in both headers and malformed.
  for (const bad of BAD_KEYS) {
    await send(`{ pandaStackSso { ssoId } }`, apiKey(bad));
    await send(`mutation { updatePandaStackSso(input: { enabled: true }) { __typename } }`, bearer(bad));
  }
  await send(`{ pandaStackSso { ssoId } }`, { ...apiKey(KEY.key), ...bearer(KEY.key) });
  await send(`{ pandaStackSso { ssoId } }`, { authorization: `Basic ${Buffer.from(`user:${KEY.key}`).toString('base64')}` });
  await send(`{ pandaStackSso { ssoId } }`, { authorization: `Bearer ${KEY.key} ${KEY.key}` });

  logtoTokens = [...(stack.simulators.logto as LogtoSimulator).state.tokens.keys()];
});
afterAll(async () => {
  await stack?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('leaks', () => {
  it('ran every README operation and every error path, reaching every provider', () => {
    expect(readmeCount).toBeGreaterThanOrEqual(11);
    expect(statuses.filter((status) => status === 200).length).toBeGreaterThanOrEqual(2 * readmeCount + ERROR_PATHS.length);
    expect(statuses.filter((status) => status === 401).length).toBeGreaterThanOrEqual(2 * BAD_KEYS.length + 1);
    for (const id of PROVIDER_IDS) expect(stack.simulators[id]?.count(), id).toBeGreaterThan(0);
    expect(stack.audit.length).toBeGreaterThanOrEqual(10);
    expect(stack.logs.length).toBeGreaterThan(20);
    expect(stack.logs.some((line) => line.includes('"debug"'))).toBe(true);
    expect(logtoTokens.length).toBeGreaterThan(0);
    // The forwarded sessions did reach Stytch: they were really in play.
    const forwarded = new Set(
      (stack.simulators.stytch?.requests ?? []).flatMap((entry) => [
        entry.headers['x-stytch-member-session'],
        entry.headers['x-stytch-member-sessionjwt'],
      ]),
    );
    for (const session of FORWARDED) expect(forwarded.has(session), session).toBe(true);
  });

  const outputs = (): [string, string][] => [
    ...responses.map((text, index): [string, string] => [`response ${index}`, text]),
    ...stack.logs.map((line, index): [string, string] => [`log ${index}`, line]),
    ...stack.audit.map((line, index): [string, string] => [`audit ${index}`, line]),
  ];

  function expectAbsent(secrets: readonly string[]) {
    for (const secret of secrets) {
      expect(secret.length).toBeGreaterThanOrEqual(8);
      const lower = secret.toLowerCase();
      const where = outputs()
        .filter(([, text]) => text.toLowerCase().includes(lower))
        .map(([name]) => name);
      expect(where, `found ${secret.slice(0, 6)}…`).toEqual([]);
    }
  }

  it('scans real content (control: the DatoCMS SAML token is meant to be visible inside the SP URLs)', () => {
    const samlToken = (stack.simulators.datocms as DatoCmsSimulator).state.settings.saml_token;
    expect(outputs().some(([name, text]) => name.startsWith('response') && text.includes(samlToken))).toBe(true);
    expect(outputs().some(([name, text]) => name.startsWith('audit') && text.includes('"outcome"'))).toBe(true);
  });

  it("never shows the API key, a refused key or the key's SHA-256", () => {
    expectAbsent([KEY.key, ...BAD_KEYS, hashApiKey(KEY.key), Buffer.from(`user:${KEY.key}`).toString('base64')]);
  });

  it('never shows a provider credential', () => {
    const credentials = CREDENTIAL_VARIABLES.map((name) => stack.env[name] ?? '');
    for (const [index, value] of credentials.entries()) expect(value.length, CREDENTIAL_VARIABLES[index]).toBeGreaterThan(8);
    expectAbsent(credentials);
  });

  it('never shows a Logto access token the gateway was issued', () => {
    expectAbsent(logtoTokens);
  });

  it('never shows a forwarded Stytch member session or session JWT', () => {
    expectAbsent(FORWARDED);
  });

  it('never shows a secret the upstreams hold, or one a caller sent', () => {
    expectAbsent([...UPSTREAM_SECRETS, CALLER_SECRET]);
  });

  it('logs nothing that looks like an Authorization header value', () => {
    expect(stack.logs.some((line) => line.includes('authentication failed'))).toBe(true);
    for (const line of stack.logs) {
      expect(line).not.toMatch(/"authorization"\s*:\s*"(?!\[redacted\])/i);
      expect(line).not.toMatch(/\b(bearer|basic)\s+[A-Za-z0-9+/=._~-]{8,}/i);
      expect(line).not.toMatch(/"x-api-key"\s*:\s*"(?!\[redacted\])/i);
    }
  });
});
