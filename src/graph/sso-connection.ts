/**
 * The cross-provider view of an SSO connection. Each provider maps its own objects onto
 * `SsoConnectionShape` and registers one or more object types implementing the interface.
 */
import { PROVIDER_IDS, type ProviderId } from '../providers/provider-id.ts';
import { builder } from './builder.ts';

export type SsoProtocol = 'SAML' | 'OIDC';
export type SsoConnectionStatus = 'ACTIVE' | 'PENDING' | 'INACTIVE' | 'UNKNOWN';

export interface SsoCertificateShape {
  issuer: string | null;
  createdAt: Date | null;
  expiresAt: Date | null;
}

export interface SsoConnectionShape {
  /** The GraphQL object type that represents this connection; resolves the interface. */
  __typename: string;
  provider: ProviderId;
  protocol: SsoProtocol | null;
  displayName: string | null;
  idpMetadataUrl: string | null;
  domains: string[];
  status: SsoConnectionStatus;
  certificates: SsoCertificateShape[];
}

export const SsoProviderEnum = builder.enumType('SsoProvider', {
  description: 'The upstream SaaS product that holds an SSO configuration.',
  values: Object.fromEntries(
    PROVIDER_IDS.map((id) => [id.toUpperCase(), { value: id }]),
  ) as Record<Uppercase<ProviderId>, { value: ProviderId }>,
});

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

export const SsoCertificate = builder.objectRef<SsoCertificateShape>('SsoCertificate').implement({
  description: 'An X.509 certificate of the identity provider, as the upstream reports it.',
  fields: (t) => ({
    issuer: t.exposeString('issuer', { nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime', nullable: true }),
    expiresAt: t.expose('expiresAt', { type: 'DateTime', nullable: true }),
  }),
});

export const SsoConnection = builder.interfaceRef<SsoConnectionShape>('SsoConnection').implement({
  description: 'One SSO connection of any provider. Fields an upstream cannot tell are null, never guessed.',
  interfaces: [builder.nodeInterfaceRef()],
  resolveType: (connection) => connection.__typename,
  fields: (t) => ({
    provider: t.expose('provider', { type: SsoProviderEnum }),
    protocol: t.expose('protocol', { type: SsoProtocolEnum, nullable: true }),
    displayName: t.exposeString('displayName', { nullable: true }),
    idpMetadataUrl: t.exposeString('idpMetadataUrl', {
      nullable: true,
      description: 'Where the identity provider publishes its SAML metadata, if the upstream stores a URL.',
    }),
    domains: t.exposeStringList('domains', { description: 'E-mail domains routed to this connection.' }),
    status: t.expose('status', { type: SsoConnectionStatusEnum }),
    certificates: t.field({
      type: [SsoCertificate],
      description: 'IdP certificates the upstream reports; empty where it reports none.',
      resolve: (connection) => connection.certificates,
    }),
  }),
});
