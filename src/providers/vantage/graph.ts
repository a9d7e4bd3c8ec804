/**
 * Vantage in the graph: managed accounts (Relay nodes), their SSO connection as an
 * `SsoConnection`, the queries that read them and the three SSO mutations.
 */
import { type GatewayContext, loadersOf } from '../../context.ts';
import { builder } from '../../graph/builder.ts';
import { resolvePageNumberConnection } from '../../graph/paging.ts';
import { SsoConnection } from '../../graph/sso-connection.ts';
import { ssoConnectionEntity } from '../../graph/sso-entity.ts';
import { ssoMutation } from '../../graph/sso-mutation.ts';
import { domainName, metadataUrl, upstreamId } from '../../graph/validators.ts';
import { inspectMetadata, SamlMetadataRef } from '../../insight/graph.ts';
import { planSsoDelete, planSsoWrite } from './dry-run.ts';
import {
  type BillingInformation,
  type BusinessInformation,
  type ManagedAccount,
  toVantageSsoConnection,
  type VantageSsoConnection,
} from './wire.ts';

const BillingInformationRef = builder.objectRef<BillingInformation>('VantageBillingInformation').implement({
  description: "A managed account's billing details (Vantage `billing_information_attributes`).",
  fields: (t) => ({
    token: t.exposeString('token'),
    companyName: t.exposeString('companyName', { nullable: true }),
    countryCode: t.exposeString('countryCode', { nullable: true }),
    addressLine1: t.exposeString('addressLine1', { nullable: true }),
    addressLine2: t.exposeString('addressLine2', { nullable: true }),
    city: t.exposeString('city', { nullable: true }),
    state: t.exposeString('state', { nullable: true }),
    postalCode: t.exposeString('postalCode', { nullable: true }),
    billingEmail: t.exposeStringList('billingEmail'),
  }),
});

const CustomFieldRef = builder.objectRef<{ name: string; value: string | null }>('VantageCustomField').implement({
  fields: (t) => ({
    name: t.exposeString('name'),
    value: t.exposeString('value', { nullable: true }),
  }),
});

const BusinessInformationRef = builder.objectRef<BusinessInformation>('VantageBusinessInformation').implement({
  description: "A managed account's business details (Vantage `business_information_attributes`).",
  fields: (t) => ({
    token: t.exposeString('token', { nullable: true }),
    customFields: t.field({
      type: [CustomFieldRef],
      description: 'From `metadata.custom_fields`.',
      resolve: (info) => info.customFields,
    }),
  }),
});

export const VantageManagedAccount = builder.objectRef<ManagedAccount>('VantageManagedAccount');
export const VantageSsoConnectionRef = builder.objectRef<VantageSsoConnection>('VantageSsoConnection');

builder.node(VantageManagedAccount, {
  description: 'A Vantage managed account (MSP customer account).',
  id: { resolve: (account) => account.token },
  loadWithoutCache: (token, context) => loadersOf(context, 'vantage').managedAccountByToken.load(token),
  fields: (t) => ({
    token: t.exposeString('token', { description: 'The Vantage token of the account, e.g. `acct_…`.' }),
    name: t.exposeString('name'),
    contactEmail: t.exposeString('contactEmail'),
    parentAccountToken: t.exposeString('parentAccountToken'),
    accessCredentialTokens: t.exposeStringList('accessCredentialTokens'),
    billingRuleTokens: t.exposeStringList('billingRuleTokens'),
    emailDomain: t.exposeString('emailDomain', {
      nullable: true,
      description: 'E-mail domain associated with the account for SSO; Vantage always keeps it on SSO updates.',
    }),
    mspBillingProfileToken: t.exposeString('mspBillingProfileToken', { nullable: true }),
    billingInformation: t.field({ type: BillingInformationRef, nullable: true, resolve: (account) => account.billingInformation }),
    businessInformation: t.field({ type: BusinessInformationRef, nullable: true, resolve: (account) => account.businessInformation }),
    ssoConnection: t.field({
      type: VantageSsoConnectionRef,
      description: "The account's SSO connection as far as Vantage lets it be read (see VantageSsoConnection).",
      resolve: (account) => toVantageSsoConnection(account),
    }),
  }),
});

