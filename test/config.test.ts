import { describe, expect, it } from 'vitest';
import { ConfigError } from '../src/config/atoms.ts';
import { loadConfig } from '../src/config/gateway.ts';
import { providers } from '../src/providers/index.ts';

/** Live mode requires an auth mode; these tests are about other variables. */
const live = (env: Record<string, string>) => ({ GATEWAY_AUTH_MODE: 'none', ...env });

describe('loadConfig', () => {
  it('defaults to sandbox with no credentials and to live with any', () => {
    expect(loadConfig({}, providers).mode).toBe('sandbox');
    expect(loadConfig({}, providers).port).toBe(4000);
    expect(loadConfig({}, providers).host).toBe('127.0.0.1');
    expect(loadConfig(live({ VANTAGE_API_TOKEN: 't' }), providers).mode).toBe('live');
  });

  it('enables only the providers whose credentials are set, with documented defaults', () => {
    const config = loadConfig(live({ VANTAGE_API_TOKEN: 'v', STYTCH_PROJECT_ID: 'project-live-1', STYTCH_SECRET: 's' }), providers);
    expect(config.providers.vantage?.settings).toMatchObject({ apiToken: 'v', apiUrl: 'https://api.vantage.sh' });
    expect(config.providers.stytch?.settings).toMatchObject({ apiUrl: 'https://api.stytch.com' });
    expect(config.providers.datocms?.settings).toBeUndefined();
    expect(config.providers.logto?.settings).toBeUndefined();
    expect(config.providers.pandastack?.settings).toBeUndefined();
    expect(
      loadConfig(live({ STYTCH_PROJECT_ID: 'project-test-1', STYTCH_SECRET: 's' }), providers).providers.stytch?.settings,
    ).toMatchObject({ apiUrl: 'https://test.stytch.com' });
  });

  it('derives the Logto API resource from a cloud endpoint, else uses the OSS default', () => {
    const cloud = loadConfig(live({ LOGTO_ENDPOINT: 'https://abc123.logto.app/', LOGTO_APP_ID: 'a', LOGTO_APP_SECRET: 'b' }), providers);
    expect(cloud.providers.logto?.settings).toMatchObject({
      endpoint: 'https://abc123.logto.app',
      apiResource: 'https://abc123.logto.app/api',
    });
    const selfHosted = loadConfig(live({ LOGTO_ENDPOINT: 'http://127.0.0.1:3001', LOGTO_APP_ID: 'a', LOGTO_APP_SECRET: 'b' }), providers);
    expect(selfHosted.providers.logto?.settings).toMatchObject({ apiResource: 'https://default.logto.app/api' });
  });

  it('caches reads for 5 s in sandbox mode and not at all in live mode, unless told otherwise', () => {
    expect(loadConfig({}, providers).cache.ttlMs).toBe(5_000);
    expect(loadConfig(live({ VANTAGE_API_TOKEN: 't' }), providers).cache.ttlMs).toBe(0);
    expect(loadConfig(live({ VANTAGE_API_TOKEN: 't', GATEWAY_CACHE_TTL_MS: '2500' }), providers).cache.ttlMs).toBe(2_500);
    expect(loadConfig({ GATEWAY_CACHE_TTL_MS: '0' }, providers).cache.ttlMs).toBe(0);
    expect(() => loadConfig({ GATEWAY_CACHE_TTL_MS: '-1' }, providers)).toThrow('GATEWAY_CACHE_TTL_MS must be at least 0');
    expect(() => loadConfig({ GATEWAY_CACHE_TTL_MS: '1.5' }, providers)).toThrow('GATEWAY_CACHE_TTL_MS must be a whole number');
  });

  it('refuses a LOG_LEVEL that names no level, by name', () => {
    expect(loadConfig({ LOG_LEVEL: 'debug' }, providers).logLevel).toBe('debug');
    expect(loadConfig({}, providers).logLevel).toBe('info');
    expect(() => loadConfig({ LOG_LEVEL: 'verbose' }, providers)).toThrow('LOG_LEVEL must be one of debug, info, warn, error, silent');
  });

  it('batches unless GATEWAY_BATCHING is off, and accepts nothing but on or off', () => {
    expect(loadConfig({}, providers).batching).toBe(true);
    expect(loadConfig({ GATEWAY_BATCHING: 'off' }, providers).batching).toBe(false);
    expect(() => loadConfig({ GATEWAY_BATCHING: 'false' }, providers)).toThrow('GATEWAY_BATCHING must be on or off');
  });

  it('splits STYTCH_ORGANIZATION_IDS', () => {
    const config = loadConfig(live({ STYTCH_PROJECT_ID: 'p', STYTCH_SECRET: 's', STYTCH_ORGANIZATION_IDS: 'org-a, org-b,,' }), providers);
    expect(config.providers.stytch?.settings).toMatchObject({ organizationIds: ['org-a', 'org-b'] });
  });

  it.each([
    [{ PORT: 'eighty' }, /^PORT /],
    [{ SSO_GATEWAY_MODE: 'prod' }, /^SSO_GATEWAY_MODE /],
    [{ VANTAGE_API_TOKEN: 't', VANTAGE_API_URL: 'ftp://x' }, /^VANTAGE_API_URL must be an absolute http\(s\) URL/],
    [{ STYTCH_PROJECT_ID: 'p' }, /^STYTCH_SECRET must be set together with STYTCH_PROJECT_ID/],
    [{ LOGTO_APP_ID: 'a', LOGTO_APP_SECRET: 'b' }, /^LOGTO_ENDPOINT must be set/],
    [{ PANDASTACK_API_KEY: 'sk_nope' }, /^PANDASTACK_API_KEY must be a PandaStack key/],
  ])('names the bad variable for %j', (env, message) => {
    expect(() => loadConfig(env, providers)).toThrow(ConfigError);
    expect(() => loadConfig(env, providers)).toThrow(message);
  });

  it('refuses live mode without an auth mode, and checks the auth variables', () => {
    expect(() => loadConfig({ VANTAGE_API_TOKEN: 't' }, providers)).toThrow(/^GATEWAY_AUTH_MODE must be set in live mode/);
    expect(loadConfig({}, providers).security.auth).toEqual({ mode: 'none' });
    expect(() => loadConfig({ GATEWAY_AUTH_MODE: 'jwt', GATEWAY_JWT_ISSUER: 'i', GATEWAY_JWT_AUDIENCE: 'a' }, providers)).toThrow(
      /exactly one of GATEWAY_JWT_JWKS_URL/,
    );
    expect(() => loadConfig({ GATEWAY_AUTH_MODE: 'api-key' }, providers)).toThrow(/^GATEWAY_API_KEYS_FILE /);
    expect(() => loadConfig({ GATEWAY_WRITE_RATE_LIMIT: 'lots' }, providers)).toThrow(/^GATEWAY_WRITE_RATE_LIMIT must look like/);
    expect(loadConfig({ GATEWAY_WRITE_RATE_LIMIT: '5/10s' }, providers).security.writeRateLimit).toEqual({ limit: 5, windowMs: 10_000 });
    expect(loadConfig({ GATEWAY_CORS_ORIGINS: 'https://admin.example/, http://127.0.0.1:3000' }, providers).security.corsOrigins).toEqual([
      'https://admin.example',
      'http://127.0.0.1:3000',
    ]);
  });

  it('turns GraphiQL and introspection off in live mode unless asked for', () => {
    expect(loadConfig({}, providers).security).toMatchObject({ graphiql: true, introspection: true });
    expect(loadConfig(live({ VANTAGE_API_TOKEN: 't' }), providers).security).toMatchObject({ graphiql: false, introspection: false });
    expect(loadConfig(live({ VANTAGE_API_TOKEN: 't', GATEWAY_GRAPHIQL: 'true' }), providers).security.graphiql).toBe(true);
  });

  it('budgets upstream calls by the documented limits in live mode, by nothing in the sandbox, unless told otherwise', () => {
    const all = live({
      VANTAGE_API_TOKEN: 'v',
      DATOCMS_API_TOKEN: 'd',
      STYTCH_PROJECT_ID: 'p',
      STYTCH_SECRET: 's',
      PANDASTACK_API_KEY: 'psk_x',
    });
    const config = loadConfig(all, providers);
    expect(config.providers.vantage?.http.rateLimit).toEqual({ limit: 1_000, windowMs: 3_600_000 });
    expect(config.providers.datocms?.http.rateLimit).toEqual({ limit: 60, windowMs: 3_000 });
    expect(config.providers.stytch?.http.rateLimit).toEqual({ limit: 600, windowMs: 60_000 });
    expect(loadConfig({ ...all, SSO_GATEWAY_MODE: 'sandbox' }, providers).providers.vantage?.http.rateLimit).toBeUndefined();
    expect(loadConfig({ ...all, VANTAGE_RATE_LIMIT: '10/1m' }, providers).providers.vantage?.http.rateLimit).toEqual({
      limit: 10,
      windowMs: 60_000,
    });
    expect(loadConfig({ ...all, DATOCMS_RATE_LIMIT: 'off' }, providers).providers.datocms?.http.rateLimit).toBeUndefined();
    expect(() => loadConfig({ ...all, PANDASTACK_RATE_LIMIT: '5 per minute' }, providers)).toThrow(
      /^PANDASTACK_RATE_LIMIT must look like 1000\/1h/,
    );
  });

  it('shares state through Redis only when REDIS_URL is set, and never echoes the URL', () => {
    expect(loadConfig({}, providers).sharedState).toEqual({ redis: undefined, replicas: 1 });
    const url = 'rediss://:redis-password-value@cache.internal:6380';
    expect(loadConfig({ REDIS_URL: url, GATEWAY_REPLICAS: '3' }, providers).sharedState).toEqual({
      redis: { url, keyPrefix: 'sso-gateway:', timeoutMs: 150 },
      replicas: 3,
    });
    expect(loadConfig({ REDIS_URL: url, REDIS_KEY_PREFIX: 'team-a:', REDIS_TIMEOUT_MS: '50' }, providers).sharedState.redis).toMatchObject({
      keyPrefix: 'team-a:',
      timeoutMs: 50,
    });
    expect(() => loadConfig({ REDIS_URL: 'http://:redis-password-value@cache.internal' }, providers)).toThrow(
      /^REDIS_URL must be a redis:\/\/ or rediss:\/\/ URL$/,
    );
    expect(() => loadConfig({ GATEWAY_REPLICAS: '0' }, providers)).toThrow(/^GATEWAY_REPLICAS must be at least 1/);
  });

  it('never echoes a secret value in its messages', () => {
    try {
      loadConfig({ PANDASTACK_API_KEY: 'sk_super_secret_value' }, providers);
      expect.unreachable();
    } catch (error) {
      expect(String(error)).not.toContain('sk_super_secret_value');
    }
  });
});
