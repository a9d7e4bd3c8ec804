/**
 * The configuration contract (DESIGN.md §3): environment variables in, a typed `Config` out.
 * Every problem is reported with the variable's name, and never with its value, because most of
 * these variables are secrets.
 */
import { z } from 'zod';
import { rate, readSecurityConfig, type SecurityConfig } from './config-security.ts';
import { LOG_LEVELS, type LogLevel } from './logger.ts';
import type { ProviderId } from './providers/provider-id.ts';
import type { SharedStateSettings } from './shared-state/shared-state.ts';
import type { Rate } from './shared-state/sliding-window.ts';

export type GatewayMode = 'sandbox' | 'live';

/** How the gateway treats one upstream: timeouts, concurrency cap, circuit breaker. */
export interface UpstreamSettings {
  /** Headers and body timeout of one upstream call (connect: at most 5 s). */
  timeoutMs: number;
  /** Calls running at once; more wait in a queue of `maxQueued`, beyond that they fail fast. */
  maxConcurrent: number;
  maxQueued: number;
  /** Consecutive failures (5xx, timeouts, unreadable answers) that open the circuit. */
  circuitFailures: number;
  /** How long an open circuit fails fast before one probe call is let through. */
  circuitOpenMs: number;
  /**
   * The gateway's own budget of calls to the provider (`<PROVIDER>_RATE_LIMIT`), shared by all
   * replicas through Redis; `undefined`: no budget (sandbox default, or `off`).
   */
  rateLimit: Rate | undefined;
}

export interface VantageConfig {
  http: UpstreamSettings;
  apiUrl: string;
  apiToken: string;
}
export interface DatoCmsConfig {
  http: UpstreamSettings;
  apiUrl: string;
  apiToken: string;
}
export interface StytchConfig {
  http: UpstreamSettings;
  apiUrl: string;
  projectId: string;
  secret: string;
  /** Organizations that cross-provider listings cover; `undefined` means discover them. */
  organizationIds: string[] | undefined;
}
export interface LogtoConfig {
  http: UpstreamSettings;
  endpoint: string;
  appId: string;
  appSecret: string;
  apiResource: string;
}
export interface PandaStackConfig {
  http: UpstreamSettings;
  apiUrl: string;
  apiKey: string;
  organizationId: string | undefined;
}

