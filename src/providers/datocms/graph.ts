/**
 * DatoCMS in the graph: the project's SSO settings (a Relay node and its `SsoConnection`), its
 * roles (so a client can pick a default role), the queries that read them and the one mutation.
 */
import { z } from 'zod';
import { type GatewayContext, loadersOf } from '../../context.ts';
import { builder } from '../../graph/builder.ts';
import { SsoConnection } from '../../graph/sso-connection.ts';
import { ssoConnectionEntity } from '../../graph/sso-entity.ts';
import { ssoMutation } from '../../graph/sso-mutation.ts';
import { metadataUrl, upstreamId } from '../../graph/validators.ts';
import { planSettingsUpdate } from './dry-run.ts';
import type { Role, SsoSettings } from './wire.ts';

export const DatoCmsRole = builder.objectRef<Role>('DatoCmsRole');
export const DatoCmsSsoSettings = builder.objectRef<SsoSettings>('DatoCmsSsoSettings');

const permission = (description: string) =>
  ({ nullable: true, description: `${description} Null when DatoCMS did not send the flag.` }) as const;

builder.node(DatoCmsRole, {
  description: 'A role of the DatoCMS project: a named set of permissions given to users (and SSO users without a group).',
  id: { resolve: (role) => role.roleId },
  loadWithoutCache: (roleId, context) => loadersOf(context, 'datocms').roleById.load(roleId),
  fields: (t) => ({
    roleId: t.exposeString('roleId', { description: 'The DatoCMS role id (wire `id`); use it as `defaultRoleId`.' }),
    name: t.exposeString('name'),
    canManageSso: t.exposeBoolean('canManageSso', permission('Can manage Single Sign-On settings.')),
    canEditSite: t.exposeBoolean('canEditSite', permission('Can change the project name and 2FA settings.')),
    canEditSchema: t.exposeBoolean('canEditSchema', permission('Can create and edit models and plugins.')),
    canEditFavicon: t.exposeBoolean('canEditFavicon', permission('Can edit the favicon, global SEO and no-index policy.')),
    canEditEnvironment: t.exposeBoolean('canEditEnvironment', permission('Can change locales, timezone and UI theme.')),
    canManageUsers: t.exposeBoolean('canManageUsers', permission('Can edit roles and invite or remove collaborators.')),
    canManageAccessTokens: t.exposeBoolean('canManageAccessTokens', permission('Can manage API tokens.')),
    canManageWebhooks: t.exposeBoolean('canManageWebhooks', permission('Can create and edit webhooks.')),
    canManageEnvironments: t.exposeBoolean('canManageEnvironments', permission('Can create and delete sandbox environments.')),
    canPromoteEnvironments: t.exposeBoolean('canPromoteEnvironments', permission('Can promote environments to primary.')),
    canAccessAuditLog: t.exposeBoolean('canAccessAuditLog', permission('Can read the audit log.')),
    canPerformSiteSearch: t.exposeBoolean('canPerformSiteSearch', permission('Can call the Site Search API.')),
    environmentsAccess: t.exposeString('environmentsAccess', {
      nullable: true,
      description: 'Which environments the role reaches, as DatoCMS names it: `all`, `primary_only`, `sandbox_only` or `none`.',
    }),
  }),
});

async function loadSsoSettings(settingsId: string, context: GatewayContext): Promise<SsoSettings | null> {
  const settings = await loadersOf(context, 'datocms').ssoSettings();
  return settings.settingsId === settingsId ? settings : null;
}

builder.node(DatoCmsSsoSettings, {
  description:
    "The DatoCMS project's SAML SSO settings, its one SSO connection. DatoCMS gives the connection no name " +
    '(displayName is null), routes users by SSO groups rather than e-mail domains (domains is empty) and ' +
    'keeps no IdP certificates: `certificates` are read from its metadata URL or XML. Status is ACTIVE once a metadata URL or ' +
    'XML is set, else PENDING.',
  interfaces: [SsoConnection],
  id: { resolve: (settings) => settings.settingsId },
  loadWithoutCache: loadSsoSettings,
  fields: (t) => ({
    settingsId: t.exposeString('settingsId', { description: 'The DatoCMS id of the settings resource (wire `id`).' }),
    idpSamlMetadataUrl: t.exposeString('idpSamlMetadataUrl', { nullable: true, description: 'URL of the IdP SAML metadata.' }),
    idpSamlMetadataXml: t.exposeString('idpSamlMetadataXml', {
      nullable: true,
      description: 'The IdP SAML metadata document, when it was given as XML instead of a URL.',
    }),
    scimBaseUrl: t.exposeString('scimBaseUrl', { description: 'Base URL the IdP provisions users and groups through (SCIM).' }),
    samlAcsUrl: t.exposeString('samlAcsUrl', { description: 'Assertion consumer service URL to enter in the IdP.' }),
    spSamlMetadataUrl: t.exposeString('spSamlMetadataUrl', {
      description: 'DatoCMS service-provider metadata URL; also its SAML entity ID.',
    }),
    spSamlBaseUrl: t.exposeString('spSamlBaseUrl'),
    samlToken: t.exposeString('samlToken', {
      nullable: true,
      authScopes: { ssoSecrets: true },
      description:
        'The token inside the service-provider URLs above. Needs the `sso:secrets` scope (null with an error otherwise). ' +
        'Note: SAML makes those SP URLs public (the IdP and every browser see them), so this guard keeps the token out of ' +
        'plain listings but does not make it secret.',
    }),
    scimApiToken: t.exposeString('scimApiToken', {
      nullable: true,
      authScopes: { ssoSecrets: true },
      description: 'The SCIM provisioning token, when DatoCMS includes it (it is absent from plain reads). Needs the `sso:secrets` scope.',
    }),
    defaultRole: t.field({
      type: DatoCmsRole,
      nullable: true,
      description: 'Role given to SSO users in no SSO group; null when none is set or the role no longer exists.',
      resolve: (settings, _args, context) =>
        settings.defaultRoleId ? loadersOf(context, 'datocms').roleById.load(settings.defaultRoleId) : null,
    }),
  }),
});

