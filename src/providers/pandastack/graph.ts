/**
 * PandaStack in the graph: an organization's SSO configuration as a Relay node implementing
 * `SsoConnection`, the two queries that read it and the three SSO mutations.
 */
import { z } from 'zod';
import { type GatewayContext, loadersOf } from '../../context.ts';
import { builder } from '../../graph/builder.ts';
import { ValidationError } from '../../graph/errors.ts';
import { joinKey, splitKey } from '../../graph/node.ts';
import { SsoConnection } from '../../graph/sso-connection.ts';
import { ssoConnectionEntity } from '../../graph/sso-entity.ts';
import { ssoMutation } from '../../graph/sso-mutation.ts';
import { domainName, metadataUrl, upstreamId } from '../../graph/validators.ts';
import { planCreate, planDelete, planUpdate } from './dry-run.ts';
import type { PandaStackLoaders } from './loaders.ts';
import type { PandaStackSso, SsoWrite } from './wire.ts';

const UNDOCUMENTED = 'PandaStack documents no response bodies; null when its answer does not carry this field.';

export const PandaStackSsoRef = builder.objectRef<PandaStackSso>('PandaStackSso');

function loadSso(id: string, context: GatewayContext) {
  const parts = splitKey(id, 2);
  return parts ? loadersOf(context, 'pandastack').bySsoId(parts[0] ?? '', parts[1] ?? '') : null;
}

builder.node(PandaStackSsoRef, {
  description:
    "A PandaStack organization's SSO configuration (OIDC/OAuth-style provider settings). PandaStack documents " +
    'no response bodies, so every field below except `organizationId` and `raw` is null where the answer ' +
    'does not carry it. The client secret is accepted on writes and never shown.',
  interfaces: [SsoConnection],
  // Composite: PandaStack ids are only known to be unique within an organization, and may be absent.
  id: { resolve: (sso) => joinKey(sso.organizationId, sso.ssoId ?? 'default') },
  loadWithoutCache: loadSso,
  fields: (t) => ({
    organizationId: t.exposeString('organizationId', {
      nullable: false,
      description: 'The organization the configuration belongs to (the `organization_id` PandaStack scopes every call with).',
    }),
    ssoId: t.exposeString('ssoId', {
      nullable: true,
      description: `PandaStack's id of the configuration (wire \`id\`), where present. ${UNDOCUMENTED}`,
    }),
    slug: t.exposeString('slug', { nullable: true, description: UNDOCUMENTED }),
    providerName: t.exposeString('providerName', {
      nullable: true,
      description: `Wire \`provider_name\` or \`provider\`. ${UNDOCUMENTED}`,
    }),
    issuer: t.exposeString('issuer', {
      nullable: true,
      description: `The identity provider's URL (wire \`issuer\` or \`provider_url\`). ${UNDOCUMENTED}`,
    }),
    clientId: t.exposeString('clientId', { nullable: true, description: UNDOCUMENTED }),
    authorizationEndpoint: t.exposeString('authorizationEndpoint', { nullable: true, description: UNDOCUMENTED }),
    tokenEndpoint: t.exposeString('tokenEndpoint', { nullable: true, description: UNDOCUMENTED }),
    userinfoEndpoint: t.exposeString('userinfoEndpoint', { nullable: true, description: UNDOCUMENTED }),
    callbackUrl: t.exposeString('callbackUrl', { nullable: true, description: UNDOCUMENTED }),
    enabled: t.exposeBoolean('enabled', { nullable: true, description: `Whether SSO is switched on. ${UNDOCUMENTED}` }),
    roleMapping: t.expose('roleMapping', {
      type: 'JSON',
      nullable: true,
      description: `How identity-provider groups map to PandaStack roles, as PandaStack sends it. ${UNDOCUMENTED}`,
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime', nullable: true, description: UNDOCUMENTED }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime', nullable: true, description: UNDOCUMENTED }),
    raw: t.expose('raw', {
      type: 'JSON',
      nullable: false,
      description:
        'The whole object PandaStack answered with, because its schema is undocumented. Secret-looking keys ' +
        '(client_secret, secret, api_key, token, password and the like, at any depth) are removed.',
    }),
  }),
});

// Keyed by `id` only: `ssoId` may be absent, and a key field must always be there.
ssoConnectionEntity(PandaStackSsoRef, { load: loadSso });

