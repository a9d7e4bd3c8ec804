/**
 * Who is calling, as authentication established it, and what their scopes allow. Scopes:
 * `sso:read` (queries), `sso:write` (every mutation) or `sso:write:<provider>` (that provider's
 * mutations), `sso:secrets` (fields that carry secrets).
 */
import type { ProviderId } from '../providers/provider-id.ts';

export interface Caller {
  /** JWT `sub`, the API key's name, or `anonymous`. */
  subject: string;
  /** The API key's name in api-key mode. */
  keyName: string | undefined;
  authMode: 'jwt' | 'api-key' | 'none';
  scopes: ReadonlySet<string>;
}

/** The caller in `GATEWAY_AUTH_MODE=none`: reads and writes, but never secrets. */
export const ANONYMOUS: Caller = {
  subject: 'anonymous',
  keyName: undefined,
  authMode: 'none',
  scopes: new Set(['sso:read', 'sso:write']),
};

export function canRead(caller: Caller): boolean {
  return caller.scopes.has('sso:read');
}

export function canWrite(caller: Caller, provider: ProviderId): boolean {
  return caller.scopes.has('sso:write') || caller.scopes.has(`sso:write:${provider}`);
}

export function canSeeSecrets(caller: Caller): boolean {
  return caller.scopes.has('sso:secrets');
}
