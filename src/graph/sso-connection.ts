/**
 * The cross-provider view of an SSO connection. Each provider maps its own objects onto
 * `SsoConnectionShape` and registers one or more object types implementing the interface.
 */

import { inspectConnection } from '../insight/connection-insight.ts';
import { daysUntil } from '../insight/metadata/certificate.ts';
import type { CertificateUse } from '../insight/metadata/types.ts';
import type { ProviderId } from '../providers/provider-id.ts';
import { builder } from './builder.ts';

export type SsoProtocol = 'SAML' | 'OIDC';
export type SsoConnectionStatus = 'ACTIVE' | 'PENDING' | 'INACTIVE' | 'UNKNOWN';

/** Where a certificate was read: from the upstream itself, or from the IdP metadata the upstream keeps. */
export type CertificateSource = 'UPSTREAM' | 'METADATA_URL' | 'METADATA_XML';

export interface SsoCertificateShape {
  issuer: string | null;
  createdAt: Date | null;
  expiresAt: Date | null;
  /** The fields below are read from the certificate itself; null when the upstream's text is not a parseable certificate. */
  subject: string | null;
  fingerprintSha256: string | null;
  notBefore: Date | null;
  use: CertificateUse | null;
  source: CertificateSource;
}

/** IdP metadata an upstream keeps instead of (or besides) the certificates themselves. */
export type IdpMetadataRef = { url: string; xml?: undefined } | { xml: string; url?: undefined };

export interface SsoConnectionShape {
  /** The GraphQL object type that represents this connection; resolves the interface. */
  __typename: string;
  /** The upstream key its node id encodes; with `__typename`, what tells two connections apart in reports. */
  key: string;
  provider: ProviderId;
  protocol: SsoProtocol | null;
  displayName: string | null;
  idpMetadataUrl: string | null;
  domains: string[];
  /**
   * Connections with the same scope share one list of domains (Stytch: all connections of an
   * organization route its domains), so they are one claimant, not a conflict among themselves.
   */
  domainScope?: string;
  status: SsoConnectionStatus;
  /** Certificates the upstream itself returns (source UPSTREAM). */
  certificates: SsoCertificateShape[];
  /** The IdP entity ID the upstream stores; null where it keeps none (then it is read from the metadata). */
  idpEntityId: string | null;
  /** Where the IdP's metadata lives, when the upstream keeps a URL or a document. */
  idpMetadata: IdpMetadataRef | null;
}

/**
 * `SsoProvider`: one value per provider the gateway knows, the upper case of its id. Its values come
 * from the registry, which only schema assembly sees (`schema.ts` calls `defineSsoProviderEnum`);
 * fields ask for the enum through `ssoProviderEnum()` when the schema is built.
 */
function providerEnumOf(ids: readonly ProviderId[]) {
  return builder.enumType('SsoProvider', {
    description: 'The upstream SaaS product that holds an SSO configuration.',
    values: Object.fromEntries(ids.map((id) => [id.toUpperCase(), { value: id }])) as Record<string, { value: ProviderId }>,
  });
}

let providerEnum: ReturnType<typeof providerEnumOf> | undefined;

export function defineSsoProviderEnum(ids: readonly ProviderId[]): void {
  providerEnum = providerEnumOf(ids);
}

export function ssoProviderEnum(): ReturnType<typeof providerEnumOf> {
  if (!providerEnum) throw new Error('SsoProvider is defined by schema assembly (schemaFor) before the schema is built');
  return providerEnum;
}

export const SsoProtocolEnum = builder.enumType('SsoProtocol', {
  values: { SAML: { value: 'SAML' }, OIDC: { value: 'OIDC' } } as const,
});

export const SsoConnectionStatusEnum = builder.enumType('SsoConnectionStatus', {
  description: 'UNKNOWN where the upstream does not report a status.',
  values: {
    ACTIVE: { value: 'ACTIVE' },
    PENDING: { value: 'PENDING', description: 'Created but not yet usable (for example, IdP details missing).' },
    INACTIVE: { value: 'INACTIVE' },
    UNKNOWN: { value: 'UNKNOWN' },
  } as const,
});

