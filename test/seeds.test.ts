/**
 * The seed documents (../shared/seeds) against a live-mode gateway: the request it sends is the
 * one each document describes, and each document's example response, replayed by the simulator,
 * maps onto the public API contract.
 */
import { describe, expect, it } from 'vitest';
import {
  DATOCMS_UPDATE_SSO_SETTINGS_RESPONSE,
  LOGTO_UPDATE_CONNECTOR_RESPONSE,
  PANDASTACK_GET_SSO_RESPONSE,
  STYTCH_CONNECTION_ID,
  STYTCH_ORGANIZATION_ID,
  STYTCH_UPDATE_BY_URL_RESPONSE,
  VANTAGE_UPDATE_SSO_RESPONSE,
} from './fixtures/seed-examples.ts';
import { expectTypename, type Stack, useStack } from './harness.ts';

let stack: Stack;
useStack({}, (started) => {
  stack = started;
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
      billingInformation: {
        token: s,
        companyName: s,
        countryCode: s,
        addressLine1: s,
        addressLine2: s,
        city: s,
        state: s,
        postalCode: s,
        billingEmail: [s],
      },
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
          settingsId idpSamlMetadataUrl scimBaseUrl samlAcsUrl spSamlMetadataUrl spSamlBaseUrl defaultRole { roleId }
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
      defaultRole: null,
      provider: 'DATOCMS',
      protocol: 'SAML',
      status: 'ACTIVE',
    });
  });
});

describe('seed 002: Stytch PUT /v1/b2b/sso/saml/{org}/connections/{conn}/url', () => {
  it('sends basic auth and the metadata URL, and maps the documented response', async () => {
    const stytch = simulator('stytch');
    stytch.injectFault({ status: 200, body: STYTCH_UPDATE_BY_URL_RESPONSE, method: 'PUT' });
    const metadataUrl = 'https://idp.example.com/app/51861cbc-d3b9-428b-9761-227f5fb12be9/sso/saml/metadata';
    const result = await stack.graphql<{ updateStytchSamlConnectionByUrl: Record<string, unknown> }>(
      `mutation ($input: UpdateStytchSamlConnectionByUrlInput!) { updateStytchSamlConnectionByUrl(input: $input) {
        __typename
        ... on UpdateStytchSamlConnectionByUrlPayload { connection {
          organizationId connectionId displayName stytchStatus status protocol provider idpEntityId idpSsoUrl acsUrl audienceUri attributeMapping
          signingCertificates { certificateId issuer createdAt expiresAt }
          verificationCertificates { certificateId issuer createdAt expiresAt }
          certificates { issuer createdAt expiresAt } } } } }`,
      { input: { organizationId: STYTCH_ORGANIZATION_ID, connectionId: STYTCH_CONNECTION_ID, metadataUrl } },
    );
    const request = stytch.requests.at(-1);
    expect(request?.method).toBe('PUT');
    expect(request?.path).toBe(`/v1/b2b/sso/saml/${STYTCH_ORGANIZATION_ID}/connections/${STYTCH_CONNECTION_ID}/url`);
    const basic = Buffer.from(`${stack.env.STYTCH_PROJECT_ID}:${stack.env.STYTCH_SECRET}`).toString('base64');
    expect(request?.headers.authorization).toBe(`Basic ${basic}`);
    expect(request?.headers['content-type']).toBe('application/json');
    expect(request?.body).toEqual({ metadata_url: metadataUrl });

    const payload = expectTypename(result.data?.updateStytchSamlConnectionByUrl, 'UpdateStytchSamlConnectionByUrlPayload');
    const callback = `https://test.stytch.com/v1/b2b/sso/callback/${STYTCH_CONNECTION_ID}`;
    // Stytch sends an empty issuer where it has none; the gateway reports that as null.
    const verification = { issuer: null, createdAt: '2023-01-01T00:00:00.000Z', expiresAt: '2033-01-01T00:00:00.000Z' };
    expect(payload.connection).toEqual({
      organizationId: STYTCH_ORGANIZATION_ID,
      connectionId: STYTCH_CONNECTION_ID,
      displayName: 'Example SAML Connection',
      stytchStatus: 'active',
      status: 'ACTIVE',
      protocol: 'SAML',
      provider: 'STYTCH',
      idpEntityId: 'https://idp.example.com/51861cbc-d3b9-428b-9761-227f5fb12be9',
      idpSsoUrl: 'https://idp.example.com/51861cbc-d3b9-428b-9761-227f5fb12be9/sso/saml',
      acsUrl: callback,
      audienceUri: callback,
      attributeMapping: { email: 'email', full_name: 'name' },
      signingCertificates: [
        { certificateId: null, issuer: 'Stytch', createdAt: '2023-01-01T00:00:00.000Z', expiresAt: '2033-01-01T00:00:00.000Z' },
      ],
      verificationCertificates: [{ certificateId: 'saml-verification-key-test-5ccbc642-9373-42b8-928f-c1646c868701', ...verification }],
      certificates: [verification],
    });
  });
});

