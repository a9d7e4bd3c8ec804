/**
 * The machine-to-machine access token for Logto's Management API (client-credentials grant at
 * `{endpoint}/oidc/token`). One token is shared by every request of the gateway and renewed
 * shortly before it expires; concurrent callers wait on one token request instead of each
 * starting their own.
 */
import type { LogtoConfig } from '../../config.ts';
import type { RestClient } from '../../http/rest-client.ts';
import { stoppedBy } from '../../http/upstream-error.ts';
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
  #cached: CachedToken | undefined;
  #inFlight: Promise<string> | undefined;

  constructor(rest: RestClient, config: LogtoConfig) {
    this.#rest = rest;
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
    return signal ? untilAborted(this.#inFlight, signal) : this.#inFlight;
  }

  /**
   * Forgets `token` after the Management API refused it. Only that token: a caller whose 401
   * arrives after someone else already renewed must not throw the new token away.
   */
  invalidate(token: string): void {
    if (this.#cached?.value === token) this.#cached = undefined;
  }

  async #fetch(): Promise<string> {
    // No caller's abort signal here: the request is shared, and one caller leaving must not fail
    // the others. The RestClient timeouts bound it instead.
    const response = await this.#rest.request(
      // A token request changes nothing upstream, so it may be retried like a read.
      { method: 'POST', path: '/oidc/token', form: this.#form, headers: { authorization: this.#authorization }, idempotent: true },
      TokenWire,
    );
    const { access_token: value, expires_in: lifetime } = response.body;
    this.#cached = { value, renewAt: Date.now() + lifetime * 1000 - renewalMarginMs(lifetime) };
    return value;
  }
}

/** `promise`, or an UpstreamError as soon as `signal` aborts (deadline → timeout, else aborted). */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  const stopped = () => stoppedBy('logto', signal);
  if (signal.aborted) return Promise.reject(stopped());
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(stopped());
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
