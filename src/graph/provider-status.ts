/**
 * `Query.providers`: how the gateway sees each upstream right now. Answered from memory, with no
 * upstream call, so it works best exactly when providers are failing.
 */
import type { ProviderStatusReport } from '../context.ts';
import type { UpstreamStatus } from '../http/upstream-guard.ts';
import { builder } from './builder.ts';
import { ssoProviderEnum } from './sso-connection.ts';

const CircuitStateEnum = builder.enumType('CircuitState', {
  description: "The circuit breaker in front of a provider's API.",
  values: {
    CLOSED: { value: 'CLOSED', description: 'Calls go through.' },
    OPEN: { value: 'OPEN', description: 'After repeated failures, calls fail fast with UpstreamUnavailableError for a while.' },
    HALF_OPEN: { value: 'HALF_OPEN', description: 'One probe call is let through; its outcome closes or reopens the circuit.' },
  } as const,
});

const FailureRecord = builder.objectRef<NonNullable<UpstreamStatus['lastFailure']>>('UpstreamFailureRecord').implement({
  fields: (t) => ({
    code: t.exposeString('code', { description: 'HTTP_<status>, TIMEOUT, NETWORK, CONTRACT, CIRCUIT_OPEN, OVERLOADED or THROTTLED.' }),
    at: t.expose('at', { type: 'DateTime' }),
  }),
});

const RateLimitHeadroom = builder.objectRef<NonNullable<UpstreamStatus['rateLimit']>>('RateLimitHeadroom').implement({
  description: "The provider's rate-limit budget as its last answer reported it, for providers that send one.",
  fields: (t) => ({
    limit: t.exposeInt('limit'),
    remaining: t.exposeInt('remaining', { description: 'Calls left, counting the ones the gateway has sent since.' }),
    resetAt: t.expose('resetAt', { type: 'DateTime' }),
  }),
});

const ReadCacheCounts = builder.objectRef<NonNullable<ProviderStatusReport['cache']>>('ReadCacheCounts').implement({
  description: "The read cache's work for one provider since the gateway started (GATEWAY_CACHE_TTL_MS).",
  fields: (t) => ({
    hits: t.exposeInt('hits', { description: 'Upstream reads answered from the cache.' }),
    misses: t.exposeInt('misses', { description: 'Cacheable reads that went to the upstream.' }),
    invalidations: t.exposeInt('invalidations', { description: 'Resources made stale by writes through this gateway.' }),
  }),
});

const ProviderStatus = builder.objectRef<ProviderStatusReport>('ProviderStatus').implement({
  fields: (t) => ({
    provider: t.expose('provider', { type: ssoProviderEnum() }),
    enabled: t.exposeBoolean('enabled', { description: 'Whether this gateway has credentials for the provider.' }),
    circuit: t.field({ type: CircuitStateEnum, nullable: true, resolve: (report) => report.upstream?.circuit ?? null }),
    lastFailure: t.field({
      type: FailureRecord,
      nullable: true,
      description: 'The latest outage or refusal (5xx, timeout, unreadable answer, 429, circuit open); 4xx answers are not failures.',
      resolve: (report) => report.upstream?.lastFailure ?? null,
    }),
    rateLimit: t.field({ type: RateLimitHeadroom, nullable: true, resolve: (report) => report.upstream?.rateLimit ?? null }),
    readCache: t.field({
      type: ReadCacheCounts,
      nullable: true,
      description: 'Null when the read cache is off or the provider is not enabled.',
      resolve: (report) => report.cache,
    }),
  }),
});

builder.queryField('providers', (t) =>
  t.field({
    type: [ProviderStatus],
    description: 'Every provider the gateway knows: enabled or not, circuit state, last failure, rate-limit headroom.',
    resolve: (_root, _args, context) => context.providerStatuses(),
  }),
);
