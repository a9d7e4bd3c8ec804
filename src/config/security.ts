/**
 * The security part of the configuration: who may call, what they may run, how writes are
 * limited and audited. Every problem names its variable, never its value.
 */
import { z } from 'zod';
import type { Rate } from '../shared-state/sliding-window.ts';
import { ConfigError, type GatewayMode, nonEmpty, positiveInt, type Read, rate } from './atoms.ts';

export type AuthConfig =
  | { mode: 'none' }
  | {
      mode: 'jwt';
      /** Exactly one of the two key sources is set. */
      jwksUrl: string | undefined;
      publicKey: string | undefined;
      issuer: string;
      audience: string;
    }
  | { mode: 'api-key'; keysFile: string };

export interface OperationLimits {
  maxDepth: number;
  maxAliases: number;
  maxTokens: number;
  maxDirectives: number;
  /** graphql-armor's cost estimate (objects and scalars weighted by depth; `first` multiplies a subtree). */
  maxCost: number;
  maxBodyBytes: number;
  /** Ids one `nodes(ids:)` may ask for. */
  maxNodeIds: number;
  /** Nesting of objects and lists in variables and JSON values. */
  maxJsonDepth: number;
}

/** How long the HTTP server waits for a caller's request. */
export interface HttpTimeouts {
  /** Until the request's headers are complete. */
  headersTimeoutMs: number;
  /** Until the whole request, body included, is received. */
  requestTimeoutMs: number;
}

export interface SecurityConfig {
  auth: AuthConfig;
  limits: OperationLimits;
  /** GraphiQL and introspection: on in sandbox, off in live unless asked for. */
  graphiql: boolean;
  /** The SSO console at /console: on in sandbox, off in live unless GATEWAY_CONSOLE=on. */
  console: boolean;
  introspection: boolean;
  /** Browser origins allowed by CORS; empty means no cross-origin access. */
  corsOrigins: string[];
  /** JSON file of trusted documents: when set, only those operations run. */
  persistedOperationsFile: string | undefined;
  /** SSO mutations per caller and window. */
  writeRateLimit: { limit: number; windowMs: number };
  /** Where audit records also go (JSON lines), besides stdout. */
  auditLogFile: string | undefined;
  /** The most of any provider's upstream budget one caller's reads may use, in percent (100: no share). */
  callerBudgetShare: number;
  /** Error log lines per caller and window; past it they are counted, not written. */
  errorLogRate: Rate;
  /** Operation names /metrics labels besides the known ones; the rest are `other`. */
  metricsMaxOperations: number;
  http: HttpTimeouts;
}

/** The most GATEWAY_MAX_JSON_DEPTH accepts; the JSON scalar refuses anything deeper whatever the setting. */
export const JSON_DEPTH_CEILING = 256;

const flag = z.enum(['true', 'false'], { error: 'must be true or false' }).transform((value) => value === 'true');
const onOff = z.enum(['on', 'off'], { error: 'must be on or off' }).transform((value) => value === 'on');
const originList = z
  .string()
  .transform((text) =>
    text
      .split(',')
      .map((origin) => origin.trim())
      .filter(Boolean),
  )
  .pipe(z.array(z.url({ protocol: /^https?$/, error: 'must list absolute origins such as https://admin.example' })))
  .transform((urls) => urls.map((url) => new URL(url).origin));

