/**
 * The gateway's camelCase model of Stytch B2B objects, as `wire.ts` maps them. Secrets Stytch
 * returns (encryption private keys, the OIDC client secret) have no field here.
 */
import type { SsoConnectionShape } from '../../graph/sso-connection.ts';

export interface X509Certificate {
  certificateId: string | null;
  certificate: string;
  issuer: string | null;
  createdAt: Date | null;
  expiresAt: Date | null;
  updatedAt: Date | null;
}

export interface RoleAssignment {
  roleId: string;
}

export interface GroupRoleAssignment {
  roleId: string;
  group: string;
}

/** Fields every Stytch connection node shares besides the `SsoConnection` ones. */
export interface StytchConnectionBase extends SsoConnectionShape {
  organizationId: string;
  connectionId: string;
  /** Stytch's own status word (`pending`, `active`), kept beside the unified enum. */
  stytchStatus: string;
  identityProvider: string | null;
  attributeMapping: Record<string, unknown> | null;
}

export interface StytchSamlConnection extends StytchConnectionBase {
  idpEntityId: string | null;
  idpSsoUrl: string | null;
  acsUrl: string | null;
  audienceUri: string | null;
  signingCertificates: X509Certificate[];
  verificationCertificates: X509Certificate[];
  samlConnectionImplicitRoleAssignments: RoleAssignment[];
  samlGroupImplicitRoleAssignments: GroupRoleAssignment[];
  alternativeAudienceUri: string | null;
  nameidFormat: string | null;
  alternativeAcsUrl: string | null;
  idpInitiatedAuthDisabled: boolean | null;
  allowGatewayCallback: boolean | null;
}

export interface StytchOidcConnection extends StytchConnectionBase {
  redirectUrl: string | null;
  clientId: string | null;
  /** Secret: shown only with the `sso:secrets` scope. */
  clientSecret: string | null;
  issuer: string | null;
  authorizationUrl: string | null;
  tokenUrl: string | null;
  userinfoUrl: string | null;
  jwksUrl: string | null;
  customScopes: string | null;
}

export interface StytchExternalConnection {
  organizationId: string;
  connectionId: string;
  externalOrganizationId: string;
  externalConnectionId: string;
  displayName: string | null;
  status: string;
  externalConnectionImplicitRoleAssignments: RoleAssignment[];
  externalGroupImplicitRoleAssignments: GroupRoleAssignment[];
}

export interface StytchOrganizationSso {
  organizationId: string;
  samlConnections: StytchSamlConnection[];
  oidcConnections: StytchOidcConnection[];
  externalConnections: StytchExternalConnection[];
}

export interface StytchOrganization {
  organizationId: string;
  organizationName: string | null;
  organizationSlug: string | null;
  emailAllowedDomains: string[];
  ssoDefaultConnectionId: string | null;
}

export interface OrganizationsPage {
  organizations: StytchOrganization[];
  total: number | null;
  nextCursor: string | null;
}
