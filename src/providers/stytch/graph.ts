/**
 * Stytch B2B in the graph: an organization's SSO connections, SAML and OIDC connections as
 * `SsoConnection` nodes (global id = organization id + connection id), and the one write Stytch
 * offers by URL: point a SAML connection at the IdP's metadata URL.
 */
import { type GatewayContext, loadersOf } from '../../context.ts';
import { builder } from '../../graph/builder.ts';
import { NotFoundError } from '../../graph/errors.ts';
import { joinKey, splitKey } from '../../graph/node.ts';
import { SsoConnection } from '../../graph/sso-connection.ts';
import { ssoConnectionEntity } from '../../graph/sso-entity.ts';
import { ssoMutation } from '../../graph/sso-mutation.ts';
import { metadataUrl, upstreamId } from '../../graph/validators.ts';
import { planUpdateByUrl } from './dry-run.ts';
import { StytchExternalConnectionRef, StytchGroupRoleAssignment, StytchRoleAssignment, StytchX509Certificate } from './graph-objects.ts';
import type { StytchOidcConnection, StytchOrganizationSso, StytchSamlConnection } from './model.ts';

const DOMAINS_NOTE =
  "`domains` are the organization's `email_allowed_domains` when this request discovered organizations through " +
  'Stytch search (the cross-provider listing without STYTCH_ORGANIZATION_IDS); otherwise Stytch did not say, and the list is empty. ' +
  '`idpMetadataUrl` is always null: Stytch keeps what it read from a metadata URL, never the URL.';

export const StytchSamlConnectionRef = builder.objectRef<StytchSamlConnection>('StytchSamlConnection');
export const StytchOidcConnectionRef = builder.objectRef<StytchOidcConnection>('StytchOidcConnection');

function loadByKey<T>(key: string, load: (organizationId: string, connectionId: string) => Promise<T | null>): Promise<T | null> {
  const parts = splitKey(key, 2);
  return parts ? load(parts[0] ?? '', parts[1] ?? '') : Promise.resolve(null);
}

function loaders(context: GatewayContext) {
  return loadersOf(context, 'stytch');
}

const loadSaml = (key: string, context: GatewayContext) => loadByKey(key, (org, id) => loaders(context).samlConnection(org, id));
const loadOidc = (key: string, context: GatewayContext) => loadByKey(key, (org, id) => loaders(context).oidcConnection(org, id));

const stytchStatusField = {
  nullable: false,
  description:
    'Stytch status word as sent (`pending` until IdP entity id, SSO URL, a certificate and attribute mapping are set; then `active`).',
} as const;

