/**
 * SSO insight in the graph: `Query.samlMetadata` (inspect an IdP's metadata before pointing a
 * connection at it) and `Query.ssoHealth` (expiring certificates, contested domains, drift, … across
 * every provider).
 */
import { z } from 'zod';
import type { GatewayContext } from '../context.ts';
import { builder } from '../graph/builder.ts';
import { GatewayError } from '../graph/gateway-error.ts';
import { SsoCertificate, SsoConnection, ssoProviderEnum } from '../graph/sso-connection.ts';
import { metadataUrl } from '../graph/validators.ts';
import { fromMetadata } from './certificates.ts';
import { type InspectedMetadata, readMetadata } from './connection-insight.ts';
import { PROPOSED_KEY, type SsoChangePreview } from './dry-run.ts';
import { FINDING_KINDS, type Finding } from './health.ts';
import { MetadataError } from './metadata/errors.ts';
import type { SamlEndpoint } from './metadata/types.ts';
import { type HealthReport, healthReport } from './report.ts';
import { SEVERITIES } from './severity.ts';

/** A metadata document that could not be fetched or read, as a query error with a stable code. */
export class SamlMetadataUnavailableError extends GatewayError {
  override name = 'SamlMetadataUnavailableError';
  readonly code: string;

  constructor(error: MetadataError) {
    super(`IdP metadata could not be read: ${error.message}`);
    this.code = `METADATA_${error.code}`;
  }
}

const SamlEndpointRef = builder.objectRef<SamlEndpoint>('SamlEndpoint').implement({
  fields: (t) => ({
    binding: t.exposeString('binding', { description: 'The SAML binding URN, e.g. urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect.' }),
    location: t.exposeString('location'),
  }),
});

export const SamlMetadataRef = builder.objectRef<InspectedMetadata>('SamlMetadata').implement({
  description: "What an IdP's SAML metadata says, as the gateway read it.",
  fields: (t) => ({
    entityId: t.exposeString('entityId'),
    singleSignOnServices: t.field({ type: [SamlEndpointRef], resolve: (metadata) => metadata.ssoServices }),
    singleLogoutServices: t.field({ type: [SamlEndpointRef], resolve: (metadata) => metadata.sloServices }),
    nameIdFormats: t.exposeStringList('nameIdFormats'),
    validUntil: t.expose('validUntil', { type: 'DateTime', nullable: true, description: "The document's own validUntil, if it sets one." }),
    certificates: t.field({
      type: [SsoCertificate],
      description: 'Every signing and encryption certificate of the IdP descriptor.',
      resolve: (metadata) => metadata.certificates.map((certificate) => fromMetadata(certificate, metadata.source)),
    }),
  }),
});

builder.queryField('samlMetadata', (t) =>
  t.field({
    type: SamlMetadataRef,
    nullable: true,
    description:
      'Inspects IdP SAML metadata: give `url` (fetched by the gateway: https only, no private, loopback or ' +
      'cloud-metadata addresses, at most 1 MB within 5 s, cached for a minute) or the document as `xml`. ' +
      'Null with an error coded METADATA_* when it cannot be fetched or read.',
    args: {
      url: t.arg.string({ required: false, validate: { schema: metadataUrl } }),
      xml: t.arg.string({ required: false, validate: { schema: z.string().max(1_048_576, 'must be at most 1 MB') } }),
    },
    validate: [(args) => (args.url == null) !== (args.xml == null), { message: 'give exactly one of url and xml' }],
    resolve: (_root, args, context) => inspectMetadata(context, args.url ?? undefined, args.xml ?? undefined),
  }),
);

/** Inspects the URL or the document given, turning a failure into the query error above. */
export async function inspectMetadata(
  context: GatewayContext,
  url: string | undefined,
  xml: string | undefined,
): Promise<InspectedMetadata> {
  try {
    return await readMetadata(context.metadata, url !== undefined ? { url } : { xml: xml ?? '' }, context.call.signal);
  } catch (error) {
    throw error instanceof MetadataError ? new SamlMetadataUnavailableError(error) : error;
  }
}

export const SeverityEnum = builder.enumType('SsoFindingSeverity', {
  description: 'From least to most urgent: INFO, WARNING, ERROR, CRITICAL (sign-ins fail now).',
  values: Object.fromEntries(SEVERITIES.map((severity) => [severity, { value: severity }])) as Record<
    (typeof SEVERITIES)[number],
    { value: (typeof SEVERITIES)[number] }
  >,
});

const FindingKindEnum = builder.enumType('SsoFindingKind', {
  values: Object.fromEntries(FINDING_KINDS.map((kind) => [kind, { value: kind }])) as Record<
    (typeof FINDING_KINDS)[number],
    { value: (typeof FINDING_KINDS)[number] }
  >,
});

