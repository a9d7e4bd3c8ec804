/**
 * Logto in the graph: SSO connectors (Relay nodes that are also `SsoConnection`s), the providers
 * Logto offers, and create/update/delete of connectors.
 */
import { z } from 'zod';
import { type GatewayContext, loadersOf } from '../../context.ts';
import { builder } from '../../graph/builder.ts';
import { resolvePageNumberConnection } from '../../graph/paging.ts';
import { SsoConnection } from '../../graph/sso-connection.ts';
import { ssoConnectionEntity } from '../../graph/sso-entity.ts';
import { ssoMutation } from '../../graph/sso-mutation.ts';
import { domainName, upstreamId } from '../../graph/validators.ts';
import { connectorConfig } from './connector-config.ts';
import { planCreate, planDelete, planUpdate } from './dry-run.ts';
import { type Branding, LOGTO_PROVIDER_NAMES, type LogtoSsoConnector, type LogtoSsoConnectorProvider } from './wire.ts';

const BrandingRef = builder.objectRef<Branding>('LogtoSsoConnectorBranding').implement({
  description: 'How the connector is shown on the Logto sign-in page.',
  fields: (t) => ({
    displayName: t.exposeString('displayName', { nullable: true }),
    logo: t.exposeString('logo', { nullable: true, description: 'Logo URL for light backgrounds.' }),
    darkLogo: t.exposeString('darkLogo', { nullable: true, description: 'Logo URL for dark backgrounds.' }),
  }),
});

const ProviderRef = builder.objectRef<LogtoSsoConnectorProvider>('LogtoSsoConnectorProvider').implement({
  description: 'A kind of SSO connector Logto can create (`GET /api/sso-connector-providers`).',
  fields: (t) => ({
    providerName: t.exposeString('providerName', { description: 'The value `providerName` takes on create, e.g. `SAML`, `AzureAD`.' }),
    providerType: t.exposeString('providerType', { description: '`saml` or `oidc`.' }),
    logo: t.exposeString('logo'),
    logoDark: t.exposeString('logoDark', { nullable: true }),
    description: t.exposeString('description'),
    name: t.exposeString('name', { description: "Logto's localised name of the provider." }),
  }),
});

export const LogtoSsoConnectorRef = builder.objectRef<LogtoSsoConnector>('LogtoSsoConnector');

const loadConnector = (id: string, context: GatewayContext) => loadersOf(context, 'logto').connectorById.load(id);

