/**
 * The REST client every provider shares: one undici `Pool` per upstream origin with explicit
 * timeouts, JSON in and out, and every failure turned into an `UpstreamError`. Each attempt goes
 * through the provider's `UpstreamGuard` (breaker, bulkhead, rate-limit pacing); reads are
 * retried within the operation's deadline, writes never. Response bodies are always consumed
 * (undici keeps the socket busy otherwise) and capped in size.
 */
import { type Dispatcher, Pool } from 'undici';
import type { z } from 'zod';
import type { ReadCache } from '../cache/read-cache.ts';
import type { UpstreamSettings } from '../config/upstream.ts';
import type { Logger } from '../logger.ts';
import type { UpstreamObserver } from '../observability/metrics.ts';
import { inSpan, type Span, SpanKind } from '../observability/tracing.ts';
import type { ProviderId } from '../providers/provider-id.ts';
import { type Attempt, throughReadCache } from './cached-request.ts';
import { type ErrorBodyReader, FailureClassifier } from './failure-classifier.ts';
import { encodeBody, headersFor, isRepeatable, type RequestSpec, type RestResponse, routeOf, targetOf } from './rest-request.ts';
import { retryDelay, sleep } from './retry.ts';
import type { UpstreamBudget } from './upstream-budget.ts';
import { safeUpstreamRequestId } from './upstream-error.ts';
import { type RateLimitSnapshot, UpstreamGuard, type UpstreamStatus } from './upstream-guard.ts';

export interface RestClientOptions {
  provider: ProviderId;
  baseUrl: string;
  logger: Logger;
  /** Reads the provider's error body format (and headers) into code and request id. */
  readError: ErrorBodyReader;
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

const DEFAULT_HTTP: UpstreamSettings = {
  timeoutMs: 8_000,
  maxConcurrent: 10,
  maxQueued: 100,
  circuitFailures: 5,
  circuitOpenMs: 30_000,
  rateLimit: undefined,
};
const MAX_CONNECT_TIMEOUT_MS = 5_000;

export class RestClient {
  readonly provider: ProviderId;
  readonly #pool: Pool;
  readonly #guard: UpstreamGuard;
  readonly #failures: FailureClassifier;
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
    this.#failures = new FailureClassifier(options.provider, options.logger, options.readError);
    this.#pool = new Pool(url.origin, {
      connections: http.maxConcurrent,
      connectTimeout: Math.min(http.timeoutMs, MAX_CONNECT_TIMEOUT_MS),
      headersTimeout: http.timeoutMs,
      bodyTimeout: http.timeoutMs,
      keepAliveTimeout: 10_000,
    });
  }

  request<S extends z.ZodType>(spec: RequestSpec, schema: S): Promise<RestResponse<z.output<S>>> {
    const scope = { provider: this.provider, basePath: this.#basePath };
    return throughReadCache(this.#options.cache, scope, spec, schema, () => this.#withRetries(spec, schema));
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

  async #withRetries<S extends z.ZodType>(spec: RequestSpec, schema: S): Promise<Attempt<z.output<S>>> {
    const repeatable = isRepeatable(spec);
    for (let retry = 1; ; retry += 1) {
      try {
        return await this.#guard.run(() => this.#attempt(spec, schema), spec.call);
      } catch (error) {
        const wait = repeatable ? retryDelay(error, retry, spec.call?.deadline) : undefined;
        if (wait === undefined) throw error;
        this.#options.observer?.retry(this.provider, spec.method);
        this.#options.logger.info('retrying upstream call', {
          provider: this.provider,
          method: spec.method,
          route: routeOf(spec),
          retry,
          waitMs: Math.round(wait),
        });
        await sleep(wait, spec.call?.signal).catch(() => {
          throw error;
        });
      }
    }
  }

  async #attempt<S extends z.ZodType>(spec: RequestSpec, schema: S): Promise<Attempt<z.output<S>>> {
    const raw = await this.#send(spec);
    this.#guard.observeRateLimit(this.#options.readRateLimit?.(raw.headers));
    const requestId = safeUpstreamRequestId(this.#options.readRequestId?.(raw.body, raw.headers) ?? raw.headers['x-request-id']);
    if (requestId) spec.call?.upstreamRequestIds?.push(requestId);
    if (raw.status < 200 || raw.status >= 300) throw this.#failures.status(raw);
    const parsed = schema.safeParse(raw.body);
    if (!parsed.success) throw this.#failures.schemaMismatch(spec, raw.status, parsed.error);
    return { response: { status: raw.status, headers: raw.headers, body: parsed.data }, raw };
  }

  /** One attempt on the wire, in a client span whose context travels to the upstream as `traceparent`. */
  #send(spec: RequestSpec): Promise<RestResponse<unknown>> {
    const attributes = { 'sso.provider': this.provider, 'http.request.method': spec.method, 'url.template': routeOf(spec) };
    return inSpan(`upstream ${spec.method}`, attributes, (span) => this.#sendInSpan(spec, span), SpanKind.CLIENT);
  }

  async #sendInSpan(spec: RequestSpec, span: Span): Promise<RestResponse<unknown>> {
    const { body, contentType } = encodeBody(spec);
    const headers = headersFor(spec, contentType);
    const counts = spec.call?.upstreamCalls;
    if (counts) counts[this.provider] = (counts[this.provider] ?? 0) + 1;
    const started = performance.now();
    let response: Dispatcher.ResponseData;
    try {
      response = await this.#pool.request({
        method: spec.method,
        path: targetOf(this.#basePath, spec),
        headers,
        body,
        signal: spec.call?.signal,
      });
    } catch (error) {
      const failed = this.#failures.transport(error, spec, 'before answer');
      this.#options.observer?.call(this.provider, spec.method, failed.failure, (performance.now() - started) / 1000);
      throw failed;
    }
    let text: string;
    try {
      text = await readCapped(response.body, this.#maxBodyBytes);
    } catch (error) {
      throw error === BODY_TOO_LARGE
        ? this.#failures.unreadable(response.statusCode, 'body over the size cap')
        : this.#failures.transport(error, spec, 'mid body');
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
    return {
      status: response.statusCode,
      headers: flattenHeaders(response.headers),
      body: this.#failures.parseBody(text, response.statusCode),
    };
  }
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