ssoConnectionEntity(DatoCmsSsoSettings, { load: loadSsoSettings, upstreamKey: ['settingsId'] });

builder.queryFields((t) => ({
  datoCmsSsoSettings: t.field({
    type: DatoCmsSsoSettings,
    nullable: true,
    description: 'The SSO settings of the configured DatoCMS project (GET /sso-settings); null when DatoCMS cannot be read (see errors).',
    resolve: (_root, _args, context) => loadersOf(context, 'datocms').ssoSettings(),
  }),
  datoCmsRoles: t.field({
    type: [DatoCmsRole],
    nullable: { list: true, items: false },
    description: 'Every role of the project (GET /roles, which DatoCMS does not page), to pick a `defaultRoleId` from.',
    resolve: (_root, _args, context) => loadersOf(context, 'datocms').allRoles(),
  }),
}));

/**
 * IdP metadata documents are a few KB (tens with many certificates). Kept below the gateway's
 * request body limit (GATEWAY_MAX_BODY_BYTES, 100 KB) so an oversized document gets this field's
 * clear error rather than a 413 for the whole request.
 */
const MAX_XML_BYTES = 64 * 1024;

const metadataXml = z
  .string()
  .refine((value) => value.trim() !== '', 'must not be empty')
  .refine((value) => Buffer.byteLength(value, 'utf8') <= MAX_XML_BYTES, 'must be at most 64 KB')
  .refine((value) => value.trim().startsWith('<'), 'must be an XML document starting with <');

const UpdateDatoCmsSsoSettingsInput = builder.inputType('UpdateDatoCmsSsoSettingsInput', {
  description: 'Only the fields given are sent to DatoCMS. Give at least one.',
  fields: (t) => ({
    idpSamlMetadataUrl: t.string({
      required: false,
      description: 'The IdP SAML metadata URL (https). `null` clears it; leaving it out keeps it.',
      validate: { schema: metadataUrl },
    }),
    idpSamlMetadataXml: t.string({
      required: false,
      description: 'The IdP SAML metadata XML (at most 64 KB). `null` clears it; leaving it out keeps it.',
      validate: { schema: metadataXml },
    }),
    defaultRoleId: t.string({
      required: false,
      description:
        'The `roleId` of the role for SSO users in no SSO group. DatoCMS cannot unset the default role: it can ' +
        'only be replaced by another role, so `null` is refused.',
      validate: { schema: upstreamId },
    }),
  }),
  validate: [
    [
      (input) => input.defaultRoleId !== null,
      { message: 'DatoCMS cannot unset the default role; give another role id or leave the field out', path: ['defaultRoleId'] },
    ],
    [
      (input) => input.idpSamlMetadataUrl !== undefined || input.idpSamlMetadataXml !== undefined || input.defaultRoleId !== undefined,
      { message: 'give idpSamlMetadataUrl, idpSamlMetadataXml or defaultRoleId: there is nothing to update' },
    ],
  ],
});

const UpdateDatoCmsSsoSettingsPayload = builder.objectRef<{ ssoSettings: SsoSettings }>('UpdateDatoCmsSsoSettingsPayload').implement({
  description: 'The SSO settings as DatoCMS returned them after the update.',
  fields: (t) => ({
    ssoSettings: t.field({ type: DatoCmsSsoSettings, resolve: (result) => result.ssoSettings }),
  }),
});

/** The GraphQL input as DatoCMS's write: the default role cannot be unset, so null is "not given". */
function settingsWriteOf(input: { idpSamlMetadataUrl?: string | null; idpSamlMetadataXml?: string | null; defaultRoleId?: string | null }) {
  return {
    idpSamlMetadataUrl: input.idpSamlMetadataUrl,
    idpSamlMetadataXml: input.idpSamlMetadataXml,
    defaultRoleId: input.defaultRoleId ?? undefined,
  };
}

ssoMutation('updateDatoCmsSsoSettings', {
  provider: 'datocms',
  description: 'PUT /sso-settings with only the attributes (and default role) given.',
  input: UpdateDatoCmsSsoSettingsInput,
  payload: UpdateDatoCmsSsoSettingsPayload,
  plan: (input, context) => planSettingsUpdate(loadersOf(context, 'datocms'), settingsWriteOf(input)),
  write: async (input, context) => ({ ssoSettings: await loadersOf(context, 'datocms').updateSsoSettings(settingsWriteOf(input)) }),
});
