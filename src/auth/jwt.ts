/**
 * Bearer JWTs, verified with `jose` against a remote JWKS or one static SPKI public key. This
 * module only knows tokens: `authenticate.ts` reads the header and turns a `TokenRejectedError`
 * into a 401. Anything else thrown here (the JWKS cannot be fetched) is the gateway's problem,
 * not the caller's.
 */
import { createPublicKey } from 'node:crypto';
import {
  createRemoteJWKSet,
  customFetch,
  errors,
  type FetchImplementation,
  importSPKI,
  type JWTPayload,
  type JWTVerifyGetKey,
  jwtVerify,
} from 'jose';
import type { AuthConfig } from '../config/security.ts';
import type { Caller } from './caller.ts';

type JwtConfig = Extract<AuthConfig, { mode: 'jwt' }>;

/** A token the caller must replace; `message` is safe to send back (it never quotes the token). */
export class TokenRejectedError extends Error {}

export interface JwtVerifier {
  verify(token: string): Promise<Caller>;
}

/** Asymmetric algorithms only: a JWKS of public keys must never be usable as an HMAC secret. */
const ASYMMETRIC = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA', 'Ed25519'];
const CLOCK_TOLERANCE_S = 30;

/** Keys are cached for 10 minutes; an unknown `kid` refetches at most every 30 s (key rotation). */
export const JWKS_OPTIONS = { cacheMaxAge: 10 * 60_000, cooldownDuration: 30_000, timeoutDuration: 5_000 } as const;

/**
 * The most a JWKS may weigh. Identity providers publish a handful of keys (a few KB); the set is
 * parsed and kept in memory, so a larger answer is refused rather than read whole, like any
 * JWKS that cannot be fetched (503).
 */
export const MAX_JWKS_BYTES = 256 * 1024;

export function createJwtVerifier(config: JwtConfig): JwtVerifier {
  const { getKey, algorithms } =
    config.jwksUrl !== undefined
      ? {
          getKey: createRemoteJWKSet(new URL(config.jwksUrl), {
            ...JWKS_OPTIONS,
            [customFetch]: fetchAtMost(MAX_JWKS_BYTES),
          }) as JWTVerifyGetKey,
          algorithms: ASYMMETRIC,
        }
      : staticKey(config.publicKey ?? '');

  return {
    async verify(token) {
      let payload: JWTPayload;
      try {
        ({ payload } = await jwtVerify(token, getKey, {
          issuer: config.issuer,
          audience: config.audience,
          algorithms,
          clockTolerance: CLOCK_TOLERANCE_S,
          requiredClaims: ['exp', 'sub'],
        }));
      } catch (error) {
        const reason = rejectionOf(error);
        if (reason === undefined) throw error;
        throw new TokenRejectedError(reason);
      }
      if (typeof payload.sub !== 'string' || payload.sub.trim() === '') throw new TokenRejectedError('The token has no subject');
      return { subject: payload.sub, keyName: undefined, authMode: 'jwt', scopes: scopesFromClaims(payload) };
    },
  };
}

class JwksTooLargeError extends Error {
  override name = 'JwksTooLargeError';
}

/** `fetch`, with the answer's body read up to `limit` bytes and refused beyond. */
function fetchAtMost(limit: number): FetchImplementation {
  return async (url, options) => {
    const response = await fetch(url, options);
    const reader = response.body?.getReader();
    const chunks: Uint8Array[] = [];
    let size = 0;
    for (let read = await reader?.read(); read && !read.done; read = await reader?.read()) {
      size += read.value.byteLength;
      if (size > limit) {
        await reader?.cancel();
        throw new JwksTooLargeError(`the JWKS is larger than ${limit} bytes`);
      }
      chunks.push(read.value);
    }
    return new Response(Buffer.concat(chunks), { status: response.status, headers: response.headers });
  };
}

/**
 * Scopes from the three claims identity providers use: `scope` (RFC 8693, space-separated),
 * `scp` (Azure AD / Okta, array or space-separated) and `permissions` (Auth0, array). Merged;
 * anything that is not a string is ignored.
 */
