/**
 * PandaStack Developers API › SSO (`/api/v1/sso/…`). Owns the `psk_` API key; nothing else in the
 * gateway sees it. Every call is scoped with the required `organization_id` query parameter.
 */

import type { ErrorBodyFacts } from '../../http/failure-classifier.ts';
import { RestClient } from '../../http/rest-client.ts';
import type { RequestSpec } from '../../http/rest-request.ts';
import type { UpstreamCall } from '../../http/upstream-call.ts';
import { safeUpstreamCode } from '../../http/upstream-error.ts';
import type { UpstreamStatus } from '../../http/upstream-guard.ts';
import type { ClientDeps } from '../provider.ts';
import type { PandaStackConfig } from './config.ts';
import {
  configurationOf,
  configurationsOf,
  type PandaStackSso,
  SsoResponseWire,
  type SsoWrite,
  toPandaStackSso,
  toSsoBody,
  writtenConfigurationOf,
} from './wire.ts';

const SSO_PATH = '/api/v1/sso/';

export class PandaStackClient {
  /** `PANDASTACK_ORGANIZATION_ID`: used when a caller names no organization. */
  readonly defaultOrganizationId: string | undefined;
  readonly #rest: RestClient;
  readonly #authorization: string;

  constructor(config: PandaStackConfig, deps: ClientDeps) {
    this.defaultOrganizationId = config.organizationId;
    this.#authorization = `Bearer ${config.apiKey}`;
    this.#rest = new RestClient({
      provider: 'pandastack',
      baseUrl: config.apiUrl,
      http: config.http,
      // The logger, the read cache, the metrics observer and the upstream budget.
      ...deps,
      readError: readPandaStackError,
    });
  }

  /** `GET /api/v1/sso/`: the organization's SSO configurations. */
  async listConfigurations(organizationId: string, call: UpstreamCall): Promise<PandaStackSso[]> {
    const body = await this.#send({ method: 'GET', path: SSO_PATH }, organizationId, call);
    return configurationsOf(body).map((object) => toPandaStackSso(object, organizationId));
  }

  /** `GET /api/v1/sso/single`: the organization's configuration (404 when there is none). */
  async getConfiguration(organizationId: string, call: UpstreamCall): Promise<PandaStackSso | null> {
    const object = configurationOf(await this.#send({ method: 'GET', path: `${SSO_PATH}single` }, organizationId, call));
    return object ? toPandaStackSso(object, organizationId) : null;
  }

  /** `POST /api/v1/sso/`; null when the answer is not a configuration (its body is undocumented). */
  async createConfiguration(organizationId: string, write: SsoWrite, call: UpstreamCall): Promise<PandaStackSso | null> {
    return this.#write({ method: 'POST', path: SSO_PATH, json: toSsoBody(write) }, organizationId, call);
  }

  /** `POST /api/v1/sso/update` with only the fields given. */
  async updateConfiguration(organizationId: string, write: SsoWrite, call: UpstreamCall): Promise<PandaStackSso | null> {
    return this.#write({ method: 'POST', path: `${SSO_PATH}update`, json: toSsoBody(write) }, organizationId, call);
  }

  /** `DELETE /api/v1/sso/`: the organization's configuration; there is no id in the path. */
  async deleteConfiguration(organizationId: string, call: UpstreamCall): Promise<void> {
    await this.#send({ method: 'DELETE', path: SSO_PATH }, organizationId, call);
  }

  close(): Promise<void> {
    return this.#rest.close();
  }

  status(): UpstreamStatus {
    return this.#rest.status();
  }

  async #write(spec: Pick<RequestSpec, 'method' | 'path' | 'json'>, organizationId: string, call: UpstreamCall) {
    const object = writtenConfigurationOf(await this.#send(spec, organizationId, call));
    return object ? toPandaStackSso(object, organizationId) : null;
  }

  async #send(spec: Pick<RequestSpec, 'method' | 'path' | 'json'>, organizationId: string, call: UpstreamCall): Promise<SsoResponseWire> {
    const response = await this.#rest.request(
      {
        ...spec,
        query: { organization_id: organizationId },
        headers: { authorization: this.#authorization },
        // Every endpoint is about one organization's configuration: reads are cached under it, writes make it stale.
        ...(spec.method === 'GET' ? { cacheAs: `sso:${organizationId}` } : { invalidates: [`sso:${organizationId}`] }),
        call,
      },
      SsoResponseWire,
    );
    return response.body;
  }
}

/**
 * PandaStack's error format is undocumented; its backend answers FastAPI/DRF-style `{ detail }`
 * sentences, which may quote the input, so `detail` is never kept. A short `code` or `error`
 * identifier is, where one is sent.
 */
function readPandaStackError(body: unknown): ErrorBodyFacts {
  if (typeof body !== 'object' || body === null) return {};
  const { code, error } = body as Record<string, unknown>;
  return { code: safeUpstreamCode(code) ?? safeUpstreamCode(error) };
}
