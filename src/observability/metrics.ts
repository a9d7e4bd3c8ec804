/**
 * Prometheus metrics at `/metrics`, one registry per gateway (tests run many gateways in one
 * process). The GraphQL side is operation-metrics.ts: executed operations by name and type with
 * duration histograms, the parse/validate/execute phases and result errors, under a closed set of
 * names (operation-labels.ts). The upstream side is fed by the REST client: requests by provider,
 * method and status with durations, and retries; DataLoader batch sizes. Circuit states and read-cache counts are read when
 * Prometheus scrapes.
 *
 * `GATEWAY_METRICS_TOKEN`, when set, is required as `Authorization: Bearer <token>` on /metrics.
 * Without it /metrics is open like /health: it carries counts and operation names, no data.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Plugin } from 'graphql-yoga';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { GatewayContext, ProviderStatusReport } from '../context.ts';
import type { SharedStateStatus } from '../shared-state/redis.ts';
import type { OperationLabels } from './operation-labels.ts';
import { useOperationMetrics } from './operation-metrics.ts';

/** What the REST client reports about each upstream call. */
export interface UpstreamObserver {
  /** `status` is the HTTP status, or the failure kind when no answer came (timeout, network…). */
  call(provider: string, method: string, status: string, seconds: number): void;
  retry(provider: string, method: string): void;
}

const CIRCUIT_VALUES = { CLOSED: 0, HALF_OPEN: 1, OPEN: 2 } as const;

export class GatewayMetrics {
  readonly registry = new Registry();
  readonly upstream: UpstreamObserver;
  /** Told the size of every DataLoader batch: how much batching saves, per loader. */
  readonly batch: (loader: string, size: number) => void;

  constructor() {
    const calls = new Counter({
      name: 'sso_gateway_upstream_requests_total',
      help: 'Upstream calls by provider, method and status (or failure kind).',
      labelNames: ['provider', 'method', 'status'],
      registers: [this.registry],
    });
    const durations = new Histogram({
      name: 'sso_gateway_upstream_request_duration_seconds',
      help: 'Upstream call durations, from sending to the end of the body.',
      labelNames: ['provider', 'method'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [this.registry],
    });
    const retries = new Counter({
      name: 'sso_gateway_upstream_retries_total',
      help: 'Upstream reads retried after a retryable failure.',
      labelNames: ['provider', 'method'],
      registers: [this.registry],
    });
    this.upstream = {
      call: (provider, method, status, seconds) => {
        calls.inc({ provider, method, status });
        durations.observe({ provider, method }, seconds);
      },
      retry: (provider, method) => retries.inc({ provider, method }),
    };
    const batches = new Histogram({
      name: 'sso_gateway_dataloader_batch_size',
      help: 'Keys per DataLoader batch, by loader (`<provider>.<loader>`).',
      labelNames: ['loader'],
      buckets: [1, 2, 5, 10, 25, 50, 100, 250],
      registers: [this.registry],
    });
    this.batch = (loader, size) => batches.observe({ loader }, size);
  }

  /** Gauges read at scrape time from the providers' live state. */
  watchProviders(statuses: () => ProviderStatusReport[]): void {
    const enabled = () => statuses().filter((report) => report.enabled);
    new Gauge({
      name: 'sso_gateway_circuit_state',
      help: 'Circuit breaker per provider: 0 closed, 1 half-open, 2 open.',
      labelNames: ['provider'],
      registers: [this.registry],
      collect() {
        for (const report of enabled())
          if (report.upstream) this.set({ provider: report.provider }, CIRCUIT_VALUES[report.upstream.circuit]);
      },
    });
    for (const [kind, help] of [
      ['hits', 'Upstream reads answered from the read cache.'],
      ['misses', 'Cacheable upstream reads that went to the upstream.'],
      ['invalidations', 'Read-cache resources made stale by writes.'],
    ] as const) {
      new Gauge({
        name: `sso_gateway_read_cache_${kind}`,
        help: `${help} Counted since start; absent when the cache is off.`,
        labelNames: ['provider'],
        registers: [this.registry],
        collect() {
          for (const report of enabled()) if (report.cache) this.set({ provider: report.provider }, report.cache[kind]);
        },
      });
    }
  }

  /** Whether Redis is in use for shared state, and how often the gateway fell back; absent without `REDIS_URL`. */
  watchSharedState(status: () => SharedStateStatus): void {
    const redis = () => {
      const now = status();
      return now.store === 'redis' ? now : undefined;
    };
    if (!redis()) return;
    new Gauge({
      name: 'sso_gateway_shared_state_redis_up',
      help: 'Shared state: 1 while Redis is in use, 0 while this replica runs on local state (REDIS_URL set).',
      registers: [this.registry],
      collect() {
        this.set(redis()?.mode === 'redis' ? 1 : 0);
      },
    });
    new Gauge({
      name: 'sso_gateway_shared_state_fallbacks',
      help: 'Switches from Redis to local state since start (REDIS_URL set).',
      registers: [this.registry],
      collect() {
        this.set(redis()?.fallbacks ?? 0);
      },
    });
  }

  /**
   * The Yoga plugins: GraphQL metrics labelled from `operations`, and `/metrics` itself (answered
   * before authentication).
   */
  plugins(token: string | undefined, operations: OperationLabels): Plugin<GatewayContext>[] {
    const graphql = useOperationMetrics(this.registry, operations);
    const expected = token === undefined ? undefined : digest(token);
    const registry = this.registry;
    const endpoint: Plugin<GatewayContext> = {
      async onRequest({ request, url, endResponse }) {
        if (url.pathname !== '/metrics') return;
        if (expected && !matches(request.headers.get('authorization'), expected)) {
          endResponse(new Response('Unauthorized\n', { status: 401, headers: { 'www-authenticate': 'Bearer' } }));
          return;
        }
        endResponse(new Response(await registry.metrics(), { headers: { 'content-type': registry.contentType } }));
      },
    };
    return [endpoint, graphql];
  }
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

/** Constant-time comparison of digests, so the token's length and prefix do not leak by timing. */
function matches(authorization: string | null, expected: Buffer): boolean {
  const presented = authorization?.match(/^Bearer (.+)$/)?.[1];
  return presented !== undefined && timingSafeEqual(digest(presented), expected);
}
