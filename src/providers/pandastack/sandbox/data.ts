/** Demo organizations, API keys and SSO configurations for the PandaStack simulator, in wire format. */

/** Matches the documented example format (`psk_` + 64 hex); obviously not a real key. */
export const PANDASTACK_DEMO_KEY = `psk_${'de30'.repeat(16)}`;
/** A valid key of another organization: it must get 403 for the demo organizations. */
export const PANDASTACK_OTHER_ORG_KEY = `psk_${'0e7a'.repeat(16)}`;

export const DEMO_ORGANIZATION_ID = '1234567890';
/** Has a configuration that is set up but switched off. */
export const DISABLED_ORGANIZATION_ID = '2468013579';
/** Has no SSO configuration yet. */
export const EMPTY_ORGANIZATION_ID = '1357924680';
export const OTHER_ORGANIZATION_ID = '8642097531';

export type StoredSso = Record<string, unknown>;

export interface DemoState {
  /** Which organizations each API key may act for. */
  keys: Map<string, Set<string>>;
  /** Every known organization, with its configuration or null. */
  organizations: Map<string, StoredSso | null>;
}

const DAY_MS = 24 * 60 * 60 * 1000;

function daysAgo(days: number, now: number): string {
  return new Date(now - days * DAY_MS).toISOString();
}

export function demoState(now = Date.now()): DemoState {
  return {
    keys: new Map([
      [PANDASTACK_DEMO_KEY, new Set([DEMO_ORGANIZATION_ID, DISABLED_ORGANIZATION_ID, EMPTY_ORGANIZATION_ID])],
      [PANDASTACK_OTHER_ORG_KEY, new Set([OTHER_ORGANIZATION_ID])],
    ]),
    organizations: new Map<string, StoredSso | null>([
      [
        DEMO_ORGANIZATION_ID,
        {
          id: 'sso_7f3c9a2e41b6',
          organization_id: DEMO_ORGANIZATION_ID,
          slug: 'pandastack-demo',
          provider_name: 'Okta',
          issuer: 'https://pandastack-demo.okta.example/oauth2/default',
          client_id: '0oa8x2k4p7QdemoPANDA5d7',
          client_secret: 'demo_Xq8vN2rT5wLp0sKj3hYc7mBf9dGz1aEu4oRi6W',
          authorization_endpoint: 'https://pandastack-demo.okta.example/oauth2/default/v1/authorize',
          token_endpoint: 'https://pandastack-demo.okta.example/oauth2/default/v1/token',
          userinfo_endpoint: 'https://pandastack-demo.okta.example/oauth2/default/v1/userinfo',
          callback_url: 'https://dashboard.pandastack.example/sso/callback/pandastack-demo',
          enabled: true,
          // globex.example is also a Vantage managed account's domain: the sandbox's overlap on purpose.
          domains: ['pandastack-demo.example', 'globex.example'],
          role_mapping: { 'Platform Admins': 'admin', Engineering: 'developer', '*': 'viewer' },
          project_ids: [4102, 4117],
          created_at: daysAgo(120, now),
          updated_at: daysAgo(3, now),
        },
      ],
      [
        DISABLED_ORGANIZATION_ID,
        {
          // Written by an older dashboard: `provider`/`provider_url` instead of `provider_name`/`issuer`,
          // and no client secret yet, so it cannot be enabled.
          id: 'sso_2b8d41c6f09e',
          organization_id: DISABLED_ORGANIZATION_ID,
          slug: 'initrode',
          provider: 'Google Workspace',
          provider_url: 'https://accounts.google.com',
          client_id: '418826337906-demo4pandastack.apps.googleusercontent.com',
          callback_url: 'https://dashboard.pandastack.example/sso/callback/initrode',
          enabled: false,
          domains: ['initrode.example'],
          created_at: daysAgo(30, now),
          updated_at: daysAgo(30, now),
        },
      ],
      [EMPTY_ORGANIZATION_ID, null],
      [OTHER_ORGANIZATION_ID, null],
    ]),
  };
}
