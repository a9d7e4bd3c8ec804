/**
 * The per-request context. A new object with new loaders for every GraphQL request: DataLoader
 * memoises, and a shared loader would serve one caller's data to another (Stytch forwards the
 * caller's member session, so this is a security property, not a style choice).
 */
import { setMaxListeners } from 'node:events';
import type { Plugin, YogaInitialContext } from 'graphql-yoga';
import type { Caller } from './auth/caller.ts';
import type { CacheCounts, ReadCache } from './cache/read-cache.ts';
import { callerOf } from './auth/plugin.ts';
import { ProviderNotConfiguredError } from './graph/errors.ts';
import type { GatewayMode } from './config.ts';
import type { MetadataInspector } from './insight/metadata/inspector.ts';
import type { UpstreamStatus } from './http/upstream-guard.ts';
import type { AuditLog } from './security/audit-log.ts';
import type { WriteRateLimiter } from './security/write-limiter.ts';
import type { Logger } from './logger.ts';
import { requestIdOf } from './observability/request-id.ts';
import { providers } from './providers/index.ts';
import type { LoaderSettings, ProviderClient, ProviderModule, UpstreamCall } from './providers/provider.ts';
import type { ProviderId } from './providers/provider-id.ts';

type Registry = (typeof providers)[number];
type LoadersOf<M> = M extends ProviderModule<ProviderId, ProviderClient, infer Loaders> ? Loaders : never;

export type ProviderLoaders = { [M in Registry as M['id']]: LoadersOf<M> };

export interface GatewayContext {
  /** The HTTP request (Yoga puts it in every context; named here for plugins that key on it). */
  request: Request;
  requestId: string;
  /** Who is calling and with which scopes, as authentication established it. */
  caller: Caller;
  call: UpstreamCall;
  logger: Logger;
  /** Present only for enabled providers; read them through `loadersOf`. */
  loaders: Partial<ProviderLoaders>;
  /** Every provider's health as the gateway sees it, for `Query.providers`. */
  providerStatuses(): ProviderStatusReport[];
  /** Shared by all requests of this gateway: the write limiter and the audit trail. */
  writes: WriteServices;
  /** Fetches (SSRF-safe) and parses IdP metadata; shared by all requests, caches briefly. */
  metadata: MetadataInspector;
}

export interface WriteServices {
  mode: GatewayMode;
  limiter: WriteRateLimiter;
  audit: AuditLog;
}

export interface ProviderStatusReport {
  provider: ProviderId;
  enabled: boolean;
  /** `null` for a provider that is not enabled. */
  upstream: UpstreamStatus | null;
  /** `null` when the read cache is off or the provider is not enabled. */
  cache: CacheCounts | null;
}

/** Enabled or not, circuit state and rate-limit headroom of every provider in the registry. */
export function describeProviders(runtimes: readonly ProviderRuntime[], cache: ReadCache | undefined): ProviderStatusReport[] {
  return providers.map((module) => {
    const runtime = runtimes.find((candidate) => candidate.module.id === module.id);
    return {
      provider: module.id,
      enabled: runtime !== undefined,
      upstream: runtime?.client.status() ?? null,
      cache: runtime && cache ? cache.counts(module.id) : null,
    };
  });
}

/** An enabled provider: its module and the client built once at start-up. */
export interface ProviderRuntime {
  module: Registry;
  client: ProviderClient;
}


export interface ContextOptions {
  logger: Logger;
  writes: WriteServices;
  /** Every operation ends by then: upstream calls are aborted at the deadline. */
  requestTimeoutMs: number;
  /** For the cache counts in `Query.providers`; the clients hold it for reads and writes. */
  cache: ReadCache | undefined;
  loaderSettings: LoaderSettings;
  metadata: MetadataInspector;
}

/**
 * The context factory, and the Yoga plugin that releases each context's deadline timer once its
 * response is sent. Without it the timer would keep the whole context (loaders and every answer
 * they hold) alive until the deadline: at a few hundred operations a second and a 10 s deadline,
 * thousands of finished operations, which showed as RSS growth in the benchmark.
 */
export function createContextFactory(runtimes: readonly ProviderRuntime[], { logger, requestTimeoutMs, writes, cache, loaderSettings, metadata }: ContextOptions) {
  const releases = new WeakMap<Request, () => void>();
  const release: Plugin = {
    onResponse({ request }) {
      releases.get(request)?.();
      releases.delete(request);
    },
  };
  const context = ({ request }: YogaInitialContext): GatewayContext => {
    const requestId = requestIdOf(request);
    const deadline = Date.now() + requestTimeoutMs;
    const { signal, release: releaseSignal } = operationSignal(request.signal, requestTimeoutMs);
    releases.set(request, releaseSignal);
    const call: UpstreamCall = { requestId, signal, deadline, headers: request.headers, upstreamRequestIds: [], upstreamCalls: {} };
    const loaders: Record<string, unknown> = {};
    for (const { module, client } of runtimes) {
      // Each module pairs its own client and loaders; the registry type cannot see that pairing.
      loaders[module.id] = (module.createLoaders as (client: ProviderClient, call: UpstreamCall, settings: LoaderSettings) => unknown)(client, call, loaderSettings);
    }
    const statuses = () => describeProviders(runtimes, cache);
    return { request, requestId, caller: callerOf(request), call, logger, loaders: loaders as Partial<ProviderLoaders>, providerStatuses: statuses, writes, metadata };
  };
  return { context, release };
}

/**
 * One signal for both ways a call must stop: the client went away, or the deadline passed (a
 * `TimeoutError`, which the REST client reports as a timeout). Not `AbortSignal.any` with
 * `AbortSignal.timeout`: on Node 20 the timeout signal can be garbage-collected before it fires
 * (nodejs/node#57736); the timer here holds the controller strongly until it fires.
 */
function operationSignal(clientSignal: AbortSignal, timeoutMs: number): { signal: AbortSignal; release: () => void } {
  const controller = new AbortController();
  // Every upstream call, retry wait and queue wait of the operation listens on this one signal;
  // a fan-out over many organizations or pages legitimately passes Node's default warning at 10.
  setMaxListeners(1_000, controller.signal);
  const timer = setTimeout(() => controller.abort(new DOMException('The operation deadline passed', 'TimeoutError')), timeoutMs);
  timer.unref();
  const onClientGone = () => {
    clearTimeout(timer);
    controller.abort(clientSignal.reason);
  };
  if (clientSignal.aborted) onClientGone();
  else clientSignal.addEventListener('abort', onClientGone, { once: true });
  const release = () => {
    clearTimeout(timer);
    clientSignal.removeEventListener('abort', onClientGone);
  };
  return { signal: controller.signal, release };
}

/** The one place that answers "this provider is not configured". */
export function loadersOf<P extends keyof ProviderLoaders>(context: GatewayContext, provider: P): ProviderLoaders[P] {
  const loaders = context.loaders[provider];
  if (loaders === undefined) throw new ProviderNotConfiguredError(provider);
  return loaders as ProviderLoaders[P];
}
