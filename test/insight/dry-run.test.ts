/**
 * `dryRun: true` on every SSO mutation: the answer is an SsoChangePreview (changes, the new
 * metadata inspected, findings created or cleared) and no simulator receives a write, which the
 * request logs show. Sandbox mode, so the sandbox IdP's loopback metadata can be read.
 */
import { describe, expect, it } from 'vitest';
import { DEMO_CONNECTOR_IDS } from '../../src/providers/logto/sandbox/data.ts';
import { ACME_ORGANIZATION_ID, ACME_SAML_ID } from '../../src/providers/stytch/sandbox/data.ts';
import { sandboxIdp } from '../../src/sandbox/idp/server.ts';
import { SANDBOX_IDP_PATHS } from '../../src/sandbox/idp/tenants.ts';
import { expectTypename, type Stack, useStack } from '../harness.ts';

const idp = await sandboxIdp();
const GOOGLE_URL = idp.url(SANDBOX_IDP_PATHS.googleGlobex);
const RETIRED_URL = idp.url(SANDBOX_IDP_PATHS.retiredOkta);

let stack: Stack;
useStack({ env: { SSO_GATEWAY_MODE: 'sandbox', GATEWAY_CACHE_TTL_MS: '0' } }, (started) => {
  stack = started;
});

interface Preview {
  __typename: string;
  dryRun: boolean;
  message: string;
  provider: string;
  operation: string;
  changes: { field: string; current: unknown; proposed: unknown; currentKnown: boolean }[];
  metadata: { entityId: string; certificates: { fingerprintSha256: string }[] } | null;
  metadataProblem: string | null;
  findingsCreated: { kind: string; domain: string | null; includesProposedConnection: boolean }[];
  findingsCleared: { kind: string; domain: string | null }[];
}

const PREVIEW = `__typename ... on SsoChangePreview { dryRun message provider operation changes { field current proposed currentKnown }
  metadata { entityId certificates { fingerprintSha256 } } metadataProblem
  findingsCreated { kind domain includesProposedConnection } findingsCleared { kind domain } }
  ... on Error { code message }`;

/** Requests that read with POST: Logto's token request and Stytch's organization search change nothing. */
const READS_BY_POST = new Set(['/oidc/token', '/v1/b2b/organizations/search']);

/** Every request the simulators received that could change something. */
function writes(): string[] {
  return Object.entries(stack.simulators).flatMap(([id, simulator]) =>
    (simulator?.requests ?? [])
      .filter((request) => request.method !== 'GET' && !READS_BY_POST.has(request.path))
      .map((request) => `${id} ${request.method} ${request.path}`),
  );
}

async function dryRun(mutation: string, input: Record<string, unknown>): Promise<Preview> {
  const result = await stack.graphql<Record<string, Preview>>(
    `mutation ($input: ${inputType(mutation)}!) { ${mutation}(input: $input, dryRun: true) { ${PREVIEW} } }`,
    { input },
  );
  expect(result.errors).toBeUndefined();
  return result.data?.[mutation] as Preview;
}

function inputType(mutation: string): string {
  return `${mutation[0]?.toUpperCase()}${mutation.slice(1)}Input`;
}

const EVERY_MUTATION: [string, Record<string, unknown>][] = [
  ['createManagedAccountSso', { managedAccountToken: 'acct_1f4e2b7c9d0a3e5f', samlMetadataUrl: GOOGLE_URL }],
  ['updateManagedAccountSso', { managedAccountToken: 'acct_1f4e2b7c9d0a3e5f', additionalDomains: ['acme-eu.example'] }],
  ['deleteManagedAccountSso', { managedAccountToken: 'acct_1f4e2b7c9d0a3e5f' }],
  ['updateDatoCmsSsoSettings', { idpSamlMetadataUrl: GOOGLE_URL }],
  ['updateStytchSamlConnectionByUrl', { organizationId: ACME_ORGANIZATION_ID, connectionId: ACME_SAML_ID, metadataUrl: GOOGLE_URL }],
  [
    'createLogtoSsoConnector',
    { providerName: 'SAML', connectorName: 'Globex Google', domains: ['globex.example'], config: { metadataUrl: GOOGLE_URL } },
  ],
  ['updateLogtoSsoConnector', { connectorId: DEMO_CONNECTOR_IDS.acme, domains: ['acme-eu.example'] }],
  ['deleteLogtoSsoConnector', { connectorId: DEMO_CONNECTOR_IDS.acme }],
  ['createPandaStackSso', { slug: 'acme', domains: ['acme.example'] }],
  ['updatePandaStackSso', { enabled: false }],
  ['deletePandaStackSso', {}],
];