describe('seed 003: Logto PATCH /api/sso-connectors/{id}', () => {
  it('sends a partial update with a bearer token and maps the documented response', async () => {
    const logto = simulator('logto');
    logto.injectFault({ status: 200, body: LOGTO_UPDATE_CONNECTOR_RESPONSE, method: 'PATCH' });
    const result = await stack.graphql<{ updateLogtoSsoConnector: Record<string, unknown> }>(
      `mutation { updateLogtoSsoConnector(input: { connectorId: "k2x8m4q1v7zb", domains: ["Example.com"], branding: { displayName: "Example" } }) {
        __typename
        ... on UpdateLogtoSsoConnectorPayload { connector {
          connectorId tenantId providerName connectorName config domains branding { displayName logo darkLogo }
          syncProfile createdAt name providerType providerLogo providerLogoDark providerConfig protocol displayName } } } }`,
    );
    const patch = logto.requests.find((request) => request.method === 'PATCH');
    expect(patch?.path).toBe('/api/sso-connectors/k2x8m4q1v7zb');
    expect(patch?.headers.authorization).toMatch(/^Bearer /);
    expect(patch?.headers['content-type']).toBe('application/json');
    expect(patch?.body).toEqual({ domains: ['example.com'], branding: { displayName: 'Example' } });
    expect(logto.requests.some((request) => request.method === 'POST' && request.path === '/oidc/token')).toBe(true);

    const payload = expectTypename(result.data?.updateLogtoSsoConnector, 'UpdateLogtoSsoConnectorPayload');
    expect(payload.connector).toEqual({
      connectorId: 'string',
      tenantId: 'string',
      providerName: 'OIDC',
      connectorName: 'string',
      config: {},
      domains: ['string'],
      branding: { displayName: 'string', logo: 'string', darkLogo: 'string' },
      syncProfile: true,
      createdAt: '1970-01-01T00:00:00.042Z',
      name: 'string',
      providerType: 'oidc',
      providerLogo: 'string',
      providerLogoDark: 'string',
      providerConfig: {},
      protocol: 'OIDC',
      displayName: 'string',
    });
  });
});

describe('seed 004: PandaStack GET /api/v1/sso/', () => {
  it('sends the bearer key and organization_id, and reads the documented empty object as nothing configured', async () => {
    const pandastack = simulator('pandastack');
    pandastack.injectFault({ status: 200, body: PANDASTACK_GET_SSO_RESPONSE, method: 'GET' });
    const result = await stack.graphql(`{ pandaStackSsoConfigurations(organizationId: "1234567890") { ssoId raw } }`);
    const request = pandastack.requests.at(-1);
    expect(request?.method).toBe('GET');
    expect(request?.path).toBe('/api/v1/sso/');
    expect(request?.query).toBe('?organization_id=1234567890');
    expect(request?.headers.authorization).toMatch(/^Bearer psk_[0-9a-f]{64}$/);
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({ pandaStackSsoConfigurations: [] });
  });
});
