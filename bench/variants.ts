/**
 * The gateways the bench compares: single gateways that each differ from live-mode defaults in one
 * setting, and the groups of the `replicas` scenario (one or three processes, Redis or not).
 */
import type { PeerVariant } from './peers/documents.ts';
import type { Variant } from './report.ts';
import { LATENCIES } from './settings.ts';

export type GroupVariant = 'memory-1' | 'redis-1' | 'memory-3' | 'redis-3';
export type GatewayVariant = Exclude<Variant, 'direct' | GroupVariant | PeerVariant>;
const CACHED_ENV: Record<string, string> = { GATEWAY_CACHE_TTL_MS: '5000' };

/** Each gateway differs from `gateway` (the defaults of live mode) in one respect. */
export const GATEWAY_VARIANTS: Record<GatewayVariant, { env: Record<string, string>; description: string }> = {
  gateway: { env: {}, description: 'live-mode defaults: DataLoader batching on, read cache off' },
  naive: {
    // The queue would otherwise refuse a naive nplus1's hundred calls per operation as overload.
    env: { GATEWAY_BATCHING: 'off', GATEWAY_UPSTREAM_QUEUE: '100000' },
    description: 'GATEWAY_BATCHING=off (no batching, no per-request de-duplication), read cache off',
  },
  cached: { env: CACHED_ENV, description: 'GATEWAY_CACHE_TTL_MS=5000 (the sandbox default), batching on' },
  discovery: {
    env: { STYTCH_ORGANIZATION_IDS: '' },
    description: 'like `gateway`, but Stytch organizations are discovered by search on every operation',
  },
};

/**
 * The `replicas` scenario's gateways: the same settings, one or three processes, with or without
 * one Redis. Every group is offered the same total rate (REPLICAS_RATE), split evenly over its
 * gateways with the connections, as a round-robin load balancer would; so a row's calls and CPU
 * per operation compare with the others' at equal load.
 */
export const GROUP_VARIANTS: Record<GroupVariant, { size: number; redis: boolean; description: string }> = {
  'memory-1': { size: 1, redis: false, description: 'one gateway, read cache in memory' },
  'redis-1': { size: 1, redis: true, description: 'one gateway, its shared state (read cache, budgets, write limit) in Redis' },
  'memory-3': { size: 3, redis: false, description: 'three gateways, each with a read cache of its own (replicas before issue 8)' },
  'redis-3': { size: 3, redis: true, description: 'three gateways sharing one Redis (GATEWAY_REPLICAS=3)' },
};
/** Short, so each run refills the cache a few times and the rows show who refills it how often. */
export const REPLICAS_ENV: Record<string, string> = { GATEWAY_CACHE_TTL_MS: '1000' };
/** The replicas rows are measured at this upstream latency only (25 ms when configured), to keep the bench short. */
export const REPLICAS_LATENCY = LATENCIES.includes(25) ? 25 : (LATENCIES[0] ?? 0);
