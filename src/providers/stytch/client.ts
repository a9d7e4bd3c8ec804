/**
 * Stytch B2B (`/v1/b2b/sso` and organization search). Owns the project id and secret; forwards
 * the caller's member session on every call so Stytch's RBAC judges the caller, not the gateway.
 */

import { RestClient } from '../../http/rest-client.ts';
import { upstreamPath } from '../../http/rest-request.ts';
import type { UpstreamCall } from '../../http/upstream-call.ts';
import type { UpstreamStatus } from '../../http/upstream-guard.ts';
import type { ClientDeps } from '../provider.ts';
import { MEMBER_SESSION_HEADERS, type StytchConfig } from './config.ts';
import type { OrganizationsPage, StytchOrganizationSso, StytchSamlConnection } from './model.ts';
import {
  OrganizationsSearchResponseWire,
  RequestIdWire,
  SsoConnectionsResponseWire,
  StytchErrorWire,
  toOrganizationSso,
  toOrganizationsPage,
  toSamlConnection,
  UpdateByUrlResponseWire,
} from './wire.ts';

export class StytchClient {
  /** From `STYTCH_ORGANIZATION_IDS`; `undefined` means listings discover organizations by search. */
  readonly organizationIds: readonly string[] | undefined;
  readonly #rest: RestClient;
  readonly #authorization: string;

  constructor(config: StytchConfig, deps: ClientDeps) {
    this.organizationIds = config.organizationIds;
    this.#authorization = `Basic ${Buffer.from(`${config.projectId}:${config.secret}`).toString('base64')}`;
    this.#rest = new RestClient({
      provider: 'stytch',
      baseUrl: config.apiUrl,
      http: config.http,
      // The logger, the read cache, the metrics observer and the upstream budget.
      ...deps,
      // `error_message` and `error_url` are prose for people and may quote the input: not kept.
      readError: (body) => {
        const parsed = StytchErrorWire.safeParse(body);
        return parsed.success ? { code: parsed.data.error_type, requestId: parsed.data.request_id } : {};
      },
      // Every Stytch answer, success or error, carries `request_id` in its body.
      readRequestId: (body) => RequestIdWire.safeParse(body).data?.request_id,
    });
  }

  /** `domains`: the organization's e-mail domains, when the caller already knows them. */
  async getSsoConnections(organizationId: string, domains: readonly string[], call: UpstreamCall): Promise<StytchOrganizationSso> {
    const response = await this.#rest.request(
      { method: 'GET', path: upstreamPath`/v1/b2b/sso/${organizationId}`, cacheAs: ssoTag(organizationId), ...this.#common(call) },
      SsoConnectionsResponseWire,
    );
    return toOrganizationSso(organizationId, response.body, domains);
  }

  async updateSamlConnectionByUrl(
    organizationId: string,
    connectionId: string,
    metadataUrl: string,
    domains: readonly string[],
    call: UpstreamCall,
  ): Promise<StytchSamlConnection | null> {
    const path = upstreamPath`/v1/b2b/sso/saml/${organizationId}/connections/${connectionId}/url`;
    const response = await this.#rest.request(
      { method: 'PUT', path, json: { metadata_url: metadataUrl }, invalidates: [ssoTag(organizationId)], ...this.#common(call) },
      UpdateByUrlResponseWire,
    );
    const connection = response.body.connection;
    return connection ? toSamlConnection(connection, domains) : null;
  }

  async searchOrganizations(limit: number, cursor: string | null, call: UpstreamCall): Promise<OrganizationsPage> {
    const response = await this.#rest.request(
      {
        method: 'POST',
        path: '/v1/b2b/organizations/search',
        json: cursor ? { limit, cursor } : { limit },
        // A search is a read sent as POST; organizations are not written through the gateway.
        cacheAs: 'organizations',
        ...this.#common(call),
      },
      OrganizationsSearchResponseWire,
    );
    return toOrganizationsPage(response.body);
  }

  close(): Promise<void> {
    return this.#rest.close();
  }

  status(): UpstreamStatus {
    return this.#rest.status();
  }

  #common(call: UpstreamCall) {
    const headers: Record<string, string> = { authorization: this.#authorization };
    // The only caller headers that reach Stytch; everything else the caller sent stays here.
    for (const name of MEMBER_SESSION_HEADERS) {
      const value = call.headers.get(name);
      if (value) headers[name] = value;
    }
    return { headers, call };
  }
}

/** Read-cache tag of one organization's SSO connections. */
function ssoTag(organizationId: string): string {
  return `sso:${organizationId}`;
}

/** Whether this request carries a member session that Stytch will judge. */
export function hasMemberSession(call: UpstreamCall): boolean {
  return MEMBER_SESSION_HEADERS.some((name) => Boolean(call.headers.get(name)));
}
