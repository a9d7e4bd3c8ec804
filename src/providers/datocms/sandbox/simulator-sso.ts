/** The `/sso-settings` resource of the DatoCMS simulator: its JSON:API shape and PUT validation. */
import type { SimReply } from '../../../sandbox/simulator-kit.ts';
import type { DemoRole, DemoSsoSettings } from './data.ts';
import type { ApiError } from './simulator.ts';

const SSO_HOST = 'https://sso.datocms.com';
const WRITABLE = new Set(['idp_saml_metadata_url', 'idp_saml_metadata_xml']);

type SettingsPatch = Partial<Pick<DemoSsoSettings, 'idp_saml_metadata_url' | 'idp_saml_metadata_xml' | 'default_role_id'>>;

/**
 * `scim_api_token` is in DatoCMS's response schema (optional) though absent from its GET
 * examples; the simulator sends it so tests prove the gateway never passes it on.
 */
export function settingsResource(settings: DemoSsoSettings) {
  const base = `${SSO_HOST}/${settings.saml_token}/saml`;
  return {
    type: 'sso_settings',
    id: settings.id,
    attributes: {
      idp_saml_metadata_url: settings.idp_saml_metadata_url,
      idp_saml_metadata_xml: settings.idp_saml_metadata_xml,
      scim_base_url: `${SSO_HOST}/scim`,
      saml_acs_url: `${base}/consume`,
      sp_saml_metadata_url: `${base}/metadata`,
      sp_saml_base_url: base,
      saml_token: settings.saml_token,
      scim_api_token: settings.scim_api_token,
    },
    relationships: {
      default_role: { data: settings.default_role_id ? { type: 'role', id: settings.default_role_id } : null },
    },
  };
}

/** The changes a PUT document asks for, or DatoCMS's 422 for the first problem found. */
export function validateSsoSettingsBody(
  body: unknown,
  settings: DemoSsoSettings,
  roles: Map<string, DemoRole>,
  apiError: ApiError,
): SettingsPatch | SimReply {
  const invalid = (field: string, code: string) => apiError(422, 'INVALID_FIELD', { field, code });
  const data = isObject(body) ? body.data : undefined;
  if (!isObject(data)) return invalid('data', 'VALIDATION_REQUIRED');
  if (data.type !== 'sso_settings') return apiError(422, 'INVALID_TYPE', { field: 'type', expected: 'sso_settings' });
  if (data.id !== undefined && data.id !== settings.id) return invalid('id', 'VALIDATION_INVALID');

  const patch: SettingsPatch = {};
  if (data.attributes !== undefined) {
    if (!isObject(data.attributes)) return invalid('attributes', 'VALIDATION_INVALID');
    const unknown = Object.keys(data.attributes).find((key) => !WRITABLE.has(key));
    if (unknown) return invalid(unknown, 'VALIDATION_INVALID');
    const { idp_saml_metadata_url: url, idp_saml_metadata_xml: xml } = data.attributes;
    if (url !== undefined) {
      if (url !== null && !isHttpUrl(url)) return invalid('idp_saml_metadata_url', 'VALIDATION_FORMAT');
      patch.idp_saml_metadata_url = url;
    }
    if (xml !== undefined) {
      if (xml !== null && typeof xml !== 'string') return invalid('idp_saml_metadata_xml', 'VALIDATION_INVALID');
      patch.idp_saml_metadata_xml = xml;
    }
  }
  if (data.relationships !== undefined) {
    const relationships = isObject(data.relationships) ? data.relationships : {};
    const role = isObject(relationships.default_role) ? relationships.default_role.data : undefined;
    // The request schema allows a role linkage only: the default role can be changed, not removed.
    if (!isObject(role) || typeof role.id !== 'string') return invalid('default_role', 'VALIDATION_REQUIRED');
    if (role.type !== 'role') return apiError(422, 'INVALID_TYPE', { field: 'default_role', expected: 'role' });
    if (!roles.has(role.id)) return apiError(422, 'INVALID_RELATIONSHIP', { field: 'default_role', code: 'VALIDATION_NOT_FOUND' });
    patch.default_role_id = role.id;
  }
  return patch;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isHttpUrl(value: unknown): value is string {
  if (typeof value !== 'string' || !URL.canParse(value)) return false;
  const { protocol } = new URL(value);
  return protocol === 'https:' || protocol === 'http:';
}
