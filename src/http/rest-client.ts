/**
 * The REST client every provider shares: one undici `Pool` per upstream origin with explicit
 * timeouts, JSON in and out, and every failure turned into an `UpstreamError`. Response bodies are
 * always consumed (undici keeps the socket busy otherwise) and capped in size.
 */
import { errors as undiciErrors, Pool } from 'undici';
import type { z } from 'zod';
import type { Logger } from '../logger.ts';
import type { ProviderId } from '../providers/provider-id.ts';
import { UpstreamError } from './upstream-error.ts';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RequestSpec {
  method: HttpMethod;
  /** Path below the base URL, starting with `/`. Callers encode path parameters. */
  path: string;
  query?: Record<string, string | number | undefined>;
  headers?: Record<string, string>;
  /** Sent as JSON; `contentType` overrides `application/json` (DatoCMS wants JSON:API's type). */
  json?: unknown;
  contentType?: string;
  /** Sent as `application/x-www-form-urlencoded` (OAuth token requests). */
  form?: Record<string, string>;
  /** Cancels the upstream call when the GraphQL request goes away. */
  signal?: AbortSignal | undefined;
}

export interface RestResponse<T> {
  status: number;
  headers: Record<string, string>;
  body: T;
}

/** What a provider's error body says, in the provider's own format. */
export interface ErrorBodyFacts {
  code?: string | undefined;
  requestId?: string | undefined;
  retryAfterSeconds?: number | undefined;
}

export interface RestClientOptions {
  provider: ProviderId;
  baseUrl: string;
  logger: Logger;
  /** Reads the provider's error body format (and headers) into code and request id. */
  readError: (body: unknown, headers: Record<string, string>) => ErrorBodyFacts;
  timeouts?: Partial<Timeouts>;
  /** Cap on concurrent sockets to this origin. @default 16 */
  connections?: number;
  /** Largest response body accepted. @default 5 MiB */
  maxBodyBytes?: number;
}

export interface Timeouts {
  connectMs: number;
  headersMs: number;
  bodyMs: number;
}

const DEFAULT_TIMEOUTS: Timeouts = { connectMs: 5_000, headersMs: 10_000, bodyMs: 10_000 };

export class RestClient {
  readonly provider: ProviderId;
  readonly #pool: Pool;
  readonly #basePath: string;
  readonly #options: RestClientOptions;
  readonly #maxBodyBytes: number;

