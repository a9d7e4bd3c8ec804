/**
 * The configuration contract (DESIGN.md §3): environment variables in, a typed `Config` out. The
 * gateway's own settings are read here; each provider reads its own through its module, so the
 * registry is handed in by the composition root that calls `loadConfig`.
 */
import { z } from 'zod';
import { LOG_LEVELS, type LogLevel } from '../logger.ts';
import type { ProviderModule, ProviderSetup } from '../providers/provider.ts';
import type { ProviderId } from '../providers/provider-id.ts';
import type { SharedStateSettings } from '../shared-state/shared-state.ts';
import { type Env, type GatewayMode, isSet, nonEmpty, positiveInt, type Read, reader } from './atoms.ts';
import { readSecurityConfig, type SecurityConfig } from './security.ts';

export interface Config {
  port: number;
  host: string;
  mode: GatewayMode;
  /** Every GraphQL operation ends by this deadline; upstream calls are aborted at it. */
  requestTimeoutMs: number;
  /** How long shutdown waits for in-flight operations before cutting connections. */
  shutdownTimeoutMs: number;
  /** How long a change plan can be applied after it was made (`GATEWAY_PLAN_TTL_MS`). */
  planTtlMs: number;
  /** Who may call, what they may run, how writes are limited and audited. */
  security: SecurityConfig;
  /** Where replicas share state (`REDIS_URL`), and how many share a limit when Redis is away. */
  sharedState: SharedStateSettings;
  /** The read cache shared across requests (see `src/cache/read-cache.ts`); a TTL of 0 turns it off. */
  cache: { ttlMs: number; maxEntries: number };
  /**
   * DataLoader batching and per-request de-duplication. Off only to measure what they save (the
   * benchmark's naive baseline): every field then makes its own upstream call.
   */
  batching: boolean;
  /** Serve /graphql as an Apollo Federation 2 subgraph (`_service`, `_entities`) for a router. */
  subgraph: boolean;
  logLevel: LogLevel;
  /** Required as a bearer token on `/metrics` when set; `/metrics` is open otherwise. */
  metricsToken: string | undefined;
  /** Every provider the gateway knows, enabled or not, in registry order. */
  registry: readonly ProviderModule[];
  /** The enabled providers (those whose credentials are set), by id. */
  providers: Partial<Record<ProviderId, ProviderSetup>>;
}

export function loadConfig(env: Env, registry: readonly ProviderModule[]): Config {
  const read = reader(env);
  const mode = read('SSO_GATEWAY_MODE', z.enum(['sandbox', 'live']).optional()) ?? defaultMode(env, registry);
  // Providers first: a mistyped credential is a better first message than the auth requirement.
  const providers = readProviders(read, mode, registry);
  return {
    port: read('PORT', z.coerce.number().int().min(0).max(65_535).optional()) ?? 4000,
    host: read('HOST', nonEmpty.optional()) ?? '127.0.0.1',
    mode,
    requestTimeoutMs: read('GATEWAY_REQUEST_TIMEOUT_MS', positiveInt(120_000).optional()) ?? 10_000,
    shutdownTimeoutMs: read('GATEWAY_SHUTDOWN_TIMEOUT_MS', positiveInt(600_000).optional()) ?? 10_000,
    planTtlMs: read('GATEWAY_PLAN_TTL_MS', positiveInt(7 * 86_400_000).optional()) ?? 3_600_000,
    security: readSecurityConfig(read, mode),
    sharedState: readSharedState(read),
    cache: {
      // The sandbox's data changes only through the gateway (which invalidates), so caching is safe there.
      ttlMs:
        read(
          'GATEWAY_CACHE_TTL_MS',
          z.coerce.number().int('must be a whole number').min(0, 'must be at least 0').max(3_600_000, 'must be at most 3600000').optional(),
        ) ?? (mode === 'sandbox' ? 5_000 : 0),
      maxEntries: read('GATEWAY_CACHE_MAX_ENTRIES', positiveInt(1_000_000).optional()) ?? 10_000,
    },
    logLevel: read('LOG_LEVEL', z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` }).optional()) ?? 'info',
    metricsToken: read('GATEWAY_METRICS_TOKEN', z.string().trim().min(16, 'must be at least 16 characters').optional()),
    batching: (read('GATEWAY_BATCHING', z.enum(['on', 'off'], { error: 'must be on or off' }).optional()) ?? 'on') === 'on',
    subgraph: (read('GATEWAY_SUBGRAPH', z.enum(['on', 'off'], { error: 'must be on or off' }).optional()) ?? 'off') === 'on',
    registry,
    providers,
  };
}

function readProviders(read: Read, mode: GatewayMode, registry: readonly ProviderModule[]): Config['providers'] {
  const providers: Config['providers'] = {};
  for (const module of registry) {
    const setup = module.configure(read, mode);
    if (setup) providers[module.id] = setup;
  }
  return providers;
}

/** The enabled providers' setups, in registry order. */
export function enabledProviders(config: Pick<Config, 'registry' | 'providers'>): ProviderSetup[] {
  return config.registry.flatMap((module) => config.providers[module.id] ?? []);
}

/**
 * Every provider secret configured (empty where a provider is off), in registry order: the
 * material the key sealing shared state is derived from (`shared-state/sealer.ts`). Replicas with
 * the same credentials derive the same key.
 */
export function credentialValues(config: Pick<Config, 'registry' | 'providers'>): string[] {
  return config.registry.flatMap((module) => module.secrets.map((_, index) => config.providers[module.id]?.secretValues[index] ?? ''));
}

/** Any provider secret set switches the default mode to `live` (an endpoint alone is no credential). */
function defaultMode(env: Env, registry: readonly ProviderModule[]): GatewayMode {
  return registry.some((module) => module.secrets.some((name) => isSet(env[name]))) ? 'live' : 'sandbox';
}

/** `REDIS_URL` switches sharing on; the URL may hold a password, so it is never echoed. */
function readSharedState(read: Read): SharedStateSettings {
  const url = read('REDIS_URL', z.url({ protocol: /^rediss?$/, error: 'must be a redis:// or rediss:// URL' }).optional());
  return {
    redis:
      url === undefined
        ? undefined
        : {
            url,
            keyPrefix: read('REDIS_KEY_PREFIX', nonEmpty.optional()) ?? 'sso-gateway:',
            timeoutMs: read('REDIS_TIMEOUT_MS', positiveInt(10_000).optional()) ?? 150,
          },
    replicas: read('GATEWAY_REPLICAS', positiveInt(1_000).optional()) ?? 1,
  };
}

/** `host:port` of a `redis://` or `rediss://` URL: all that logs, `/ready` and check-config may show of it. */
export function redisAddress(url: string): string {
  const parsed = new URL(url);
  return `${parsed.hostname}:${parsed.port || '6379'}`;
}