builder.node(LogtoSsoConnectorRef, {
  description:
    'A Logto enterprise SSO connector. Logto has no status field, so `status` is derived: ACTIVE when Logto ' +
    'could fetch the IdP details (`providerConfig` present), PENDING when the config lacks what the protocol ' +
    'needs (SAML: metadataUrl, metadata, or entityId + signInEndpoint + x509Certificate; OIDC: clientId, ' +
    'clientSecret and issuer, Google Workspace without issuer), UNKNOWN otherwise (config complete but the IdP ' +
    'could not be reached). For SAML, `certificates` and `idpEntityId` are read from providerConfig (or the inline ' +
    'x509Certificate / entityId of the config); `ssoHealth` compares them with those at the metadata URL (drift).',
  interfaces: [SsoConnection],
  id: { resolve: (connector) => connector.connectorId },
  loadWithoutCache: loadConnector,
  fields: (t) => ({
    connectorId: t.exposeString('connectorId', { description: "Logto's connector id (wire `id`)." }),
    tenantId: t.exposeString('tenantId'),
    providerName: t.exposeString('providerName', { description: `One of ${LOGTO_PROVIDER_NAMES.join(', ')}.` }),
    connectorName: t.exposeString('connectorName', { description: 'Unique per tenant, 1–128 characters.' }),
    config: t.expose('config', {
      type: 'JSON',
      description:
        'The connector config with secret keys (clientSecret, private keys, passwords) removed. ' +
        'An update replaces the config whole, so send the secret again when changing it.',
    }),
    clientSecret: t.exposeString('clientSecret', {
      nullable: true,
      authScopes: { ssoSecrets: true },
      description: "An OIDC connector's client secret (from its config). Needs the `sso:secrets` scope (null with an error otherwise).",
    }),
    branding: t.field({
      type: BrandingRef,
      description: 'An update replaces the branding whole: fields left out are cleared.',
      resolve: (connector) => connector.branding,
    }),
    syncProfile: t.exposeBoolean('syncProfile', { description: 'Whether the user profile is refreshed from the IdP on every sign-in.' }),
    enableTokenStorage: t.exposeBoolean('enableTokenStorage', {
      nullable: true,
      description: 'OIDC only: whether IdP tokens are stored. Null when this Logto version does not report it.',
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    name: t.exposeString('name', { description: "Logto's localised name of the provider." }),
    providerType: t.exposeString('providerType', { description: '`saml` or `oidc`.' }),
    providerLogo: t.exposeString('providerLogo'),
    providerLogoDark: t.exposeString('providerLogoDark'),
    providerConfig: t.expose('providerConfig', {
      type: 'JSON',
      nullable: true,
      description:
        'IdP details Logto fetched with the config (endpoints, certificates), secret keys removed. ' +
        'Null when Logto could not fetch them.',
    }),
    connectorProvider: t.field({
      type: ProviderRef,
      nullable: true,
      description:
        "The connector's entry in Logto's provider catalogue (description, both logos). However many connectors " +
        'an operation lists, the catalogue is read once. Null when the catalogue cannot be read or lacks the provider.',
      resolve: (connector, _args, context) => loadersOf(context, 'logto').providerByName.load(connector.providerName),
    }),
  }),
});

ssoConnectionEntity(LogtoSsoConnectorRef, { load: loadConnector, upstreamKey: ['connectorId'] });

builder.queryFields((t) => ({
  logtoSsoConnectors: t.connection(
    {
      type: LogtoSsoConnectorRef,
      nullable: true,
      description: 'SSO connectors, paged over Logto `page`/`page_size` (at most 100 per page); null when Logto cannot be read.',
      resolve: (_root, args, context) => {
        const loaders = loadersOf(context, 'logto');
        return resolvePageNumberConnection(args, { defaultSize: 20, maxSize: 100 }, async (page, size) => {
          const result = await loaders.listPage(page, size);
          return { items: result.connectors, hasNext: result.hasNext, totalCount: result.totalCount };
        });
      },
    },
    {
      name: 'LogtoSsoConnectorConnection',
      fields: (c) => ({
        totalCount: c.int({
          nullable: true,
          description: "Number of connectors in the tenant (Logto's `Total-Number` header).",
          resolve: (connection) => connection.totalCount ?? null,
        }),
      }),
    },
    { name: 'LogtoSsoConnectorEdge' },
  ),
  logtoSsoConnector: t.field({
    type: LogtoSsoConnectorRef,
    nullable: true,
    description: 'One connector by its Logto id; null when Logto has none.',
    args: { connectorId: t.arg.string({ required: true, validate: { schema: upstreamId } }) },
    resolve: (_root, args, context) => loadersOf(context, 'logto').connectorById.load(args.connectorId),
  }),
  logtoSsoConnectorProviders: t.field({
    type: [ProviderRef],
    nullable: { list: true, items: false },
    description: 'The connector kinds this Logto tenant offers; null when Logto cannot be read.',
    resolve: (_root, _args, context) => loadersOf(context, 'logto').listProviders(),
  }),
}));

const httpsUrl = z
  .string()
  .trim()
  .max(2048, 'must be at most 2048 characters')
  .refine((value) => URL.canParse(value) && new URL(value).protocol === 'https:', 'must be an absolute https URL');

const BrandingInput = builder.inputType('LogtoSsoConnectorBrandingInput', {
  description: 'Replaces the branding whole: a field left out is cleared.',
  fields: (t) => ({
    displayName: t.string({
      required: false,
      validate: { schema: z.string().trim().min(1, 'must not be empty').max(128, 'must be at most 128 characters') },
    }),
    logo: t.string({ required: false, description: 'Absolute https URL.', validate: { schema: httpsUrl } }),
    darkLogo: t.string({ required: false, description: 'Absolute https URL.', validate: { schema: httpsUrl } }),
  }),
});

const fields = {
  connectorName: {
    description: 'Unique per tenant, 1–128 characters.',
    validate: { schema: z.string().trim().min(1, 'must not be empty').max(128, 'must be at most 128 characters') },
  },
  config: {
    description:
      'The provider config as a JSON object (at most 64 KiB), replaced whole. SAML: `metadataUrl`, `metadata` or ' +
      '`entityId` + `signInEndpoint` + `x509Certificate`; OIDC: `clientId`, `clientSecret`, `issuer`. Logto fetches ' +
      '`metadataUrl` and `issuer` itself, so both must be https URLs on no private, loopback, link-local or ' +
      'metadata-service address.',
    validate: { schema: connectorConfig },
  },
  domains: {
    description: 'E-mail domains routed to this connector, replaced whole. Lower-cased; Logto refuses public-mail domains.',
    validate: { maxLength: 100, items: { schema: domainName } },
  },
  syncProfile: { description: 'Refresh the user profile from the IdP on every sign-in.' },
} as const;

const CreateInput = builder.inputType('CreateLogtoSsoConnectorInput', {
  fields: (t) => ({
    providerName: t.string({
      required: true,
      description: `One of ${LOGTO_PROVIDER_NAMES.join(', ')} (see logtoSsoConnectorProviders).`,
      validate: { schema: z.enum(LOGTO_PROVIDER_NAMES, { error: `must be one of ${LOGTO_PROVIDER_NAMES.join(', ')}` }) },
    }),
    connectorName: t.string({ required: true, ...fields.connectorName }),
    config: t.field({ type: 'JSON', required: false, ...fields.config }),
    domains: t.stringList({ required: false, ...fields.domains }),
    branding: t.field({ type: BrandingInput, required: false }),
    syncProfile: t.boolean({ required: false, ...fields.syncProfile }),
  }),
});

const UpdateInput = builder.inputType('UpdateLogtoSsoConnectorInput', {
  description: 'Only the fields given are sent to Logto, and each one replaces the stored value whole. Give at least one.',
  fields: (t) => ({
    connectorId: t.string({ required: true, validate: { schema: upstreamId } }),
    connectorName: t.string({ required: false, ...fields.connectorName }),
    config: t.field({ type: 'JSON', required: false, ...fields.config }),
    domains: t.stringList({ required: false, ...fields.domains }),
    branding: t.field({ type: BrandingInput, required: false }),
    syncProfile: t.boolean({ required: false, ...fields.syncProfile }),
  }),
  validate: [
    (input) => [input.connectorName, input.config, input.domains, input.branding, input.syncProfile].some((value) => value != null),
    { message: 'give at least one of connectorName, config, domains, branding, syncProfile: there is nothing to update' },
  ],
});

const DeleteInput = builder.inputType('DeleteLogtoSsoConnectorInput', {
  fields: (t) => ({ connectorId: t.string({ required: true, validate: { schema: upstreamId } }) }),
});

function payload(name: string, description: string) {
  return builder.objectRef<{ connector: LogtoSsoConnector }>(name).implement({
    description,
    fields: (t) => ({ connector: t.field({ type: LogtoSsoConnectorRef, resolve: (result) => result.connector }) }),
  });
}

const CreatePayload = payload('CreateLogtoSsoConnectorPayload', 'The connector Logto created.');
const UpdatePayload = payload('UpdateLogtoSsoConnectorPayload', 'The connector after the update.');
const DeletePayload = builder.objectRef<{ connectorId: string }>('DeleteLogtoSsoConnectorPayload').implement({
  description: 'The connector was deleted (Logto answers 204). Logto cannot undo this: the IdP side must be set up again.',
  fields: (t) => ({ connectorId: t.exposeString('connectorId') }),
});

interface WriteInput {
  connectorName?: string | null | undefined;
  config?: unknown;
  domains?: readonly string[] | null | undefined;
  branding?: { displayName?: string | null; logo?: string | null; darkLogo?: string | null } | null | undefined;
  syncProfile?: boolean | null | undefined;
}

/** GraphQL input to the write model: nulls mean "not given", domains lower-cased and de-duplicated. */
function toWrite(input: WriteInput) {
  const branding = input.branding;
  return {
    connectorName: input.connectorName?.trim() ?? undefined,
    // plugin-zod has already checked this is a JSON object.
    config: input.config == null ? undefined : (input.config as Record<string, unknown>),
    domains: input.domains == null ? undefined : [...new Set(input.domains.map((domain) => domain.trim().toLowerCase()))],
    branding:
      branding == null
        ? undefined
        : { displayName: branding.displayName?.trim(), logo: branding.logo?.trim(), darkLogo: branding.darkLogo?.trim() },
    syncProfile: input.syncProfile ?? undefined,
  };
}

/** A create also names the provider and the connector, which an update may leave out. */
function createOf(input: typeof CreateInput.$inferInput) {
  return { ...toWrite(input), providerName: input.providerName, connectorName: input.connectorName.trim() };
}

ssoMutation('createLogtoSsoConnector', {
  provider: 'logto',
  description: 'POST /api/sso-connectors with the fields given.',
  input: CreateInput,
  payload: CreatePayload,
  plan: async (input) => planCreate(createOf(input)),
  write: async (input, context) => ({ connector: await loadersOf(context, 'logto').create(createOf(input)) }),
});

ssoMutation('updateLogtoSsoConnector', {
  provider: 'logto',
  description: 'PATCH /api/sso-connectors/{connectorId} with only the fields given.',
  input: UpdateInput,
  payload: UpdatePayload,
  plan: (input, context) => planUpdate(loadersOf(context, 'logto'), input.connectorId, toWrite(input)),
  write: async (input, context) => ({ connector: await loadersOf(context, 'logto').update(input.connectorId, toWrite(input)) }),
});

ssoMutation('deleteLogtoSsoConnector', {
  provider: 'logto',
  description: 'DELETE /api/sso-connectors/{connectorId}.',
  input: DeleteInput,
  payload: DeletePayload,
  plan: (input, context) => planDelete(loadersOf(context, 'logto'), input.connectorId),
  write: async (input, context) => {
    await loadersOf(context, 'logto').delete(input.connectorId);
    return { connectorId: input.connectorId };
  },
});
