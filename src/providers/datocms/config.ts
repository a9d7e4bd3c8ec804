/**
 * DatoCMS's environment variables: a Content Management API token and, optionally, another base
 * URL. Its documented limit is 60 calls every 3 seconds.
 */
import { baseUrl } from '../../config/atoms.ts';
import type { UpstreamSettings } from '../../config/upstream.ts';
import type { ProviderConfigSpec } from '../provider.ts';

export interface DatoCmsSettings {
  apiUrl: string;
  apiToken: string;
}

export type DatoCmsConfig = DatoCmsSettings & { http: UpstreamSettings };

export const datoCmsConfig: ProviderConfigSpec<DatoCmsSettings> = {
  credentials: ['DATOCMS_API_TOKEN'],
  secrets: ['DATOCMS_API_TOKEN'],
  defaultRateLimit: { limit: 60, windowMs: 3_000 },
  read: (read, [apiToken = '']) => ({ apiToken, apiUrl: read('DATOCMS_API_URL', baseUrl.optional()) ?? 'https://site-api.datocms.com' }),
};
