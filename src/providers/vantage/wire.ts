/**
 * Vantage's JSON exactly as it is sent (snake_case), and the mapping to the gateway's camelCase
 * model. Nothing outside this slice sees a wire type.
 */
import { z } from 'zod';
import type { SsoConnectionShape } from '../../graph/sso-connection.ts';

const nullableString = z.string().nullable().optional();

const BillingInformationWire = z.object({
  token: z.string(),
  company_name: nullableString,
  country_code: nullableString,
  address_line_1: nullableString,
  address_line_2: nullableString,
  city: nullableString,
  state: nullableString,
  postal_code: nullableString,
  billing_email: z.array(z.string()).nullable().optional(),
});

const BusinessInformationWire = z.object({
  token: nullableString,
  metadata: z
    .object({
      custom_fields: z
        .array(z.object({ name: z.string(), value: nullableString }))
        .nullable()
        .optional(),
    })
    .nullable()
    .optional(),
});

export const ManagedAccountWire = z.object({
  token: z.string(),
  name: z.string(),
  contact_email: z.string(),
  parent_account_token: z.string(),
  access_credential_tokens: z.array(z.string()),
  billing_rule_tokens: z.array(z.string()),
  email_domain: nullableString,
  msp_billing_profile_token: nullableString,
  billing_information_attributes: BillingInformationWire.nullable().optional(),
  business_information_attributes: BusinessInformationWire.nullable().optional(),
});

export const ManagedAccountsPageWire = z.object({
  links: z.object({ next: nullableString }).partial().nullable().optional(),
  managed_accounts: z.array(ManagedAccountWire),
});

export type ManagedAccountWire = z.infer<typeof ManagedAccountWire>;

export interface SsoConnectionWrite {
  samlMetadataUrl?: string | undefined;
  additionalDomains?: string[] | undefined;
}

/** The PUT/POST body: only the fields the caller gave. */
export function toSsoConnectionBody(write: SsoConnectionWrite): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  if (write.samlMetadataUrl !== undefined) body.saml_metadata_url = write.samlMetadataUrl;
  if (write.additionalDomains !== undefined) body.additional_domains = write.additionalDomains;
  return body;
}

export interface ManagedAccount {
  token: string;
  name: string;
  contactEmail: string;
  parentAccountToken: string;
  accessCredentialTokens: string[];
  billingRuleTokens: string[];
  emailDomain: string | null;
  mspBillingProfileToken: string | null;
  billingInformation: BillingInformation | null;
  businessInformation: BusinessInformation | null;
}

export interface BillingInformation {
  token: string;
  companyName: string | null;
  countryCode: string | null;
  addressLine1: string | null;
  addressLine2: string | null;
  city: string | null;
  state: string | null;
  postalCode: string | null;
  billingEmail: string[];
}

export interface BusinessInformation {
  token: string | null;
  customFields: { name: string; value: string | null }[];
}

export function toManagedAccount(wire: ManagedAccountWire): ManagedAccount {
  const billing = wire.billing_information_attributes;
  const business = wire.business_information_attributes;
  return {
    token: wire.token,
    name: wire.name,
    contactEmail: wire.contact_email,
    parentAccountToken: wire.parent_account_token,
    accessCredentialTokens: wire.access_credential_tokens,
    billingRuleTokens: wire.billing_rule_tokens,
    emailDomain: wire.email_domain ?? null,
    mspBillingProfileToken: wire.msp_billing_profile_token ?? null,
    billingInformation: billing
      ? {
          token: billing.token,
          companyName: billing.company_name ?? null,
          countryCode: billing.country_code ?? null,
          addressLine1: billing.address_line_1 ?? null,
          addressLine2: billing.address_line_2 ?? null,
          city: billing.city ?? null,
          state: billing.state ?? null,
          postalCode: billing.postal_code ?? null,
          billingEmail: billing.billing_email ?? [],
        }
      : null,
    businessInformation: business
      ? {
          token: business.token ?? null,
          customFields: (business.metadata?.custom_fields ?? []).map((field) => ({ name: field.name, value: field.value ?? null })),
        }
      : null,
  };
}

export interface VantageSsoConnection extends SsoConnectionShape {
  managedAccountToken: string;
}

/**
 * Vantage cannot read an SSO connection back (there is no GET), so only what the account itself
 * says is filled in: its `email_domain`. Everything else stays null/UNKNOWN rather than guessed.
 */
export function toVantageSsoConnection(account: ManagedAccount): VantageSsoConnection {
  return {
    __typename: 'VantageSsoConnection',
    provider: 'vantage',
    managedAccountToken: account.token,
    key: account.token,
    idpEntityId: null,
    idpMetadata: null,
    protocol: null,
    displayName: null,
    idpMetadataUrl: null,
    domains: account.emailDomain ? [account.emailDomain.toLowerCase()] : [],
    status: 'UNKNOWN',
    certificates: [],
  };
}
