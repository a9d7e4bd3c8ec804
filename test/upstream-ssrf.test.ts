/**
 * SSRF through an upstream: every URL an SSO provider will fetch (Logto's `config.metadataUrl` and
 * OIDC `config.issuer`, the other providers' metadata URLs and PandaStack's OIDC endpoints) is held
 * to the gateway's own address rules, in live mode with authentication on. A refused URL answers a
 * ValidationError naming its path, dry run or not, and nothing reaches the upstream.
 */
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  apiKey,
  type KeySpec,
  LOGTO_ACME_SAML,
  LOGTO_STARK_OIDC,
  type MutationResult,
  mutationText,
  resetSimulators,
  STYTCH_ACME,
  STYTCH_ACME_SAML,
  tempDir,
  upstreamCalls,
  VANTAGE_ACME,
  writeKeysFile,
} from './fixtures/security-keys.ts';
import { expectTypename, type Stack, startStack } from './harness.ts';

const WRITER = { name: 'ssrf-writer', key: 'gk_test_ssrfwriter_5e4d3c2b1a0f9e8d', scopes: ['sso:read', 'sso:write'] } satisfies KeySpec;

/** Hosts an upstream must never be sent to fetch from, each spelled as a caller might hide it. */
const FORBIDDEN_URLS = [
  'https://169.254.169.254/latest/meta-data/',
  'https://10.0.0.5/saml/metadata',
  'https://[fd00::1]/saml/metadata',
  'https://[fd00:ec2::254]/latest/meta-data/',
  'https://[::ffff:169.254.169.254]/latest/meta-data/',
  'https://2852039166/latest/meta-data/',
  'https://0251.0376.0251.0376/latest/meta-data/',
  'https://0xa9fea9fe/latest/meta-data/',
  'https://127.1/metadata',
  'https://[::1]/metadata',
  'https://localhost/metadata',
  'https://localhost./metadata',
  'https://LocalHost:8443/metadata',
  'https://idp.localhost/metadata',
  'https://idp.example.com@10.0.0.1/metadata',
  'https://metadata.google.internal/computeMetadata/v1/',
];

/** Names the other providers let through before: loopback names resolve to the gateway's host. */
const LOOPBACK_NAMES = ['https://localhost/metadata', 'https://localhost./metadata', 'https://idp.localhost/metadata'];

let stack: Stack;
let dir: string;

beforeAll(async () => {
  dir = tempDir('ssrf-');
  stack = await startStack({ env: { GATEWAY_AUTH_MODE: 'api-key', GATEWAY_API_KEYS_FILE: writeKeysFile(dir, [WRITER]) } });
});
afterAll(async () => {
  await stack?.close();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => resetSimulators(stack));

async function mutate(field: string, inputType: string, input: Record<string, unknown>, dryRun = false): Promise<MutationResult> {
  const text = mutationText({ field, inputType }).replace('(input: $input)', `(input: $input, dryRun: ${dryRun})`);
  const response = await stack.graphql<Record<string, MutationResult>>(text, { input }, apiKey(WRITER.key));
  expect(response.errors, response.text).toBeUndefined();
  return response.data?.[field] as MutationResult;
}

function expectRefusedAt(result: MutationResult, path: string[]): void {
  const error = expectTypename(result, 'ValidationError');
  expect(error.code).toBe('VALIDATION_FAILED');
  expect(error.fieldErrors?.map((fieldError) => fieldError.path)).toContainEqual(path);
  expect(upstreamCalls(stack), 'upstream calls after a refused URL').toBe(0);
}

describe('Logto: URLs inside the free-form connector config', () => {
  it.each(FORBIDDEN_URLS)('refuses config.metadataUrl %s on create, before Logto sees it', async (url) => {
    const result = await mutate('createLogtoSsoConnector', 'CreateLogtoSsoConnectorInput', {
      providerName: 'SAML',
      connectorName: 'SSRF probe',
      config: { metadataUrl: url },
    });
    expectRefusedAt(result, ['input', 'config', 'metadataUrl']);
  });

  it.each(FORBIDDEN_URLS)('refuses config.issuer %s on update', async (url) => {
    const result = await mutate('updateLogtoSsoConnector', 'UpdateLogtoSsoConnectorInput', {
      connectorId: LOGTO_STARK_OIDC,
      config: { clientId: 'stark', clientSecret: 'ssrf-probe-secret', issuer: url },
    });
    expectRefusedAt(result, ['input', 'config', 'issuer']);
  });

  it('reports the refusal in a dry run too, as a ValidationError', async () => {
    const result = await mutate(
      'updateLogtoSsoConnector',
      'UpdateLogtoSsoConnectorInput',
      { connectorId: LOGTO_ACME_SAML, config: { metadataUrl: 'https://[fd12:3456:789a::1]/metadata' } },
      true,
    );
    expectRefusedAt(result, ['input', 'config', 'metadataUrl']);
  });

  it('refuses a URL that is not a string', async () => {
    const result = await mutate('createLogtoSsoConnector', 'CreateLogtoSsoConnectorInput', {
      providerName: 'OIDC',
      connectorName: 'SSRF probe',
      config: { clientId: 'x', clientSecret: 'y', issuer: { href: 'https://10.0.0.1/' } },
    });
    expectRefusedAt(result, ['input', 'config', 'issuer']);
  });

  it('still sends a public metadata URL and leaves other config keys alone', async () => {
    const config = { metadataUrl: 'https://idp.initech.example/metadata', signInEndpoint: 'https://10.0.0.9/sso' };
    const result = await mutate('createLogtoSsoConnector', 'CreateLogtoSsoConnectorInput', {
      providerName: 'SAML',
      connectorName: 'Public metadata',
      config,
    });
    expectTypename(result, 'CreateLogtoSsoConnectorPayload');
    const post = stack.simulators.logto?.requests.find((entry) => entry.method === 'POST' && entry.path === '/api/sso-connectors');
    expect(post?.body).toMatchObject({ config });
  });
});

describe('the other providers refuse loopback names too', () => {
  const targets: [string, string, (url: string) => Record<string, unknown>, string[]][] = [
    [
      'createManagedAccountSso',
      'CreateManagedAccountSsoInput',
      (url) => ({ managedAccountToken: VANTAGE_ACME, samlMetadataUrl: url }),
      ['input', 'samlMetadataUrl'],
    ],
    ['updateDatoCmsSsoSettings', 'UpdateDatoCmsSsoSettingsInput', (url) => ({ idpSamlMetadataUrl: url }), ['input', 'idpSamlMetadataUrl']],
    [
      'updateStytchSamlConnectionByUrl',
      'UpdateStytchSamlConnectionByUrlInput',
      (url) => ({ organizationId: STYTCH_ACME, connectionId: STYTCH_ACME_SAML, metadataUrl: url }),
      ['input', 'metadataUrl'],
    ],
    ['createPandaStackSso', 'CreatePandaStackSsoInput', (url) => ({ issuer: url }), ['input', 'issuer']],
    ['updatePandaStackSso', 'UpdatePandaStackSsoInput', (url) => ({ tokenEndpoint: url }), ['input', 'tokenEndpoint']],
  ];
  const cases = targets.flatMap(([field, inputType, input, path]) =>
    LOOPBACK_NAMES.map((url) => [field, url, inputType, input(url), path] as const),
  );

  it.each(cases)('%s refuses %s', async (field, _url, inputType, input, path) => {
    expectRefusedAt(await mutate(field, inputType, input), path);
    expectRefusedAt(await mutate(field, inputType, input, true), path);
  });
});
