/**
 * `Query.ssoHealth` and `SsoConnection.certificates` over the sandbox's seeded data: every finding
 * kind comes from what the simulators and the sandbox IdP hold, over real HTTP. Sandbox mode,
 * because the sandbox IdP serves its metadata over http on loopback, which live mode refuses.
 */
import { X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DISABLED_ORGANIZATION_ID } from '../../src/providers/pandastack/sandbox/data.ts';
import { ACME_SAML_ID, GLOBEX_SAML_ID } from '../../src/providers/stytch/sandbox/data.ts';
import { sandboxIdp } from '../../src/sandbox/idp/server.ts';
import { type Stack, useStack } from '../harness.ts';

const SANDBOX = { SSO_GATEWAY_MODE: 'sandbox', GATEWAY_CACHE_TTL_MS: '0' };
const idp = await sandboxIdp();

interface Finding {
  kind: string;
  severity: string;
  summary: string;
  remedy: string;
  provider: string | null;
  domain: string | null;
  entityId: string | null;
  certificate: { fingerprintSha256: string | null; daysUntilExpiry: number | null; source: string } | null;
  connections: { __typename: string; displayName: string | null; id: string }[];
}
type Nodes = {
  ssoConnections: {
    nodes: {
      __typename: string;
      displayName: string | null;
      idpEntityId: string | null;
      certificates: {
        subject: string;
        fingerprintSha256: string;
        source: string;
        use: string | null;
        notBefore: string;
        notAfter: string;
      }[];
    }[];
  };
};
type Report = { ssoHealth: { connectionsChecked: number; highestSeverity: string | null; findings: Finding[] } };

const REPORT = `query ($withinDays: Int) { ssoHealth(withinDays: $withinDays) {
  connectionsChecked highestSeverity
  findings { kind severity summary remedy provider domain entityId
    certificate { fingerprintSha256 daysUntilExpiry source }
    connections { __typename displayName id } } } }`;

let stack: Stack;
useStack({ env: SANDBOX }, (started) => {
  stack = started;
});

async function report(withinDays?: number): Promise<Finding[]> {
  const result = await stack.graphql<Report>(REPORT, withinDays === undefined ? {} : { withinDays });
  expect(result.errors).toBeUndefined();
  return result.data?.ssoHealth.findings ?? [];
}

const named = (finding: Finding | undefined) =>
  finding?.connections.map((connection) => `${connection.__typename}:${connection.displayName}`).sort();
const fingerprint = (pem: string) => new X509Certificate(pem).fingerprint256;