export function readSecurityConfig(read: Read, mode: GatewayMode): SecurityConfig {
  return {
    auth: readAuth(read, mode),
    limits: {
      maxDepth: read('GATEWAY_MAX_DEPTH', positiveInt(100).optional()) ?? 8,
      maxAliases: read('GATEWAY_MAX_ALIASES', positiveInt(1_000).optional()) ?? 15,
      maxTokens: read('GATEWAY_MAX_TOKENS', positiveInt(100_000).optional()) ?? 2_000,
      maxDirectives: read('GATEWAY_MAX_DIRECTIVES', positiveInt(1_000).optional()) ?? 20,
      maxCost: read('GATEWAY_MAX_COST', positiveInt(1_000_000).optional()) ?? 5_000,
      maxBodyBytes: read('GATEWAY_MAX_BODY_BYTES', positiveInt(10_000_000).optional()) ?? 100 * 1024,
      maxNodeIds: read('GATEWAY_MAX_NODE_IDS', positiveInt(1_000).optional()) ?? 100,
      maxJsonDepth: read('GATEWAY_MAX_JSON_DEPTH', positiveInt(JSON_DEPTH_CEILING).optional()) ?? 32,
    },
    graphiql: read('GATEWAY_GRAPHIQL', flag.optional()) ?? mode === 'sandbox',
    console: read('GATEWAY_CONSOLE', onOff.optional()) ?? mode === 'sandbox',
    introspection: read('GATEWAY_INTROSPECTION', flag.optional()) ?? mode === 'sandbox',
    corsOrigins: read('GATEWAY_CORS_ORIGINS', originList.optional()) ?? [],
    persistedOperationsFile: read('GATEWAY_PERSISTED_OPERATIONS_FILE', nonEmpty.optional()),
    writeRateLimit: read('GATEWAY_WRITE_RATE_LIMIT', rate.optional()) ?? { limit: 30, windowMs: 60_000 },
    auditLogFile: read('GATEWAY_AUDIT_LOG', nonEmpty.optional()),
    callerBudgetShare: read('GATEWAY_CALLER_BUDGET_SHARE', positiveInt(100).optional()) ?? 25,
    errorLogRate: read('GATEWAY_ERROR_LOG_RATE', rate.optional()) ?? { limit: 20, windowMs: 60_000 },
    metricsMaxOperations: read('GATEWAY_METRICS_MAX_OPERATIONS', positiveInt(10_000).optional()) ?? 50,
    http: {
      headersTimeoutMs: read('GATEWAY_HTTP_HEADERS_TIMEOUT_MS', positiveInt(300_000).optional()) ?? 10_000,
      requestTimeoutMs: read('GATEWAY_HTTP_REQUEST_TIMEOUT_MS', positiveInt(600_000).optional()) ?? 30_000,
    },
  };
}

/**
 * Sandbox defaults to no authentication. Live mode must say how callers authenticate: no
 * silent default, since anyone reaching an unauthenticated gateway can change every provider's SSO.
 */
function readAuth(read: Read, mode: GatewayMode): AuthConfig {
  const chosen = read('GATEWAY_AUTH_MODE', z.enum(['jwt', 'api-key', 'none']).optional());
  if (chosen === undefined && mode === 'live') {
    throw new ConfigError(
      'GATEWAY_AUTH_MODE must be set in live mode: jwt or api-key, or none to run without authentication (not recommended)',
    );
  }
  switch (chosen ?? 'none') {
    case 'none':
      return { mode: 'none' };
    case 'api-key':
      return { mode: 'api-key', keysFile: read('GATEWAY_API_KEYS_FILE', nonEmpty) };
    case 'jwt': {
      const jwksUrl = read('GATEWAY_JWT_JWKS_URL', z.url({ protocol: /^https?$/, error: 'must be an absolute http(s) URL' }).optional());
      const publicKey = read('GATEWAY_JWT_PUBLIC_KEY', nonEmpty.optional());
      if ((jwksUrl === undefined) === (publicKey === undefined)) {
        throw new ConfigError('set exactly one of GATEWAY_JWT_JWKS_URL and GATEWAY_JWT_PUBLIC_KEY for GATEWAY_AUTH_MODE=jwt');
      }
      return {
        mode: 'jwt',
        jwksUrl,
        publicKey,
        issuer: read('GATEWAY_JWT_ISSUER', nonEmpty),
        audience: read('GATEWAY_JWT_AUDIENCE', nonEmpty),
      };
    }
  }
}
