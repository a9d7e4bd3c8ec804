/**
 * The per-request context. A new object with new loaders for every GraphQL request: DataLoader
 * memoises, and a shared loader would serve one caller's data to another (Stytch forwards the
 * caller's member session, so this is a security property, not a style choice).
 */
import { setMaxListeners } from 'node:events';
import type { Plugin, YogaInitialContext } from 'graphql-yoga';
import type { Caller } from './auth/caller.ts';
import { callerOf } from './auth/plugin.ts';
import type { CacheCounts, ReadCache } from './cache/read-cache.ts';
import type { PlanStore } from './change-plans/store.ts';
import type { GatewayMode } from './config/atoms.ts';
import { ProviderNotConfiguredError } from './graph/errors.ts';
import type { SsoConnectionShape } from './graph/sso-connection.ts';
import type { UpstreamCall } from './http/upstream-call.ts';
import type { UpstreamStatus } from './http/upstream-guard.ts';
import type { MetadataInspector } from './insight/metadata/inspector.ts';
import type { Logger } from './logger.ts';
import { requestIdOf } from './observability/request-id.ts';
import type { LoaderSettings, ProviderLoaders, ProviderModule, ProviderRuntime, RequestProvider } from './providers/provider.ts';
import type { ProviderId } from './providers/provider-id.ts';
import type { AuditLog } from './security/audit-log.ts';
import type { WriteRateLimiter } from './security/write-limiter.ts';

export interface GatewayContext {
  /** The HTTP request (Yoga puts it in every context; named here for plugins that key on it). */
  request: Request;
  requestId: string;
  /** Who is calling and with which scopes, as authentication established it. */
  caller: Caller;
  call: UpstreamCall;
  logger: Logger;
  /** The enabled providers, each with this request's loaders; read loaders through `loadersOf`. */
  providers: RequestProviders;
  /** Every provider's health as the gateway sees it, for `Query.providers`. */
  providerStatuses(): ProviderStatusReport[];
  /** Shared by all requests of this gateway: the write limiter, the audit trail and the change plans. */
  writes: WriteServices;
  /** Fetches (SSRF-safe) and parses IdP metadata; shared by all requests, caches briefly. */
  metadata: MetadataInspector;
  /** Ids one `nodes(ids:)` may ask for (`GATEWAY_MAX_NODE_IDS`). */
  maxNodeIds: number;
}

/** One request's view of the enabled providers. Loaders are made on first use, so a request pays only for the providers it touches. */
export interface RequestProviders {
  /** The enabled providers' ids, in registry order. */
  readonly enabled: readonly ProviderId[];
  /** This request's view of one provider; `undefined` when it is not enabled. */
  get(id: ProviderId): RequestProvider | undefined;
}

export interface WriteServices {
  mode: GatewayMode;
  limiter: WriteRateLimiter;
  audit: AuditLog;
  /** Change plans between planning and applying (memory, or Redis when replicas share state). */
  plans: PlanStore;
}

export interface ProviderStatusReport {
  provider: ProviderId;
  enabled: boolean;
  /** `null` for a provider that is not enabled. */
  upstream: UpstreamStatus | null;
  /** `null` when the read cache is off or the provider is not enabled. */
  cache: CacheCounts | null;
}

/** Enabled or not, circuit state and rate-limit headroom of every provider the gateway knows. */
export function describeProviders(
  registry: readonly ProviderModule[],
  runtimes: readonly ProviderRuntime[],
  cache: ReadCache | undefined,
): ProviderStatusReport[] {
  return registry.map(({ id }) => {
    const runtime = runtimes.find((candidate) => candidate.id === id);
    return {
      provider: id,
      enabled: runtime !== undefined,
      upstream: runtime?.status() ?? null,
      cache: runtime && cache ? cache.counts(id) : null,
    };
  });
}

export interface ContextOptions {
  logger: Logger;
  writes: WriteServices;
  /** Every operation ends by then: upstream calls are aborted at the deadline. */
  requestTimeoutMs: number;
  loaderSettings: LoaderSettings;
  metadata: MetadataInspector;
  maxNodeIds: number;
  /** For `Query.providers`. */
  providerStatuses(): ProviderStatusReport[];
}

/**
 * The context factory, and the Yoga plugin that releases each context's deadline timer once its
 * response is sent. Without it the timer would keep the whole context (loaders and every answer
 * they hold) alive until the deadline: at a few hundred operations a second and a 10 s deadline,
 * thousands of finished operations, which showed as RSS growth in the benchmark.
 */
export function createContextFactory(
  runtimes: readonly ProviderRuntime[],
  { logger, requestTimeoutMs, writes, loaderSettings, metadata, maxNodeIds, providerStatuses }: ContextOptions,
) {
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
    const caller = callerOf(request);
    const call: UpstreamCall = {
      requestId,
      signal,
      deadline,
      caller: budgetCaller(caller),
      headers: request.headers,
      upstreamRequestIds: [],
      upstreamCalls: {},
    };
    const providers = requestProviders(runtimes, call, loaderSettings);
    return { request, requestId, caller, call, logger, providers, providerStatuses, writes, metadata, maxNodeIds };
  };
  return { context, release };
}

/**
 * Whose share of the upstream budgets the operation's calls count against. Without
 * authentication every caller is the same anonymous one, so a share would cap the whole gateway:
 * then only the providers' budgets count.
 */
function budgetCaller(caller: Caller): string | undefined {
  return caller.authMode === 'none' ? undefined : caller.subject;
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

function requestProviders(runtimes: readonly ProviderRuntime[], call: UpstreamCall, settings: LoaderSettings): RequestProviders {
  const made = new Map<ProviderId, RequestProvider>();
  return {
    enabled: runtimes.map((runtime) => runtime.id),
    get(id) {
      let provider = made.get(id);
      if (!provider) {
        provider = runtimes.find((runtime) => runtime.id === id)?.forRequest(call, settings);
        if (provider) made.set(id, provider);
      }
      return provider;
    },
  };
}

/** The one place that answers "this provider is not configured". */
export function loadersOf<P extends keyof ProviderLoaders & ProviderId>(context: GatewayContext, provider: P): ProviderLoaders[P] {
  const found = context.providers.get(provider);
  if (found === undefined) throw new ProviderNotConfiguredError(provider);
  // Each slice declares its own loaders' type under its id (see ProviderLoaders), the one link
  // between a slice's id and its loaders that shared code cannot see.
  return found.loaders as ProviderLoaders[P];
}

/** Every SSO connection of one enabled provider, with this request's loaders. */
export function listProviderConnections(context: GatewayContext, provider: ProviderId): Promise<SsoConnectionShape[]> {
  const found = context.providers.get(provider);
  if (found === undefined) return Promise.reject(new ProviderNotConfiguredError(provider));
  return found.listSsoConnections();
}
