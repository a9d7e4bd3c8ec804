/**
 * Stytch B2B's JSON exactly as it is sent (snake_case), and the mapping to the gateway's camelCase
 * model. `encryption_private_keys` is not in these schemas, so zod strips it at the edge. The OIDC
 * `client_secret` is kept: the graph shows it only to callers with the `sso:secrets` scope.
 */
import { z } from 'zod';
import { joinKey } from '../../graph/node.ts';
import type { SsoCertificateShape, SsoConnectionStatus } from '../../graph/sso-connection.ts';
import { fromUpstream } from '../../insight/certificates.ts';
import { withoutSecrets } from '../../secret-keys.ts';
import type {
  GroupRoleAssignment,
  OrganizationsPage,
  RoleAssignment,
  StytchConnectionBase,
  StytchExternalConnection,
  StytchOidcConnection,
  StytchOrganizationSso,
  StytchSamlConnection,
  X509Certificate,
} from './model.ts';

const text = z.string().nullable().optional();
const flag = z.boolean().nullable().optional();
const mapping = z.record(z.string(), z.unknown()).nullable().optional();

const X509CertificateWire = z.object({
  // The API reference names it `certificate_id`; responses have been seen with `id` instead.
  certificate_id: text,
  id: text,
  certificate: z.string(),
  issuer: text,
  created_at: text,
  expires_at: text,
  updated_at: text,
});

const RoleAssignmentWire = z.object({ role_id: z.string() });
const GroupRoleAssignmentWire = z.object({ role_id: z.string(), group: z.string() });

const SamlConnectionWire = z.object({
  organization_id: z.string(),
  connection_id: z.string(),
  status: z.string(),
  idp_entity_id: text,
  display_name: text,
  idp_sso_url: text,
  acs_url: text,
  audience_uri: text,
  signing_certificates: z.array(X509CertificateWire).nullable().optional(),
  verification_certificates: z.array(X509CertificateWire).nullable().optional(),
  saml_connection_implicit_role_assignments: z.array(RoleAssignmentWire).nullable().optional(),
  saml_group_implicit_role_assignments: z.array(GroupRoleAssignmentWire).nullable().optional(),
  alternative_audience_uri: text,
  identity_provider: text,
  nameid_format: text,
  alternative_acs_url: text,
  idp_initiated_auth_disabled: flag,
  allow_gateway_callback: flag,
  attribute_mapping: mapping,
});

const OidcConnectionWire = z.object({
  organization_id: z.string(),
  connection_id: z.string(),
  status: z.string(),
  display_name: text,
  redirect_url: text,
  client_id: text,
  client_secret: text,
  issuer: text,
  authorization_url: text,
  token_url: text,
  userinfo_url: text,
  jwks_url: text,
  identity_provider: text,
  custom_scopes: text,
  attribute_mapping: mapping,
});

const ExternalConnectionWire = z.object({
  organization_id: z.string(),
  connection_id: z.string(),
  external_organization_id: z.string(),
  external_connection_id: z.string(),
  display_name: text,
  status: z.string(),
  external_connection_implicit_role_assignments: z.array(RoleAssignmentWire).nullable().optional(),
  external_group_implicit_role_assignments: z.array(GroupRoleAssignmentWire).nullable().optional(),
});

export const SsoConnectionsResponseWire = z.object({
  request_id: z.string(),
  status_code: z.number(),
  saml_connections: z.array(SamlConnectionWire),
  oidc_connections: z.array(OidcConnectionWire),
  external_connections: z.array(ExternalConnectionWire),
});

export const UpdateByUrlResponseWire = z.object({
  request_id: z.string(),
  status_code: z.number(),
  connection: SamlConnectionWire.nullable().optional(),
});

export const OrganizationsSearchResponseWire = z.object({
  request_id: z.string(),
  status_code: z.number(),
  organizations: z.array(
    z.object({
      organization_id: z.string(),
      organization_name: text,
      organization_slug: text,
      email_allowed_domains: z.array(z.string()).nullable().optional(),
      sso_default_connection_id: text,
    }),
  ),
  results_metadata: z.object({ total: z.number().nullable().optional(), next_cursor: text }),
});

export const StytchErrorWire = z.object({
  status_code: z.number().optional(),
  request_id: z.string().optional(),
  error_type: z.string().optional(),
});

type SamlConnectionWire = z.infer<typeof SamlConnectionWire>;
type OidcConnectionWire = z.infer<typeof OidcConnectionWire>;
type ExternalConnectionWire = z.infer<typeof ExternalConnectionWire>;
type X509CertificateWire = z.infer<typeof X509CertificateWire>;

export function toOrganizationsPage(wire: z.infer<typeof OrganizationsSearchResponseWire>): OrganizationsPage {
  return {
    organizations: wire.organizations.map((organization) => ({
      organizationId: organization.organization_id,
      organizationName: organization.organization_name ?? null,
      organizationSlug: organization.organization_slug ?? null,
      emailAllowedDomains: (organization.email_allowed_domains ?? []).map((domain) => domain.toLowerCase()),
      ssoDefaultConnectionId: organization.sso_default_connection_id ?? null,
    })),
    total: wire.results_metadata.total ?? null,
    nextCursor: wire.results_metadata.next_cursor || null,
  };
}

