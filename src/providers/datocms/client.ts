/**
 * DatoCMS Content Management API v3 (`/sso-settings` and `/roles` of one project). Owns the
 * project API token; nothing else in the gateway sees it.
 */

import type { ErrorBodyFacts } from '../../http/failure-classifier.ts';
import { RestClient } from '../../http/rest-client.ts';
import { upstreamPath } from '../../http/rest-request.ts';
import type { UpstreamCall } from '../../http/upstream-call.ts';
import { type RateLimitSnapshot, rateLimitSnapshot, type UpstreamStatus } from '../../http/upstream-guard.ts';
import type { ClientDeps } from '../provider.ts';
import type { DatoCmsConfig } from './config.ts';
import {
  ApiErrorListWire,
  type Role,
  RoleListWire,
  RoleWire,
  type SsoSettings,
  SsoSettingsWire,
  type SsoSettingsWrite,
  toRole,
  toSsoSettings,
  toSsoSettingsBody,
} from './wire.ts';

/** Projects created after 2022-05-31 answer 422 without it. */
const API_VERSION = '3';

export class DatoCmsClient {
  readonly #rest: RestClient;
  readonly #authorization: string;

  constructor(config: DatoCmsConfig, deps: ClientDeps) {
    this.#authorization = `Bearer ${config.apiToken}`;
    this.#rest = new RestClient({
      provider: 'datocms',
      baseUrl: config.apiUrl,
      http: config.http,
      // The logger, the read cache, the metrics observer and the upstream budget.
      ...deps,
      readError: readDatoCmsError,
      readRateLimit: readDatoCmsRateLimit,
    });
  }

  async getSsoSettings(call: UpstreamCall): Promise<SsoSettings> {
    const response = await this.#rest.request(
      { method: 'GET', path: '/sso-settings', cacheAs: SETTINGS, ...this.#common(call) },
      SsoSettingsWire,
    );
    return toSsoSettings(response.body.data);
  }

  async updateSsoSettings(write: SsoSettingsWrite, call: UpstreamCall): Promise<SsoSettings> {
    const response = await this.#rest.request(
      {
        method: 'PUT',
        path: '/sso-settings',
        json: toSsoSettingsBody(write),
        contentType: 'application/vnd.api+json',
        // The settings name the default role; roles are not written through the gateway.
        invalidates: [SETTINGS],
        ...this.#common(call),
      },
      SsoSettingsWire,
    );
    return toSsoSettings(response.body.data);
  }

  /** Every role of the project: DatoCMS does not page `/roles`. */
  async listRoles(call: UpstreamCall): Promise<Role[]> {
    const response = await this.#rest.request({ method: 'GET', path: '/roles', cacheAs: ROLES, ...this.#common(call) }, RoleListWire);
    return response.body.data.map(toRole);
  }

  async getRole(roleId: string, call: UpstreamCall): Promise<Role> {
    const response = await this.#rest.request(
      { method: 'GET', path: upstreamPath`/roles/${roleId}`, cacheAs: ROLES, ...this.#common(call) },
      RoleWire,
    );
    return toRole(response.body.data);
  }

  close(): Promise<void> {
    return this.#rest.close();
  }

  status(): UpstreamStatus {
    return this.#rest.status();
  }

  #common(call: UpstreamCall) {
    return {
      headers: { authorization: this.#authorization, accept: 'application/json', 'x-api-version': API_VERSION },
      call,
    };
  }
}

/** Read-cache tags. */
const SETTINGS = 'sso-settings';
const ROLES = 'roles';

/**
 * Errors are a JSON:API list of `api_error` resources; the first one's code is kept. `details` can
 * quote the input, so it is not. On 429 DatoCMS says how long to wait in `X-RateLimit-Reset`
 * (seconds, not a timestamp) and sends no `Retry-After`.
 */
/** DatoCMS's documented window: 60 requests per 3 seconds. */
const RATE_WINDOW_MS = 3_000;

/**
 * `X-RateLimit-Limit`/`-Remaining` come on every answer; `X-RateLimit-Reset` (seconds to wait)
 * only on a 429, so otherwise the budget is assumed to refill within one documented window.
 */
export function readDatoCmsRateLimit(headers: Record<string, string>): RateLimitSnapshot | undefined {
  const reset = Number(headers['x-ratelimit-reset']);
  const resetAt = Date.now() + (Number.isFinite(reset) && reset > 0 ? reset * 1000 : RATE_WINDOW_MS);
  return rateLimitSnapshot(headers['x-ratelimit-limit'], headers['x-ratelimit-remaining'], resetAt);
}

export function readDatoCmsError(body: unknown, headers: Record<string, string>): ErrorBodyFacts {
  const parsed = ApiErrorListWire.safeParse(body);
  const reset = headers['x-ratelimit-reset'] ? Number(headers['x-ratelimit-reset']) : Number.NaN;
  return {
    code: parsed.success ? parsed.data.data[0]?.attributes.code : undefined,
    retryAfterSeconds: Number.isFinite(reset) && reset >= 0 ? Math.ceil(reset) : undefined,
  };
}
