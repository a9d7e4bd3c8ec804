/**
 * Logto's environment variables: the tenant endpoint and a machine-to-machine app, whose token is
 * asked for the Management API resource (named after the tenant on Logto Cloud).
 */
import { baseUrl, nonEmpty } from '../../config/atoms.ts';
import type { UpstreamSettings } from '../../config/upstream.ts';
import type { ProviderConfigSpec } from '../provider.ts';

export interface LogtoSettings {
  endpoint: string;
  appId: string;
  appSecret: string;
  apiResource: string;
}

export type LogtoConfig = LogtoSettings & { http: UpstreamSettings };

export const logtoConfig: ProviderConfigSpec<LogtoSettings> = {
  credentials: ['LOGTO_ENDPOINT', 'LOGTO_APP_ID', 'LOGTO_APP_SECRET'],
  // The endpoint alone is no credential.
  secrets: ['LOGTO_APP_ID', 'LOGTO_APP_SECRET'],
  // Undocumented: a conservative guess.
  defaultRateLimit: { limit: 600, windowMs: 60_000 },
  read: (read, [, appId = '', appSecret = '']) => {
    const endpoint = read('LOGTO_ENDPOINT', baseUrl);
    return { endpoint, appId, appSecret, apiResource: read('LOGTO_API_RESOURCE', nonEmpty.optional()) ?? defaultResource(endpoint) };
  },
};

/** Logto Cloud names the Management API after the tenant; self-hosted Logto uses `default`. */
function defaultResource(endpoint: string): string {
  const cloudTenant = /^https:\/\/([a-z0-9-]+)\.logto\.app$/i.exec(endpoint)?.[1];
  return cloudTenant ? `https://${cloudTenant}.logto.app/api` : 'https://default.logto.app/api';
}
