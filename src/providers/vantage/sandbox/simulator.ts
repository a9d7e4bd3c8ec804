/**
 * A Vantage API v2 simulator: bearer tokens with read or read+write scope, `{ errors: [...] }`
 * bodies, page/limit paging with `links`, `x-rate-limit-*` headers, and the managed-account SSO
 * sub-resource, which (as on Vantage) can be written but never read back.
 */
import { json, type SimReply, type SimRequest, type SimulatorServer, startSimulatorServer } from '../../../sandbox/simulator-kit.ts';
import { type DemoManagedAccount, demoManagedAccounts } from './data.ts';

export const VANTAGE_DEMO_TOKEN = 'vntg_demo_read_write_7c1e0f3a9b';
export const VANTAGE_DEMO_READ_ONLY_TOKEN = 'vntg_demo_read_only_42d8e6b1c0';

export interface StoredSsoConnection {
  saml_metadata_url: string;
  additional_domains: string[];
}

export interface VantageSimulator extends SimulatorServer {
  state: {
    accounts: Map<string, DemoManagedAccount>;
    sso: Map<string, StoredSsoConnection>;
    /** Vantage's account-wide budget: 1,000 requests an hour. Tests and benchmarks may change it. */
    rateLimit: { limit: number; windowMs: number };
  };
}

export async function startVantageSimulator(): Promise<VantageSimulator> {
  const accounts = new Map(demoManagedAccounts().map((account) => [account.token, account]));
  const sso = new Map<string, StoredSsoConnection>([
    [
      'acct_1f4e2b7c9d0a3e5f',
      { saml_metadata_url: 'https://acme.okta.example/app/exk1/sso/saml/metadata', additional_domains: ['acme-labs.example'] },
    ],
  ]);
  const rateLimit = { limit: 1000, windowMs: 3_600_000 };
  let used = 0;
  let windowStart = Date.now();
  const windowReset = () => Math.floor((windowStart + rateLimit.windowMs) / 1000);
  const withRateHeaders = (reply: SimReply): SimReply => ({
    ...reply,
    headers: {
      'x-rate-limit-limit': String(rateLimit.limit),
      'x-rate-limit-remaining': String(Math.max(0, rateLimit.limit - used)),
      'x-rate-limit-reset': String(windowReset()),
      ...reply.headers,
    },
  });
  const errors = (status: number, ...messages: string[]) => withRateHeaders(json(status, { errors: messages }));

  const account = (request: SimRequest) => accounts.get(request.params.token ?? '');
  let baseUrl = '';

  const server = await startSimulatorServer({
    name: 'vantage',
    errorReply: (status, _code, message) => errors(status, message),
    guard: (request) => {
      if (Date.now() - windowStart >= rateLimit.windowMs) {
        windowStart = Date.now();
        used = 0;
      }
      used += 1;
      const token = /^Bearer (.+)$/.exec(String(request.headers.authorization ?? ''))?.[1];
      // A missing or unknown token has been seen answered with an empty `{}` body.
      if (token !== VANTAGE_DEMO_TOKEN && token !== VANTAGE_DEMO_READ_ONLY_TOKEN) return withRateHeaders(json(401, {}));
      if (used > rateLimit.limit) return errors(429, 'Rate limit exceeded.');
      if (request.method !== 'GET' && token === VANTAGE_DEMO_READ_ONLY_TOKEN) {
        return errors(403, 'This API token does not have the write scope.');
      }
      return undefined;
    },
    routes: [
      {
        method: 'GET',
        pattern: '/v2/managed_accounts',
        handler: (request) => {
          const page = Number(request.query.get('page') ?? '1');
          const limit = Number(request.query.get('limit') ?? '100');
          if (!Number.isInteger(page) || page < 1) return errors(400, 'page must be a positive integer.');
          if (!Number.isInteger(limit) || limit < 1 || limit > 1000) return errors(400, 'limit must be between 1 and 1000.');
          const all = [...accounts.values()];
          const items = all.slice((page - 1) * limit, page * limit);
          const last = Math.max(1, Math.ceil(all.length / limit));
          const link = (n: number) => `${baseUrl}/v2/managed_accounts?page=${n}&limit=${limit}`;
          return withRateHeaders(
            json(200, {
              links: {
                self: link(page),
                first: link(1),
                next: page < last ? link(page + 1) : null,
                prev: page > 1 ? link(page - 1) : null,
                last: link(last),
              },
              managed_accounts: items,
            }),
          );
        },
      },
      {
        method: 'GET',
        pattern: '/v2/managed_accounts/:token',
        handler: (request) => {
          const found = account(request);
          return found ? withRateHeaders(json(200, found)) : errors(404, 'Managed Account not found.');
        },
      },
      {
        method: 'POST',
        pattern: '/v2/managed_accounts/:token/sso_connection',
        handler: (request) => {
          const found = account(request);
          if (!found) return errors(404, 'Managed Account not found.');
          const body = readSsoBody(request.body);
          if ('error' in body) return errors(400, body.error);
          const record = request.body as { type?: unknown };
          if (record.type !== 'saml') return errors(400, 'type must be saml.');
          if (body.saml_metadata_url === undefined) return errors(400, 'saml_metadata_url is required when type is saml.');
          if (sso.has(found.token)) return errors(400, 'An SSO connection already exists for this Managed Account.');
          sso.set(found.token, { saml_metadata_url: body.saml_metadata_url, additional_domains: body.additional_domains ?? [] });
          return withRateHeaders(json(201, found));
        },
      },
      {
        method: 'PUT',
        pattern: '/v2/managed_accounts/:token/sso_connection',
        handler: (request) => {
          const found = account(request);
          if (!found) return errors(404, 'Managed Account not found.');
          const existing = sso.get(found.token);
          if (!existing) return errors(404, 'SSO connection not found.');
          const body = readSsoBody(request.body);
          if ('error' in body) return errors(400, body.error);
          sso.set(found.token, {
            saml_metadata_url: body.saml_metadata_url ?? existing.saml_metadata_url,
            additional_domains: body.additional_domains ?? existing.additional_domains,
          });
          return withRateHeaders(json(200, found));
        },
      },
      {
        method: 'DELETE',
        pattern: '/v2/managed_accounts/:token/sso_connection',
        handler: (request) => {
          const found = account(request);
          if (!found) return errors(404, 'Managed Account not found.');
          if (!sso.delete(found.token)) return errors(404, 'SSO connection not found.');
          return withRateHeaders({ status: 204 });
        },
      },
    ],
  });
  baseUrl = server.url;
  return Object.assign(server, { state: { accounts, sso, rateLimit } });
}

function readSsoBody(body: unknown): { saml_metadata_url?: string; additional_domains?: string[] } | { error: string } {
  if (typeof body !== 'object' || body === null) return { error: 'Request body must be a JSON object.' };
  const { saml_metadata_url: url, additional_domains: domains } = body as Record<string, unknown>;
  if (url !== undefined && (typeof url !== 'string' || !URL.canParse(url))) return { error: 'saml_metadata_url must be a URL.' };
  if (domains !== undefined && (!Array.isArray(domains) || !domains.every((d) => typeof d === 'string'))) {
    return { error: 'additional_domains must be an array of strings.' };
  }
  return {
    ...(url !== undefined ? { saml_metadata_url: url as string } : {}),
    ...(domains !== undefined ? { additional_domains: domains as string[] } : {}),
  };
}
