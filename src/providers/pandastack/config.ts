/**
 * PandaStack's environment variables: a `psk_` API key, optionally another base URL, and the
 * organization that listings cover (PandaStack has no call that lists a key's organizations).
 */
import { z } from 'zod';
import { baseUrl, nonEmpty } from '../../config/atoms.ts';
import type { UpstreamSettings } from '../../config/upstream.ts';
import type { ProviderConfigSpec } from '../provider.ts';

export interface PandaStackSettings {
  apiUrl: string;
  apiKey: string;
  organizationId: string | undefined;
}

export type PandaStackConfig = PandaStackSettings & { http: UpstreamSettings };

export const pandaStackConfig: ProviderConfigSpec<PandaStackSettings> = {
  credentials: ['PANDASTACK_API_KEY'],
  secrets: ['PANDASTACK_API_KEY'],
  // Undocumented: a conservative guess.
  defaultRateLimit: { limit: 300, windowMs: 60_000 },
  read: (read, [apiKey = '']) => {
    read('PANDASTACK_API_KEY', z.string().startsWith('psk_', 'must be a PandaStack key starting with psk_'));
    return {
      apiKey,
      apiUrl: read('PANDASTACK_API_URL', baseUrl.optional()) ?? 'https://api.pandastack.io',
      organizationId: read('PANDASTACK_ORGANIZATION_ID', nonEmpty.optional()),
    };
  },
};
