/**
 * Stytch's environment variables: the project id and secret (basic auth), the base URL (live or
 * test, told by the project id), and the organizations listings cover. Stytch also takes the
 * caller's member session, which the client forwards so Stytch's own RBAC applies.
 */
import { z } from 'zod';
import { baseUrl } from '../../config/atoms.ts';
import type { UpstreamSettings } from '../../config/upstream.ts';
import type { ProviderConfigSpec } from '../provider.ts';

export interface StytchSettings {
  apiUrl: string;
  projectId: string;
  secret: string;
  /** Organizations that cross-provider listings cover; `undefined` means discover them. */
  organizationIds: string[] | undefined;
}

export type StytchConfig = StytchSettings & { http: UpstreamSettings };

/** The caller's session headers, forwarded to Stytch as they came. */
export const MEMBER_SESSION_HEADERS = ['x-stytch-member-session', 'x-stytch-member-sessionjwt'] as const;

const organizationList = z
  .string()
  .transform((list) =>
    list
      .split(',')
      .map((id) => id.trim())
      .filter((id) => id !== ''),
  )
  .optional();

export const stytchConfig: ProviderConfigSpec<StytchSettings> = {
  credentials: ['STYTCH_PROJECT_ID', 'STYTCH_SECRET'],
  secrets: ['STYTCH_PROJECT_ID', 'STYTCH_SECRET'],
  // Undocumented (per endpoint, fixed windows): a conservative guess.
  defaultRateLimit: { limit: 600, windowMs: 60_000 },
  forwardedHeaders: MEMBER_SESSION_HEADERS,
  read: (read, [projectId = '', secret = '']) => {
    const organizationIds = read('STYTCH_ORGANIZATION_IDS', organizationList);
    return {
      projectId,
      secret,
      apiUrl:
        read('STYTCH_API_URL', baseUrl.optional()) ??
        (projectId.startsWith('project-live-') ? 'https://api.stytch.com' : 'https://test.stytch.com'),
      organizationIds: organizationIds && organizationIds.length > 0 ? organizationIds : undefined,
    };
  },
};
