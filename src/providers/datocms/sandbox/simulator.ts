/**
 * A DatoCMS CMA simulator: project tokens tied to roles, the required `X-Api-Version: 3`, Accept
 * and Content-Type checks, JSON:API `api_error` lists, 60-requests-per-3-s rate limiting with
 * `X-RateLimit-*` headers, and the `/sso-settings` and `/roles` resources.
 *
 * DatoCMS documents its error codes but not which HTTP status each one comes with (only 422 for a
 * missing version header is documented), so the statuses below are the sensible guesses:
 * 401 bad token, 403 missing permission, 406/415 bad Accept/Content-Type, 422 invalid body,
 * 404 unknown resource, 429 rate limited.
 */

import { randomBytes } from 'node:crypto';
import { sandboxIdp } from '../../../sandbox/idp/server.ts';
import { json, type SimReply, type SimRequest, type SimulatorServer, startSimulatorServer } from '../../../sandbox/simulator-kit.ts';
import { ADMIN_ROLE_ID, type DemoRole, type DemoSsoSettings, demoRoles, demoSsoSettings, EDITOR_ROLE_ID } from './data.ts';
import { settingsResource, validateSsoSettingsBody } from './simulator-sso.ts';

export const DATOCMS_DEMO_TOKEN = 'dato_demo_full_access_3e9f1c7a52';
/** A token whose role (Editor) lacks `can_manage_sso`. */
export const DATOCMS_DEMO_EDITOR_TOKEN = 'dato_demo_editor_only_5b2d8e0c41';

export interface DatoCmsSimulator extends SimulatorServer {
  state: {
    settings: DemoSsoSettings;
    roles: Map<string, DemoRole>;
    /** Tests may lower the limit to reach a real 429. */
    rateLimit: { limit: number; windowMs: number };
  };
}

export type ApiError = (status: number, code: string, details?: Record<string, unknown>) => SimReply;

const ACCEPTABLE = new Set(['application/json', 'application/vnd.api+json', 'application/*', '*/*']);
const CONTENT_TYPES = new Set(['application/vnd.api+json', 'application/json']);

export async function startDatoCmsSimulator(): Promise<DatoCmsSimulator> {
  const roles = new Map(demoRoles().map((role) => [role.id, role]));
  const tokens = new Map([
    [DATOCMS_DEMO_TOKEN, ADMIN_ROLE_ID],
    [DATOCMS_DEMO_EDITOR_TOKEN, EDITOR_ROLE_ID],
  ]);
  const state: DatoCmsSimulator['state'] = {
    settings: demoSsoSettings(await sandboxIdp()),
    roles,
    rateLimit: { limit: 60, windowMs: 3000 },
  };
  let windowStart = Date.now();
  let used = 0;

  const secondsToReset = () => Math.max(1, Math.ceil((windowStart + state.rateLimit.windowMs - Date.now()) / 1000));
  const withRateHeaders = (reply: SimReply): SimReply => ({
    ...reply,
    headers: {
      'x-ratelimit-limit': String(state.rateLimit.limit),
      'x-ratelimit-remaining': String(Math.max(0, state.rateLimit.limit - used)),
      ...(reply.status === 429 ? { 'x-ratelimit-reset': String(secondsToReset()) } : {}),
      ...reply.headers,
    },
  });
  const apiError: ApiError = (status, code, details = {}) =>
    withRateHeaders(
      json(status, {
        data: [
          {
            id: randomBytes(3).toString('hex'),
            type: 'api_error',
            attributes: {
              code,
              doc_url: `https://www.datocms.com/docs/content-management-api/errors#${code}`,
              details,
              ...(status === 429 || status >= 500 ? { transient: true } : {}),
            },
          },
        ],
      }),
    );
  const ok = (body: unknown) => withRateHeaders(json(200, body));

  const roleOf = (request: SimRequest) => roles.get(tokens.get(bearer(request) ?? '') ?? '');
  /** Undocumented which permission guards `/sso-settings`; `can_manage_sso` is the evident one. */
  const requireSso = (request: SimRequest) =>
    roleOf(request)?.attributes.can_manage_sso ? undefined : apiError(403, 'INSUFFICIENT_PERMISSIONS');

  const server = await startSimulatorServer({
    name: 'datocms',
    errorReply: (status, code) => apiError(status, kitCode(status, code)),
    guard: (request) => {
      if (Date.now() - windowStart >= state.rateLimit.windowMs) {
        windowStart = Date.now();
        used = 0;
      }
      used += 1;
      if (used > state.rateLimit.limit) return apiError(429, 'RATE_LIMIT_EXCEEDED');
      if (!tokens.has(bearer(request) ?? '')) return apiError(401, 'INVALID_AUTHORIZATION_HEADER');
      if (request.headers['x-api-version'] !== '3') return apiError(422, 'INVALID_API_VERSION');
      if (!acceptsJson(request.headers.accept)) return apiError(406, 'INVALID_ACCEPT_HEADER');
      if (request.method === 'PUT' && !CONTENT_TYPES.has(request.contentType)) return apiError(415, 'INVALID_CONTENT_TYPE_HEADER');
      return undefined;
    },
    routes: [
      {
        method: 'GET',
        pattern: '/sso-settings',
        handler: (request) => requireSso(request) ?? ok({ data: settingsResource(state.settings) }),
      },
      {
        method: 'PUT',
        pattern: '/sso-settings',
        handler: (request) => {
          const refused = requireSso(request) ?? validateSsoSettingsBody(request.body, state.settings, roles, apiError);
          if ('status' in refused) return refused;
          Object.assign(state.settings, refused);
          return ok({ data: settingsResource(state.settings) });
        },
      },
      // Any project token may read roles here; which permission DatoCMS requires is undocumented.
      { method: 'GET', pattern: '/roles', handler: () => ok({ data: [...roles.values()] }) },
      {
        method: 'GET',
        pattern: '/roles/:roleId',
        handler: (request) => {
          const role = roles.get(request.params.roleId ?? '');
          return role ? ok({ data: role }) : apiError(404, 'NOT_FOUND');
        },
      },
    ],
  });
  return Object.assign(server, { state });
}

function bearer(request: SimRequest): string | undefined {
  return /^Bearer (.+)$/.exec(String(request.headers.authorization ?? ''))?.[1];
}

/** No Accept header means anything goes; otherwise one of its media ranges must cover JSON. */
function acceptsJson(accept: string | undefined): boolean {
  if (accept === undefined) return true;
  return accept.split(',').some((range) => ACCEPTABLE.has(range.split(';')[0]?.trim().toLowerCase() ?? ''));
}

/** The kit's own codes (unknown route, bad JSON, faults) in DatoCMS's upper-case style. */
function kitCode(status: number, code: string): string {
  if (status === 429) return 'RATE_LIMIT_EXCEEDED';
  if (code === 'invalid_json') return 'INVALID_FORMAT';
  return code.toUpperCase();
}