/** The organization to scope a call with: the argument, else `PANDASTACK_ORGANIZATION_ID`. */
function organizationOf(loaders: PandaStackLoaders, given: string | null | undefined, path: string[]): string {
  const organizationId = given ?? loaders.defaultOrganizationId;
  if (organizationId) return organizationId;
  throw new ValidationError(
    'organizationId is required: pass it, or set PANDASTACK_ORGANIZATION_ID on the gateway',
    [{ path, message: 'is required when PANDASTACK_ORGANIZATION_ID is not set' }],
    'pandastack',
  );
}

const organizationIdDescription = "PandaStack organization id; defaults to the gateway's PANDASTACK_ORGANIZATION_ID.";

builder.queryFields((t) => ({
  pandaStackSso: t.field({
    type: PandaStackSsoRef,
    nullable: true,
    description: "GET /api/v1/sso/single: the organization's SSO configuration; null when PandaStack answers 404.",
    args: { organizationId: t.arg.string({ required: false, description: organizationIdDescription, validate: { schema: upstreamId } }) },
    resolve: (_root, args, context) => {
      const loaders = loadersOf(context, 'pandastack');
      return loaders.singleByOrganization.load(organizationOf(loaders, args.organizationId, ['organizationId']));
    },
  }),
  pandaStackSsoConfigurations: t.field({
    type: [PandaStackSsoRef],
    // Nullable so that a failing PandaStack nulls only this field, not the whole response.
    nullable: { list: true, items: false },
    description: "GET /api/v1/sso/: the organization's SSO configurations (PandaStack does not page this list).",
    args: { organizationId: t.arg.string({ required: false, description: organizationIdDescription, validate: { schema: upstreamId } }) },
    resolve: (_root, args, context) => {
      const loaders = loadersOf(context, 'pandastack');
      return loaders.configurationsByOrganization.load(organizationOf(loaders, args.organizationId, ['organizationId']));
    },
  }),
}));

const slug = z.string().regex(/^[a-z0-9-]{1,64}$/, 'must be 1 to 64 lower-case letters, digits or hyphens');
const providerName = z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters');
const clientSecret = z.string().min(1, 'must not be empty').max(512, 'must be at most 512 characters');
const url = (description: string) => ({ description: `${description} (absolute https URL).`, validate: { schema: metadataUrl } }) as const;

type InputFields = PothosSchemaTypes.InputFieldBuilder<typeof builder.$inferSchemaTypes, 'InputObject'>;

/** The configuration fields both writes accept; only those given are sent. */
function ssoFields(t: InputFields) {
  return {
    organizationId: t.string({ required: false, description: organizationIdDescription, validate: { schema: upstreamId } }),
    slug: t.string({ required: false, description: 'Short name of the configuration (`^[a-z0-9-]{1,64}$`).', validate: { schema: slug } }),
    providerName: t.string({
      required: false,
      description: 'Name of the identity provider, e.g. Okta.',
      validate: { schema: providerName },
    }),
    issuer: t.string({ required: false, ...url("The identity provider's issuer / provider URL") }),
    clientId: t.string({ required: false, description: 'OAuth client id at the identity provider.', validate: { schema: upstreamId } }),
    clientSecret: t.string({
      required: false,
      description: 'OAuth client secret; sent to PandaStack and never returned by the gateway.',
      validate: { schema: clientSecret },
    }),
    authorizationEndpoint: t.string({ required: false, ...url('OAuth authorization endpoint') }),
    tokenEndpoint: t.string({ required: false, ...url('OAuth token endpoint') }),
    userinfoEndpoint: t.string({ required: false, ...url('OIDC userinfo endpoint') }),
    callbackUrl: t.string({ required: false, ...url('Where the identity provider sends users back') }),
    domains: t.stringList({
      required: false,
      description: 'E-mail domains routed to this configuration; lower-cased before sending.',
      validate: { maxLength: 100, items: { schema: domainName } },
    }),
    enabled: t.boolean({ required: false, description: 'Switches SSO on or off for the organization.' }),
  };
}

const CreatePandaStackSsoInput = builder.inputType('CreatePandaStackSsoInput', {
  description:
    'PandaStack documents only optional `slug` (and `length`) for this body; every field is optional and only those given are sent.',
  fields: (t) => ssoFields(t),
});

const UpdatePandaStackSsoInput = builder.inputType('UpdatePandaStackSsoInput', {
  description: 'Only the fields given are sent to PandaStack; give at least one besides organizationId and ssoId.',
  fields: (t) => ({
    ...ssoFields(t),
    ssoId: t.string({
      required: false,
      description: 'Sent as `id` when given, for organizations with more than one configuration.',
      validate: { schema: upstreamId },
    }),
  }),
  validate: [
    (input) => UPDATABLE.some((field) => input[field] != null),
    { message: 'give at least one field to change: there is nothing to update' },
  ],
});