export interface Config {
  port: number;
  host: string;
  mode: GatewayMode;
  /** Every GraphQL operation ends by this deadline; upstream calls are aborted at it. */
  requestTimeoutMs: number;
  /** How long shutdown waits for in-flight operations before cutting connections. */
  shutdownTimeoutMs: number;
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
  logLevel: LogLevel;
  /** Required as a bearer token on `/metrics` when set; `/metrics` is open otherwise. */
  metricsToken: string | undefined;
  /** Each provider is present only when its credentials are set. */
  vantage: VantageConfig | undefined;
  datocms: DatoCmsConfig | undefined;
  stytch: StytchConfig | undefined;
  logto: LogtoConfig | undefined;
  pandastack: PandaStackConfig | undefined;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

type Env = Record<string, string | undefined>;

/** The variables that enable each provider, all of them required together (in this order). */
export const PROVIDER_CREDENTIALS = {
  vantage: ['VANTAGE_API_TOKEN'],
  datocms: ['DATOCMS_API_TOKEN'],
  stytch: ['STYTCH_PROJECT_ID', 'STYTCH_SECRET'],
  logto: ['LOGTO_ENDPOINT', 'LOGTO_APP_ID', 'LOGTO_APP_SECRET'],
  pandastack: ['PANDASTACK_API_KEY'],
} as const satisfies Record<ProviderId, readonly string[]>;

/**
 * Every provider credential configured (empty where a provider is off), in a fixed order: the
 * material the key sealing shared state is derived from (`shared-state/sealer.ts`).
 */
export function credentialValues(config: Config): string[] {
  const { vantage, datocms, stytch, logto, pandastack } = config;
  return [vantage?.apiToken, datocms?.apiToken, stytch?.projectId, stytch?.secret, logto?.appId, logto?.appSecret, pandastack?.apiKey].map((value) => value ?? '');
}

/** Variables whose presence switches the default mode to `live` (an endpoint alone is no credential). */
const CREDENTIAL_VARIABLES = [
  'VANTAGE_API_TOKEN',
  'DATOCMS_API_TOKEN',
  'STYTCH_PROJECT_ID',
  'STYTCH_SECRET',
  'LOGTO_APP_ID',
  'LOGTO_APP_SECRET',
  'PANDASTACK_API_KEY',
] as const;

const baseUrl = z
  .url({ protocol: /^https?$/, error: 'must be an absolute http(s) URL' })
  .transform((url) => url.replace(/\/+$/, ''));
const nonEmpty = z.string().trim().min(1, 'must not be empty');
const port = z.coerce.number().int().min(0).max(65_535);
const positiveInt = (max: number) => z.coerce.number().int('must be a whole number').min(1, 'must be at least 1').max(max, `must be at most ${max}`);

export function loadConfig(env: Env): Config {
  const read = reader(env);
  const mode = read('SSO_GATEWAY_MODE', z.enum(['sandbox', 'live']).optional()) ?? defaultMode(env);
  // Providers first: a mistyped credential is a better first message than the auth requirement.
  const providers = {
    vantage: withHttp(read, mode, 'vantage', readVantage(read)),
    datocms: withHttp(read, mode, 'datocms', readDatoCms(read)),
    stytch: withHttp(read, mode, 'stytch', readStytch(read)),
    logto: withHttp(read, mode, 'logto', readLogto(read)),
    pandastack: withHttp(read, mode, 'pandastack', readPandaStack(read)),
  };
  return {
    port: read('PORT', port.optional()) ?? 4000,
    host: read('HOST', nonEmpty.optional()) ?? '127.0.0.1',
    mode,
    requestTimeoutMs: read('GATEWAY_REQUEST_TIMEOUT_MS', positiveInt(120_000).optional()) ?? 10_000,
    shutdownTimeoutMs: read('GATEWAY_SHUTDOWN_TIMEOUT_MS', positiveInt(600_000).optional()) ?? 10_000,
    security: readSecurityConfig(read, mode),
    sharedState: readSharedState(read),
    cache: {
      // The sandbox's data changes only through the gateway (which invalidates), so caching is safe there.
      ttlMs: read('GATEWAY_CACHE_TTL_MS', z.coerce.number().int('must be a whole number').min(0, 'must be at least 0').max(3_600_000, 'must be at most 3600000').optional()) ?? (mode === 'sandbox' ? 5_000 : 0),
      maxEntries: read('GATEWAY_CACHE_MAX_ENTRIES', positiveInt(1_000_000).optional()) ?? 10_000,
    },
    logLevel: read('LOG_LEVEL', z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` }).optional()) ?? 'info',
    metricsToken: read('GATEWAY_METRICS_TOKEN', z.string().trim().min(16, 'must be at least 16 characters').optional()),
    batching: (read('GATEWAY_BATCHING', z.enum(['on', 'off'], { error: 'must be on or off' }).optional()) ?? 'on') === 'on',
    ...providers,
  };
}

/**
 * Each provider's budget of upstream calls in live mode: its documented limit (shared/providers.md),
 * or, where none is documented, a conservative guess well below what an SSO admin tool needs to
 * worry about. Override with `<PROVIDER>_RATE_LIMIT` (`off` for none).
 */
export const DEFAULT_RATE_LIMITS: Record<ProviderId, Rate> = {
  // Account-wide, per hour.
  vantage: { limit: 1_000, windowMs: 3_600_000 },
  datocms: { limit: 60, windowMs: 3_000 },
  // Undocumented numbers (Stytch: per endpoint, fixed windows; Logto and PandaStack: nothing).
  stytch: { limit: 600, windowMs: 60_000 },
  logto: { limit: 600, windowMs: 60_000 },
  pandastack: { limit: 300, windowMs: 60_000 },
};

/**
 * Shared settings from `GATEWAY_UPSTREAM_*`, and each provider's own `<PROVIDER>_TIMEOUT_MS` and
 * `<PROVIDER>_RATE_LIMIT`. The sandbox's simulators enforce their own limits, so the sandbox sets
 * no budget unless asked for one.
 */
function withHttp<T extends { http: UpstreamSettings }>(read: Read, mode: GatewayMode, id: ProviderId, provider: Omit<T, 'http'> | undefined): T | undefined {
  if (!provider) return undefined;
  const prefix = id.toUpperCase();
  const budget = read(`${prefix}_RATE_LIMIT`, z.union([z.literal('off'), rate], { error: 'must look like 1000/1h (count per window in s, m or h), or off' }).optional());
  const http: UpstreamSettings = {
    timeoutMs: read(`${prefix}_TIMEOUT_MS`, positiveInt(120_000).optional()) ?? 8_000,
    maxConcurrent: read('GATEWAY_UPSTREAM_CONCURRENCY', positiveInt(1_000).optional()) ?? 10,
    maxQueued: read('GATEWAY_UPSTREAM_QUEUE', positiveInt(100_000).optional()) ?? 100,
    circuitFailures: read('GATEWAY_CIRCUIT_FAILURES', positiveInt(1_000).optional()) ?? 5,
    circuitOpenMs: read('GATEWAY_CIRCUIT_OPEN_MS', positiveInt(3_600_000).optional()) ?? 30_000,
    rateLimit: budget === 'off' ? undefined : (budget ?? (mode === 'live' ? DEFAULT_RATE_LIMITS[id] : undefined)),
  };
  return { ...provider, http } as T;
}

/** `REDIS_URL` switches sharing on; the URL may hold a password, so it is never echoed. */
function readSharedState(read: Read): SharedStateSettings {
  const url = read('REDIS_URL', z.url({ protocol: /^rediss?$/, error: 'must be a redis:// or rediss:// URL' }).optional());
  return {
    redis: url === undefined
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

function defaultMode(env: Env): GatewayMode {
  return CREDENTIAL_VARIABLES.some((name) => isSet(env[name])) ? 'live' : 'sandbox';
}

export type Read = <T>(name: string, schema: z.ZodType<T>) => T;

function reader(env: Env): Read {
  return (name, schema) => {
    const raw = env[name];
    const result = schema.safeParse(isSet(raw) ? raw : undefined);
    if (!result.success) {
      const reason = result.error.issues[0]?.message ?? 'is invalid';
      throw new ConfigError(`${name} ${reason}`);
    }
    return result.data;
  };
}

function isSet(value: string | undefined): value is string {
  return value !== undefined && value.trim() !== '';
}

/**
 * A provider is enabled when all its credentials are set; a half-configured provider is a
 * mistake worth stopping for, so the missing variable is named.
 */
function requireTogether(read: Read, names: readonly string[]): string[] | undefined {
  const values = names.map((name) => read(name, nonEmpty.optional()));
  if (values.every((value) => value === undefined)) {
    return undefined;
  }
  const missing = names.filter((_, index) => values[index] === undefined);
  if (missing.length > 0) {
    throw new ConfigError(`${missing.join(', ')} must be set together with ${names.filter((n) => !missing.includes(n)).join(', ')}`);
  }
  return values as string[];
}

function readVantage(read: Read): Omit<VantageConfig, 'http'> | undefined {
  const [apiToken] = requireTogether(read, PROVIDER_CREDENTIALS.vantage) ?? [];
  if (apiToken === undefined) return undefined;
  return { apiToken, apiUrl: read('VANTAGE_API_URL', baseUrl.optional()) ?? 'https://api.vantage.sh' };
}

function readDatoCms(read: Read): Omit<DatoCmsConfig, 'http'> | undefined {
  const [apiToken] = requireTogether(read, PROVIDER_CREDENTIALS.datocms) ?? [];
  if (apiToken === undefined) return undefined;
  return { apiToken, apiUrl: read('DATOCMS_API_URL', baseUrl.optional()) ?? 'https://site-api.datocms.com' };
}

function readStytch(read: Read): Omit<StytchConfig, 'http'> | undefined {
  const [projectId, secret] = requireTogether(read, PROVIDER_CREDENTIALS.stytch) ?? [];
  if (projectId === undefined || secret === undefined) return undefined;
  const defaultUrl = projectId.startsWith('project-live-') ? 'https://api.stytch.com' : 'https://test.stytch.com';
  const organizationIds = read(
    'STYTCH_ORGANIZATION_IDS',
    z
      .string()
      .transform((list) => list.split(',').map((id) => id.trim()).filter((id) => id !== ''))
      .optional(),
  );
  return {
    projectId,
    secret,
    apiUrl: read('STYTCH_API_URL', baseUrl.optional()) ?? defaultUrl,
    organizationIds: organizationIds && organizationIds.length > 0 ? organizationIds : undefined,
  };
}

function readLogto(read: Read): Omit<LogtoConfig, 'http'> | undefined {
  const [endpoint, appId, appSecret] = requireTogether(read, PROVIDER_CREDENTIALS.logto) ?? [];
  if (endpoint === undefined || appId === undefined || appSecret === undefined) return undefined;
  const normalized = read('LOGTO_ENDPOINT', baseUrl);
  return {
    endpoint: normalized,
    appId,
    appSecret,
    apiResource: read('LOGTO_API_RESOURCE', nonEmpty.optional()) ?? defaultLogtoResource(normalized),
  };
}

/** Logto Cloud names the Management API after the tenant; self-hosted Logto uses `default`. */
function defaultLogtoResource(endpoint: string): string {
  const cloudTenant = /^https:\/\/([a-z0-9-]+)\.logto\.app$/i.exec(endpoint)?.[1];
  return cloudTenant ? `https://${cloudTenant}.logto.app/api` : 'https://default.logto.app/api';
}

function readPandaStack(read: Read): Omit<PandaStackConfig, 'http'> | undefined {
  const [apiKey] = requireTogether(read, PROVIDER_CREDENTIALS.pandastack) ?? [];
  if (apiKey === undefined) return undefined;
  read('PANDASTACK_API_KEY', z.string().startsWith('psk_', 'must be a PandaStack key starting with psk_'));
  return {
    apiKey,
    apiUrl: read('PANDASTACK_API_URL', baseUrl.optional()) ?? 'https://api.pandastack.io',
    organizationId: read('PANDASTACK_ORGANIZATION_ID', nonEmpty.optional()),
  };
}