describe('dry runs', () => {
  it.each(EVERY_MUTATION)('%s answers a preview and writes nothing upstream', async (mutation, input) => {
    const preview = await dryRun(mutation, input);
    expect(preview).toMatchObject({ __typename: 'SsoChangePreview', dryRun: true, operation: mutation });
    expect(preview.message).toMatch(/nothing was written/);
    expect(preview.changes.length).toBeGreaterThan(0);
    expect(writes()).toEqual([]);
  });

  it('shows the current and proposed value of each field, and the IdP metadata a new URL would bring', async () => {
    const preview = await dryRun('updateStytchSamlConnectionByUrl', {
      organizationId: ACME_ORGANIZATION_ID,
      connectionId: ACME_SAML_ID,
      metadataUrl: GOOGLE_URL,
    });
    const change = (field: string) => preview.changes.find((entry) => entry.field === field);
    expect(change('idpEntityId')).toEqual({
      field: 'idpEntityId',
      current: 'http://www.okta.com/exk1acmedemo0001',
      proposed: 'https://accounts.google.example/o/saml2?idpid=C03globex',
      currentKnown: true,
    });
    expect(change('metadataUrl')).toMatchObject({ proposed: GOOGLE_URL, currentKnown: false });
    expect(preview.metadata?.entityId).toBe('https://accounts.google.example/o/saml2?idpid=C03globex');
    expect(change('verificationCertificates')?.proposed).toEqual(
      preview.metadata?.certificates.map((certificate) => certificate.fingerprintSha256),
    );
    // The old certificates, one of them expiring, would go: the expiry finding is cleared.
    expect(preview.findingsCleared.map((finding) => finding.kind)).toContain('CERTIFICATE_EXPIRING');
    // And the connection is unchanged upstream.
    const after = await stack.graphql<{ stytchSamlConnection: { idpEntityId: string } }>(
      `{ stytchSamlConnection(organizationId: "${ACME_ORGANIZATION_ID}", connectionId: "${ACME_SAML_ID}") { idpEntityId } }`,
    );
    expect(after.data?.stytchSamlConnection.idpEntityId).toBe('http://www.okta.com/exk1acmedemo0001');
  });

  it('says which findings a change would clear: moving Logto off the contested domain and onto fresh metadata', async () => {
    const preview = await dryRun('updateLogtoSsoConnector', {
      connectorId: DEMO_CONNECTOR_IDS.acme,
      domains: ['acme-eu.example'],
      config: { metadataUrl: GOOGLE_URL },
    });
    expect(preview.findingsCleared.map((finding) => [finding.kind, finding.domain]).sort()).toEqual([
      ['CERTIFICATE_DRIFT', null],
      ['CERTIFICATE_EXPIRING', null],
      ['DOMAIN_CONFLICT', 'acme.example'],
    ]);
    expect(preview.findingsCreated).toEqual([]);
    expect(preview.changes.map((change) => change.field).sort()).toEqual(['config', 'domains']);
    expect(preview.changes.find((change) => change.field === 'domains')).toEqual({
      field: 'domains',
      current: ['acme.example'],
      proposed: ['acme-eu.example'],
      currentKnown: true,
    });
  });

  it('says which findings a change would create, also for a connection that does not exist yet', async () => {
    const preview = await dryRun('createPandaStackSso', { slug: 'acme', domains: ['acme.example'] });
    expect(preview.findingsCreated).toEqual([{ kind: 'DOMAIN_CONFLICT', domain: 'acme.example', includesProposedConnection: true }]);
  });

  it('reports a metadata URL that cannot be read, and the finding it would create', async () => {
    const preview = await dryRun('updateDatoCmsSsoSettings', { idpSamlMetadataUrl: RETIRED_URL });
    expect(preview.metadata).toBeNull();
    expect(preview.metadataProblem).toMatch(/^HTTP_STATUS: /);
    expect(preview.findingsCreated.map((finding) => finding.kind)).toEqual(['METADATA_UNREACHABLE']);
    expect(preview.changes).toEqual([expect.objectContaining({ field: 'idpSamlMetadataUrl', proposed: RETIRED_URL, currentKnown: true })]);
    expect(writes()).toEqual([]);
  });

  it('still validates first: bad input and unknown targets are refused as they would be, with no upstream call for bad input', async () => {
    const before = Object.values(stack.simulators).reduce((sum, simulator) => sum + (simulator?.requests.length ?? 0), 0);
    const bad = await stack.graphql<Record<string, { __typename: string }>>(
      `mutation { updateDatoCmsSsoSettings(dryRun: true, input: { idpSamlMetadataUrl: "ftp://idp.example/metadata" }) { __typename } }`,
    );
    expect(bad.data?.updateDatoCmsSsoSettings?.__typename).toBe('ValidationError');
    expect(Object.values(stack.simulators).reduce((sum, simulator) => sum + (simulator?.requests.length ?? 0), 0)).toBe(before);

    const missing = await stack.graphql<Record<string, { __typename: string; code: string }>>(
      `mutation { deleteLogtoSsoConnector(dryRun: true, input: { connectorId: "nosuchconnector" }) { __typename ... on Error { code } } }`,
    );
    expectTypename(missing.data?.deleteLogtoSsoConnector, 'NotFoundError');
    const role = await stack.graphql<Record<string, { __typename: string }>>(
      `mutation { updateDatoCmsSsoSettings(dryRun: true, input: { defaultRoleId: "999999" }) { __typename } }`,
    );
    expectTypename(role.data?.updateDatoCmsSsoSettings, 'ValidationError');
    expect(writes()).toEqual([]);
  });

  it('never shows a secret from a config, current or proposed', async () => {
    const preview = await dryRun('updateLogtoSsoConnector', {
      connectorId: DEMO_CONNECTOR_IDS.stark,
      config: { clientId: 'x', clientSecret: 'proposed-secret-value-1234', issuer: 'https://login.stark.example' },
    });
    const text = JSON.stringify(preview);
    expect(text).not.toContain('proposed-secret-value-1234');
    expect(text).not.toContain('clientSecret');
  });

  it('is audited as a dry run, not as a write', async () => {
    stack.audit.length = 0;
    await dryRun('deletePandaStackSso', {});
    expect(stack.audit.map((line) => JSON.parse(line) as { operation: string; outcome: string })).toEqual([
      expect.objectContaining({ operation: 'deletePandaStackSso', outcome: 'dry-run' }),
    ]);
  });
});
