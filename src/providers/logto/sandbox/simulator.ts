/**
 * A Logto simulator: the OIDC token endpoint of a machine-to-machine app (client credentials,
 * resource indicator, expiring tokens) and the Management API's SSO connector routes, with
 * Logto's `{ code, message }` errors, `page`/`page_size` paging with `Total-Number` and `Link`,
 * and `providerConfig` derived on each read.
 */

import { randomBytes } from 'node:crypto';
import { sandboxIdp } from '../../../sandbox/idp/server.ts';
import { json, type SimReply, type SimRequest, type SimulatorServer, startSimulatorServer } from '../../../sandbox/simulator-kit.ts';
import { demoConnectors, PROVIDERS, providerConfigOf, type StoredConnector, scaledConnectors } from './data.ts';
import { idpSnapshotOf } from './idp-snapshot.ts';
import { checkCreate, checkPatch, checkSemantics, logtoError } from './simulator-rules.ts';

export const LOGTO_DEMO_APP_ID = 'demo-m2m-app-7k3p9x';
export const LOGTO_DEMO_APP_SECRET = 'demo-m2m-secret-NOT-REAL-4f9e2d81';
/** A machine-to-machine app without the Management API `all` permission: its tokens carry no scope. */
export const LOGTO_DEMO_LIMITED_APP_ID = 'demo-m2m-noscope-2x8q4w';
export const LOGTO_DEMO_LIMITED_APP_SECRET = 'demo-m2m-noscope-secret-NOT-REAL-6b1a';
/** The Management API resource of a self-hosted Logto (`default` tenant). */
export const LOGTO_DEMO_RESOURCE = 'https://default.logto.app/api';

const APPS = new Map([
  [LOGTO_DEMO_APP_ID, { secret: LOGTO_DEMO_APP_SECRET, scopes: ['all'] }],
  [LOGTO_DEMO_LIMITED_APP_ID, { secret: LOGTO_DEMO_LIMITED_APP_SECRET, scopes: [] as string[] }],
]);

export interface IssuedToken {
  appId: string;
  scopes: string[];
  expiresAt: number;
}

export interface LogtoSimulator extends SimulatorServer {
  state: { connectors: Map<string, StoredConnector>; tokens: Map<string, IssuedToken> };
  /** `expires_in` of tokens issued from now on, in seconds. @default 3600 */
  tokenLifetimeSeconds: number;
  /** Invalidates every token issued so far, as a signing-key rotation would. */
  revokeTokens(): void;
  /** Replaces the connectors with `count` of them (load and batching tests): see `scaledConnectors`. */
  seedConnectors(count: number): void;
}

const MAX_PAGE_SIZE = 100;