const DeletePandaStackSsoInput = builder.inputType('DeletePandaStackSsoInput', {
  fields: (t) => ({
    organizationId: t.string({ required: false, description: organizationIdDescription, validate: { schema: upstreamId } }),
  }),
});

const UPDATABLE = [
  'slug',
  'providerName',
  'issuer',
  'clientId',
  'clientSecret',
  'authorizationEndpoint',
  'tokenEndpoint',
  'userinfoEndpoint',
  'callbackUrl',
  'domains',
  'enabled',
] as const;

type SsoInput = { [K in (typeof UPDATABLE)[number]]?: SsoWrite[K] | readonly string[] | null } & { ssoId?: string | null };

function toWrite(input: SsoInput): SsoWrite {
  const write: SsoWrite = {};
  for (const field of UPDATABLE) {
    const value = input[field];
    if (value == null) continue;
    if (field === 'domains' && Array.isArray(value)) write.domains = [...new Set(value.map((domain: string) => domain.toLowerCase()))];
    else Object.assign(write, { [field]: value });
  }
  if (input.ssoId != null) write.ssoId = input.ssoId;
  return write;
}

interface WriteResult {
  organizationId: string;
  sso: PandaStackSso | null;
}

function payload(name: string, description: string) {
  return builder.objectRef<WriteResult>(name).implement({
    description,
    fields: (t) => ({
      sso: t.field({
        type: PandaStackSsoRef,
        nullable: true,
        description:
          "The configuration PandaStack answered with; when its (undocumented) answer is not a configuration, the organization's " +
          'configuration read back with GET /api/v1/sso/single (one more call, only if asked for), null if there is none.',
        resolve: (result, _args, context) =>
          result.sso ?? loadersOf(context, 'pandastack').singleByOrganization.load(result.organizationId),
      }),
    }),
  });
}

const CreatePayload = payload('CreatePandaStackSsoPayload', 'The SSO configuration after it was created.');
const UpdatePayload = payload('UpdatePandaStackSsoPayload', 'The SSO configuration after it was updated.');

const DeletePayload = builder.objectRef<{ organizationId: string }>('DeletePandaStackSsoPayload').implement({
  description: "The organization's SSO configuration was deleted.",
  fields: (t) => ({
    organizationId: t.exposeString('organizationId', { nullable: false }),
    deleted: t.boolean({
      nullable: false,
      description: 'True: PandaStack answered the DELETE with a success status.',
      resolve: () => true,
    }),
  }),
});

/** The organization a write is for (see organizationOf). */
function writeOrganization(context: GatewayContext, input: { organizationId?: string | null }): string {
  return organizationOf(loadersOf(context, 'pandastack'), input.organizationId, ['input', 'organizationId']);
}

ssoMutation('createPandaStackSso', {
  provider: 'pandastack',
  description: 'POST /api/v1/sso/?organization_id=… with the fields given, in snake_case.',
  input: CreatePandaStackSsoInput,
  payload: CreatePayload,
  plan: (input, context) => planCreate(writeOrganization(context, input), toWrite(input)),
  write: async (input, context) => {
    const organizationId = writeOrganization(context, input);
    return { organizationId, sso: await loadersOf(context, 'pandastack').create(organizationId, toWrite(input)) };
  },
});

ssoMutation('updatePandaStackSso', {
  provider: 'pandastack',
  description: 'POST /api/v1/sso/update?organization_id=… with only the fields given.',
  input: UpdatePandaStackSsoInput,
  payload: UpdatePayload,
  plan: (input, context) => planUpdate(loadersOf(context, 'pandastack'), writeOrganization(context, input), toWrite(input)),
  write: async (input, context) => {
    const organizationId = writeOrganization(context, input);
    return { organizationId, sso: await loadersOf(context, 'pandastack').update(organizationId, toWrite(input)) };
  },
});

ssoMutation('deletePandaStackSso', {
  provider: 'pandastack',
  description: "DELETE /api/v1/sso/?organization_id=…: removes the organization's SSO configuration.",
  input: DeletePandaStackSsoInput,
  payload: DeletePayload,
  plan: (input, context) => planDelete(loadersOf(context, 'pandastack'), writeOrganization(context, input)),
  write: async (input, context) => {
    const organizationId = writeOrganization(context, input);
    await loadersOf(context, 'pandastack').delete(organizationId);
    return { organizationId };
  },
});
