/**
 * Demo data for the Stytch B2B simulator, in Stytch's wire format: two organizations with SAML,
 * OIDC and external connections, member sessions and the RBAC roles they carry. Certificate dates
 * are relative to the moment the simulator starts, so one verification certificate always expires
 * within 30 days.
 */
import { issueCertificate } from '../../../sandbox/idp/certificates.ts';

export const ACME_ORGANIZATION_ID = 'organization-test-07971b06-ac8b-4cdb-9c15-63b17e653931';
export const GLOBEX_ORGANIZATION_ID = 'organization-test-2f4c8e1a-6b3d-4a9e-8c7f-1d5e9b0a3c62';
export const ACME_SAML_ID = 'saml-connection-test-51861cbc-d3b9-428b-9761-227f5fb12be9';
export const ACME_PENDING_SAML_ID = 'saml-connection-test-9c3e7b2a-1f6d-4e8a-b5c4-7a2d0e9f1b38';
export const ACME_OIDC_ID = 'oidc-connection-test-4e8b1c7d-2a9f-4d3e-a6b5-8c0f1e2d3a47';
export const GLOBEX_SAML_ID = 'saml-connection-test-6d2a9f4e-8c1b-4b7a-9e3d-0f5c2a8b1e76';
export const GLOBEX_OIDC_ID = 'oidc-connection-test-1b7e3c9a-5d2f-4a8b-b6e1-3c9d7f0a2e58';
export const GLOBEX_EXTERNAL_ID = 'external-connection-test-8f1d4b6c-3e9a-4c2b-a7d5-6b0e2c9f4a13';

export type Wire = Record<string, unknown>;

export interface DemoCertificate {
  certificate_id: string;
  certificate: string;
  issuer: string;
  created_at: string;
  expires_at: string;
  updated_at: string;
}

export interface DemoSamlConnection extends Wire {
  organization_id: string;
  connection_id: string;
  status: string;
  idp_entity_id: string;
  idp_sso_url: string;
  verification_certificates: DemoCertificate[];
  attribute_mapping: Record<string, string>;
}

export interface DemoOrganization {
  organization: Wire & { organization_id: string; organization_slug: string };
  saml_connections: DemoSamlConnection[];
  oidc_connections: Wire[];
  external_connections: Wire[];
}

export interface DemoSession {
  organization_id: string;
  roles: string[];
  expired: boolean;
}

/** Permissions of each role on the `stytch.sso` resource. */
export const SSO_PERMISSIONS: Record<string, string[]> = {
  stytch_admin: ['get', 'create', 'update', 'delete'],
  sso_viewer: ['get'],
  stytch_member: [],
};

/** Session tokens and session JWTs (obviously fake) that the simulator accepts. */
export const DEMO_SESSIONS: Record<string, DemoSession> = {
  'session-token-test-acme-admin-4f1c9a7e2b': {
    organization_id: ACME_ORGANIZATION_ID,
    roles: ['stytch_member', 'stytch_admin'],
    expired: false,
  },
  'session-token-test-acme-member-8b2d3e5a1c': { organization_id: ACME_ORGANIZATION_ID, roles: ['stytch_member'], expired: false },
  'session-token-test-acme-viewer-2e7f60d4b9': {
    organization_id: ACME_ORGANIZATION_ID,
    roles: ['stytch_member', 'sso_viewer'],
    expired: false,
  },
  'session-token-test-globex-admin-6a0b1c3f8e': {
    organization_id: GLOBEX_ORGANIZATION_ID,
    roles: ['stytch_member', 'stytch_admin'],
    expired: false,
  },
  'session-token-test-expired-9d8c7b6a5f': { organization_id: ACME_ORGANIZATION_ID, roles: ['stytch_admin'], expired: true },
  'eyJhbGciOiJSUzI1NiJ9.ZGVtby1zZXNzaW9uLWp3dC1hY21lLWFkbWlu.ZGVtby1zaWduYXR1cmU': {
    organization_id: ACME_ORGANIZATION_ID,
    roles: ['stytch_member', 'stytch_admin'],
    expired: false,
  },
  'eyJhbGciOiJSUzI1NiJ9.ZGVtby1zZXNzaW9uLWp3dC1hY21lLW1lbWJlcg.ZGVtby1zaWduYXR1cmU': {
    organization_id: ACME_ORGANIZATION_ID,
    roles: ['stytch_member'],
    expired: false,
  },
};

