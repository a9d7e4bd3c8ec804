/**
 * The REST client every provider shares: one undici `Pool` per upstream origin with explicit
 * timeouts, JSON in and out, and every failure turned into an `UpstreamError`. Each attempt goes
 * through the provider's `UpstreamGuard` (breaker, bulkhead, rate-limit pacing); reads are
 * retried within the operation's deadline, writes never. Response bodies are always consumed
 * (undici keeps the socket busy otherwise) and capped in size.
 */
import { errors as undiciErrors, Pool } from 'undici';
import type { z } from 'zod';
import type { ReadCache } from '../cache/read-cache.ts';
import type { UpstreamSettings } from '../config/upstream.ts';
import type { Logger } from '../logger.ts';
import type { UpstreamObserver } from '../observability/metrics.ts';
import { injectTraceHeaders, inSpan, type Span, SpanKind } from '../observability/tracing.ts';
import type { ProviderId } from '../providers/provider-id.ts';
import { retryDelay, sleep } from './retry.ts';
import type { UpstreamBudget } from './upstream-budget.ts';
import { type RateLimitSnapshot, UpstreamGuard, type UpstreamStatus } from './upstream-guard.ts';
import { deadlinePassed, UpstreamError, type UpstreamFailure } from './upstream-error.ts';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RequestSpec {
  method: HttpMethod;
  /** Path below the base URL, starting with `/`: a fixed string, or `upstreamPath` when it has parameters. */
  path: string | UpstreamPath;
  query?: Record<string, string | number | undefined>;
  headers?: Record<string, string>;
  /** Sent as JSON; `contentType` overrides `application/json` (DatoCMS wants JSON:API's type). */
  json?: unknown;
  contentType?: string;
  /** Sent as `application/x-www-form-urlencoded` (OAuth token requests). */
  form?: Record<string, string>;
  /** The GraphQL operation this call belongs to; absent for calls shared by many (the Logto token). */
  call?: CallScope | undefined;
  /** A non-GET that is safe to repeat (the OAuth token request). */
  idempotent?: boolean;
  /** A read whose answer the gateway's read cache may keep, under this resource tag. */
  cacheAs?: string;
  /** A write: the resource tags whose cached answers it makes stale. */
  invalidates?: readonly string[];
}

export interface UpstreamPath {
  path: string;
  route: string;
}

/** What one GraphQL operation hands every upstream call it makes; a provider's `UpstreamCall` is one. */
export interface CallScope {
  /** Aborts the call when the GraphQL request goes away or its deadline passes. */
  signal?: AbortSignal | undefined;
  /** Epoch ms by which the GraphQL operation must end; retries and waits must fit before it. */
  deadline?: number | undefined;
  /** Collects the upstream's request id of every answer (success or error), for audit records. */
  upstreamRequestIds?: string[] | undefined;
  /** Sent to the upstream as `X-Request-Id`, so its logs and ours can be joined. */
  requestId?: string | undefined;
  /** Counts the calls sent, by provider. */
  upstreamCalls?: Partial<Record<ProviderId, number>> | undefined;
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
  /** Reads the request id the upstream gives on any answer; `x-request-id` is tried by default. */
  readRequestId?: (body: unknown, headers: Record<string, string>) => string | undefined;
  /** Reads the provider's rate-limit headers, where it sends them. */
  readRateLimit?: (headers: Record<string, string>) => RateLimitSnapshot | undefined;
  /** Timeouts, concurrency cap and circuit breaker settings (see `UpstreamSettings`). */
  http?: Partial<UpstreamSettings>;
  /** Largest response body accepted. @default 5 MiB */
  maxBodyBytes?: number;
  /** Shared across requests; absent or with a TTL of 0, nothing is cached. */
  cache?: ReadCache | undefined;
  /** Told of every call's outcome and duration, and of every retry (metrics). */
  observer?: UpstreamObserver | undefined;
  /** Counts every attempt against `http.rateLimit`; absent, or without a rate, nothing is counted. */
  budget?: UpstreamBudget | undefined;
}

