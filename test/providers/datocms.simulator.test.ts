import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  DATOCMS_DEMO_EDITOR_TOKEN,
  DATOCMS_DEMO_TOKEN,
  type DatoCmsSimulator,
  startDatoCmsSimulator,
} from '../../src/providers/datocms/sandbox/simulator.ts';

let sim: DatoCmsSimulator;

beforeAll(async () => {
  sim = await startDatoCmsSimulator();
});
afterAll(() => sim.close());
beforeEach(() => sim.resetLog());

const HEADERS = { authorization: `Bearer ${DATOCMS_DEMO_TOKEN}`, accept: 'application/json', 'x-api-version': '3' };
type ErrorBody = { data: { id: string; type: string; attributes: { code: string; details: Record<string, unknown> } }[] };

async function call(method: string, path: string, headers: Record<string, string> = HEADERS, body?: unknown) {
  const response = await fetch(`${sim.url}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: response.status, headers: response.headers, body: (await response.json()) as ErrorBody };
}
const put = (body: unknown, contentType = 'application/vnd.api+json') =>
  call('PUT', '/sso-settings', { ...HEADERS, 'content-type': contentType }, body);

function expectApiError(result: Awaited<ReturnType<typeof call>>, status: number, code: string) {
  expect(result.status).toBe(status);
  const error = result.body.data[0];
  expect(error?.type).toBe('api_error');
  expect(error?.id).toMatch(/^[0-9a-f]{6}$/);
  expect(error?.attributes.code).toBe(code);
  return error?.attributes.details ?? {};
}

describe('DatoCMS simulator', () => {
  it('refuses missing or unknown tokens and roles without can_manage_sso', async () => {
    expectApiError(await call('GET', '/sso-settings', { ...HEADERS, authorization: '' }), 401, 'INVALID_AUTHORIZATION_HEADER');
    expectApiError(await call('GET', '/sso-settings', { ...HEADERS, authorization: 'Bearer nope' }), 401, 'INVALID_AUTHORIZATION_HEADER');
    const weak = { ...HEADERS, authorization: `Bearer ${DATOCMS_DEMO_EDITOR_TOKEN}` };
    expectApiError(await call('GET', '/sso-settings', weak), 403, 'INSUFFICIENT_PERMISSIONS');
    expect((await call('GET', '/roles', weak)).status).toBe(200);
  });

  it('requires X-Api-Version 3, a JSON Accept and a JSON:API or JSON content type', async () => {
    const { 'x-api-version': _omitted, ...noVersion } = HEADERS;
    expectApiError(await call('GET', '/sso-settings', noVersion), 422, 'INVALID_API_VERSION');
    expectApiError(await call('GET', '/sso-settings', { ...HEADERS, 'x-api-version': '2' }), 422, 'INVALID_API_VERSION');
    expectApiError(await call('GET', '/sso-settings', { ...HEADERS, accept: 'text/html' }), 406, 'INVALID_ACCEPT_HEADER');
    expectApiError(await put({ data: { type: 'sso_settings' } }, 'text/plain'), 415, 'INVALID_CONTENT_TYPE_HEADER');
    expect((await put({ data: { type: 'sso_settings' } }, 'application/json')).status).toBe(200);
  });

  it('validates the PUT document', async () => {
    expectApiError(await put({ data: { type: 'sso_setting' } }), 422, 'INVALID_TYPE');
    const url = expectApiError(
      await put({ data: { type: 'sso_settings', attributes: { idp_saml_metadata_url: 'nope' } } }),
      422,
      'INVALID_FIELD',
    );
    expect(url.field).toBe('idp_saml_metadata_url');
    const role = { type: 'sso_settings', relationships: { default_role: { data: { type: 'role', id: '999' } } } };
    expect(expectApiError(await put({ data: role }), 422, 'INVALID_RELATIONSHIP').field).toBe('default_role');
    const unset = { type: 'sso_settings', relationships: { default_role: { data: null } } };
    expect(expectApiError(await put({ data: unset }), 422, 'INVALID_FIELD').field).toBe('default_role');
    expect(sim.state.settings.default_role_id).toBe('102');
  });

  it('answers 404 NOT_FOUND for an unknown role', async () => {
    expectApiError(await call('GET', '/roles/999'), 404, 'NOT_FOUND');
  });

  it('sends rate-limit headers and 429 with X-RateLimit-Reset over the window', async () => {
    const ok = await call('GET', '/roles');
    expect(ok.headers.get('x-ratelimit-limit')).toBe('60');
    expect(Number(ok.headers.get('x-ratelimit-remaining'))).toBeLessThan(60);
    const saved = { ...sim.state.rateLimit };
    Object.assign(sim.state.rateLimit, { limit: 1, windowMs: 60_000 });
    try {
      await call('GET', '/roles');
      const limited = await call('GET', '/roles');
      expectApiError(limited, 429, 'RATE_LIMIT_EXCEEDED');
      expect(Number(limited.headers.get('x-ratelimit-reset'))).toBeGreaterThanOrEqual(1);
      expect(limited.headers.get('x-ratelimit-remaining')).toBe('0');
    } finally {
      Object.assign(sim.state.rateLimit, saved);
    }
  });
});