export async function startLogtoSimulator(): Promise<LogtoSimulator> {
  const idp = await sandboxIdp();
  const connectors = new Map(demoConnectors(idp).map((connector) => [connector.id, connector]));
  const tokens = new Map<string, IssuedToken>();
  let baseUrl = '';
  let lifetime = 3600;

  const present = (connector: StoredConnector) => {
    const facts = PROVIDERS[connector.providerName];
    const providerConfig = providerConfigOf(connector, baseUrl);
    const { idpSnapshot: _snapshot, ...wire } = connector;
    return {
      ...wire,
      name: facts.name,
      providerType: facts.providerType,
      providerLogo: facts.logo,
      providerLogoDark: facts.logoDark,
      ...(providerConfig ? { providerConfig } : {}),
    };
  };
  const notFound = (id: string) =>
    logtoError(404, 'entity.not_exists_with_id', `The sso_connectors with ID \`${id}\` does not exist.`, { data: { id } });
  const find = (request: SimRequest) => connectors.get(request.params.id ?? '');
  const othersThan = (id: string) => [...connectors.values()].filter((connector) => connector.id !== id);

  const issueToken = (request: SimRequest): SimReply => {
    if (request.contentType !== 'application/x-www-form-urlencoded')
      return oidcError(400, 'invalid_request', 'only application/x-www-form-urlencoded is accepted');
    const form = (request.body ?? {}) as Record<string, string>;
    const [appId, secret] = clientCredentials(request.headers.authorization, form);
    const app = appId === undefined ? undefined : APPS.get(appId);
    if (!app || app.secret !== secret) return oidcError(401, 'invalid_client', 'client authentication failed');
    if (form.grant_type !== 'client_credentials') return oidcError(400, 'unsupported_grant_type', 'unsupported grant_type requested');
    if (form.resource !== LOGTO_DEMO_RESOURCE) return oidcError(400, 'invalid_target', 'resource indicator is missing, or unknown');
    const scopes = (form.scope ?? '').split(' ').filter((scope) => app.scopes.includes(scope));
    const accessToken = `eyJdemo.${randomBytes(24).toString('base64url')}`;
    tokens.set(accessToken, { appId: appId ?? '', scopes, expiresAt: Date.now() + lifetime * 1000 });
    return json(200, { access_token: accessToken, expires_in: lifetime, token_type: 'Bearer', scope: scopes.join(' ') });
  };

  const guard = (request: SimRequest): SimReply | undefined => {
    if (!request.path.startsWith('/api/')) return undefined;
    const token = /^Bearer (.+)$/.exec(String(request.headers.authorization ?? ''))?.[1];
    const issued = token === undefined ? undefined : tokens.get(token);
    if (!issued || issued.expiresAt <= Date.now())
      return logtoError(401, 'auth.unauthorized', 'Unauthorized. Please check credentials and its scope.');
    if (!issued.scopes.includes('all'))
      return logtoError(403, 'auth.forbidden', 'Forbidden. Please check your user roles and permissions.');
    return undefined;
  };

  const list = (request: SimRequest): SimReply => {
    const all = [...connectors.values()].sort((a, b) => b.createdAt - a.createdAt);
    const rawPage = request.query.get('page');
    const rawSize = request.query.get('page_size');
    if (rawPage === null && rawSize === null) return json(200, all.map(present));
    const page = Number(rawPage ?? '1');
    const size = Number(rawSize ?? '20');
    if (!Number.isInteger(page) || page < 1 || !Number.isInteger(size) || size < 1 || size > MAX_PAGE_SIZE) {
      return logtoError(400, 'guard.invalid_pagination', 'The pagination value is invalid.');
    }
    const lastPage = Math.max(1, Math.ceil(all.length / size));
    return json(200, all.slice((page - 1) * size, page * size).map(present), {
      'total-number': String(all.length),
      link: linkHeader(`${baseUrl}${request.path}`, page, size, lastPage),
    });
  };

  const create = (request: SimRequest): SimReply => {
    const checked = checkCreate(request.body);
    if ('error' in checked) return checked.error;
    const refused = checkSemantics(checked.ok.providerName, checked.ok, [...connectors.values()]);
    if (refused) return refused;
    const connector: StoredConnector = {
      tenantId: 'default',
      id: shortId(),
      config: {},
      domains: [],
      branding: {},
      syncProfile: false,
      enableTokenStorage: false,
      createdAt: Date.now(),
      ...checked.ok,
    };
    connectors.set(connector.id, connector);
    return json(200, present(connector));
  };

  const update = (request: SimRequest): SimReply => {
    const found = find(request);
    if (!found) return notFound(request.params.id ?? '');
    const checked = checkPatch(request.body);
    if ('error' in checked) return checked.error;
    const refused = checkSemantics(found.providerName, checked.ok, othersThan(found.id));
    if (refused) return refused;
    // Each given top-level key replaces the stored value whole; nothing is deep-merged.
    const updated: StoredConnector = { ...found, ...checked.ok };
    // A new config is fetched afresh, as Logto does when the connector is saved.
    if (checked.ok.config) {
      delete updated.idpSnapshot;
      const snapshot = idpSnapshotOf(idp, checked.ok.config);
      if (snapshot) updated.idpSnapshot = snapshot;
    }
    connectors.set(found.id, updated);
    return json(200, present(updated));
  };

  const server = await startSimulatorServer({
    name: 'logto',
    errorReply: (status, code, message) => logtoError(status, code, message),
    guard,
    routes: [
      { method: 'POST', pattern: '/oidc/token', handler: issueToken },
      { method: 'GET', pattern: '/api/sso-connectors', handler: list },
      { method: 'POST', pattern: '/api/sso-connectors', handler: create },
      { method: 'GET', pattern: '/api/sso-connector-providers', handler: () => json(200, providerList()) },
      {
        method: 'GET',
        pattern: '/api/sso-connectors/:id',
        handler: (request) => {
          const found = find(request);
          return found ? json(200, present(found)) : notFound(request.params.id ?? '');
        },
      },
      { method: 'PATCH', pattern: '/api/sso-connectors/:id', handler: update },
      {
        method: 'DELETE',
        pattern: '/api/sso-connectors/:id',
        handler: (request) => (connectors.delete(request.params.id ?? '') ? { status: 204 } : notFound(request.params.id ?? '')),
      },
    ],
  });
  baseUrl = server.url;
  // An accessor, not a copied value: tests change the lifetime of tokens issued afterwards.
  Object.defineProperty(server, 'tokenLifetimeSeconds', {
    get: () => lifetime,
    set: (seconds: number) => {
      lifetime = seconds;
    },
  });
  const seedConnectors = (count: number) => {
    connectors.clear();
    for (const connector of scaledConnectors(idp, count)) connectors.set(connector.id, connector);
  };
  return Object.assign(server as LogtoSimulator, { state: { connectors, tokens }, revokeTokens: () => tokens.clear(), seedConnectors });
}

/** Logto's standard short id: 12 lower-case letters and digits. */
function shortId(): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  return [...randomBytes(12)].map((byte) => alphabet[byte % alphabet.length]).join('');
}

function oidcError(status: number, error: string, description: string): SimReply {
  return json(status, { error, error_description: description });
}

/** `client_secret_basic` or `client_secret_post`, as Logto's OIDC provider accepts both. */
function clientCredentials(authorization: string | undefined, form: Record<string, string>): [string | undefined, string | undefined] {
  const basic = /^Basic (.+)$/.exec(authorization ?? '')?.[1];
  if (basic) {
    const decoded = Buffer.from(basic, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    return colon < 0 ? [undefined, undefined] : [decodeURIComponent(decoded.slice(0, colon)), decodeURIComponent(decoded.slice(colon + 1))];
  }
  return [form.client_id, form.client_secret];
}

function linkHeader(url: string, page: number, size: number, lastPage: number): string {
  const link = (n: number, rel: string) => `<${url}?page=${n}&page_size=${size}>; rel="${rel}"`;
  const links = [link(1, 'first')];
  if (page > 1) links.push(link(page - 1, 'prev'));
  if (page < lastPage) links.push(link(page + 1, 'next'));
  links.push(link(lastPage, 'last'));
  return links.join(', ');
}

function providerList() {
  return Object.entries(PROVIDERS).map(([providerName, facts]) => ({
    providerName,
    providerType: facts.providerType,
    logo: facts.logo,
    logoDark: facts.logoDark,
    description: facts.description,
    name: facts.name,
  }));
}