const DEFAULT_HTTP: UpstreamSettings = { timeoutMs: 8_000, maxConcurrent: 10, maxQueued: 100, circuitFailures: 5, circuitOpenMs: 30_000, rateLimit: undefined };
const MAX_CONNECT_TIMEOUT_MS = 5_000;

/** Errors raised while connecting: the request never left, so even a write was not applied. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);

export class RestClient {
  readonly provider: ProviderId;
  readonly #pool: Pool;
  readonly #guard: UpstreamGuard;
  readonly #basePath: string;
  readonly #options: RestClientOptions;
  readonly #maxBodyBytes: number;

  constructor(options: RestClientOptions) {
    const url = new URL(options.baseUrl);
    const http = { ...DEFAULT_HTTP, ...options.http };
    this.provider = options.provider;
    this.#options = options;
    this.#basePath = url.pathname.replace(/\/+$/, '');
    this.#maxBodyBytes = options.maxBodyBytes ?? 5 * 1024 * 1024;
    this.#guard = new UpstreamGuard(options.provider, http, options.budget);
    this.#pool = new Pool(url.origin, {
      connections: http.maxConcurrent,
      connectTimeout: Math.min(http.timeoutMs, MAX_CONNECT_TIMEOUT_MS),
      headersTimeout: http.timeoutMs,
      bodyTimeout: http.timeoutMs,
      keepAliveTimeout: 10_000,
    });
  }

  async request<S extends z.ZodType>(spec: RequestSpec, schema: S): Promise<RestResponse<z.output<S>>> {
    const cache = this.#options.cache && this.#options.cache.ttlMs > 0 ? this.#options.cache : undefined;
    if (cache && spec.invalidates !== undefined) {
      try {
        return (await this.#withRetries(spec, schema)).response;
      } finally {
        await cache.invalidate(this.provider, spec.invalidates);
      }
    }
    if (!cache || spec.cacheAs === undefined) return (await this.#withRetries(spec, schema)).response;
    const slot = await cache.slot(this.provider, spec.cacheAs, describeRequest(this.#basePath, spec));
    const served = slot.hit === undefined ? undefined : fromCache(slot.hit, schema);
    if (served) return served;
    const { response, raw } = await this.#withRetries(spec, schema);
    await slot.store(JSON.stringify(raw));
    return response;
  }

  async #withRetries<S extends z.ZodType>(spec: RequestSpec, schema: S): Promise<Attempt<z.output<S>>> {
    const repeatable = spec.method === 'GET' || spec.idempotent === true;
    for (let retry = 1; ; retry += 1) {
      try {
        return await this.#guard.run(() => this.#attempt(spec, schema), spec.call?.signal, spec.call?.deadline);
      } catch (error) {
        const wait = repeatable ? retryDelay(error, retry, spec.call?.deadline) : undefined;
        if (wait === undefined) throw error;
        this.#options.observer?.retry(this.provider, spec.method);
        this.#options.logger.info('retrying upstream call', { provider: this.provider, method: spec.method, route: routeOf(spec), retry, waitMs: Math.round(wait) });
        await sleep(wait, spec.call?.signal).catch(() => {
          throw error;
        });
      }
    }
  }

  /** Circuit state, last failure and rate-limit headroom, for `/ready` and `Query.providers`. */
  status(): UpstreamStatus {
    return this.#guard.status();
  }

  /** Lets calls in flight finish for up to `graceMs`, then cuts whatever is left. */
  async close(graceMs = 2_000): Promise<void> {
    const closed = this.#pool.close().then(() => true);
    const timedOut = sleep(graceMs).then(() => false);
    if (!(await Promise.race([closed, timedOut]))) await this.#pool.destroy();
  }

  async #attempt<S extends z.ZodType>(spec: RequestSpec, schema: S): Promise<Attempt<z.output<S>>> {
    const raw = await this.#send(spec);
    this.#guard.observeRateLimit(this.#options.readRateLimit?.(raw.headers));
    const requestId = this.#options.readRequestId?.(raw.body, raw.headers) ?? raw.headers['x-request-id'];
    if (requestId) spec.call?.upstreamRequestIds?.push(requestId.slice(0, 128));
    if (raw.status < 200 || raw.status >= 300) throw this.#statusError(raw);
    const parsed = schema.safeParse(raw.body);
    if (!parsed.success) {
      // Paths only: values may be secrets or personal data.
      const paths = parsed.error.issues.map((issue) => issue.path.join('.') || '(root)');
      this.#options.logger.warn('upstream response does not match its schema', {
        provider: this.provider,
        method: spec.method,
        route: routeOf(spec),
        paths,
      });
      throw new UpstreamError({ provider: this.provider, failure: 'contract', status: raw.status });
    }
    return { response: { status: raw.status, headers: raw.headers, body: parsed.data }, raw };
  }

  /** One attempt on the wire, in a client span whose context travels to the upstream as `traceparent`. */
  #send(spec: RequestSpec): Promise<RestResponse<unknown>> {
    const attributes = { 'sso.provider': this.provider, 'http.request.method': spec.method, 'url.template': routeOf(spec) };
    return inSpan(`upstream ${spec.method}`, attributes, (span) => this.#sendInSpan(spec, span), SpanKind.CLIENT);
  }

  async #sendInSpan(spec: RequestSpec, span: Span): Promise<RestResponse<unknown>> {
    const { body, contentType } = encodeBody(spec);
    const headers: Record<string, string> = { accept: 'application/json', ...spec.headers };
    if (contentType) headers['content-type'] = contentType;
    if (spec.call?.requestId) headers['x-request-id'] = spec.call.requestId;
    injectTraceHeaders(headers);
    const counts = spec.call?.upstreamCalls;
    if (counts) counts[this.provider] = (counts[this.provider] ?? 0) + 1;
    const started = performance.now();
    let response;
    try {
      response = await this.#pool.request({
        method: spec.method,
        path: this.#basePath + pathOf(spec) + queryString(spec.query),
        headers,
        body,
        signal: spec.call?.signal,
      });
    } catch (error) {
      const failed = this.#transportError(error, spec, 'before answer');
      this.#options.observer?.call(this.provider, spec.method, failed.failure, (performance.now() - started) / 1000);
      throw failed;
    }
    let text: string;
    try {
      text = await readCapped(response.body, this.#maxBodyBytes);
    } catch (error) {
      throw error === BODY_TOO_LARGE ? this.#contractError(response.statusCode, 'body over the size cap') : this.#transportError(error, spec, 'mid body');
    }
    const elapsedMs = performance.now() - started;
    this.#options.observer?.call(this.provider, spec.method, String(response.statusCode), elapsedMs / 1000);
    span.setAttribute('http.response.status_code', response.statusCode);
    this.#options.logger.debug('upstream call', {
      provider: this.provider,
      method: spec.method,
      route: routeOf(spec),
      status: response.statusCode,
      ms: Math.round(elapsedMs),
    });
    return { status: response.statusCode, headers: flattenHeaders(response.headers), body: this.#parseJson(text, response.statusCode) };
  }

  #parseJson(text: string, status: number): unknown {
    if (text.trim() === '') return undefined;
    try {
      return JSON.parse(text);
    } catch {
      // An error page in HTML is still an error with a status; a 2xx that is not JSON breaks the contract.
      if (status >= 200 && status < 300) throw this.#contractError(status, 'body is not JSON');
      return undefined;
    }
  }

  #contractError(status: number, reason: string): UpstreamError {
    this.#options.logger.warn('unreadable upstream response', { provider: this.provider, status, reason });
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

  /**
   * A failure with no complete answer. For a write sent on its way, the outcome is unknown; for a
   * read cut off mid-body, the answer is unusable (a contract failure).
   */
  #transportError(error: unknown, spec: RequestSpec, phase: 'before answer' | 'mid body'): UpstreamError {
    if (error instanceof UpstreamError) return error;
    const code = errorCode(error);
    const failure: UpstreamFailure =
      deadlinePassed(spec.call?.signal) || error instanceof undiciErrors.HeadersTimeoutError || error instanceof undiciErrors.BodyTimeoutError || error instanceof undiciErrors.ConnectTimeoutError
        ? 'timeout'
        : isAbort(error)
          ? 'aborted'
          : phase === 'mid body' && spec.method === 'GET'
            ? 'contract'
            : 'network';
    const sent = !NOT_SENT_CODES.has(code) && !(error instanceof undiciErrors.ConnectTimeoutError);
    const isWrite = spec.method !== 'GET' && spec.idempotent !== true;
    const outcomeUnknown = isWrite && sent && failure !== 'aborted';
    this.#options.logger.warn('upstream call failed', { provider: this.provider, method: spec.method, route: routeOf(spec), failure, phase, reason: code, outcomeUnknown });
    return new UpstreamError({ provider: this.provider, failure, outcomeUnknown });
  }
}