builder.node(StytchSamlConnectionRef, {
  description: `A SAML connection of a Stytch B2B organization. Encryption private keys are never exposed. ${DOMAINS_NOTE}`,
  interfaces: [SsoConnection],
  id: { resolve: (connection) => joinKey(connection.organizationId, connection.connectionId) },
  loadWithoutCache: loadSaml,
  fields: (t) => ({
    organizationId: t.exposeString('organizationId', { nullable: false }),
    connectionId: t.exposeString('connectionId', { nullable: false, description: 'Stytch connection id, e.g. `saml-connection-test-…`.' }),
    stytchStatus: t.exposeString('stytchStatus', stytchStatusField),
    idpSsoUrl: t.exposeString('idpSsoUrl', { nullable: true }),
    acsUrl: t.exposeString('acsUrl', { nullable: true, description: 'Where the IdP posts assertions (Stytch callback).' }),
    audienceUri: t.exposeString('audienceUri', { nullable: true, description: 'The SP entity id; Stytch sets it to the ACS URL.' }),
    signingCertificates: t.field({
      type: [StytchX509Certificate],
      nullable: false,
      description: "Stytch's own certificates, used to sign requests to the IdP.",
      resolve: (connection) => connection.signingCertificates,
    }),
    verificationCertificates: t.field({
      type: [StytchX509Certificate],
      nullable: false,
      description: "The IdP's certificates Stytch verifies assertions with (at most 5). Same as `certificates`, with ids and PEM.",
      resolve: (connection) => connection.verificationCertificates,
    }),
    samlConnectionImplicitRoleAssignments: t.field({
      type: [StytchRoleAssignment],
      nullable: false,
      resolve: (connection) => connection.samlConnectionImplicitRoleAssignments,
    }),
    samlGroupImplicitRoleAssignments: t.field({
      type: [StytchGroupRoleAssignment],
      nullable: false,
      resolve: (connection) => connection.samlGroupImplicitRoleAssignments,
    }),
    alternativeAudienceUri: t.exposeString('alternativeAudienceUri', { nullable: true }),
    identityProvider: t.exposeString('identityProvider', {
      nullable: true,
      description: 'Stytch `identity_provider`, e.g. `okta`, `microsoft-entra`, `generic`; a string because Stytch adds values.',
    }),
    nameidFormat: t.exposeString('nameidFormat', { nullable: true }),
    alternativeAcsUrl: t.exposeString('alternativeAcsUrl', { nullable: true }),
    idpInitiatedAuthDisabled: t.exposeBoolean('idpInitiatedAuthDisabled', { nullable: true }),
    allowGatewayCallback: t.exposeBoolean('allowGatewayCallback', { nullable: true }),
    attributeMapping: t.expose('attributeMapping', {
      type: 'JSON',
      nullable: true,
      description: 'Stytch attribute names mapped to the IdP attribute names, as sent.',
    }),
  }),
});

builder.node(StytchOidcConnectionRef, {
  description: `An OIDC connection of a Stytch B2B organization. The client secret needs the \`sso:secrets\` scope. ${DOMAINS_NOTE}`,
  interfaces: [SsoConnection],
  id: { resolve: (connection) => joinKey(connection.organizationId, connection.connectionId) },
  loadWithoutCache: loadOidc,
  fields: (t) => ({
    organizationId: t.exposeString('organizationId', { nullable: false }),
    connectionId: t.exposeString('connectionId', { nullable: false, description: 'Stytch connection id, e.g. `oidc-connection-test-…`.' }),
    stytchStatus: t.exposeString('stytchStatus', stytchStatusField),
    redirectUrl: t.exposeString('redirectUrl', { nullable: true, description: 'The callback URL to register at the IdP.' }),
    clientId: t.exposeString('clientId', { nullable: true }),
    clientSecret: t.exposeString('clientSecret', {
      nullable: true,
      authScopes: { ssoSecrets: true },
      description: 'The OIDC client secret. Needs the `sso:secrets` scope (null with an error otherwise).',
    }),
    issuer: t.exposeString('issuer', { nullable: true }),
    authorizationUrl: t.exposeString('authorizationUrl', { nullable: true }),
    tokenUrl: t.exposeString('tokenUrl', { nullable: true }),
    userinfoUrl: t.exposeString('userinfoUrl', { nullable: true }),
    jwksUrl: t.exposeString('jwksUrl', { nullable: true }),
    identityProvider: t.exposeString('identityProvider', { nullable: true }),
    customScopes: t.exposeString('customScopes', { nullable: true, description: 'Extra scopes, space separated, as Stytch sends them.' }),
    attributeMapping: t.expose('attributeMapping', { type: 'JSON', nullable: true }),
  }),
});

ssoConnectionEntity(StytchSamlConnectionRef, { load: loadSaml, upstreamKey: ['organizationId', 'connectionId'] });
ssoConnectionEntity(StytchOidcConnectionRef, { load: loadOidc, upstreamKey: ['organizationId', 'connectionId'] });

