/**
 * Vantage's environment variables: a bearer token (`VANTAGE_API_TOKEN`) and, optionally, another
 * base URL. Its documented budget is account-wide: 1,000 calls an hour.
 */
import { baseUrl } from '../../config/atoms.ts';
import type { UpstreamSettings } from '../../config/upstream.ts';
import type { ProviderConfigSpec } from '../provider.ts';

export interface VantageSettings {
  apiUrl: string;
  apiToken: string;
}

export type VantageConfig = VantageSettings & { http: UpstreamSettings };

export const vantageConfig: ProviderConfigSpec<VantageSettings> = {
  credentials: ['VANTAGE_API_TOKEN'],
  secrets: ['VANTAGE_API_TOKEN'],
  defaultRateLimit: { limit: 1_000, windowMs: 3_600_000 },
  read: (read, [apiToken = '']) => ({ apiToken, apiUrl: read('VANTAGE_API_URL', baseUrl.optional()) ?? 'https://api.vantage.sh' }),
};
