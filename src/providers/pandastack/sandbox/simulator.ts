/**
 * A PandaStack Developers API › SSO simulator. PandaStack documents only paths, the `psk_` bearer
 * key and the required `organization_id`; bodies, statuses other than 200 and the error format
 * are the simulator's choices, modelled on the `{ "detail": "…" }` answers of its backend.
 */
import { randomBytes } from 'node:crypto';
import { json, type SimReply, type SimRequest, type SimulatorServer, startSimulatorServer } from '../../../sandbox/simulator-kit.ts';
import { DEMO_ORGANIZATION_ID, type DemoState, demoState, PANDASTACK_DEMO_KEY, type StoredSso } from './data.ts';

export { DEMO_ORGANIZATION_ID, PANDASTACK_DEMO_KEY };

export interface PandaStackSimulator extends SimulatorServer {
  state: DemoState;
}

const KEY_FORMAT = /^Bearer (psk_[0-9a-f]{64})$/;
const URL_FIELDS = ['issuer', 'provider_url', 'authorization_endpoint', 'token_endpoint', 'userinfo_endpoint', 'callback_url'];
const STRING_FIELDS = ['slug', 'provider', 'provider_name', 'client_id', 'client_secret'];

const detail = (status: number, message: string): SimReply => json(status, { detail: message });

export async function startPandaStackSimulator(): Promise<PandaStackSimulator> {
  const state = demoState();
  const organizationOf = (request: SimRequest) => request.query.get('organization_id') ?? '';
  const configurationOf = (request: SimRequest) => state.organizations.get(organizationOf(request)) ?? null;

  const server = await startSimulatorServer({
    name: 'pandastack',
    errorReply: (status, _code, message) => detail(status, status === 404 ? 'Not Found' : message),
    guard: (request) => {
      const key = KEY_FORMAT.exec(String(request.headers.authorization ?? ''))?.[1];
      const organizations = key ? state.keys.get(key) : undefined;
      if (!organizations) return detail(401, 'Invalid or missing API token');
      const organizationId = request.query.get('organization_id');
      if (!organizationId) return detail(400, 'organization_id is required');
      if (!state.organizations.has(organizationId)) return detail(404, 'Organization not found');
      if (!organizations.has(organizationId)) return detail(403, 'You do not have access to this organization');
      return undefined;
    },
    routes: [
      {
        method: 'GET',
        pattern: '/api/v1/sso/',
        handler: (request) => {
          const configuration = configurationOf(request);
          return json(200, { success: true, data: configuration ? [configuration] : [] });
        },
      },
      {
        method: 'GET',
        pattern: '/api/v1/sso/single',
        handler: (request) => {
          const configuration = configurationOf(request);
          // Bodies are undocumented; the simulator returns the secret as stored so the gateway's
          // redaction is exercised against the worst case.
          return configuration ? json(200, configuration) : detail(404, 'SSO configuration not found');
        },
      },
      {
        method: 'POST',
        pattern: '/api/v1/sso/',
        handler: (request) => {
          // What PandaStack does on a second create is undocumented; answering 409 is this simulator's choice.
          if (configurationOf(request)) return detail(409, 'SSO configuration already exists for this organization');
          const fields = readFields(request.body);
          if (typeof fields === 'string') return detail(400, fields);
          const now = new Date().toISOString();
          const created: StoredSso = {
            id: `sso_${randomBytes(6).toString('hex')}`,
            organization_id: organizationOf(request),
            enabled: false,
            domains: [],
            ...fields,
            created_at: now,
            updated_at: now,
          };
          const refused = enableRefusal(created);
          if (refused) return detail(400, refused);
          state.organizations.set(organizationOf(request), created);
          return json(200, { success: true, data: created });
        },
      },
      {
        method: 'POST',
        pattern: '/api/v1/sso/update',
        handler: (request) => {
          const existing = configurationOf(request);
          if (!existing) return detail(404, 'SSO configuration not found');
          const fields = readFields(request.body);
          if (typeof fields === 'string') return detail(400, fields);
          const { id, ...changes } = fields;
          if (id !== undefined && id !== existing.id) return detail(404, 'SSO configuration not found');
          const updated: StoredSso = { ...existing, ...changes, updated_at: new Date().toISOString() };
          const refused = enableRefusal(updated);
          if (refused) return detail(400, refused);
          state.organizations.set(organizationOf(request), updated);
          return json(200, updated);
        },
      },
      {
        method: 'DELETE',
        pattern: '/api/v1/sso/',
        handler: (request) => {
          if (!configurationOf(request)) return detail(404, 'SSO configuration not found');
          state.organizations.set(organizationOf(request), null);
          return json(200, { message: 'SSO configuration deleted' });
        },
      },
    ],
  });
  return Object.assign(server, { state });
}

/** The known fields of a write body, or the `detail` sentence refusing it. */
function readFields(body: unknown): StoredSso | string {
  if (body === undefined) return {};
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return 'Request body must be a JSON object';
  const record = body as Record<string, unknown>;
  const fields: StoredSso = {};
  for (const name of URL_FIELDS) {
    const value = record[name];
    if (value === undefined) continue;
    if (typeof value !== 'string' || !/^https?:$/.test(URL.canParse(value) ? new URL(value).protocol : '')) {
      return `${name} must be a valid URL`;
    }
    fields[name] = value;
  }
  for (const name of STRING_FIELDS) {
    const value = record[name];
    if (value === undefined) continue;
    if (typeof value !== 'string' || value === '') return `${name} must be a non-empty string`;
    fields[name] = value;
  }
  const { id, enabled, domains } = record;
  if (id !== undefined && typeof id !== 'string') return 'id must be a string';
  if (enabled !== undefined && typeof enabled !== 'boolean') return 'enabled must be a boolean';
  if (domains !== undefined && (!Array.isArray(domains) || !domains.every((d) => typeof d === 'string'))) {
    return 'domains must be a list of strings';
  }
  return {
    ...fields,
    ...(id !== undefined ? { id } : {}),
    ...(enabled !== undefined ? { enabled } : {}),
    ...(domains !== undefined ? { domains } : {}),
  };
}

/** Switching SSO on needs a complete provider configuration. */
function enableRefusal(configuration: StoredSso): string | undefined {
  if (configuration.enabled !== true) return undefined;
  if (!configuration.issuer && !configuration.provider_url) return 'issuer is required to enable SSO';
  if (!configuration.client_id) return 'client_id is required to enable SSO';
  if (!configuration.client_secret) return 'client_secret is required to enable SSO';
  return undefined;
}
