/**
 * The seed documents (../shared/seeds) against a live-mode gateway: the request it sends is the
 * one each document describes, and each document's example response, replayed by the simulator,
 * maps onto the public API contract.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { expectTypename, type Stack, startStack } from './harness.ts';
import {
  DATOCMS_UPDATE_SSO_SETTINGS_RESPONSE,
  VANTAGE_UPDATE_SSO_RESPONSE,
} from './fixtures/seed-examples.ts';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ providers: ['vantage', 'datocms'] });
});
afterAll(() => stack.close());
beforeEach(() => {
  for (const simulator of Object.values(stack.simulators)) {
    simulator.resetLog();
    simulator.clearFaults();
  }
});

function simulator(id: keyof Stack['simulators']) {
  const found = stack.simulators[id];
  if (!found) throw new Error(`no ${id} simulator`);
  return found;
}

describe('seed 000: Vantage PUT /managed_accounts/{token}/sso_connection', () => {
  it('sends the documented request and maps the documented response', async () => {
    const vantage = simulator('vantage');
    vantage.injectFault({ status: 200, body: VANTAGE_UPDATE_SSO_RESPONSE, method: 'PUT' });
    const result = await stack.graphql<{ updateManagedAccountSso: Record<string, unknown> }>(
      `mutation { updateManagedAccountSso(input: {
          managedAccountToken: "acct_1f4e2b7c9d0a3e5f",
          samlMetadataUrl: "https://idp.example.com/saml/metadata",
          additionalDomains: ["extra.example"] }) {
        __typename
        ... on UpdateManagedAccountSsoPayload { managedAccount {
          token name contactEmail parentAccountToken accessCredentialTokens billingRuleTokens emailDomain mspBillingProfileToken
          billingInformation { token companyName countryCode addressLine1 addressLine2 city state postalCode billingEmail }
          businessInformation { token customFields { name value } } } } } }`,
    );
    const request = vantage.requests.at(-1);
    expect(request?.method).toBe('PUT');
    expect(request?.path).toBe('/v2/managed_accounts/acct_1f4e2b7c9d0a3e5f/sso_connection');
    expect(request?.headers.authorization).toMatch(/^Bearer /);
    expect(request?.headers['content-type']).toBe('application/json');
    expect(request?.body).toEqual({ saml_metadata_url: 'https://idp.example.com/saml/metadata', additional_domains: ['extra.example'] });

    const payload = expectTypename(result.data?.updateManagedAccountSso, 'UpdateManagedAccountSsoPayload');
    const s = '<string>';
    expect(payload.managedAccount).toEqual({
      token: s,
      name: s,
      contactEmail: s,
      parentAccountToken: s,
      accessCredentialTokens: [s],
      billingRuleTokens: [s],
      emailDomain: s,
      mspBillingProfileToken: s,
      billingInformation: { token: s, companyName: s, countryCode: s, addressLine1: s, addressLine2: s, city: s, state: s, postalCode: s, billingEmail: [s] },
      businessInformation: { token: s, customFields: [{ name: s, value: s }] },
    });
  });
});

describe('seed 001: DatoCMS PUT /sso-settings', () => {
  it('sends the documented JSON:API request and maps the documented response', async () => {
    const datocms = simulator('datocms');
    datocms.injectFault({ status: 200, body: DATOCMS_UPDATE_SSO_SETTINGS_RESPONSE, method: 'PUT' });
    const result = await stack.graphql<{ updateDatoCmsSsoSettings: Record<string, unknown> }>(
      `mutation { updateDatoCmsSsoSettings(input: { idpSamlMetadataUrl: "https://my-org.oktapreview.com/app/XXXX/sso/saml/metadata" }) {
        __typename
        ... on UpdateDatoCmsSsoSettingsPayload { ssoSettings {
          settingsId idpSamlMetadataUrl scimBaseUrl samlAcsUrl spSamlMetadataUrl spSamlBaseUrl samlToken defaultRole { roleId }
          provider protocol status } } } }`,
    );
    const request = datocms.requests.at(-1);
    expect(request?.method).toBe('PUT');
    expect(request?.path).toBe('/sso-settings');
    expect(request?.headers).toMatchObject({
      accept: 'application/json',
      'x-api-version': '3',
      'content-type': 'application/vnd.api+json',
    });
    expect(request?.headers.authorization).toMatch(/^Bearer /);
    expect(request?.body).toEqual({
      data: { type: 'sso_settings', attributes: { idp_saml_metadata_url: 'https://my-org.oktapreview.com/app/XXXX/sso/saml/metadata' } },
    });

    const payload = expectTypename(result.data?.updateDatoCmsSsoSettings, 'UpdateDatoCmsSsoSettingsPayload');
    expect(payload.ssoSettings).toEqual({
      settingsId: '312',
      idpSamlMetadataUrl: 'https://my-org.oktapreview.com/app/XXXX/sso/saml/metadata',
      scimBaseUrl: 'https://sso.datocms.com/scim',
      samlAcsUrl: 'https://sso.datocms.com/XXX/saml/consume',
      spSamlMetadataUrl: 'https://sso.datocms.com/XXX/saml/metadata',
      spSamlBaseUrl: 'https://sso.datocms.com/XXX/saml',
      samlToken: 'a2a24ae5fbb2d955b1b4fa73f2dd58',
      defaultRole: null,
      provider: 'DATOCMS',
      protocol: 'SAML',
      status: 'ACTIVE',
    });
  });
});
