/** Demo managed accounts for the Vantage simulator, in Vantage's wire format. */
export interface DemoManagedAccount {
  token: string;
  name: string;
  contact_email: string;
  parent_account_token: string;
  access_credential_tokens: string[];
  billing_rule_tokens: string[];
  email_domain: string | null;
  msp_billing_profile_token: string | null;
  billing_information_attributes: Record<string, unknown> | null;
  business_information_attributes: Record<string, unknown> | null;
}

const PARENT = 'acct_9a8b7c6d5e4f3a2b';

export function demoManagedAccounts(): DemoManagedAccount[] {
  return [
    {
      token: 'acct_1f4e2b7c9d0a3e5f',
      name: 'Acme Corporation',
      contact_email: 'it-admin@acme.example',
      parent_account_token: PARENT,
      access_credential_tokens: ['accss_crdntl_5a1b2c3d4e5f6a7b'],
      billing_rule_tokens: ['bllng_rl_1a2b3c4d5e6f7a8b'],
      // Also claimed by a Logto connector: the sandbox's cross-provider domain overlap.
      email_domain: 'acme.example',
      msp_billing_profile_token: 'msp_bllng_prfl_0f1e2d3c',
      billing_information_attributes: {
        token: 'bllng_nfrmtn_3c4d5e6f',
        company_name: 'Acme Corporation',
        country_code: 'US',
        address_line_1: '1 Infinite Loop',
        address_line_2: 'Suite 100',
        city: 'Cupertino',
        state: 'CA',
        postal_code: '95014',
        billing_email: ['billing@acme.example', 'ap@acme.example'],
      },
      business_information_attributes: {
        token: 'bsnss_nfrmtn_7a8b9c0d',
        metadata: {
          custom_fields: [
            { name: 'Cost center', value: 'CC-4410' },
            { name: 'Region', value: 'NA' },
          ],
        },
      },
    },
    {
      token: 'acct_2a5c8e1b4d7f0a3c',
      name: 'Globex Europe',
      contact_email: 'ops@globex.example',
      parent_account_token: PARENT,
      access_credential_tokens: [],
      billing_rule_tokens: ['bllng_rl_2b3c4d5e6f7a8b9c', 'bllng_rl_3c4d5e6f7a8b9c0d'],
      email_domain: 'globex.example',
      msp_billing_profile_token: null,
      billing_information_attributes: {
        token: 'bllng_nfrmtn_4d5e6f7a',
        company_name: 'Globex GmbH',
        country_code: 'DE',
        address_line_1: 'Friedrichstraße 68',
        address_line_2: null,
        city: 'Berlin',
        state: null,
        postal_code: '10117',
        billing_email: ['rechnung@globex.example'],
      },
      business_information_attributes: { token: 'bsnss_nfrmtn_8b9c0d1e', metadata: { custom_fields: [] } },
    },
    {
      token: 'acct_3b6d9f2c5e8a1b4d',
      name: 'Initech',
      contact_email: 'peter@initech.example',
      parent_account_token: PARENT,
      access_credential_tokens: ['accss_crdntl_6b2c3d4e5f6a7b8c'],
      billing_rule_tokens: [],
      email_domain: null,
      msp_billing_profile_token: null,
      billing_information_attributes: null,
      business_information_attributes: null,
    },
    {
      token: 'acct_4c7e0a3d6f9b2c5e',
      name: 'Umbrella Health',
      contact_email: 'security@umbrella.example',
      parent_account_token: PARENT,
      access_credential_tokens: [],
      billing_rule_tokens: ['bllng_rl_4c5d6e7f8a9b0c1d'],
      email_domain: 'umbrella.example',
      msp_billing_profile_token: 'msp_bllng_prfl_1a2b3c4d',
      billing_information_attributes: {
        token: 'bllng_nfrmtn_5e6f7a8b',
        company_name: 'Umbrella Health Ltd',
        country_code: 'GB',
        address_line_1: '221B Baker Street',
        address_line_2: null,
        city: 'London',
        state: null,
        postal_code: 'NW1 6XE',
        billing_email: [],
      },
      business_information_attributes: {
        token: 'bsnss_nfrmtn_9c0d1e2f',
        metadata: { custom_fields: [{ name: 'Contract', value: null }] },
      },
    },
  ];
}
