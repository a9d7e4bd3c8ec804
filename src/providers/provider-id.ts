/**
 * The providers the gateway knows. Shared code may name a provider only through this type; the
 * list of modules lives in `index.ts`.
 */
export const PROVIDER_IDS = ['vantage', 'datocms', 'stytch', 'logto', 'pandastack'] as const;

export type ProviderId = (typeof PROVIDER_IDS)[number];
