/**
 * The per-request Stytch data source. Stytch reads SSO connections only per organization, so the
 * one read loader is keyed by organization id: however many connections a query asks for, each
 * organization costs one GET per GraphQL request. Loaders are per request because the caller's
 * member session travels with every call and decides what Stytch answers.
 */

import type { UpstreamCall } from '../../http/upstream-call.ts';
import { nullWhenNotFound, UpstreamError } from '../../http/upstream-error.ts';
import { createLoader } from '../create-loader.ts';
import type { LoaderSettings } from '../provider.ts';
import { hasMemberSession, type StytchClient } from './client.ts';
import type { OrganizationsPage, StytchOidcConnection, StytchOrganization, StytchOrganizationSso, StytchSamlConnection } from './model.ts';

export type StytchLoaders = ReturnType<typeof createStytchLoaders>;

declare module '../provider.ts' {
  interface ProviderLoaders {
    stytch: StytchLoaders;
  }
}

/** Search page size (Stytch allows up to 1000), and a bound on how many pages discovery walks. */
const SEARCH_PAGE_SIZE = 100;
const MAX_SEARCH_PAGES = 10;

export function createStytchLoaders(client: StytchClient, call: UpstreamCall, settings: LoaderSettings) {
  // Filled by discovery; connections loaded afterwards in this request carry their org's domains.
  const domainsByOrganization = new Map<string, string[]>();

  const connectionsByOrganization = createLoader<string, StytchOrganizationSso | null>(
    settings,
    'stytch.connectionsByOrganization',
    (organizationIds) =>
      Promise.all(
        organizationIds.map((organizationId) =>
          client.getSsoConnections(organizationId, domainsByOrganization.get(organizationId) ?? [], call).catch(nullWhenNotFound),
        ),
      ),
  );

  // Keyed by cursor ('' = first page), so a walk that runs twice in one request pages once.
  const organizationPages = createLoader<string, OrganizationsPage>(settings, 'stytch.organizationPages', (cursors) =>
    Promise.all(cursors.map((cursor) => client.searchOrganizations(SEARCH_PAGE_SIZE, cursor || null, call))),
  );

  async function organizations(): Promise<StytchOrganization[]> {
    const found: StytchOrganization[] = [];
    let cursor = '';
    for (let page = 0; page < MAX_SEARCH_PAGES; page += 1) {
      const result = await organizationPages.load(cursor);
      for (const organization of result.organizations)
        domainsByOrganization.set(organization.organizationId, organization.emailAllowedDomains);
      found.push(...result.organizations);
      if (!result.nextCursor) break;
      cursor = result.nextCursor;
    }
    return found;
  }

  async function organizationIds(): Promise<readonly string[]> {
    return client.organizationIds ?? (await organizations()).map((organization) => organization.organizationId);
  }

  return {
    connectionsByOrganization,
    organizations,
    async samlConnection(organizationId: string, connectionId: string): Promise<StytchSamlConnection | null> {
      const sso = await connectionsByOrganization.load(organizationId);
      return sso?.samlConnections.find((connection) => connection.connectionId === connectionId) ?? null;
    },
    async oidcConnection(organizationId: string, connectionId: string): Promise<StytchOidcConnection | null> {
      const sso = await connectionsByOrganization.load(organizationId);
      return sso?.oidcConnections.find((connection) => connection.connectionId === connectionId) ?? null;
    },
    /** SAML and OIDC connections of every configured or discovered organization, fetched concurrently. */
    async listConnections(): Promise<Array<StytchSamlConnection | StytchOidcConnection>> {
      const ids = await organizationIds();
      const results = await Promise.all(ids.map((id) => connectionsByOrganization.load(id).catch(skipOtherTenant(call))));
      return results.flatMap((sso) => (sso ? [...sso.samlConnections, ...sso.oidcConnections] : []));
    },
    async updateSamlConnectionByUrl(
      organizationId: string,
      connectionId: string,
      metadataUrl: string,
    ): Promise<StytchSamlConnection | null> {
      const domains = domainsByOrganization.get(organizationId) ?? [];
      const connection = await client.updateSamlConnectionByUrl(organizationId, connectionId, metadataUrl, domains, call);
      // The answer holds one connection, not the organization's lists: the next read refetches them.
      connectionsByOrganization.clear(organizationId);
      return connection;
    },
  };
}

/**
 * A member session belongs to one organization, and Stytch refuses every other one with a tenancy
 * error. For a caller with a session, a listing is "what this member may see", so those
 * organizations are left out instead of failing the whole provider; any other error still fails.
 */
function skipOtherTenant(call: UpstreamCall) {
  return (error: unknown): null => {
    if (error instanceof UpstreamError && error.upstreamCode === 'session_authorization_tenancy_error' && hasMemberSession(call)) {
      return null;
    }
    throw error;
  };
}
