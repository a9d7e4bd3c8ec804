/**
 * The machine-to-machine access token for Logto's Management API (client-credentials grant at
 * `{endpoint}/oidc/token`). One token is shared by every request of the gateway and renewed
 * shortly before it expires; concurrent callers wait on one token request instead of each
 * starting their own. With Redis (`REDIS_URL`) the token is shared by every replica too (sealed,
 * under a digest of endpoint, app and resource, kept until its renewal time), so a new replica or
 * one whose token ran out first looks there before asking Logto.
 */
import { createHash } from 'node:crypto';
import type { RestClient } from '../../http/rest-client.ts';
import { stoppedBy } from '../../http/upstream-error.ts';
import type { SharedValues } from '../../shared-state/shared-state.ts';
import { untilAborted } from '../../until-aborted.ts';
import type { LogtoConfig } from './config.ts';
import { TokenWire } from './wire.ts';

interface CachedToken {
  value: string;
  /** Epoch ms after which the token is renewed rather than used. */
  renewAt: number;
}

/** Renew this long before expiry: 10 % of the lifetime, at most 60 s. */
function renewalMarginMs(lifetimeSeconds: number): number {
  return Math.min(60, lifetimeSeconds * 0.1) * 1000;
}

export class LogtoTokenSource {
  readonly #rest: RestClient;
  readonly #form: Record<string, string>;
  readonly #authorization: string;
  readonly #shared: SharedValues | undefined;
  readonly #sharedName: string;
  #cached: CachedToken | undefined;
  #inFlight: Promise<string> | undefined;

  constructor(rest: RestClient, config: LogtoConfig, shared?: SharedValues) {
    this.#rest = rest;
    this.#shared = shared;
    // No secret in the name: the app secret is not part of it, and the digest hides the rest.
    const identity = JSON.stringify([config.endpoint, config.appId, config.apiResource]);
    this.#sharedName = `logto-token:${createHash('sha256').update(identity).digest('base64url')}`;
    // RFC 6749 §2.3.1: each part is form-encoded before base64, and Logto's OIDC provider decodes it.
    const pair = `${encodeURIComponent(config.appId)}:${encodeURIComponent(config.appSecret)}`;
    this.#authorization = `Basic ${Buffer.from(pair).toString('base64')}`;
    this.#form = { grant_type: 'client_credentials', resource: config.apiResource, scope: 'all' };
  }

  /**
   * A valid token, from the cache or from one shared token request. `signal` stops only this
   * caller's wait (its deadline or its client leaving), never the shared request.
   */
  get(signal?: AbortSignal): Promise<string> {
    if (this.#cached && Date.now() < this.#cached.renewAt) return Promise.resolve(this.#cached.value);
    this.#inFlight ??= this.#fetch().finally(() => {
      this.#inFlight = undefined;
    });
    // A deadline becomes a timeout, a client leaving an abort: the same errors as any upstream call.
    return signal ? untilAborted(this.#inFlight, signal, () => stoppedBy('logto', signal)) : this.#inFlight;
  }

  /**
   * Forgets `token` after the Management API refused it. Only that token: a caller whose 401
   * arrives after someone else already renewed must not throw the new token away.
   */
  invalidate(token: string): void {
    if (this.#cached?.value !== token) return;
    this.#cached = undefined;
    // Another replica may already have shared a newer token; losing it costs one token request.
    void this.#shared?.delete(this.#sharedName);
  }

  async #fetch(): Promise<string> {
    const shared = await this.#readShared();
    if (shared) {
      this.#cached = shared;
      return shared.value;
    }
    // No caller's abort signal here: the request is shared, and one caller leaving must not fail
    // the others. The RestClient timeouts bound it instead.
    const response = await this.#rest.request(
      // A token request changes nothing upstream, so it may be retried like a read.
      { method: 'POST', path: '/oidc/token', form: this.#form, headers: { authorization: this.#authorization }, idempotent: true },
      TokenWire,
    );
    const { access_token: value, expires_in: lifetime } = response.body;
    const fetched: CachedToken = { value, renewAt: Date.now() + lifetime * 1000 - renewalMarginMs(lifetime) };
    // Replicas that fetched at the same moment settle on the first token shared: cached answers
    // are keyed by the credential sent, so one token means one cache for all of them.
    const inEffect = this.#shared
      ? parseToken(await this.#shared.claim(this.#sharedName, JSON.stringify(fetched), fetched.renewAt - Date.now()))
      : undefined;
    this.#cached = inEffect ?? fetched;
    return this.#cached.value;
  }

  /** A token another replica shared and that is not due for renewal, if there is one. */
  async #readShared(): Promise<CachedToken | undefined> {
    const text = await this.#shared?.get(this.#sharedName);
    return text === undefined ? undefined : parseToken(text);
  }
}

/** A shared token that is not due for renewal, or `undefined`. */
function parseToken(text: string): CachedToken | undefined {
  try {
    const token = JSON.parse(text) as Partial<CachedToken>;
    return typeof token.value === 'string' && typeof token.renewAt === 'number' && Date.now() < token.renewAt
      ? { value: token.value, renewAt: token.renewAt }
      : undefined;
  } catch {
    return undefined;
  }
}
