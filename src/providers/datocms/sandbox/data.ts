/** Demo project for the DatoCMS simulator, in DatoCMS's wire format. */
import type { SandboxIdp } from '../../../sandbox/idp/server.ts';
import { SANDBOX_IDP_PATHS } from '../../../sandbox/idp/tenants.ts';

export interface DemoRole {
  type: 'role';
  id: string;
  attributes: Record<string, unknown> & { name: string; can_manage_sso: boolean };
  relationships: { inherits_permissions_from: { data: { type: 'role'; id: string }[] } };
}

export interface DemoSsoSettings {
  id: string;
  idp_saml_metadata_url: string | null;
  idp_saml_metadata_xml: string | null;
  saml_token: string;
  /** Sent by DatoCMS only in some responses; the gateway must never pass it on. */
  scim_api_token: string;
  default_role_id: string | null;
}

export const ADMIN_ROLE_ID = '101';
export const EDITOR_ROLE_ID = '102';
export const SSO_VIEWER_ROLE_ID = '103';
export const TRANSLATOR_ROLE_ID = '104';
export const DEVELOPER_ROLE_ID = '105';

const NO_PERMISSIONS = {
  can_edit_site: false,
  can_edit_schema: false,
  can_edit_favicon: false,
  can_edit_environment: false,
  can_manage_users: false,
  can_manage_sso: false,
  can_manage_access_tokens: false,
  can_manage_webhooks: false,
  can_manage_environments: false,
  can_promote_environments: false,
  can_access_audit_log: false,
  can_perform_site_search: false,
  can_manage_build_triggers: false,
  environments_access: 'primary_only',
  positive_item_type_permissions: [],
  negative_item_type_permissions: [],
  positive_upload_permissions: [],
  negative_upload_permissions: [],
};

function role(id: string, name: string, permissions: Record<string, unknown>): DemoRole {
  return {
    type: 'role',
    id,
    attributes: { ...NO_PERMISSIONS, can_manage_sso: false, ...permissions, name },
    relationships: { inherits_permissions_from: { data: [] } },
  };
}

export function demoRoles(): DemoRole[] {
  const everything = Object.fromEntries(
    Object.keys(NO_PERMISSIONS)
      .filter((key) => key.startsWith('can_'))
      .map((key) => [key, true]),
  );
  return [
    role(ADMIN_ROLE_ID, 'Admin', { ...everything, environments_access: 'all' }),
    role(EDITOR_ROLE_ID, 'Editor', {
      can_perform_site_search: true,
      positive_item_type_permissions: [{ item_type: null, action: 'all', environment: 'main' }],
    }),
    role(SSO_VIEWER_ROLE_ID, 'SSO Viewer', { can_access_audit_log: true, environments_access: 'none' }),
    role(TRANSLATOR_ROLE_ID, 'Translator', { can_edit_environment: true }),
    role(DEVELOPER_ROLE_ID, 'Developer', {
      can_edit_schema: true,
      can_manage_webhooks: true,
      can_manage_environments: true,
      can_manage_build_triggers: true,
      environments_access: 'sandbox_only',
    }),
  ];
}

/** The site's SSO points at the sandbox IdP's Okta app, whose metadata the gateway can really read. */
export function demoSsoSettings(idp: SandboxIdp): DemoSsoSettings {
  return {
    id: '48213',
    idp_saml_metadata_url: idp.url(SANDBOX_IDP_PATHS.oktaCmsApp),
    idp_saml_metadata_xml: null,
    saml_token: '7f3a9c2e1b0d4f6a8c5e2b9d1f7a3c',
    scim_api_token: 'demo-fake-scim-token-0c9b8a7f6e5d',
    default_role_id: EDITOR_ROLE_ID,
  };
}