const DAY_MS = 86_400_000;
const PEM = (label: string) => `-----BEGIN CERTIFICATE-----\nMIIDemo${label}Q0VSVElGSUNBVEUtREVNTy1PTkxZ\n-----END CERTIFICATE-----`;

/** A real certificate (issued by the sandbox IdP's key), so the gateway reads subject and fingerprint from it. */
function certificate(id: string, issuer: string, now: number, createdDaysAgo: number, expiresInDays: number): DemoCertificate {
  const created = new Date(now - createdDaysAgo * DAY_MS);
  const expires = new Date(now + expiresInDays * DAY_MS);
  const { pem } = issueCertificate({ subject: { commonName: issuer }, notBefore: created, notAfter: expires });
  return {
    certificate_id: id,
    certificate: pem,
    issuer,
    created_at: created.toISOString(),
    expires_at: expires.toISOString(),
    updated_at: created.toISOString(),
  };
}

function samlConnection(
  organizationId: string,
  connectionId: string,
  now: number,
  fields: Partial<DemoSamlConnection> & Pick<DemoSamlConnection, 'status' | 'verification_certificates'>,
): DemoSamlConnection {
  const acs = `https://test.stytch.com/v1/b2b/sso/callback/${connectionId}`;
  return {
    organization_id: organizationId,
    connection_id: connectionId,
    display_name: 'SAML connection',
    idp_entity_id: '',
    idp_sso_url: '',
    acs_url: acs,
    audience_uri: acs,
    signing_certificates: [
      // Stytch's own signing certificate: seen with an empty `id` instead of `certificate_id`.
      {
        id: '',
        certificate: PEM('stytchsg'),
        issuer: 'Stytch',
        created_at: new Date(now - 400 * DAY_MS).toISOString(),
        expires_at: new Date(now + 3250 * DAY_MS).toISOString(),
      },
    ],
    encryption_private_keys: [
      { private_key_id: 'saml-encryption-key-test-0d1e2f3a', private_key: 'demo-encryption-private-key-NEVER-EXPOSE' },
    ],
    saml_connection_implicit_role_assignments: [],
    saml_group_implicit_role_assignments: [],
    alternative_audience_uri: '',
    identity_provider: 'generic',
    nameid_format: 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress',
    alternative_acs_url: '',
    idp_initiated_auth_disabled: false,
    allow_gateway_callback: false,
    attribute_mapping: { email: 'email', full_name: 'name' },
    ...fields,
  };
}

function oidcConnection(organizationId: string, connectionId: string, fields: Wire): Wire {
  return {
    organization_id: organizationId,
    connection_id: connectionId,
    status: 'active',
    redirect_url: `https://test.stytch.com/v1/b2b/sso/callback/${connectionId}`,
    client_secret: 'demo-oidc-client-secret-NEVER-EXPOSE',
    custom_scopes: '',
    attribute_mapping: { email: 'email', full_name: 'name' },
    ...fields,
  };
}

function organization(
  id: string,
  name: string,
  slug: string,
  domains: string[],
  defaultConnectionId: string,
): DemoOrganization['organization'] {
  return {
    organization_id: id,
    organization_name: name,
    organization_slug: slug,
    organization_logo_url: '',
    trusted_metadata: {},
    email_allowed_domains: domains,
    email_jit_provisioning: 'RESTRICTED',
    sso_default_connection_id: defaultConnectionId,
    sso_jit_provisioning: 'ALL_ALLOWED',
    sso_jit_provisioning_allowed_connections: [],
    sso_active_connections: [],
  };
}