  constructor(options: RestClientOptions) {
    const url = new URL(options.baseUrl);
    const timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
    this.provider = options.provider;
    this.#options = options;
    this.#basePath = url.pathname.replace(/\/+$/, '');
    this.#maxBodyBytes = options.maxBodyBytes ?? 5 * 1024 * 1024;
    this.#pool = new Pool(url.origin, {
      connections: options.connections ?? 16,
      connectTimeout: timeouts.connectMs,
      headersTimeout: timeouts.headersMs,
      bodyTimeout: timeouts.bodyMs,
      keepAliveTimeout: 10_000,
    });
  }

  async request<S extends z.ZodType>(spec: RequestSpec, schema: S): Promise<RestResponse<z.output<S>>> {
    const raw = await this.#send(spec);
    if (raw.status < 200 || raw.status >= 300) {
      throw this.#statusError(raw);
    }
    const parsed = schema.safeParse(raw.body);
    if (!parsed.success) {
      // Paths only: values may be secrets or personal data.
      const paths = parsed.error.issues.map((issue) => issue.path.join('.') || '(root)');
      this.#options.logger.warn('upstream response does not match its schema', {
        provider: this.provider,
        method: spec.method,
        route: routeOf(spec.path),
        paths,
      });
      throw new UpstreamError({ provider: this.provider, failure: 'contract', status: raw.status });
    }
    return { status: raw.status, headers: raw.headers, body: parsed.data };
  }

  close(): Promise<void> {
    return this.#pool.close();
  }

  async #send(spec: RequestSpec): Promise<RestResponse<unknown>> {
    const { body, contentType } = encodeBody(spec);
    const headers: Record<string, string> = { accept: 'application/json', ...spec.headers };
    if (contentType) headers['content-type'] = contentType;
    const started = performance.now();
    try {
      const response = await this.#pool.request({
        method: spec.method,
        path: this.#basePath + spec.path + queryString(spec.query),
        headers,
        body,
        signal: spec.signal,
      });
      const text = await readCapped(response.body, this.#maxBodyBytes, () => this.#tooLarge(response.statusCode));
      const responseHeaders = flattenHeaders(response.headers);
      this.#options.logger.debug('upstream call', {
        provider: this.provider,
        method: spec.method,
        route: routeOf(spec.path),
        status: response.statusCode,
        ms: Math.round(performance.now() - started),
      });
      return { status: response.statusCode, headers: responseHeaders, body: this.#parseJson(text, response.statusCode) };
    } catch (error) {
      throw this.#transportError(error);
    }
  }

  #parseJson(text: string, status: number): unknown {
    if (text.trim() === '') return undefined;
    try {
      return JSON.parse(text);
    } catch {
      // An error page in HTML is still an error with a status; a 2xx that is not JSON breaks the contract.
      if (status >= 200 && status < 300) {
        throw new UpstreamError({ provider: this.provider, failure: 'contract', status });
      }
      return undefined;
    }
  }

  #tooLarge(status: number): UpstreamError {
    this.#options.logger.warn('upstream response body over the size cap', { provider: this.provider, status });
    return new UpstreamError({ provider: this.provider, failure: 'contract', status });
  }

  #statusError(raw: RestResponse<unknown>): UpstreamError {
    const facts = this.#options.readError(raw.body, raw.headers);
    return new UpstreamError({
      provider: this.provider,
      failure: 'status',
      status: raw.status,
      upstreamCode: facts.code,
      upstreamRequestId: facts.requestId,
      retryAfterSeconds: facts.retryAfterSeconds ?? retryAfter(raw.headers['retry-after']),
    });
  }

  #transportError(error: unknown): UpstreamError {
    if (error instanceof UpstreamError) return error;
    const failure =
      error instanceof undiciErrors.ConnectTimeoutError ||
      error instanceof undiciErrors.HeadersTimeoutError ||
      error instanceof undiciErrors.BodyTimeoutError
        ? 'timeout'
        : isAbort(error)
          ? 'aborted'
          : 'network';
    const reason = error instanceof Error ? ((error as { code?: string }).code ?? error.name) : 'unknown';
    this.#options.logger.warn('upstream call failed', { provider: this.provider, failure, reason });
    return new UpstreamError({ provider: this.provider, failure });
  }
}

function encodeBody(spec: RequestSpec): { body: string | undefined; contentType: string | undefined } {
  if (spec.form) {
    return { body: new URLSearchParams(spec.form).toString(), contentType: 'application/x-www-form-urlencoded' };
  }
  if (spec.json !== undefined) {
    return { body: JSON.stringify(spec.json), contentType: spec.contentType ?? 'application/json' };
  }
  return { body: undefined, contentType: undefined };
}

function queryString(query: RequestSpec['query']): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined) params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

async function readCapped(
  body: AsyncIterable<Buffer> & { destroy(error?: Error): unknown },
  limit: number,
  tooLarge: () => Error,
): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.length;
    if (size > limit) {
      body.destroy();
      throw tooLarge();
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function flattenHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
}

function retryAfter(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.ceil(seconds);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

function isAbort(error: unknown): boolean {
  return error instanceof Error && (error.name === 'AbortError' || error instanceof undiciErrors.RequestAbortedError);
}

/** The path with identifiers masked, so logs group by route and never carry ids or tokens. */
function routeOf(path: string): string {
  return path
    .split('/')
    .map((segment, index) => (index > 0 && /[0-9]/.test(segment) ? ':id' : segment))
    .join('/');
}
