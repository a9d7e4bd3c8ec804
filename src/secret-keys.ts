/**
 * Which keys of a JSON-like value hold secrets, decided in one place for the three ways a value
 * leaves the gateway: responses (upstream objects passed through as JSON drop those keys), log
 * lines (their values become `[redacted]`) and audit records (their values become a short hash).
 *
 * A key is compared lower-cased with `_`, `-`, `.` and spaces removed, so `client_secret`,
 * `clientSecret`, `Client-Secret` and `CLIENT_SECRET` are one name. It is secret when it
 * - contains a word that is never harmless in a key name: secret, password, passwd, passphrase,
 *   pwd, credential, hmac, cookie, bearer, session, apikey, privatekey, keystore, pkcs12, pfx; or
 * - ends with a word that names a secret only as the last word: token(s), key(s), authorization,
 *   assertion. So `accessToken`, `signing_key`, `key` and `Proxy-Authorization` are secret while
 *   `token_endpoint`, `authorizationEndpoint` and `assertionConsumerServiceUrl` (URLs) are not.
 * `keyId`/`key_id` are kept (they name a key, they do not hold it), and so are `publicKey`/
 * `public_key` (public material that an admin compares with the IdP's); `keys` is secret, even
 * though a JWKS `keys` list is public, because in an undocumented object it can hold API keys.
 */

/** Stems that make a key secret wherever they appear in it. */
const SECRET_ANYWHERE = /secret|password|passwd|passphrase|pwd|credential|hmac|cookie|bearer|session|apikey|privatekey|keystore|pkcs12|pfx/;
/** Stems that make a key secret as its last word. */
const SECRET_LAST_WORD = /(tokens?|keys?|authorization|assertion)$/;
const PUBLIC_KEY = /publickeys?$/;

/** Verdicts by key: the same few upstream keys come back on every request. Cleared when full. */
const verdicts = new Map<string, boolean>();
const MAX_VERDICTS = 10_000;

export function isSecretKey(key: string): boolean {
  let verdict = verdicts.get(key);
  if (verdict === undefined) {
    const name = key.toLowerCase().replace(/[-_. ]/g, '');
    verdict = SECRET_ANYWHERE.test(name) || (SECRET_LAST_WORD.test(name) && !PUBLIC_KEY.test(name));
    if (verdicts.size >= MAX_VERDICTS) verdicts.clear();
    verdicts.set(key, verdict);
  }
  return verdict;
}

/**
 * Nesting past which a value is not inspected: the whole subtree is treated as a secret, so a
 * value too deep to check is never shown either.
 */
const MAX_DEPTH = 256;

/**
 * A copy of `value` in which every entry under a secret key, at any depth and inside arrays, is
 * `replace(entry)`, or is left out when that gives `undefined`. Only plain objects and arrays are
 * walked; anything else is kept as it is.
 */
export function replaceSecrets(value: unknown, replace: (secret: unknown) => unknown): unknown {
  return walk(value, replace, 0);
}

/** A copy of `value` without its secret keys, at any depth; what responses show. */
export function withoutSecrets<T>(value: T): T {
  return walk(value, dropped, 0) as T;
}

const dropped = () => undefined;

function walk(value: unknown, replace: (secret: unknown) => unknown, depth: number): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (depth >= MAX_DEPTH) return replace(value);
  if (Array.isArray(value)) return value.map((item) => walk(item, replace, depth + 1));
  if (!isPlainObject(value)) return value;
  const copy: Record<string, unknown> = {};
  for (const [key, entry] of Object.entries(value)) {
    const kept = isSecretKey(key) ? replace(entry) : walk(entry, replace, depth + 1);
    if (kept !== undefined) copy[key] = kept;
  }
  return copy;
}

function isPlainObject(value: object): value is Record<string, unknown> {
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}