export function demoOrganizations(now = Date.now()): DemoOrganization[] {
  const acme: DemoOrganization = {
    // acme.example is also claimed in the Vantage and Logto sandboxes: a deliberate overlap.
    organization: organization(ACME_ORGANIZATION_ID, 'Acme Corp', 'acme-corp', ['acme.example'], ACME_SAML_ID),
    saml_connections: [
      samlConnection(ACME_ORGANIZATION_ID, ACME_SAML_ID, now, {
        status: 'active',
        display_name: 'Acme Okta',
        identity_provider: 'okta',
        idp_entity_id: 'http://www.okta.com/exk1acmedemo0001',
        idp_sso_url: 'https://acme.okta.example/app/acme_stytch/exk1acmedemo0001/sso/saml',
        verification_certificates: [
          certificate('saml-verification-key-test-5ccbc642-9373-42b8-928f-c1646c868701', 'Okta acme', now, 1075, 20),
          certificate('saml-verification-key-test-8a1f3d5e-2b4c-4e6a-9d7f-0c2e4a6b8d13', 'Okta acme', now, 10, 1085),
        ],
        saml_connection_implicit_role_assignments: [{ role_id: 'stytch_member' }],
        saml_group_implicit_role_assignments: [{ role_id: 'stytch_admin', group: 'it-admins' }],
      }),
      samlConnection(ACME_ORGANIZATION_ID, ACME_PENDING_SAML_ID, now, {
        status: 'pending',
        display_name: 'Acme Entra (staging)',
        identity_provider: 'microsoft-entra',
        verification_certificates: [
          certificate(
            'saml-verification-key-test-3e5a7c9b-1d2f-4a6c-8e0b-5f7d9a1c3e24',
            'Microsoft Azure Federated SSO Certificate',
            now,
            5,
            1090,
          ),
        ],
      }),
    ],
    oidc_connections: [
      oidcConnection(ACME_ORGANIZATION_ID, ACME_OIDC_ID, {
        display_name: 'Acme Google Workspace',
        identity_provider: 'google-workspace',
        client_id: 'demo-client-id-acme.apps.googleusercontent.example',
        issuer: 'https://accounts.google.com',
        authorization_url: 'https://accounts.google.com/o/oauth2/v2/auth',
        token_url: 'https://oauth2.googleapis.com/token',
        userinfo_url: 'https://openidconnect.googleapis.com/v1/userinfo',
        jwks_url: 'https://www.googleapis.com/oauth2/v3/certs',
        custom_scopes: 'groups',
      }),
    ],
    external_connections: [],
  };
  const globex: DemoOrganization = {
    organization: organization(GLOBEX_ORGANIZATION_ID, 'Globex', 'globex', ['globex-eu.example'], GLOBEX_SAML_ID),
    saml_connections: [
      samlConnection(GLOBEX_ORGANIZATION_ID, GLOBEX_SAML_ID, now, {
        status: 'active',
        display_name: 'Globex Entra ID',
        identity_provider: 'microsoft-entra',
        idp_entity_id: 'https://sts.windows.example/6c1f2e3d-globex/',
        idp_sso_url: 'https://login.microsoftonline.example/6c1f2e3d-globex/saml2',
        verification_certificates: [
          // Rolled over but never removed: expired 12 days ago, beside its successor.
          certificate(
            'saml-verification-key-test-2a4c6e8f-0b1d-4f3a-8c5e-7d9f1b3a5c71',
            'Microsoft Azure Federated SSO Certificate',
            now,
            1107,
            -12,
          ),
          certificate(
            'saml-verification-key-test-7b9d1f3a-5c6e-4b8a-a2d4-9e1f3b5c7d60',
            'Microsoft Azure Federated SSO Certificate',
            now,
            365,
            730,
          ),
        ],
      }),
    ],
    oidc_connections: [
      oidcConnection(GLOBEX_ORGANIZATION_ID, GLOBEX_OIDC_ID, {
        status: 'pending',
        display_name: 'Globex Okta OIDC',
        identity_provider: 'okta',
        client_id: '0oademoglobex0001',
        issuer: 'https://globex.okta.example',
        authorization_url: 'https://globex.okta.example/oauth2/v1/authorize',
        token_url: 'https://globex.okta.example/oauth2/v1/token',
        userinfo_url: 'https://globex.okta.example/oauth2/v1/userinfo',
        jwks_url: 'https://globex.okta.example/oauth2/v1/keys',
      }),
    ],
    external_connections: [
      {
        organization_id: GLOBEX_ORGANIZATION_ID,
        connection_id: GLOBEX_EXTERNAL_ID,
        external_organization_id: ACME_ORGANIZATION_ID,
        external_connection_id: ACME_SAML_ID,
        display_name: 'Acme Okta (shared with Globex)',
        status: 'active',
        external_connection_implicit_role_assignments: [{ role_id: 'stytch_member' }],
        external_group_implicit_role_assignments: [],
      },
    ],
  };
  return [acme, globex];
}