describe('ssoHealth over the sandbox data', () => {
  it('reports the expiring Stytch certificate with its connection, and only within the window', async () => {
    const expiring = (await report()).filter((finding) => finding.kind === 'CERTIFICATE_EXPIRING' && finding.provider === 'STYTCH');
    expect(expiring).toHaveLength(1);
    expect(expiring[0]).toMatchObject({ severity: 'WARNING', certificate: { source: 'UPSTREAM' } });
    expect(expiring[0]?.certificate?.daysUntilExpiry).toBeGreaterThanOrEqual(18);
    expect(expiring[0]?.certificate?.daysUntilExpiry).toBeLessThanOrEqual(20);
    expect(named(expiring[0])).toEqual(['StytchSamlConnection:Acme Okta']);
    expect(Buffer.from(expiring[0]?.connections[0]?.id ?? '', 'base64').toString()).toContain(ACME_SAML_ID);
    // The connection also holds a certificate valid for three years: the remedy says to switch, not to order one.
    expect(expiring[0]?.remedy).toMatch(/newer certificate is already on the connection/);

    const narrow = await report(10);
    expect(narrow.filter((finding) => finding.kind === 'CERTIFICATE_EXPIRING' && finding.provider === 'STYTCH')).toEqual([]);
  });

  it('reports the doubly claimed domains with every claimant, across providers', async () => {
    const conflicts = (await report()).filter((finding) => finding.kind === 'DOMAIN_CONFLICT');
    const byDomain = Object.fromEntries(conflicts.map((finding) => [finding.domain, finding]));
    expect(Object.keys(byDomain).sort()).toEqual(['acme.example', 'globex.example']);
    expect(byDomain['globex.example']).toMatchObject({ severity: 'ERROR', provider: null });
    expect(named(byDomain['globex.example'])).toEqual(['PandaStackSso:Okta', 'VantageSsoConnection:null']);
    expect(named(byDomain['acme.example'])).toEqual([
      'LogtoSsoConnector:Acme Corp',
      'StytchOidcConnection:Acme Google Workspace',
      'StytchSamlConnection:Acme Entra (staging)',
      'StytchSamlConnection:Acme Okta',
      'VantageSsoConnection:null',
    ]);
  });

  it('does not count the connections of one Stytch organization, which share its domains, as rivals', async () => {
    const findings = await report();
    // Globex's SAML and OIDC connections both route globex-eu.example, the organization's one domain.
    expect(findings.filter((finding) => finding.domain === 'globex-eu.example')).toEqual([]);
  });

  it('reports the expired certificate beside its successor, drift, a reused entity ID, pending and metadata-less connections, and a dead metadata URL', async () => {
    const findings = await report();
    const of = (kind: string) => findings.filter((finding) => finding.kind === kind);

    const [expired] = of('CERTIFICATE_EXPIRED');
    expect(of('CERTIFICATE_EXPIRED')).toHaveLength(1);
    expect(expired).toMatchObject({ severity: 'WARNING', provider: 'STYTCH' });
    expect(expired?.certificate?.daysUntilExpiry).toBeLessThan(0);
    expect(Buffer.from(expired?.connections[0]?.id ?? '', 'base64').toString()).toContain(GLOBEX_SAML_ID);

    // Logto still trusts only the old Entra certificate; the IdP's metadata also publishes the new one.
    const [drift] = of('CERTIFICATE_DRIFT');
    expect(drift).toMatchObject({
      severity: 'ERROR',
      provider: 'LOGTO',
      certificate: { source: 'METADATA_URL', fingerprintSha256: fingerprint(idp.certificates.entraAcmeNew.pem) },
    });
    expect(named(drift)).toEqual(['LogtoSsoConnector:Acme Corp']);

    const [reused] = of('ENTITY_ID_REUSED');
    expect(reused).toMatchObject({ severity: 'WARNING', entityId: 'https://sts.windows.example/6c1f2e3d-globex/' });
    expect(named(reused)).toEqual(['LogtoSsoConnector:Wayne SSO', 'StytchSamlConnection:Globex Entra ID']);

    expect(
      of('CONNECTION_PENDING')
        .map((finding) => named(finding)?.[0])
        .sort(),
    ).toEqual([
      'LogtoSsoConnector:Tyrell SAML (draft)',
      'StytchOidcConnection:Globex Okta OIDC',
      'StytchSamlConnection:Acme Entra (staging)',
    ]);
    expect(of('METADATA_MISSING').map((finding) => named(finding)?.[0])).toEqual(['LogtoSsoConnector:Tyrell SAML (draft)']);

    const [dead] = of('METADATA_UNREACHABLE');
    expect(named(dead)).toEqual(['LogtoSsoConnector:Umbrella SAML']);
    expect(dead?.summary).toContain('HTTP_STATUS');
    expect(dead?.severity).toBe('ERROR');
  });

  it('orders findings most urgent first, each with a one-line summary and remedy', async () => {
    const result = await stack.graphql<Report>(REPORT);
    const findings = result.data?.ssoHealth.findings ?? [];
    const rank = ['INFO', 'WARNING', 'ERROR', 'CRITICAL'];
    const ranks = findings.map((finding) => rank.indexOf(finding.severity));
    expect(ranks).toEqual([...ranks].sort((a, b) => b - a));
    expect(result.data?.ssoHealth.highestSeverity).toBe(findings[0]?.severity);
    for (const finding of findings) {
      expect(finding.summary).not.toContain('\n');
      expect(finding.remedy).toMatch(/^[A-Z].*\.$/);
    }
  });

  it('turns a provider that cannot be read into a finding, and still reports the others', async () => {
    stack.simulators.vantage?.injectFault({ status: 503, times: 100 });
    const result = await stack.graphql<Report>(REPORT);
    expect(result.errors).toBeUndefined();
    const findings = result.data?.ssoHealth.findings ?? [];
    expect(findings.find((finding) => finding.kind === 'PROVIDER_UNAVAILABLE')).toMatchObject({ provider: 'VANTAGE', severity: 'ERROR' });
    expect(findings.some((finding) => finding.kind === 'CERTIFICATE_DRIFT')).toBe(true);
    expect(named(findings.find((finding) => finding.domain === 'globex.example'))).toBeUndefined();
  });
});

