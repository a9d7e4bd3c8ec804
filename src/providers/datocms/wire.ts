/**
 * DatoCMS's JSON:API documents exactly as they are sent (snake_case attributes), and the mapping
 * to the gateway's camelCase model. Nothing outside this slice sees a wire type.
 *
 * `saml_token` and `scim_api_token` are secrets: the graph shows them only to callers with the
 * `sso:secrets` scope, and nothing logs response bodies.
 */
import { z } from 'zod';
import type { SsoConnectionShape } from '../../graph/sso-connection.ts';

const flag = z.boolean().nullable().optional();
const linkage = (type: string) => z.object({ type: z.literal(type), id: z.string() });

export const ApiErrorListWire = z.object({
  data: z.array(
    z.object({
      id: z.string().optional(),
      type: z.literal('api_error'),
      attributes: z.object({ code: z.string(), transient: z.boolean().optional() }),
    }),
  ),
});

const SsoSettingsResourceWire = z.object({
  type: z.literal('sso_settings'),
  id: z.string(),
  attributes: z.object({
    idp_saml_metadata_url: z.string().nullable(),
    idp_saml_metadata_xml: z.string().nullable().optional(),
    scim_base_url: z.string(),
    saml_acs_url: z.string(),
    sp_saml_metadata_url: z.string(),
    sp_saml_base_url: z.string(),
    saml_token: z.string(),
    scim_api_token: z.string().nullable().optional(),
  }),
  relationships: z.object({ default_role: z.object({ data: linkage('role').nullable() }) }),
});

export const SsoSettingsWire = z.object({ data: SsoSettingsResourceWire });

/** New permission flags appear over time; only these are read, and each may be missing. */
const RoleResourceWire = z.object({
  type: z.literal('role'),
  id: z.string(),
  attributes: z.object({
    name: z.string(),
    can_edit_site: flag,
    can_edit_schema: flag,
    can_edit_favicon: flag,
    can_edit_environment: flag,
    can_manage_users: flag,
    can_manage_sso: flag,
    can_manage_access_tokens: flag,
    can_manage_webhooks: flag,
    can_manage_environments: flag,
    can_promote_environments: flag,
    can_access_audit_log: flag,
    can_perform_site_search: flag,
    environments_access: z.string().nullable().optional(),
  }),
});

export const RoleWire = z.object({ data: RoleResourceWire });
export const RoleListWire = z.object({ data: z.array(RoleResourceWire) });

type RoleResourceWire = z.infer<typeof RoleResourceWire>;
type SsoSettingsResourceWire = z.infer<typeof SsoSettingsResourceWire>;

export interface Role {
  roleId: string;
  name: string;
  canEditSite: boolean | null;
  canEditSchema: boolean | null;
  canEditFavicon: boolean | null;
  canEditEnvironment: boolean | null;
  canManageUsers: boolean | null;
  canManageSso: boolean | null;
  canManageAccessTokens: boolean | null;
  canManageWebhooks: boolean | null;
  canManageEnvironments: boolean | null;
  canPromoteEnvironments: boolean | null;
  canAccessAuditLog: boolean | null;
  canPerformSiteSearch: boolean | null;
  environmentsAccess: string | null;
}

export function toRole(wire: RoleResourceWire): Role {
  const a = wire.attributes;
  return {
    roleId: wire.id,
    name: a.name,
    canEditSite: a.can_edit_site ?? null,
    canEditSchema: a.can_edit_schema ?? null,
    canEditFavicon: a.can_edit_favicon ?? null,
    canEditEnvironment: a.can_edit_environment ?? null,
    canManageUsers: a.can_manage_users ?? null,
    canManageSso: a.can_manage_sso ?? null,
    canManageAccessTokens: a.can_manage_access_tokens ?? null,
    canManageWebhooks: a.can_manage_webhooks ?? null,
    canManageEnvironments: a.can_manage_environments ?? null,
    canPromoteEnvironments: a.can_promote_environments ?? null,
    canAccessAuditLog: a.can_access_audit_log ?? null,
    canPerformSiteSearch: a.can_perform_site_search ?? null,
    environmentsAccess: a.environments_access ?? null,
  };
}

/** The site's SSO settings, which are also its one `SsoConnection`. */
export interface SsoSettings extends SsoConnectionShape {
  settingsId: string;
  idpSamlMetadataUrl: string | null;
  idpSamlMetadataXml: string | null;
  scimBaseUrl: string;
  samlAcsUrl: string;
  spSamlMetadataUrl: string;
  spSamlBaseUrl: string;
  samlToken: string;
  scimApiToken: string | null;
  defaultRoleId: string | null;
}

/**
 * DatoCMS names no connection and routes users by SSO groups rather than e-mail domains, so those
 * stay null/empty; IdP certificates come from the metadata it keeps. "Configured" (a metadata URL or XML is set) is the
 * only status signal it gives.
 */
export function toSsoSettings(wire: SsoSettingsResourceWire): SsoSettings {
  const a = wire.attributes;
  const url = a.idp_saml_metadata_url;
  const xml = a.idp_saml_metadata_xml ?? null;
  return {
    __typename: 'DatoCmsSsoSettings',
    provider: 'datocms',
    protocol: 'SAML',
    displayName: null,
    idpMetadataUrl: url,
    domains: [],
    status: url || xml ? 'ACTIVE' : 'PENDING',
    key: wire.id,
    // DatoCMS keeps the IdP's metadata, not its certificates: those are read from the metadata.
    certificates: [],
    idpEntityId: null,
    idpMetadata: url ? { url } : xml ? { xml } : null,
    settingsId: wire.id,
    idpSamlMetadataUrl: url,
    idpSamlMetadataXml: xml,
    scimBaseUrl: a.scim_base_url,
    samlAcsUrl: a.saml_acs_url,
    spSamlMetadataUrl: a.sp_saml_metadata_url,
    spSamlBaseUrl: a.sp_saml_base_url,
    samlToken: a.saml_token,
    scimApiToken: a.scim_api_token ?? null,
    defaultRoleId: wire.relationships.default_role.data?.id ?? null,
  };
}

/** `undefined` leaves a field as it is; `null` clears the metadata URL or XML. */
export interface SsoSettingsWrite {
  idpSamlMetadataUrl?: string | null | undefined;
  idpSamlMetadataXml?: string | null | undefined;
  defaultRoleId?: string | undefined;
}

/** The PUT document: only the attributes and relationship the caller gave. */
export function toSsoSettingsBody(write: SsoSettingsWrite): Record<string, unknown> {
  const attributes: Record<string, string | null> = {};
  if (write.idpSamlMetadataUrl !== undefined) attributes.idp_saml_metadata_url = write.idpSamlMetadataUrl?.trim() ?? null;
  if (write.idpSamlMetadataXml !== undefined) attributes.idp_saml_metadata_xml = write.idpSamlMetadataXml;
  const data: Record<string, unknown> = { type: 'sso_settings' };
  if (Object.keys(attributes).length > 0) data.attributes = attributes;
  if (write.defaultRoleId !== undefined) {
    data.relationships = { default_role: { data: { type: 'role', id: write.defaultRoleId } } };
  }
  return { data };
}
