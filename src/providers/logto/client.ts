/**
 * Logto Management API (`{endpoint}/api/sso-connectors`, `/api/sso-connector-providers`). Owns the
 * machine-to-machine app's credentials through `LogtoTokenSource`; nothing else sees them.
 */
import { z } from 'zod';
import { RestClient } from '../../http/rest-client.ts';
import { type RequestSpec, type UpstreamPath, upstreamPath } from '../../http/rest-request.ts';
import type { UpstreamCall } from '../../http/upstream-call.ts';
import { UpstreamError } from '../../http/upstream-error.ts';
import type { UpstreamStatus } from '../../http/upstream-guard.ts';
import type { ClientDeps } from '../provider.ts';
import type { LogtoConfig } from './config.ts';
import { LogtoTokenSource } from './token.ts';
import {
  type ConnectorCreate,
  ConnectorListWire,
  ConnectorProviderListWire,
  ConnectorWire,
  type ConnectorWrite,
  ErrorWire,
  type LogtoSsoConnector,
  type LogtoSsoConnectorProvider,
  toConnector,
  toConnectorBody,
  toConnectorProvider,
} from './wire.ts';

export interface ConnectorsPage {
  connectors: LogtoSsoConnector[];
  hasNext: boolean;
  /** From the `Total-Number` header. */
  totalCount: number | undefined;
}

export class LogtoClient {
  readonly #rest: RestClient;
  readonly #tokens: LogtoTokenSource;

  constructor(config: LogtoConfig, deps: ClientDeps) {
    this.#rest = new RestClient({
      provider: 'logto',
      baseUrl: config.endpoint,
      http: config.http,
      // The logger, the read cache, the metrics observer and the upstream budget.
      ...deps,
      // `code` is an identifier like `entity.not_exists_with_id`; `message`/`data` may quote input.
      readError: (body) => {
        const parsed = ErrorWire.safeParse(body);
        return parsed.success ? { code: parsed.data.code ?? parsed.data.error } : {};
      },
    });
    this.#tokens = new LogtoTokenSource(this.#rest, config, deps.shared);
  }

  /** One page (1-based), or every connector when `page` is omitted (Logto then pages not at all). */
  async listConnectors(call: UpstreamCall, page?: { page: number; size: number }): Promise<ConnectorsPage> {
    const query = page ? { page: page.page, page_size: page.size } : undefined;
    const response = await this.#send({ method: 'GET', path: '/api/sso-connectors', query, cacheAs: CONNECTORS }, ConnectorListWire, call);
    const total = Number(response.headers['total-number']);
    const totalCount = Number.isInteger(total) && total >= 0 ? total : undefined;
    return {
      connectors: response.body.map(toConnector),
      hasNext: page ? hasNextLink(response.headers.link, totalCount, page) : false,
      totalCount,
    };
  }

  async getConnector(id: string, call: UpstreamCall): Promise<LogtoSsoConnector> {
    const response = await this.#send({ method: 'GET', path: connectorPath(id), cacheAs: CONNECTORS }, ConnectorWire, call);
    return toConnector(response.body);
  }

  async createConnector(create: ConnectorCreate, call: UpstreamCall): Promise<LogtoSsoConnector> {
    const response = await this.#send(
      { method: 'POST', path: '/api/sso-connectors', json: toConnectorBody(create), invalidates: [CONNECTORS] },
      ConnectorWire,
      call,
    );
    return toConnector(response.body);
  }

  async updateConnector(id: string, write: ConnectorWrite, call: UpstreamCall): Promise<LogtoSsoConnector> {
    const response = await this.#send(
      { method: 'PATCH', path: connectorPath(id), json: toConnectorBody(write), invalidates: [CONNECTORS] },
      ConnectorWire,
      call,
    );
    return toConnector(response.body);
  }

  async deleteConnector(id: string, call: UpstreamCall): Promise<void> {
    await this.#send({ method: 'DELETE', path: connectorPath(id), invalidates: [CONNECTORS] }, z.unknown(), call);
  }

  async listProviders(call: UpstreamCall): Promise<LogtoSsoConnectorProvider[]> {
    const response = await this.#send(
      { method: 'GET', path: '/api/sso-connector-providers', cacheAs: 'connector-providers' },
      ConnectorProviderListWire,
      call,
    );
    return response.body.map(toConnectorProvider);
  }

  close(): Promise<void> {
    return this.#rest.close();
  }

  status(): UpstreamStatus {
    return this.#rest.status();
  }

  /**
   * Sends with the shared bearer token. A 401 means the token was refused before anything ran
   * (expired early, revoked, signing key rotated), so even a write is safe to repeat: the token
   * is renewed once and the call retried once.
   */
  async #send<S extends z.ZodType>(spec: RequestSpec, schema: S, call: UpstreamCall) {
    const attempt = (token: string) => this.#rest.request({ ...spec, headers: { authorization: `Bearer ${token}` }, call }, schema);
    const token = await this.#tokens.get(call.signal);
    try {
      return await attempt(token);
    } catch (error) {
      if (!(error instanceof UpstreamError && error.failure === 'status' && error.status === 401)) throw error;
      this.#tokens.invalidate(token);
      return attempt(await this.#tokens.get(call.signal));
    }
  }
}

/** Read-cache tag: one connector's write changes it and every listing it appears in. */
const CONNECTORS = 'connectors';

function connectorPath(id: string): UpstreamPath {
  return upstreamPath`/api/sso-connectors/${id}`;
}

/** RFC 5988 `Link` with `rel="next"`; the total decides when the header is missing. */
function hasNextLink(link: string | undefined, totalCount: number | undefined, page: { page: number; size: number }): boolean {
  if (link !== undefined) return /rel="?next"?/.test(link);
  return totalCount !== undefined && page.page * page.size < totalCount;
}