export function scopesFromClaims(payload: JWTPayload): Set<string> {
  const scopes = new Set<string>();
  const add = (value: unknown) => {
    if (typeof value === 'string') {
      for (const scope of value.split(/\s+/)) if (scope) scopes.add(scope);
    } else if (Array.isArray(value)) {
      for (const item of value) if (typeof item === 'string' && item.trim() && !/\s/.test(item.trim())) scopes.add(item.trim());
    }
  };
  if (typeof payload.scope === 'string') add(payload.scope);
  add(payload.scp);
  if (Array.isArray(payload.permissions)) add(payload.permissions);
  return scopes;
}

/**
 * The PEM is parsed once, here, so a bad key stops start-up; the algorithms it may verify follow
 * from its type (an RSA key never verifies an ES256 token, whatever the token's header says).
 */
function staticKey(pemText: string): { getKey: JWTVerifyGetKey; algorithms: string[] } {
  // A PEM squeezed onto one line in an env file keeps its newlines as `\n`.
  const pem = pemText.replace(/\\n/g, '\n').trim();
  if (!pem.startsWith('-----BEGIN PUBLIC KEY-----')) {
    throw new Error('GATEWAY_JWT_PUBLIC_KEY must be a PEM SPKI public key (-----BEGIN PUBLIC KEY-----)');
  }
  let algorithms: string[];
  try {
    const key = createPublicKey({ key: pem, format: 'pem' });
    algorithms = algorithmsFor(key.asymmetricKeyType, key.asymmetricKeyDetails?.namedCurve);
  } catch (error) {
    if (error instanceof UnsupportedKeyError) throw new Error(`GATEWAY_JWT_PUBLIC_KEY: ${error.message}`);
    throw new Error('GATEWAY_JWT_PUBLIC_KEY could not be read as a PEM SPKI public key');
  }
  const imported = Promise.all(algorithms.map(async (alg) => [alg, await importSPKI(pem, alg)] as const)).then((pairs) => new Map(pairs));
  // Awaited on first use; this only stops an unhandled rejection if the import fails before then.
  imported.catch(() => {});
  const getKey: JWTVerifyGetKey = async (header) => {
    const key = (await imported).get(header.alg ?? '');
    if (key === undefined) throw new errors.JOSEAlgNotAllowed('"alg" (Algorithm) Header Parameter value not allowed');
    return key;
  };
  return { getKey, algorithms };
}

class UnsupportedKeyError extends Error {}

function algorithmsFor(type: string | undefined, curve: string | undefined): string[] {
  switch (type) {
    case 'rsa':
      return ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512'];
    case 'rsa-pss':
      return ['PS256', 'PS384', 'PS512'];
    case 'ed25519':
      return ['EdDSA', 'Ed25519'];
    case 'ec': {
      const byCurve: Record<string, string> = { prime256v1: 'ES256', secp384r1: 'ES384', secp521r1: 'ES512' };
      const alg = curve === undefined ? undefined : byCurve[curve];
      if (alg === undefined) throw new UnsupportedKeyError('the EC curve must be P-256, P-384 or P-521');
      return [alg];
    }
    default:
      throw new UnsupportedKeyError('the key must be RSA, EC (P-256, P-384, P-521) or Ed25519');
  }
}

/** A short, fixed description for a token the caller should replace; `undefined` for our own failures. */
function rejectionOf(error: unknown): string | undefined {
  if (error instanceof errors.JWTExpired) return 'The token has expired';
  if (error instanceof errors.JWTClaimValidationFailed) {
    switch (error.claim) {
      case 'iss':
        return 'The token was not issued by the trusted issuer';
      case 'aud':
        return 'The token is not meant for this gateway';
      case 'sub':
        return 'The token has no subject';
      case 'exp':
        return 'The token has no valid expiry';
      case 'nbf':
        return 'The token is not valid yet';
      default:
        return 'The token has invalid claims';
    }
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'The token signature is invalid';
  if (error instanceof errors.JWKSNoMatchingKey) return 'No trusted key matches the token';
  if (error instanceof errors.JWKSMultipleMatchingKeys) return 'The token does not identify its signing key';
  if (error instanceof errors.JOSEAlgNotAllowed || error instanceof errors.JOSENotSupported)
    return 'The token signing algorithm is not accepted';
  if (error instanceof errors.JWSInvalid || error instanceof errors.JWTInvalid) return 'The token is malformed';
  return undefined;
}
