/**
 * The Apollo peer's REST data sources, one class per provider, written the way Apollo's docs teach:
 * a `RESTDataSource` subclass per API, created anew for every request (so its GET de-duplication
 * is per request), credentials added in `willSendRequest`. Paths, credentials and headers are the
 * ones each provider's client sends; only the fields the bench's documents ask for are typed.
 */
import { type AugmentedRequest, RESTDataSource } from '@apollo/datasource-rest';

export interface ManagedAccount {
  token: string;
  name: string;
}
export interface StytchConnection {
  organization_id: string;
  connection_id: string;
  status: string;
  idp_sso_url?: string;
  acs_url?: string;
  audience_uri?: string;
  identity_provider?: string;
  verification_certificates?: { certificate_id?: string; id?: string }[];
}
export interface StytchSso {
  saml_connections: StytchConnection[];
  oidc_connections: StytchConnection[];
}
export interface LogtoConnector {
  id: string;
  connectorName: string;
  providerName: string;
  domains: string[];
}
export interface LogtoProvider {
  providerName: string;
  providerType: string;
  description: string;
}

class BearerSource extends RESTDataSource {
  constructor(
    override baseURL: string,
    private readonly token: () => Promise<string> | string,
    private readonly extraHeaders: Record<string, string> = {},
  ) {
    super();
  }

  override async willSendRequest(_path: string, request: AugmentedRequest): Promise<void> {
    request.headers.authorization = `Bearer ${await this.token()}`;
    Object.assign(request.headers, this.extraHeaders);
  }
}

export class VantageAPI extends BearerSource {
  account(token: string): Promise<ManagedAccount> {
    return this.get(`v2/managed_accounts/${encodeURIComponent(token)}`);
  }
  accounts(): Promise<{ managed_accounts: ManagedAccount[] }> {
    return this.get('v2/managed_accounts', { params: { page: '1', limit: '1000' } });
  }
}

export class DatoCmsAPI extends BearerSource {
  ssoSettings(): Promise<{ data: { id: string } }> {
    return this.get('sso-settings');
  }
}

export class LogtoAPI extends BearerSource {
  connectors(pageSize?: number): Promise<LogtoConnector[]> {
    return this.get('api/sso-connectors', pageSize === undefined ? {} : { params: { page: '1', page_size: String(pageSize) } });
  }
  providers(): Promise<LogtoProvider[]> {
    return this.get('api/sso-connector-providers');
  }
}

export class PandaStackAPI extends BearerSource {
  constructor(
    baseURL: string,
    token: string,
    private readonly organizationId: string,
  ) {
    super(baseURL, () => token);
  }
  configurations(): Promise<{ data: { id: string }[] }> {
    return this.get('api/v1/sso/', { params: { organization_id: this.organizationId } });
  }
}

export class StytchAPI extends RESTDataSource {
  constructor(
    override baseURL: string,
    private readonly basic: string,
  ) {
    super();
  }
  override willSendRequest(_path: string, request: AugmentedRequest): void {
    request.headers.authorization = `Basic ${this.basic}`;
  }
  connections(organizationId: string): Promise<StytchSso> {
    return this.get(`v1/b2b/sso/${encodeURIComponent(organizationId)}`);
  }
}

/** Logto's machine-to-machine token, fetched once and renewed a minute before it expires (as the gateway does). */
export function logtoToken(endpoint: string, appId: string, appSecret: string): () => Promise<string> {
  let current: { token: string; until: number } | undefined;
  let pending: Promise<string> | undefined;
  const basic = Buffer.from(`${encodeURIComponent(appId)}:${encodeURIComponent(appSecret)}`).toString('base64');
  const fetchToken = async () => {
    const body = new URLSearchParams({ grant_type: 'client_credentials', resource: 'https://default.logto.app/api', scope: 'all' });
    const response = await fetch(`${endpoint}/oidc/token`, {
      method: 'POST',
      headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded' },
      body,
    });
    const json = (await response.json()) as { access_token?: string; expires_in?: number };
    if (!json.access_token) throw new Error(`Logto token: HTTP ${response.status}`);
    current = { token: json.access_token, until: Date.now() + ((json.expires_in ?? 3600) - 60) * 1000 };
    return json.access_token;
  };
  return () => {
    if (current && current.until > Date.now()) return Promise.resolve(current.token);
    pending ??= fetchToken().finally(() => {
      pending = undefined;
    });
    return pending;
  };
}