/** `domains` are the organization's e-mail domains when this request learned them, else empty. */
export function toOrganizationSso(
  organizationId: string,
  wire: z.infer<typeof SsoConnectionsResponseWire>,
  domains: readonly string[],
): StytchOrganizationSso {
  return {
    organizationId,
    samlConnections: wire.saml_connections.map((connection) => toSamlConnection(connection, domains)),
    oidcConnections: wire.oidc_connections.map((connection) => toOidcConnection(connection, domains)),
    externalConnections: wire.external_connections.map(toExternalConnection),
  };
}

export function toSamlConnection(wire: SamlConnectionWire, domains: readonly string[]): StytchSamlConnection {
  const verification = (wire.verification_certificates ?? []).map(toCertificate);
  return {
    ...base('StytchSamlConnection', 'SAML', wire, domains),
    certificates: verification.map(toSsoCertificate),
    // A pending connection has `idp_entity_id: ""`: no entity ID yet.
    idpEntityId: wire.idp_entity_id || null,
    idpSsoUrl: wire.idp_sso_url ?? null,
    acsUrl: wire.acs_url ?? null,
    audienceUri: wire.audience_uri ?? null,
    signingCertificates: (wire.signing_certificates ?? []).map(toCertificate),
    verificationCertificates: verification,
    samlConnectionImplicitRoleAssignments: (wire.saml_connection_implicit_role_assignments ?? []).map(toRole),
    samlGroupImplicitRoleAssignments: (wire.saml_group_implicit_role_assignments ?? []).map(toGroupRole),
    alternativeAudienceUri: wire.alternative_audience_uri ?? null,
    nameidFormat: wire.nameid_format ?? null,
    alternativeAcsUrl: wire.alternative_acs_url ?? null,
    idpInitiatedAuthDisabled: wire.idp_initiated_auth_disabled ?? null,
    allowGatewayCallback: wire.allow_gateway_callback ?? null,
  };
}

function toOidcConnection(wire: OidcConnectionWire, domains: readonly string[]): StytchOidcConnection {
  return {
    ...base('StytchOidcConnection', 'OIDC', wire, domains),
    // OIDC connections hold no X.509 certificates; the IdP's keys are behind `jwks_url`.
    certificates: [],
    idpEntityId: null,
    redirectUrl: wire.redirect_url ?? null,
    clientId: wire.client_id ?? null,
    clientSecret: wire.client_secret ?? null,
    issuer: wire.issuer ?? null,
    authorizationUrl: wire.authorization_url ?? null,
    tokenUrl: wire.token_url ?? null,
    userinfoUrl: wire.userinfo_url ?? null,
    jwksUrl: wire.jwks_url ?? null,
    customScopes: wire.custom_scopes ?? null,
  };
}

function toExternalConnection(wire: ExternalConnectionWire): StytchExternalConnection {
  return {
    organizationId: wire.organization_id,
    connectionId: wire.connection_id,
    externalOrganizationId: wire.external_organization_id,
    externalConnectionId: wire.external_connection_id,
    displayName: wire.display_name ?? null,
    status: wire.status,
    externalConnectionImplicitRoleAssignments: (wire.external_connection_implicit_role_assignments ?? []).map(toRole),
    externalGroupImplicitRoleAssignments: (wire.external_group_implicit_role_assignments ?? []).map(toGroupRole),
  };
}

function base(
  typename: string,
  protocol: 'SAML' | 'OIDC',
  wire: SamlConnectionWire | OidcConnectionWire,
  domains: readonly string[],
): Omit<StytchConnectionBase, 'certificates' | 'idpEntityId'> {
  return {
    __typename: typename,
    key: joinKey(wire.organization_id, wire.connection_id),
    domainScope: `stytch:${wire.organization_id}`,
    provider: 'stytch',
    protocol,
    displayName: wire.display_name ?? null,
    // Stytch keeps the idp fields it read from a metadata URL, never the URL itself.
    idpMetadataUrl: null,
    idpMetadata: null,
    domains: [...domains],
    status: toStatus(wire.status),
    organizationId: wire.organization_id,
    connectionId: wire.connection_id,
    stytchStatus: wire.status,
    identityProvider: wire.identity_provider ?? null,
    // Passed through as JSON, so under the same rule as every upstream object shown whole.
    attributeMapping: withoutSecrets(wire.attribute_mapping ?? null),
  };
}

function toStatus(status: string): SsoConnectionStatus {
  if (status === 'active') return 'ACTIVE';
  if (status === 'pending') return 'PENDING';
  return 'UNKNOWN';
}

function toCertificate(wire: X509CertificateWire): X509Certificate {
  return {
    // Signing certificates have been seen with `id: ""`: an empty id is no id.
    certificateId: wire.certificate_id || wire.id || null,
    certificate: wire.certificate,
    issuer: wire.issuer || null,
    createdAt: toDate(wire.created_at),
    expiresAt: toDate(wire.expires_at),
    updatedAt: toDate(wire.updated_at),
  };
}

function toSsoCertificate(certificate: X509Certificate): SsoCertificateShape {
  return fromUpstream({
    text: certificate.certificate,
    issuer: certificate.issuer,
    createdAt: certificate.createdAt,
    expiresAt: certificate.expiresAt,
  });
}

function toRole(wire: z.infer<typeof RoleAssignmentWire>): RoleAssignment {
  return { roleId: wire.role_id };
}

function toGroupRole(wire: z.infer<typeof GroupRoleAssignmentWire>): GroupRoleAssignment {
  return { roleId: wire.role_id, group: wire.group };
}

function toDate(value: string | null | undefined): Date | null {
  if (!value) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** Stytch puts `request_id` on every answer body, success or error. */
export const RequestIdWire = z.object({ request_id: z.string() });