const StytchSsoConnectionsRef = builder.objectRef<StytchOrganizationSso>('StytchSsoConnections').implement({
  description: 'Every SSO connection of one Stytch organization (GET /v1/b2b/sso/{organization_id}).',
  fields: (t) => ({
    organizationId: t.exposeString('organizationId', { nullable: false }),
    samlConnections: t.field({ type: [StytchSamlConnectionRef], nullable: false, resolve: (sso) => sso.samlConnections }),
    oidcConnections: t.field({ type: [StytchOidcConnectionRef], nullable: false, resolve: (sso) => sso.oidcConnections }),
    externalConnections: t.field({ type: [StytchExternalConnectionRef], nullable: false, resolve: (sso) => sso.externalConnections }),
  }),
});

const organizationIdArg = {
  description: 'Stytch organization id (Stytch also accepts the slug).',
  validate: { schema: upstreamId },
} as const;

builder.queryFields((t) => ({
  stytchSsoConnections: t.field({
    type: StytchSsoConnectionsRef,
    // Nullable like every provider root field: one failing upstream must not null sibling fields.
    nullable: true,
    description: "An organization's SAML, OIDC and external connections. A NOT_FOUND error when Stytch has no such organization.",
    args: { organizationId: t.arg.string({ required: true, ...organizationIdArg }) },
    resolve: async (_root, args, context) => {
      const sso = await loaders(context).connectionsByOrganization.load(args.organizationId);
      if (!sso) throw new NotFoundError('Stytch has no such organization', 'stytch');
      return sso;
    },
  }),
  stytchSamlConnection: t.field({
    type: StytchSamlConnectionRef,
    nullable: true,
    description: 'One SAML connection; null when the organization or the connection does not exist.',
    args: {
      organizationId: t.arg.string({ required: true, ...organizationIdArg }),
      connectionId: t.arg.string({ required: true, validate: { schema: upstreamId } }),
    },
    resolve: (_root, args, context) => loaders(context).samlConnection(args.organizationId, args.connectionId),
  }),
}));

const UpdateStytchSamlConnectionByUrlInput = builder.inputType('UpdateStytchSamlConnectionByUrlInput', {
  fields: (t) => ({
    organizationId: t.string({ required: true, ...organizationIdArg }),
    connectionId: t.string({ required: true, validate: { schema: upstreamId } }),
    metadataUrl: t.string({
      required: true,
      description: "The IdP's SAML metadata URL (https). Stytch fetches it and fills the IdP entity id, SSO URL and certificate.",
      validate: { schema: metadataUrl },
    }),
  }),
});

const UpdateStytchSamlConnectionByUrlPayload = builder
  .objectRef<{ connection: StytchSamlConnection | null }>('UpdateStytchSamlConnectionByUrlPayload')
  .implement({
    description: 'The SAML connection after Stytch read the metadata URL.',
    fields: (t) => ({
      connection: t.field({
        type: StytchSamlConnectionRef,
        nullable: true,
        description: 'Null only if Stytch answers without the connection, which its API schema allows.',
        resolve: (result) => result.connection,
      }),
    }),
  });

function targetOf(input: { organizationId: string; connectionId: string; metadataUrl: string }) {
  return { organizationId: input.organizationId, connectionId: input.connectionId, metadataUrl: input.metadataUrl.trim() };
}

ssoMutation('updateStytchSamlConnectionByUrl', {
  provider: 'stytch',
  description:
    'PUT /v1/b2b/sso/saml/{organization_id}/connections/{connection_id}/url. With a forwarded member session, ' +
    'Stytch requires `update` on `stytch.sso` in the same organization.',
  input: UpdateStytchSamlConnectionByUrlInput,
  payload: UpdateStytchSamlConnectionByUrlPayload,
  plan: (input, context) => planUpdateByUrl(loaders(context), context.metadata, targetOf(input), context.call.signal),
  write: async (input, context) => {
    const target = targetOf(input);
    return { connection: await loaders(context).updateSamlConnectionByUrl(target.organizationId, target.connectionId, target.metadataUrl) };
  },
});