async function loadSsoConnection(token: string, context: GatewayContext): Promise<VantageSsoConnection | null> {
  const account = await loadersOf(context, 'vantage').managedAccountByToken.load(token);
  return account ? toVantageSsoConnection(account) : null;
}

builder.node(VantageSsoConnectionRef, {
  description:
    "A Vantage managed account's SAML SSO connection. Vantage offers no read of the connection: only the " +
    "account's e-mail domain is known, so status is UNKNOWN and the metadata URL and extra domains are null.",
  interfaces: [SsoConnection],
  id: { resolve: (connection) => connection.managedAccountToken },
  loadWithoutCache: loadSsoConnection,
  fields: (t) => ({
    managedAccountToken: t.exposeString('managedAccountToken'),
    managedAccount: t.field({
      type: VantageManagedAccount,
      nullable: true,
      resolve: (connection, _args, context) => loadersOf(context, 'vantage').managedAccountByToken.load(connection.managedAccountToken),
    }),
    samlMetadataUrl: t.string({
      nullable: true,
      description: 'Always null: Vantage accepts this URL on writes but never returns it.',
      resolve: () => null,
    }),
    additionalDomains: t.stringList({
      nullable: true,
      description: 'Always null: Vantage accepts extra domains on writes but never returns them.',
      resolve: () => null,
    }),
  }),
});

ssoConnectionEntity(VantageSsoConnectionRef, { load: loadSsoConnection, upstreamKey: ['managedAccountToken'] });

builder.queryFields((t) => ({
  vantageManagedAccounts: t.connection(
    {
      type: VantageManagedAccount,
      nullable: true,
      description:
        'Managed accounts, paged over Vantage `page`/`limit`; `first` is at most 100 (Vantage allows 1000, but such pages ' +
        'are what the operation cost limit exists to bound). Null when Vantage cannot be read.',
      resolve: (_root, args, context) => {
        const loaders = loadersOf(context, 'vantage');
        return resolvePageNumberConnection(args, { defaultSize: 20, maxSize: 100 }, async (page, size) => {
          const result = await loaders.listPage(page, size);
          return { items: result.accounts, hasNext: result.hasNext };
        });
      },
    },
    { name: 'VantageManagedAccountConnection' },
    { name: 'VantageManagedAccountEdge' },
  ),
  vantageManagedAccount: t.field({
    type: VantageManagedAccount,
    nullable: true,
    description: 'One managed account by its Vantage token; null when Vantage has none.',
    args: { token: t.arg.string({ required: true, validate: { schema: upstreamId } }) },
    resolve: (_root, args, context) => loadersOf(context, 'vantage').managedAccountByToken.load(args.token),
  }),
}));

const domainsField = {
  description: "Replaces the extra e-mail domains of the connection; the account's own domain is always kept. Lower-cased.",
  validate: { maxLength: 100, items: { schema: domainName } },
} as const;

const CreateManagedAccountSsoInput = builder.inputType('CreateManagedAccountSsoInput', {
  fields: (t) => ({
    managedAccountToken: t.string({ required: true, validate: { schema: upstreamId } }),
    samlMetadataUrl: t.string({ required: true, description: 'The IdP SAML metadata URL (https).', validate: { schema: metadataUrl } }),
    additionalDomains: t.stringList({ required: false, ...domainsField }),
  }),
});

const UpdateManagedAccountSsoInput = builder.inputType('UpdateManagedAccountSsoInput', {
  description: 'Only the fields given are sent to Vantage. Give at least one of samlMetadataUrl and additionalDomains.',
  fields: (t) => ({
    managedAccountToken: t.string({ required: true, validate: { schema: upstreamId } }),
    samlMetadataUrl: t.string({ required: false, description: 'The IdP SAML metadata URL (https).', validate: { schema: metadataUrl } }),
    additionalDomains: t.stringList({ required: false, ...domainsField }),
  }),
  validate: [
    (input) => input.samlMetadataUrl != null || input.additionalDomains != null,
    { message: 'give samlMetadataUrl or additionalDomains: there is nothing to update' },
  ],
});