describe('certificates on every connection', () => {
  const QUERY = `{ ssoConnections { nodes { __typename displayName idpEntityId certificates { subject fingerprintSha256 source use notBefore notAfter } } } }`;

  it('reads them from the upstream where it keeps them, else from the metadata it keeps', async () => {
    const result = await stack.graphql<Nodes>(QUERY);
    const nodes = result.data?.ssoConnections.nodes ?? [];
    const dato = nodes.find((node) => node.__typename === 'DatoCmsSsoSettings');
    expect(dato?.idpEntityId).toBe('http://www.okta.example/exk9cmsapp00001');
    expect(dato?.certificates).toEqual([
      {
        subject: 'CN=acme-cms, O=Okta',
        fingerprintSha256: fingerprint(idp.certificates.oktaCmsApp.pem),
        source: 'METADATA_URL',
        use: 'SIGNING',
        notBefore: new Date(new X509Certificate(idp.certificates.oktaCmsApp.pem).validFrom).toISOString(),
        notAfter: new Date(new X509Certificate(idp.certificates.oktaCmsApp.pem).validTo).toISOString(),
      },
    ]);
    const logto = nodes.find((node) => node.displayName === 'Acme Corp');
    expect(logto?.certificates.map((certificate) => [certificate.source, certificate.fingerprintSha256])).toEqual([
      ['UPSTREAM', fingerprint(idp.certificates.entraAcmeOld.pem)],
    ]);
    const stytch = nodes.find((node) => node.displayName === 'Acme Okta');
    expect(stytch?.certificates).toHaveLength(2);
    expect(stytch?.certificates.every((certificate) => certificate.source === 'UPSTREAM' && certificate.subject === 'CN=Okta acme')).toBe(
      true,
    );
  });
});

describe('a PandaStack configuration that is switched off', () => {
  let disabled: Stack;
  useStack({ providers: ['pandastack'], env: { ...SANDBOX, PANDASTACK_ORGANIZATION_ID: DISABLED_ORGANIZATION_ID } }, (started) => {
    disabled = started;
  });

  it('is reported as inactive', async () => {
    const result = await disabled.graphql<Report>(REPORT);
    expect(result.data?.ssoHealth.findings.map((finding) => [finding.kind, finding.severity, finding.provider])).toEqual([
      ['CONNECTION_INACTIVE', 'INFO', 'PANDASTACK'],
    ]);
  });
});

describe('in live mode', () => {
  let live: Stack;
  useStack({ providers: ['datocms'], env: { GATEWAY_CACHE_TTL_MS: '0' } }, (started) => {
    live = started;
  });

  it('never fetches metadata over http on loopback: the finding says so, and certificates stay empty', async () => {
    const result = await live.graphql<Report & Nodes>(`{ ssoConnections { nodes { certificates { subject } } }
      ssoHealth { connectionsChecked highestSeverity findings { kind severity summary } } }`);
    expect(result.errors).toBeUndefined();
    expect(result.data?.ssoConnections.nodes).toEqual([{ certificates: [] }]);
    expect(result.data?.ssoHealth.findings.map((finding) => [finding.kind, finding.summary.includes('ADDRESS_NOT_ALLOWED')])).toEqual([
      ['METADATA_UNREACHABLE', true],
    ]);
  });
});
