/**
 * A Stytch B2B simulator: Basic auth with a demo project, member-session RBAC on `stytch.sso`
 * (tenancy, permission, unknown or expired sessions), Stytch's error body with `error_type`, the
 * SSO read per organization, the SAML update by metadata URL and cursor-paged organization search.
 * Stytch fetches metadata itself; the simulator does not, it derives the IdP fields from the URL.
 */
import { randomUUID } from 'node:crypto';
import { sandboxIdp } from '../../../sandbox/idp/server.ts';
import { json, type SimReply, type SimRequest, type SimulatorServer, startSimulatorServer } from '../../../sandbox/simulator-kit.ts';
import { DEMO_SESSIONS, type DemoOrganization, demoOrganizations, SSO_PERMISSIONS } from './data.ts';
import { type ReadMetadata, readSandboxMetadata } from './read-metadata.ts';

export const STYTCH_DEMO_PROJECT_ID = 'project-test-6f0e4c2a-9b1d-4e7f-a3c5-8d2b0f4e6a19';
export const STYTCH_DEMO_SECRET = 'secret-test-Dm0ScrtNotReal_4b8c2e6f0a1d3e5f7a9b';

export interface StytchSimulator extends SimulatorServer {
  state: { organizations: Map<string, DemoOrganization> };
}

const DEFAULT_SEARCH_LIMIT = 100;
const MAX_SEARCH_LIMIT = 1000;

const INJECTED_ERROR_TYPES: Record<number, string> = { 429: 'too_many_requests', 500: 'internal_server_error', 503: 'service_unavailable' };

export function stytchError(status: number, errorType: string, message: string): SimReply {
  return json(status, {
    status_code: status,
    request_id: requestId(),
    error_type: errorType,
    error_message: message,
    error_url: `https://stytch.com/docs/api/errors/${status}#${errorType}`,
  });
}

function ok(body: Record<string, unknown>): SimReply {
  return json(200, { request_id: requestId(), status_code: 200, ...body });
}

function requestId(): string {
  return `request-id-test-${randomUUID()}`;
}

export async function startStytchSimulator(): Promise<StytchSimulator> {
  const idp = await sandboxIdp();
  const organizations = new Map(demoOrganizations().map((entry) => [entry.organization.organization_id, entry]));
  const findOrganization = (idOrSlug: string) =>
    organizations.get(idOrSlug) ?? [...organizations.values()].find((entry) => entry.organization.organization_slug === idOrSlug);

  /** The RBAC check Stytch runs when a member session header is present; `undefined` = allowed. */
  const authorizeSession = (request: SimRequest, requestedOrganization: string, action: string): SimReply | undefined => {
    const token = header(request, 'x-stytch-member-session') ?? header(request, 'x-stytch-member-sessionjwt');
    if (token === undefined) return undefined;
    const session = DEMO_SESSIONS[token];
    if (!session || session.expired) return stytchError(401, 'session_not_found', 'Session could not be found.');
    const organization = findOrganization(requestedOrganization);
    if (session.organization_id !== (organization?.organization.organization_id ?? requestedOrganization)) {
      return stytchError(
        403,
        'session_authorization_tenancy_error',
        "The organization_id does not match the member session's organization.",
      );
    }
    const allowed = session.roles.some((role) => SSO_PERMISSIONS[role]?.includes(action));
    return allowed
      ? undefined
      : stytchError(403, 'session_authorization_error', `The member is not authorized to perform ${action} on stytch.sso.`);
  };

  const server = await startSimulatorServer({
    name: 'stytch',
    errorReply: (status, code, message) =>
      stytchError(status, code === 'injected_fault' ? (INJECTED_ERROR_TYPES[status] ?? 'internal_server_error') : code, message),
    guard: (request) => {
      const credentials = /^Basic (.+)$/.exec(String(request.headers.authorization ?? ''))?.[1];
      const decoded = credentials ? Buffer.from(credentials, 'base64').toString('utf8') : '';
      if (decoded !== `${STYTCH_DEMO_PROJECT_ID}:${STYTCH_DEMO_SECRET}`) {
        return stytchError(401, 'unauthorized_credentials', 'Unauthorized credentials.');
      }
      return undefined;
    },
    routes: [
      {
        method: 'GET',
        pattern: '/v1/b2b/sso/:organization_id',
        handler: (request) => {
          const requested = request.params.organization_id ?? '';
          const refused = authorizeSession(request, requested, 'get');
          if (refused) return refused;
          const found = findOrganization(requested);
          if (!found) return stytchError(404, 'organization_not_found', 'Organization could not be found.');
          return ok({
            saml_connections: found.saml_connections,
            oidc_connections: found.oidc_connections,
            external_connections: found.external_connections,
          });
        },
      },
      {
        method: 'PUT',
        pattern: '/v1/b2b/sso/saml/:organization_id/connections/:connection_id/url',
        handler: (request) => {
          const requested = request.params.organization_id ?? '';
          const refused = authorizeSession(request, requested, 'update');
          if (refused) return refused;
          const found = findOrganization(requested);
          if (!found) return stytchError(404, 'organization_not_found', 'Organization could not be found.');
          const connection = found.saml_connections.find((entry) => entry.connection_id === request.params.connection_id);
          if (!connection) return stytchError(404, 'saml_connection_not_found', 'SAML connection could not be found.');
          const url = metadataUrlOf(request.body);
          if (!url) return stytchError(400, 'invalid_saml_metadata_url', 'metadata_url must be an absolute http(s) URL.');
          // `.invalid` never resolves (RFC 2606): stands in for a URL Stytch could not fetch.
          if (url.hostname.endsWith('.invalid')) {
            return stytchError(400, 'invalid_saml_metadata_url', 'The metadata could not be fetched from metadata_url.');
          }
          applyMetadata(connection, url, readSandboxMetadata(idp, url));
          return ok({ connection });
        },
      },
      {
        method: 'POST',
        pattern: '/v1/b2b/organizations/search',
        handler: (request) => searchOrganizations([...organizations.values()], request.body),
      },
    ],
  });
  return Object.assign(server, { state: { organizations } });
}

