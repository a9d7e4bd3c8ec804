// PLACEHOLDER (replaced by the authentication work): only `none` is supported here.
import type { AuthConfig } from '../config-security.ts';
import { ANONYMOUS, type Caller } from './caller.ts';

export class AuthenticationError extends Error {
  /** The `WWW-Authenticate` header value of the 401 answer. */
  readonly challenge: string;
  constructor(message: string, challenge: string) {
    super(message);
    this.challenge = challenge;
  }
}

export interface Authenticator {
  authenticate(request: Request): Promise<Caller>;
  close(): Promise<void>;
}

export function createAuthenticator(auth: AuthConfig): Authenticator {
  if (auth.mode !== 'none') throw new Error(`GATEWAY_AUTH_MODE=${auth.mode} is not built yet`);
  return { authenticate: async () => ANONYMOUS, close: async () => {} };
}
