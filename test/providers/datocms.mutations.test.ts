import { beforeEach, describe, expect, it } from 'vitest';
import { demoSsoSettings } from '../../src/providers/datocms/sandbox/data.ts';
import { DATOCMS_DEMO_EDITOR_TOKEN, DATOCMS_DEMO_TOKEN, type DatoCmsSimulator } from '../../src/providers/datocms/sandbox/simulator.ts';
import { sandboxIdp } from '../../src/sandbox/idp/server.ts';
import { expectTypename, type Stack, startStack, useStack } from '../harness.ts';

let stack: Stack;
let dato: DatoCmsSimulator;

useStack({ providers: ['datocms'] }, (started) => {
  stack = started;
  dato = started.simulators.datocms as DatoCmsSimulator;
});
beforeEach(async () => {
  Object.assign(dato.state.settings, demoSsoSettings(await sandboxIdp()));
});

const UPDATE = `mutation ($input: UpdateDatoCmsSsoSettingsInput!) {
  updateDatoCmsSsoSettings(input: $input) {
    __typename
    ... on UpdateDatoCmsSsoSettingsPayload { ssoSettings { settingsId status idpMetadataUrl idpSamlMetadataUrl idpSamlMetadataXml defaultRole { roleId name } } }
    ... on Error { message code provider }
    ... on ValidationError { fieldErrors { path message } }
    ... on RateLimitedError { retryAfterSeconds }
  }
}`;

type Result = {
  __typename: string;
  code?: string;
  message?: string;
  provider?: string;
  fieldErrors?: { path: string[]; message: string }[];
  retryAfterSeconds?: number;
  ssoSettings?: {
    status: string;
    idpMetadataUrl: string | null;
    idpSamlMetadataUrl: string | null;
    idpSamlMetadataXml: string | null;
    defaultRole: { roleId: string; name: string } | null;
  };
};
const update = async (input: Record<string, unknown>, on: Stack = stack) =>
  (await on.graphql<{ updateDatoCmsSsoSettings: Result }>(UPDATE, { input })).data?.updateDatoCmsSsoSettings;

const XML = '<?xml version="1.0"?><EntityDescriptor entityID="https://idp.acme.example"/>';
const put = () => dato.requests.filter((r) => r.method === 'PUT');

