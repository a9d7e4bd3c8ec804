/**
 * Who is calling: the credential is read from the request's headers and checked the way
 * GATEWAY_AUTH_MODE says. A caller-side problem is an `AuthenticationError` carrying a short,
 * fixed message and the RFC 6750 §3 `WWW-Authenticate` challenge; neither ever quotes the
 * credential. Any other error means the gateway could not check (the JWKS is unreachable).
 */
import type { AuthConfig } from '../config/security.ts';
import { loadApiKeys } from './api-keys.ts';
import { ANONYMOUS, type Caller } from './caller.ts';
import { createJwtVerifier, TokenRejectedError } from './jwt.ts';

export class AuthenticationError extends Error {
  /** The `WWW-Authenticate` header value of the 401 answer. */
  readonly challenge: string;
  constructor(message: string, challenge: string) {
    super(message);
    this.name = 'AuthenticationError';
    this.challenge = challenge;
  }
}

export interface Authenticator {
  authenticate(request: Request): Promise<Caller>;
  close(): Promise<void>;
}

const REALM = 'sso-gateway';

/**
 * `Bearer realm="sso-gateway"`, plus `error` and `error_description` once a credential was
 * presented. Descriptions are our own fixed sentences, so they hold no `"` or `\`.
 */
export function bearerChallenge(error?: 'invalid_token' | 'invalid_request', description?: string): string {
  let challenge = `Bearer realm="${REALM}"`;
  if (error) challenge += `, error="${error}"`;
  if (error && description) challenge += `, error_description="${description.replace(/["\\]/g, '')}"`;
  return challenge;
}

function invalidToken(description: string): AuthenticationError {
  return new AuthenticationError(description, bearerChallenge('invalid_token', description));
}

function invalidRequest(description: string): AuthenticationError {
  return new AuthenticationError(description, bearerChallenge('invalid_request', description));
}

/** Visible ASCII without spaces: JWTs (b64token) and API keys alike. */
const CREDENTIAL = /^[\x21-\x7E]+$/;

/**
 * The presented credential: `Authorization: Bearer <credential>`, or in api-key mode also
 * `X-API-Key: <key>` (but not both: RFC 6750 §2 allows one method per request).
 */
export function presentedCredential(request: Request, options: { apiKeyHeader: boolean; missing: string }): string {
  const authorization = request.headers.get('authorization');
  const apiKey = options.apiKeyHeader ? request.headers.get('x-api-key') : null;
  if (authorization !== null && apiKey !== null) throw invalidRequest('Send one credential, in Authorization or X-API-Key, not both');
  if (apiKey !== null) {
    const key = apiKey.trim();
    if (!CREDENTIAL.test(key)) throw invalidRequest('The X-API-Key header is malformed');
    return key;
  }
  // No credential, or one of another scheme: RFC 6750 §3.1 says no error code then.
  if (authorization === null || authorization.trim() === '') throw new AuthenticationError(options.missing, bearerChallenge());
  const [scheme = '', ...rest] = authorization.trim().split(/\s+/);
  if (scheme.toLowerCase() !== 'bearer')
    throw new AuthenticationError('The Authorization header must use the Bearer scheme', bearerChallenge());
  const credential = rest[0];
  if (rest.length !== 1 || credential === undefined || !CREDENTIAL.test(credential))
    throw invalidRequest('The Authorization header is malformed');
  return credential;
}

export function createAuthenticator(auth: AuthConfig): Authenticator {
  switch (auth.mode) {
    case 'none':
      return { authenticate: async () => ANONYMOUS, close: async () => {} };

    case 'jwt': {
      const verifier = createJwtVerifier(auth);
      const missing = 'Authentication required: send Authorization: Bearer <token>';
      return {
        async authenticate(request) {
          const token = presentedCredential(request, { apiKeyHeader: false, missing });
          try {
            return await verifier.verify(token);
          } catch (error) {
            if (error instanceof TokenRejectedError) throw invalidToken(error.message);
            throw error;
          }
        },
        // jose keeps only the fetched key set in memory; there is no connection to release.
        close: async () => {},
      };
    }

    case 'api-key': {
      const keys = loadApiKeys(auth.keysFile);
      const missing = 'Authentication required: send Authorization: Bearer <key> or X-API-Key: <key>';
      return {
        async authenticate(request) {
          const key = presentedCredential(request, { apiKeyHeader: true, missing });
          const caller = keys.match(key);
          if (caller === undefined) throw invalidToken('The API key is not valid');
          return caller;
        },
        close: async () => {},
      };
    }
  }
}
