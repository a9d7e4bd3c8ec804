import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.ts';

describe('loadConfig', () => {
  it('defaults to sandbox with no credentials and to live with any', () => {
    expect(loadConfig({}).mode).toBe('sandbox');
    expect(loadConfig({}).port).toBe(4000);
    expect(loadConfig({}).host).toBe('127.0.0.1');
    expect(loadConfig({ VANTAGE_API_TOKEN: 't' }).mode).toBe('live');
  });

  it('enables only the providers whose credentials are set, with documented defaults', () => {
    const config = loadConfig({ VANTAGE_API_TOKEN: 'v', STYTCH_PROJECT_ID: 'project-live-1', STYTCH_SECRET: 's' });
    expect(config.vantage).toMatchObject({ apiToken: 'v', apiUrl: 'https://api.vantage.sh' });
    expect(config.stytch?.apiUrl).toBe('https://api.stytch.com');
    expect(config.datocms).toBeUndefined();
    expect(config.logto).toBeUndefined();
    expect(config.pandastack).toBeUndefined();
    expect(loadConfig({ STYTCH_PROJECT_ID: 'project-test-1', STYTCH_SECRET: 's' }).stytch?.apiUrl).toBe('https://test.stytch.com');
  });

  it('derives the Logto API resource from a cloud endpoint, else uses the OSS default', () => {
    const cloud = loadConfig({ LOGTO_ENDPOINT: 'https://abc123.logto.app/', LOGTO_APP_ID: 'a', LOGTO_APP_SECRET: 'b' });
    expect(cloud.logto).toMatchObject({ endpoint: 'https://abc123.logto.app', apiResource: 'https://abc123.logto.app/api' });
    const selfHosted = loadConfig({ LOGTO_ENDPOINT: 'http://127.0.0.1:3001', LOGTO_APP_ID: 'a', LOGTO_APP_SECRET: 'b' });
    expect(selfHosted.logto?.apiResource).toBe('https://default.logto.app/api');
  });

  it('splits STYTCH_ORGANIZATION_IDS', () => {
    const config = loadConfig({ STYTCH_PROJECT_ID: 'p', STYTCH_SECRET: 's', STYTCH_ORGANIZATION_IDS: 'org-a, org-b,,' });
    expect(config.stytch?.organizationIds).toEqual(['org-a', 'org-b']);
  });

  it.each([
    [{ PORT: 'eighty' }, /^PORT /],
    [{ SSO_GATEWAY_MODE: 'prod' }, /^SSO_GATEWAY_MODE /],
    [{ VANTAGE_API_TOKEN: 't', VANTAGE_API_URL: 'ftp://x' }, /^VANTAGE_API_URL must be an absolute http\(s\) URL/],
    [{ STYTCH_PROJECT_ID: 'p' }, /^STYTCH_SECRET must be set together with STYTCH_PROJECT_ID/],
    [{ LOGTO_APP_ID: 'a', LOGTO_APP_SECRET: 'b' }, /^LOGTO_ENDPOINT must be set/],
    [{ PANDASTACK_API_KEY: 'sk_nope' }, /^PANDASTACK_API_KEY must be a PandaStack key/],
  ])('names the bad variable for %j', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('never echoes a secret value in its messages', () => {
    try {
      loadConfig({ PANDASTACK_API_KEY: 'sk_super_secret_value' });
      expect.unreachable();
    } catch (error) {
      expect(String(error)).not.toContain('sk_super_secret_value');
    }
  });
});