describe('updateDatoCmsSsoSettings', () => {
  it('sends only the metadata URL, as JSON:API with the CMA headers', async () => {
    const result = expectTypename(
      await update({ idpSamlMetadataUrl: ' https://login.acme.example/saml/metadata ' }),
      'UpdateDatoCmsSsoSettingsPayload',
    );
    expect(result.ssoSettings).toMatchObject({ status: 'ACTIVE', idpMetadataUrl: 'https://login.acme.example/saml/metadata' });
    expect(put()).toHaveLength(1);
    expect(put()[0]?.path).toBe('/sso-settings');
    expect(put()[0]?.body).toEqual({
      data: { type: 'sso_settings', attributes: { idp_saml_metadata_url: 'https://login.acme.example/saml/metadata' } },
    });
    expect(put()[0]?.headers).toMatchObject({
      'content-type': 'application/vnd.api+json',
      accept: 'application/json',
      'x-api-version': '3',
      authorization: `Bearer ${DATOCMS_DEMO_TOKEN}`,
    });
    const reread = await stack.graphql<{ datoCmsSsoSettings: { idpSamlMetadataUrl: string } }>(
      `{ datoCmsSsoSettings { idpSamlMetadataUrl } }`,
    );
    expect(reread.data?.datoCmsSsoSettings.idpSamlMetadataUrl).toBe('https://login.acme.example/saml/metadata');
  });

  it('clears the URL with an explicit null, and is PENDING once URL and XML are both gone', async () => {
    const withXml = expectTypename(await update({ idpSamlMetadataUrl: null, idpSamlMetadataXml: XML }), 'UpdateDatoCmsSsoSettingsPayload');
    expect(put()[0]?.body).toEqual({
      data: { type: 'sso_settings', attributes: { idp_saml_metadata_url: null, idp_saml_metadata_xml: XML } },
    });
    expect(withXml.ssoSettings).toMatchObject({ status: 'ACTIVE', idpMetadataUrl: null, idpSamlMetadataXml: XML });

    const cleared = expectTypename(await update({ idpSamlMetadataXml: null }), 'UpdateDatoCmsSsoSettingsPayload');
    expect(put()[1]?.body).toEqual({ data: { type: 'sso_settings', attributes: { idp_saml_metadata_xml: null } } });
    expect(cleared.ssoSettings).toMatchObject({ status: 'PENDING', idpMetadataUrl: null, idpSamlMetadataXml: null });
  });

  it('sets the default role through the relationship only', async () => {
    const result = expectTypename(await update({ defaultRoleId: '104' }), 'UpdateDatoCmsSsoSettingsPayload');
    expect(put()[0]?.body).toEqual({
      data: { type: 'sso_settings', relationships: { default_role: { data: { type: 'role', id: '104' } } } },
    });
    expect(result.ssoSettings?.defaultRole).toEqual({ roleId: '104', name: 'Translator' });
    expect(result.ssoSettings?.idpSamlMetadataUrl).toBe(demoSsoSettings(await sandboxIdp()).idp_saml_metadata_url);
    expect(dato.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['PUT /sso-settings', 'GET /roles/104']);
    expect(dato.state.settings.default_role_id).toBe('104');
  });

  it.each([
    [{ idpSamlMetadataUrl: 'http://idp.example/metadata' }, ['input', 'idpSamlMetadataUrl']],
    [{ idpSamlMetadataUrl: 'not a url' }, ['input', 'idpSamlMetadataUrl']],
    [{ idpSamlMetadataUrl: 'https://user:pw@idp.example/metadata' }, ['input', 'idpSamlMetadataUrl']],
    [{ idpSamlMetadataXml: '   ' }, ['input', 'idpSamlMetadataXml']],
    [{ idpSamlMetadataXml: 'EntityDescriptor' }, ['input', 'idpSamlMetadataXml']],
    [{ idpSamlMetadataXml: `<x>${'a'.repeat(70 * 1024)}</x>` }, ['input', 'idpSamlMetadataXml']],
    [{ defaultRoleId: null }, ['input', 'defaultRoleId']],
    [{ defaultRoleId: '' }, ['input', 'defaultRoleId']],
    [{ defaultRoleId: '../102' }, ['input', 'defaultRoleId']],
    [{}, ['input']],
  ])('rejects %j before any upstream call', async (input, path) => {
    const error = expectTypename(await update(input), 'ValidationError');
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.fieldErrors?.map((f) => f.path)).toContainEqual(path);
    expect(dato.count()).toBe(0);
  });

  it('turns DatoCMS validation errors into ValidationError without echoing details', async () => {
    const error = expectTypename(await update({ defaultRoleId: '999' }), 'ValidationError');
    expect(error).toMatchObject({ provider: 'DATOCMS', code: 'VALIDATION_FAILED' });
    expect(error.message).toContain('INVALID_RELATIONSHIP');
    expect(error.message).not.toContain('default_role');
    expect(dato.requests[0]?.status).toBe(422);
    expect(dato.state.settings.default_role_id).toBe('102');
  });

  it('maps injected upstream failures to typed errors', async () => {
    const apiError = (code: string) => ({ data: [{ id: 'a1b2c3', type: 'api_error', attributes: { code, details: {} } }] });
    const cases: [() => void, string][] = [
      [
        () => dato.injectFault({ status: 429, headers: { 'x-ratelimit-reset': '7' }, body: apiError('RATE_LIMIT_EXCEEDED') }),
        'RateLimitedError',
      ],
      [() => dato.injectFault({ status: 503 }), 'UpstreamUnavailableError'],
      [() => dato.injectFault({ status: 404, body: apiError('NOT_FOUND') }), 'NotFoundError'],
      [() => dato.injectFault({ status: 422, body: apiError('INVALID_FIELD') }), 'ValidationError'],
    ];
    for (const [arrange, typename] of cases) {
      arrange();
      const error = expectTypename(await update({ defaultRoleId: '101' }), typename);
      expect(error.provider).toBe('DATOCMS');
      if (typename === 'RateLimitedError') expect(error.retryAfterSeconds).toBe(7);
    }
    expect(dato.state.settings.default_role_id).toBe('102');
  });

  it('answers RateLimitedError with X-RateLimit-Reset once the simulator window is used up', async () => {
    const saved = { ...dato.state.rateLimit };
    Object.assign(dato.state.rateLimit, { limit: 0, windowMs: 60_000 });
    try {
      const error = expectTypename(await update({ defaultRoleId: '101' }), 'RateLimitedError');
      expect(error.retryAfterSeconds).toBeGreaterThanOrEqual(1);
      expect(error.retryAfterSeconds).toBeLessThanOrEqual(60);
      expect(dato.requests[0]?.status).toBe(429);
    } finally {
      Object.assign(dato.state.rateLimit, saved);
    }
  });

  it('answers PermissionDeniedError for a token whose role cannot manage SSO, and changes nothing', async () => {
    const weak = await startStack({ providers: ['datocms'], env: { DATOCMS_API_TOKEN: DATOCMS_DEMO_EDITOR_TOKEN } });
    try {
      const sim = weak.simulators.datocms as DatoCmsSimulator;
      const error = expectTypename(await update({ idpSamlMetadataUrl: 'https://evil.example/metadata' }, weak), 'PermissionDeniedError');
      expect(error.message).toContain('INSUFFICIENT_PERMISSIONS');
      expect(sim.state.settings.idp_saml_metadata_url).toBe(demoSsoSettings(await sandboxIdp()).idp_saml_metadata_url);
      expect(weak.logs.join('\n')).not.toContain(DATOCMS_DEMO_EDITOR_TOKEN);
    } finally {
      await weak.close();
    }
  });

  it('never shows the API token or the SCIM token in responses or logs', async () => {
    stack.resetLogs();
    const responses = [
      await stack.graphql(UPDATE, { input: { idpSamlMetadataXml: XML } }),
      await stack.graphql(UPDATE, { input: { defaultRoleId: '999' } }),
    ];
    for (const secret of [stack.env.DATOCMS_API_TOKEN ?? 'unset', dato.state.settings.scim_api_token]) {
      for (const response of responses) expect(response.text).not.toContain(secret);
      expect(stack.logs.join('\n')).not.toContain(secret);
    }
    expect(stack.logs.length).toBeGreaterThan(0);
  });
});
