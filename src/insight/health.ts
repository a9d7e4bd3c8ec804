/**
 * The SSO health rules. Pure: given every connection as inspected and the providers that could not
 * be read, it returns findings. `Query.ssoHealth` runs it over the current state; a dry run runs it
 * over the current state and over the state after the change, and compares.
 */

import type { SsoCertificateShape, SsoConnectionShape } from '../graph/sso-connection.ts';
import type { ProviderId } from '../providers/provider-id.ts';
import { signsAssertions } from './certificates.ts';
import type { InspectedConnection } from './connection-insight.ts';
import { daysUntil } from './metadata/certificate.ts';
import { SEVERITIES, type Severity } from './severity.ts';

export const FINDING_KINDS = [
  'CERTIFICATE_EXPIRED',
  'CERTIFICATE_EXPIRING',
  'CERTIFICATE_DRIFT',
  'DOMAIN_CONFLICT',
  'ENTITY_ID_REUSED',
  'CONNECTION_PENDING',
  'CONNECTION_INACTIVE',
  'METADATA_MISSING',
  'METADATA_UNREACHABLE',
  'PROVIDER_UNAVAILABLE',
] as const;
export type FindingKind = (typeof FINDING_KINDS)[number];

export interface Finding {
  kind: FindingKind;
  severity: Severity;
  summary: string;
  remedy: string;
  provider: ProviderId | null;
  connections: SsoConnectionShape[];
  domain: string | null;
  entityId: string | null;
  certificate: SsoCertificateShape | null;
}

export interface ProviderOutage {
  provider: ProviderId;
  code: string;
  message: string;
}

export interface HealthRules {
  /** Certificates expiring within this many days are reported. */
  withinDays: number;
  now: number;
}

/** Expiry this close is an ERROR rather than a WARNING: a week is about what a change ticket takes. */
const URGENT_DAYS = 7;

export function findingsOf(connections: readonly InspectedConnection[], outages: readonly ProviderOutage[], rules: HealthRules): Finding[] {
  const findings = [
    ...connections.flatMap((inspected) => [
      ...certificateFindings(inspected, rules),
      ...driftFindings(inspected),
      ...stateFindings(inspected),
    ]),
    ...domainConflicts(connections),
    ...reusedEntityIds(connections),
    ...outages.map(outageFinding),
  ];
  return findings.sort((a, b) => SEVERITIES.indexOf(b.severity) - SEVERITIES.indexOf(a.severity) || a.kind.localeCompare(b.kind));
}

/** Stable across runs for the same situation: what a dry run compares "before" and "after" by. */
export function findingKey(finding: Finding): string {
  const refs = finding.connections.map(connectionRef).sort();
  return [
    finding.kind,
    finding.provider ?? '',
    finding.domain ?? '',
    finding.entityId ?? '',
    finding.certificate?.fingerprintSha256 ?? '',
    ...refs,
  ].join('|');
}

export function connectionRef(connection: SsoConnectionShape): string {
  return `${connection.__typename}:${connection.key}`;
}

export function describeConnection(connection: SsoConnectionShape): string {
  return `${connection.provider} ${connection.displayName ?? connection.key}`;
}

function certificateFindings({ connection, certificates }: InspectedConnection, { withinDays, now }: HealthRules): Finding[] {
  const signing = certificates.filter(signsAssertions);
  const validLongest = Math.max(
    -Infinity,
    ...signing.map((certificate) => (certificate.expiresAt ? daysUntil(certificate.expiresAt, new Date(now)) : -Infinity)),
  );
  return signing.flatMap((certificate): Finding[] => {
    if (!certificate.expiresAt) return [];
    const days = daysUntil(certificate.expiresAt, new Date(now));
    const successor = validLongest > withinDays;
    const base = { provider: connection.provider, connections: [connection], domain: null, entityId: null, certificate };
    const name = certificate.subject ?? certificate.issuer ?? 'a certificate';
    if (days < 0) {
      return [
        {
          ...base,
          kind: 'CERTIFICATE_EXPIRED',
          // Expired with a valid successor beside it: sign-ins work, the old one is clutter.
          severity: validLongest >= 0 ? 'WARNING' : 'CRITICAL',
          summary: `${describeConnection(connection)}: ${name} expired ${-days} day(s) ago`,
          remedy:
            validLongest >= 0
              ? 'Remove the expired certificate from the connection.'
              : "Upload the IdP's current signing certificate (or re-import its metadata) now: sign-ins fail.",
        },
      ];
    }
    if (days > withinDays) return [];
    return [
      {
        ...base,
        kind: 'CERTIFICATE_EXPIRING',
        severity: days <= URGENT_DAYS ? 'ERROR' : 'WARNING',
        summary: `${describeConnection(connection)}: ${name} expires in ${days} day(s)`,
        remedy: successor
          ? 'A newer certificate is already on the connection: make sure the IdP signs with it, then remove this one.'
          : 'Have the IdP issue a new signing certificate and add it to the connection before this one expires.',
      },
    ];
  });
}