export const CertificateSourceEnum = builder.enumType('SsoCertificateSource', {
  description: 'Where a certificate was read.',
  values: {
    UPSTREAM: {
      value: 'UPSTREAM',
      description: 'Returned by the upstream itself, where it keeps the certificates rather than only the metadata.',
    },
    METADATA_URL: { value: 'METADATA_URL', description: 'From the IdP metadata at the URL the upstream keeps, fetched by the gateway.' },
    METADATA_XML: { value: 'METADATA_XML', description: 'From the IdP metadata document the upstream keeps.' },
  } as const,
});

export const CertificateUseEnum = builder.enumType('SsoCertificateUse', {
  description: "The metadata KeyDescriptor's `use`; ANY when it names none (the key signs and encrypts).",
  values: { SIGNING: { value: 'SIGNING' }, ENCRYPTION: { value: 'ENCRYPTION' }, ANY: { value: 'ANY' } } as const,
});

export const SsoCertificate = builder.objectRef<SsoCertificateShape>('SsoCertificate').implement({
  description: 'An X.509 certificate of the identity provider. Subject, fingerprint and validity are read from the certificate itself.',
  fields: (t) => ({
    issuer: t.exposeString('issuer', { nullable: true }),
    subject: t.exposeString('subject', { nullable: true, description: 'Null when the upstream returned text that is not a certificate.' }),
    fingerprintSha256: t.exposeString('fingerprintSha256', {
      nullable: true,
      description: 'SHA-256 of the DER encoding, as colon-separated hex.',
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime', nullable: true, description: 'When the upstream stored it, where it says.' }),
    notBefore: t.expose('notBefore', { type: 'DateTime', nullable: true }),
    notAfter: t.expose('expiresAt', { type: 'DateTime', nullable: true, description: 'Same as expiresAt.' }),
    expiresAt: t.expose('expiresAt', { type: 'DateTime', nullable: true }),
    daysUntilExpiry: t.int({
      nullable: true,
      description: 'Whole days left (negative once expired), counted when the query runs.',
      resolve: (certificate) => (certificate.expiresAt ? daysUntil(certificate.expiresAt) : null),
    }),
    use: t.expose('use', {
      type: CertificateUseEnum,
      nullable: true,
      description: 'Null for certificates an upstream returns without a use.',
    }),
    source: t.expose('source', { type: CertificateSourceEnum }),
  }),
});

export const SsoConnection = builder.interfaceRef<SsoConnectionShape>('SsoConnection').implement({
  description: 'One SSO connection of any provider. Fields an upstream cannot tell are null, never guessed.',
  interfaces: [builder.nodeInterfaceRef()],
  resolveType: (connection) => connection.__typename,
  fields: (t) => ({
    provider: t.expose('provider', { type: ssoProviderEnum() }),
    protocol: t.expose('protocol', { type: SsoProtocolEnum, nullable: true }),
    displayName: t.exposeString('displayName', { nullable: true }),
    idpMetadataUrl: t.exposeString('idpMetadataUrl', {
      nullable: true,
      description: 'Where the identity provider publishes its SAML metadata, if the upstream stores a URL.',
    }),
    domains: t.exposeStringList('domains', { description: 'E-mail domains routed to this connection.' }),
    status: t.expose('status', { type: SsoConnectionStatusEnum }),
    idpEntityId: t.string({
      nullable: true,
      description: "The IdP's SAML entity ID: the upstream's, else read from the IdP metadata it keeps.",
      resolve: async (connection, _args, context) => (await inspectConnection(connection, context.metadata, context.call.signal)).entityId,
    }),
    certificates: t.field({
      type: [SsoCertificate],
      description:
        "IdP certificates: the upstream's own where it returns them (source UPSTREAM), else those of the IdP metadata " +
        'it keeps (a URL fetched by the gateway, or a document). Empty where there are none or the metadata cannot be ' +
        'read; `ssoHealth` says why.',
      resolve: async (connection, _args, context) =>
        (await inspectConnection(connection, context.metadata, context.call.signal)).certificates,
    }),
  }),
});
