/**
 * Vantage API v2 (`/v2/managed_accounts` and its `sso_connection` sub-resource). Owns the bearer
 * token; nothing else in the gateway sees it.
 */
import { z } from 'zod';
import { RestClient } from '../../http/rest-client.ts';
import { type UpstreamPath, upstreamPath } from '../../http/rest-request.ts';
import type { UpstreamCall } from '../../http/upstream-call.ts';
import { rateLimitSnapshot, type UpstreamStatus } from '../../http/upstream-guard.ts';
import type { ClientDeps } from '../provider.ts';
import type { VantageConfig } from './config.ts';
import {
  type ManagedAccount,
  ManagedAccountsPageWire,
  ManagedAccountWire,
  type SsoConnectionWrite,
  toManagedAccount,
  toSsoConnectionBody,
} from './wire.ts';

export interface ManagedAccountsPage {
  accounts: ManagedAccount[];
  hasNext: boolean;
}

export class VantageClient {
  readonly #rest: RestClient;
  readonly #authorization: string;

  constructor(config: VantageConfig, deps: ClientDeps) {
    this.#authorization = `Bearer ${config.apiToken}`;
    this.#rest = new RestClient({
      provider: 'vantage',
      baseUrl: config.apiUrl,
      http: config.http,
      // The logger, the read cache, the metrics observer and the upstream budget.
      ...deps,
      // Vantage sends no error code or request id: `errors` is a list of sentences, which may
      // quote the input, so none of it is kept.
      readError: () => ({}),
      // Account-wide budget (1,000 an hour); the reset header is a Unix time in seconds.
      readRateLimit: (headers) =>
        rateLimitSnapshot(headers['x-rate-limit-limit'], headers['x-rate-limit-remaining'], Number(headers['x-rate-limit-reset']) * 1000),
    });
  }

  async listManagedAccounts(page: number, limit: number, call: UpstreamCall): Promise<ManagedAccountsPage> {
    const response = await this.#rest.request(
      { method: 'GET', path: '/v2/managed_accounts', query: { page, limit }, cacheAs: ACCOUNTS, ...this.#common(call) },
      ManagedAccountsPageWire,
    );
    return {
      accounts: response.body.managed_accounts.map(toManagedAccount),
      hasNext: Boolean(response.body.links?.next),
    };
  }

  async getManagedAccount(token: string, call: UpstreamCall): Promise<ManagedAccount> {
    const response = await this.#rest.request(
      { method: 'GET', path: upstreamPath`/v2/managed_accounts/${token}`, cacheAs: ACCOUNTS, ...this.#common(call) },
      ManagedAccountWire,
    );
    return toManagedAccount(response.body);
  }

  async createSsoConnection(
    token: string,
    write: Required<Pick<SsoConnectionWrite, 'samlMetadataUrl'>> & SsoConnectionWrite,
    call: UpstreamCall,
  ): Promise<ManagedAccount> {
    const response = await this.#rest.request(
      {
        method: 'POST',
        path: ssoPath(token),
        json: { type: 'saml', ...toSsoConnectionBody(write) },
        invalidates: [ACCOUNTS],
        ...this.#common(call),
      },
      ManagedAccountWire,
    );
    return toManagedAccount(response.body);
  }

  async updateSsoConnection(token: string, write: SsoConnectionWrite, call: UpstreamCall): Promise<ManagedAccount> {
    const response = await this.#rest.request(
      { method: 'PUT', path: ssoPath(token), json: toSsoConnectionBody(write), invalidates: [ACCOUNTS], ...this.#common(call) },
      ManagedAccountWire,
    );
    return toManagedAccount(response.body);
  }

  async deleteSsoConnection(token: string, call: UpstreamCall): Promise<void> {
    // 204 with no body, although the spec names ManagedAccount as its schema.
    await this.#rest.request({ method: 'DELETE', path: ssoPath(token), invalidates: [ACCOUNTS], ...this.#common(call) }, z.unknown());
  }

  close(): Promise<void> {
    return this.#rest.close();
  }

  status(): UpstreamStatus {
    return this.#rest.status();
  }

  #common(call: UpstreamCall) {
    return { headers: { authorization: this.#authorization }, call };
  }
}

/** Read-cache tag: an account's SSO connection is part of the account and of every page listing it. */
const ACCOUNTS = 'managed-accounts';

function ssoPath(token: string): UpstreamPath {
  return upstreamPath`/v2/managed_accounts/${token}/sso_connection`;
}