/** The upstream's certificates against the ones its metadata URL publishes today. */
function driftFindings({ connection, metadataCertificates }: InspectedConnection): Finding[] {
  const upstream = connection.certificates.filter(signsAssertions);
  if (upstream.length === 0 || metadataCertificates === null) return [];
  const published = metadataCertificates.filter(signsAssertions);
  const stored = new Set(upstream.map((certificate) => certificate.fingerprintSha256));
  const fresh = new Set(published.map((certificate) => certificate.fingerprintSha256));
  const missing = published.filter((certificate) => !stored.has(certificate.fingerprintSha256));
  const stale = upstream.filter((certificate) => !fresh.has(certificate.fingerprintSha256));
  if (missing.length === 0 && stale.length === 0) return [];
  return [
    {
      kind: 'CERTIFICATE_DRIFT',
      severity: 'ERROR',
      summary: `${describeConnection(connection)}: ${[
        missing.length > 0 ? `the IdP's metadata publishes ${missing.length} certificate(s) the connection lacks` : '',
        stale.length > 0 ? `the connection trusts ${stale.length} certificate(s) the metadata no longer lists` : '',
      ]
        .filter(Boolean)
        .join('; ')}`,
      remedy: 'Re-import the metadata URL into the connection so it trusts the certificates the IdP signs with now.',
      provider: connection.provider,
      connections: [connection],
      domain: null,
      entityId: null,
      certificate: missing[0] ?? stale[0] ?? null,
    },
  ];
}

function stateFindings({ connection, metadataError, certificates }: InspectedConnection): Finding[] {
  const base = { provider: connection.provider, connections: [connection], domain: null, entityId: null, certificate: null };
  const findings: Finding[] = [];
  if (connection.status === 'PENDING') {
    findings.push({
      ...base,
      kind: 'CONNECTION_PENDING',
      severity: 'WARNING',
      summary: `${describeConnection(connection)} is pending: not usable for sign-in yet`,
      remedy: 'Finish the set-up (IdP metadata, certificate, attribute mapping) or delete the connection.',
    });
  }
  if (connection.status === 'INACTIVE') {
    findings.push({
      ...base,
      kind: 'CONNECTION_INACTIVE',
      severity: 'INFO',
      summary: `${describeConnection(connection)} is inactive`,
      remedy: 'Enable it if users should sign in with it, or delete it.',
    });
  }
  if (metadataError) {
    findings.push({
      ...base,
      kind: 'METADATA_UNREACHABLE',
      severity: 'ERROR',
      summary: `${describeConnection(connection)}: its IdP metadata cannot be read (${metadataError.code}: ${metadataError.message})`,
      remedy: 'Check the metadata URL with the IdP administrator and update the connection.',
    });
  } else if (connection.protocol === 'SAML' && !connection.idpMetadata && certificates.length === 0) {
    findings.push({
      ...base,
      kind: 'METADATA_MISSING',
      severity: 'WARNING',
      summary: `${describeConnection(connection)} has neither IdP metadata nor a certificate`,
      remedy: "Add the IdP's metadata URL (or document) to the connection.",
    });
  }
  return findings;
}

/** An e-mail domain that routes to more than one connection: which IdP a user lands on is up to chance. */
function domainConflicts(connections: readonly InspectedConnection[]): Finding[] {
  const claims = groupBy(connections, (inspected) => inspected.connection.domains.map((domain) => domain.toLowerCase()));
  const contested = claims.filter(
    ([, claimants]) => new Set(claimants.map((connection) => connection.domainScope ?? connectionRef(connection))).size > 1,
  );
  return contested.map(([domain, claimants]) => ({
    kind: 'DOMAIN_CONFLICT',
    severity: 'ERROR',
    summary: `${domain} is claimed by ${claimants.length} connections: ${claimants.map(describeConnection).join(', ')}`,
    remedy: 'Keep the domain on the one connection its users should sign in with and remove it from the others.',
    provider: sameProvider(claimants),
    connections: claimants,
    domain,
    entityId: null,
    certificate: null,
  }));
}

function reusedEntityIds(connections: readonly InspectedConnection[]): Finding[] {
  return groupBy(connections, (inspected) => (inspected.entityId ? [inspected.entityId] : [])).map(([entityId, claimants]) => ({
    kind: 'ENTITY_ID_REUSED',
    severity: 'WARNING',
    summary: `IdP entity ID ${entityId} is used by ${claimants.length} connections: ${claimants.map(describeConnection).join(', ')}`,
    remedy: 'Confirm each connection is meant to trust this IdP; a copied entity ID often means a connection points at the wrong IdP.',
    provider: sameProvider(claimants),
    connections: claimants,
    domain: null,
    entityId,
    certificate: null,
  }));
}

function outageFinding(outage: ProviderOutage): Finding {
  return {
    kind: 'PROVIDER_UNAVAILABLE',
    severity: 'ERROR',
    summary: `${outage.provider} could not be read (${outage.code}: ${outage.message}); its connections are missing from this report`,
    remedy: "See Query.providers for the upstream's state and run the report again.",
    provider: outage.provider,
    connections: [],
    domain: null,
    entityId: null,
    certificate: null,
  };
}

/** Values claimed by two or more connections, with those connections, in first-seen order. */
function groupBy(
  connections: readonly InspectedConnection[],
  valuesOf: (inspected: InspectedConnection) => string[],
): [string, SsoConnectionShape[]][] {
  const groups = new Map<string, SsoConnectionShape[]>();
  for (const inspected of connections) {
    for (const value of new Set(valuesOf(inspected))) {
      groups.set(value, [...(groups.get(value) ?? []), inspected.connection]);
    }
  }
  return [...groups].filter(([, claimants]) => claimants.length > 1);
}

function sameProvider(connections: readonly SsoConnectionShape[]): ProviderId | null {
  const [first] = connections;
  return first && connections.every((connection) => connection.provider === first.provider) ? first.provider : null;
}