export const SsoFindingRef = builder.objectRef<Finding>('SsoFinding').implement({
  description: 'One thing the health report found, with the connections involved and what to do about it.',
  fields: (t) => ({
    kind: t.expose('kind', { type: FindingKindEnum }),
    severity: t.expose('severity', { type: SeverityEnum }),
    summary: t.exposeString('summary', { description: 'One line for people.' }),
    remedy: t.exposeString('remedy', { description: 'One line: what to do.' }),
    provider: t.expose('provider', {
      type: ssoProviderEnum(),
      nullable: true,
      description: 'Null when the connections involved belong to several providers.',
    }),
    connections: t.field({
      type: [SsoConnection],
      description:
        'The existing connections involved (in a dry run of a create, the new one is not among them: see includesProposedConnection).',
      resolve: (finding) => finding.connections.filter((connection) => connection.key !== PROPOSED_KEY),
    }),
    includesProposedConnection: t.boolean({
      description: 'True when the connection a dry-run create would add is involved too.',
      resolve: (finding) => finding.connections.some((connection) => connection.key === PROPOSED_KEY),
    }),
    domain: t.exposeString('domain', { nullable: true, description: 'DOMAIN_CONFLICT: the contested e-mail domain.' }),
    entityId: t.exposeString('entityId', { nullable: true, description: 'ENTITY_ID_REUSED: the shared IdP entity ID.' }),
    certificate: t.field({
      type: SsoCertificate,
      nullable: true,
      description: 'The certificate concerned (expiry and drift findings).',
      resolve: (finding) => finding.certificate,
    }),
  }),
});

const SsoHealthReportRef = builder.objectRef<HealthReport>('SsoHealthReport').implement({
  fields: (t) => ({
    generatedAt: t.expose('generatedAt', { type: 'DateTime' }),
    withinDays: t.exposeInt('withinDays'),
    connectionsChecked: t.exposeInt('connectionsChecked'),
    findings: t.field({ type: [SsoFindingRef], description: 'Most urgent first.', resolve: (report) => report.findings }),
    highestSeverity: t.field({
      type: SeverityEnum,
      nullable: true,
      description: 'Of all findings; null when there are none.',
      resolve: (report) => report.findings[0]?.severity ?? null,
    }),
  }),
});

builder.queryField('ssoHealth', (t) =>
  t.field({
    type: SsoHealthReportRef,
    description:
      'A health report across every enabled provider: certificates expired or expiring within `withinDays`, e-mail ' +
      'domains and IdP entity IDs claimed by several connections, pending, inactive or metadata-less connections, ' +
      "metadata URLs that fail or whose certificates differ from the upstream's (drift). A provider that cannot be " +
      'read is a PROVIDER_UNAVAILABLE finding; the query itself does not fail for it.',
    args: {
      withinDays: t.arg.int({
        required: false,
        defaultValue: 30,
        validate: { schema: z.number().int().min(0, 'must be at least 0').max(3650, 'must be at most 3650') },
      }),
    },
    resolve: (_root, args, context) => healthReport(context, args.withinDays ?? 30),
  }),
);

export const FieldChangeRef = builder.objectRef<SsoChangePreview['changes'][number]>('SsoFieldChange').implement({
  description: 'One field a write would change. Secrets are never shown: they appear as "(secret)".',
  fields: (t) => ({
    field: t.exposeString('field', { description: 'The input field, e.g. `samlMetadataUrl` or `domains`.' }),
    current: t.expose('current', { type: 'JSON', nullable: true }),
    proposed: t.expose('proposed', { type: 'JSON', nullable: true }),
    currentKnown: t.exposeBoolean('currentKnown', {
      description: 'False where the upstream cannot read the value back: `current` is then null, not known.',
    }),
  }),
});

export const SsoChangePreviewRef = builder.objectRef<SsoChangePreview>('SsoChangePreview').implement({
  description: 'The answer to a mutation called with `dryRun: true`: what the write would change. Nothing was written upstream.',
  fields: (t) => ({
    dryRun: t.boolean({ description: 'Always true.', resolve: () => true }),
    message: t.exposeString('message'),
    provider: t.field({ type: ssoProviderEnum(), resolve: (preview) => preview.provider }),
    operation: t.exposeString('operation', { description: 'The mutation that was previewed.' }),
    changes: t.field({ type: [FieldChangeRef], resolve: (preview) => preview.changes }),
    metadata: t.field({
      type: SamlMetadataRef,
      nullable: true,
      description: 'The new IdP metadata, inspected, when the change sets a metadata URL or document.',
      resolve: (preview) => preview.metadata,
    }),
    metadataProblem: t.exposeString('metadataProblem', {
      nullable: true,
      description: 'Why the new metadata could not be read, when it could not (the write itself might still be accepted upstream).',
    }),
    findingsCreated: t.field({
      type: [SsoFindingRef],
      description: 'Health findings the change would bring about.',
      resolve: (preview) => preview.findingsCreated,
    }),
    findingsCleared: t.field({
      type: [SsoFindingRef],
      description: 'Health findings the change would resolve.',
      resolve: (preview) => preview.findingsCleared,
    }),
  }),
});
