/**
 * The rules for a Logto connector's `config`. Logto validates the object itself, per provider, so
 * the gateway leaves its shape alone, with two exceptions. Its size is capped. And the URLs Logto
 * fetches on the gateway's behalf, SAML metadata at `metadataUrl` and an OIDC provider's discovery
 * document under `issuer`, often from inside the customer's network, pass the same address rules
 * as every other metadata URL (`metadataUrl` in graph/validators.ts) before anything is sent.
 */
import { z } from 'zod';
import { metadataUrl } from '../../graph/validators.ts';

const MAX_CONFIG_BYTES = 64 * 1024;

/** The keys of `config` whose value Logto fetches (top level only: that is where Logto reads them). */
const FETCHED_URL_KEYS = ['metadataUrl', 'issuer'] as const;

export const connectorConfig = z
  .record(z.string(), z.unknown(), { error: 'must be a JSON object' })
  .refine((value) => Buffer.byteLength(JSON.stringify(value)) <= MAX_CONFIG_BYTES, 'must be at most 64 KiB as JSON')
  .superRefine((config, context) => {
    for (const key of FETCHED_URL_KEYS) {
      const value = config[key];
      // Absent (or null) is Logto's business: a SAML config may carry the metadata inline instead.
      if (value === undefined || value === null) continue;
      const checked = metadataUrl.safeParse(value);
      for (const issue of checked.error?.issues ?? []) context.addIssue({ code: 'custom', path: [key], message: issue.message });
    }
  });