function header(request: SimRequest, name: string): string | undefined {
  const value = request.headers[name];
  const first = Array.isArray(value) ? value[0] : value;
  return first ? first : undefined;
}

function metadataUrlOf(body: unknown): URL | undefined {
  const value = typeof body === 'object' && body !== null ? (body as Record<string, unknown>).metadata_url : undefined;
  if (typeof value !== 'string') return undefined;
  const url = URL.parse(value);
  return url && (url.protocol === 'https:' || url.protocol === 'http:') ? url : undefined;
}

/** What Stytch would read from the metadata document: the sandbox IdP's own, else derived from its URL. */
function applyMetadata(connection: DemoOrganization['saml_connections'][number], url: URL, read: ReadMetadata | undefined): void {
  const entity = `${url.origin}${url.pathname.replace(/(\/sso)?(\/saml)?\/metadata(\.xml)?$/, '')}`;
  connection.idp_entity_id = read?.entityId ?? entity;
  connection.idp_sso_url = read?.ssoUrl ?? `${entity.replace(/\/$/, '')}/sso/saml`;
  if (read) connection.verification_certificates = read.certificates;
  const complete =
    connection.idp_entity_id !== '' &&
    connection.idp_sso_url !== '' &&
    connection.verification_certificates.length > 0 &&
    Object.keys(connection.attribute_mapping).length > 0;
  connection.status = complete ? 'active' : 'pending';
}

function searchOrganizations(all: DemoOrganization[], body: unknown): SimReply {
  const record = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const limit = record.limit ?? DEFAULT_SEARCH_LIMIT;
  if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1 || limit > MAX_SEARCH_LIMIT) {
    return stytchError(400, 'invalid_limit', `limit must be an integer between 1 and ${MAX_SEARCH_LIMIT}.`);
  }
  const offset = record.cursor === undefined || record.cursor === '' ? 0 : offsetOf(record.cursor);
  if (offset === undefined) return stytchError(400, 'invalid_cursor', 'The cursor is not valid.');
  const next = offset + limit < all.length ? Buffer.from(`offset:${offset + limit}`).toString('base64url') : null;
  return ok({
    organizations: all
      .slice(offset, offset + limit)
      .map((entry) => ({ ...entry.organization, sso_active_connections: activeConnections(entry) })),
    results_metadata: { total: all.length, next_cursor: next },
  });
}

function activeConnections(entry: DemoOrganization): Array<Record<string, unknown>> {
  return [...entry.saml_connections, ...entry.oidc_connections]
    .filter((connection) => connection.status === 'active')
    .map((connection) => ({
      connection_id: connection.connection_id,
      display_name: connection.display_name,
      identity_provider: connection.identity_provider,
    }));
}

function offsetOf(cursor: unknown): number | undefined {
  if (typeof cursor !== 'string') return undefined;
  const match = /^offset:(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  return match ? Number(match[1]) : undefined;
}