/** A successful answer, and the JSON it was parsed from (what the read cache keeps). */
interface Attempt<T> {
  response: RestResponse<T>;
  raw: RestResponse<unknown>;
}

/** Correlation headers differ on every call and say nothing about what the answer may contain. */
const PER_CALL_HEADERS = new Set(['x-request-id', 'traceparent', 'tracestate']);

/**
 * Everything that shapes an upstream answer, as one string for the cache key: method, path, query,
 * body and every header sent (credentials above all), in a stable order.
 */
function describeRequest(basePath: string, spec: RequestSpec): string {
  const headers = Object.entries(spec.headers ?? {})
    .map(([name, value]) => [name.toLowerCase(), value] as const)
    .filter(([name]) => !PER_CALL_HEADERS.has(name))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify([spec.method, basePath + pathOf(spec) + queryString(spec.query), headers, encodeBody(spec).body ?? null]);
}

/** A stored answer, checked against the schema again; `undefined` (a miss) if it no longer fits. */
function fromCache<S extends z.ZodType>(stored: string, schema: S): RestResponse<z.output<S>> | undefined {
  try {
    const raw = JSON.parse(stored) as RestResponse<unknown>;
    const parsed = schema.safeParse(raw.body);
    return parsed.success ? { status: raw.status, headers: raw.headers, body: parsed.data } : undefined;
  } catch {
    return undefined;
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

const BODY_TOO_LARGE = Symbol('body too large');

async function readCapped(body: AsyncIterable<Buffer> & { destroy(error?: Error): unknown }, limit: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.length;
    if (size > limit) {
      body.destroy();
      throw BODY_TOO_LARGE;
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

function errorCode(error: unknown): string {
  if (!(error instanceof Error)) return 'unknown';
  return (error as { code?: string }).code ?? error.name;
}

function isAbort(error: unknown): boolean {
  return error instanceof Error && (error.name === 'AbortError' || error instanceof undiciErrors.RequestAbortedError);
}

/** The path as sent: parameters encoded. */
function pathOf(spec: RequestSpec): string {
  return typeof spec.path === 'string' ? spec.path : spec.path.path;
}

/** The path with its parameters masked, so logs group by route and never carry ids or tokens. */
function routeOf(spec: RequestSpec): string {
  return typeof spec.path === 'string' ? spec.path : spec.path.route;
}

/**
 * A path with parameters, written as a tagged template: upstreamPath`/roles/${id}`. Each parameter
 * is percent-encoded into `path` and replaced by `:param` in `route`, the only form logs see.
 */
export function upstreamPath(strings: TemplateStringsArray, ...params: string[]): UpstreamPath {
  return {
    path: strings.reduce((path, part, index) => path + encodeURIComponent(params[index - 1] ?? '') + part),
    route: strings.join(':param'),
  };
}
