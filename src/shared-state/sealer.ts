/**
 * Values the gateway puts in Redis are sealed with AES-256-GCM: cached answers are raw upstream
 * bodies (a Logto OIDC connector's client secret, for one) and the Logto token is a credential,
 * and a Redis server is often shared or less guarded than the gateway. The key is derived with
 * HKDF-SHA256 from the provider credentials configured, so every replica with the same
 * configuration derives the same key and there is no new secret to manage; rotating any provider
 * credential also retires everything stored under the old key (it no longer opens: a miss).
 * The Redis key is bound in as additional data, so a value cannot be moved to another key.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

const IV_BYTES = 12;
const TAG_BYTES = 16;

export class Sealer {
  readonly #key: Buffer;

  /** `secrets`: every credential of the configuration, in a fixed order; `purpose` separates keys by use. */
  constructor(secrets: readonly string[], purpose: string) {
    const material = Buffer.from(JSON.stringify(secrets));
    this.#key = Buffer.from(hkdfSync('sha256', material, 'sso-gateway shared state v1', purpose, 32));
  }

  seal(key: string, plain: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.#key, iv);
    cipher.setAAD(Buffer.from(key));
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
  }

  /** The plain text, or `undefined` when the value was sealed with another key or altered. */
  open(key: string, sealed: string): string | undefined {
    const bytes = Buffer.from(sealed, 'base64');
    if (bytes.length < IV_BYTES + TAG_BYTES) return undefined;
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.#key, bytes.subarray(0, IV_BYTES));
      decipher.setAAD(Buffer.from(key));
      decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
      return Buffer.concat([decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
    } catch {
      return undefined;
    }
  }
}