const DeleteManagedAccountSsoInput = builder.inputType('DeleteManagedAccountSsoInput', {
  fields: (t) => ({
    managedAccountToken: t.string({ required: true, validate: { schema: upstreamId } }),
  }),
});

function payload(name: string, description: string) {
  return builder.objectRef<{ managedAccount: ManagedAccount; samlMetadataUrl: string | undefined }>(name).implement({
    description,
    fields: (t) => ({
      managedAccount: t.field({ type: VantageManagedAccount, resolve: (result) => result.managedAccount }),
      samlMetadata: t.field({
        type: SamlMetadataRef,
        nullable: true,
        description:
          'The IdP metadata at the URL just written, inspected by the gateway (its certificates included): Vantage ' +
          'never returns the connection, so this is the one place to see them. Null when no URL was written, or with ' +
          'an error when it cannot be read.',
        resolve: (result, _args, context) => (result.samlMetadataUrl ? inspectMetadata(context, result.samlMetadataUrl, undefined) : null),
      }),
    }),
  });
}

const CreatePayload = payload('CreateManagedAccountSsoPayload', 'The managed account after its SSO connection was created.');
const UpdatePayload = payload('UpdateManagedAccountSsoPayload', 'The managed account after its SSO connection was updated.');

const DeletePayload = builder.objectRef<{ managedAccountToken: string }>('DeleteManagedAccountSsoPayload').implement({
  description: 'The SSO connection was removed; Vantage answers 204 with no body.',
  fields: (t) => ({
    managedAccountToken: t.exposeString('managedAccountToken'),
    managedAccount: t.field({
      type: VantageManagedAccount,
      nullable: true,
      description: 'The account as Vantage reads it after the deletion (one more upstream call, made only if asked for).',
      resolve: (result, _args, context) => loadersOf(context, 'vantage').managedAccountByToken.load(result.managedAccountToken),
    }),
  }),
});

type SsoInput = { managedAccountToken: string; samlMetadataUrl?: string | null; additionalDomains?: readonly string[] | null };

/** The GraphQL input as Vantage's write: nulls mean "not given", domains lower-cased and de-duplicated. */
function ssoWriteOf(input: SsoInput) {
  const domains = input.additionalDomains;
  return {
    samlMetadataUrl: input.samlMetadataUrl ?? undefined,
    additionalDomains: domains == null ? undefined : [...new Set(domains.map((domain) => domain.toLowerCase()))],
  };
}

function planWrite(input: SsoInput, context: GatewayContext) {
  return planSsoWrite(loadersOf(context, 'vantage'), input.managedAccountToken, ssoWriteOf(input));
}

ssoMutation('createManagedAccountSso', {
  provider: 'vantage',
  description: 'POST /v2/managed_accounts/{token}/sso_connection with `type: saml`.',
  input: CreateManagedAccountSsoInput,
  payload: CreatePayload,
  plan: planWrite,
  write: async (input, context) => ({
    managedAccount: await loadersOf(context, 'vantage').createSso(input.managedAccountToken, {
      ...ssoWriteOf(input),
      samlMetadataUrl: input.samlMetadataUrl,
    }),
    samlMetadataUrl: input.samlMetadataUrl,
  }),
});

ssoMutation('updateManagedAccountSso', {
  provider: 'vantage',
  description: 'PUT /v2/managed_accounts/{token}/sso_connection with only the fields given.',
  input: UpdateManagedAccountSsoInput,
  payload: UpdatePayload,
  plan: planWrite,
  write: async (input, context) => ({
    managedAccount: await loadersOf(context, 'vantage').updateSso(input.managedAccountToken, ssoWriteOf(input)),
    samlMetadataUrl: input.samlMetadataUrl ?? undefined,
  }),
});

ssoMutation('deleteManagedAccountSso', {
  provider: 'vantage',
  description: 'DELETE /v2/managed_accounts/{token}/sso_connection.',
  input: DeleteManagedAccountSsoInput,
  payload: DeletePayload,
  plan: (input, context) => planSsoDelete(loadersOf(context, 'vantage'), input.managedAccountToken),
  write: async (input, context) => {
    await loadersOf(context, 'vantage').deleteSso(input.managedAccountToken);
    return { managedAccountToken: input.managedAccountToken };
  },
});
