/**
 * Fetches a metadata document from a URL an administrator typed, without letting that URL reach
 * into the gateway's own network (SSRF). The rules, in the order they apply:
 *
 * - https only; plain http only in the sandbox and only to `localhost` or a loopback literal;
 *   no `user:password@`.
 * - IP literals, cloud-metadata names and loopback names are judged before any connection is made.
 * - Host names are judged on the addresses the connection itself uses: the check runs inside the
 *   `lookup` undici's connector calls, and every address the resolver returns must pass. A
 *   separate "resolve, check, then connect" would resolve twice, and a DNS-rebinding server can
 *   answer a public address to the check and a private one to the connection.
 * - Redirects are followed by hand, each hop judged like the first, at most `maxRedirects`.
 * - One deadline covers everything (connect, headers, body, every hop); the body is read with a
 *   byte cap and dropped as soon as it passes it.
 */
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import type { LookupFunction } from 'node:net';
import { Agent, errors as undiciErrors } from 'undici';
import { isForbiddenAddress, isLoopbackAddress, isLoopbackHost, isLoopbackName, isMetadataHost } from '../../net/address-policy.ts';
import { MetadataError } from './errors.ts';

export interface FetchPolicy {
  /** Sandbox mode: loopback addresses may be reached, and over plain http. */
  allowLoopbackHttp: boolean;
  /** For the whole fetch: connect, headers, body and every redirect. @default 5000 */
  timeoutMs: number;
  /** @default 1_048_576 */
  maxBytes: number;
  /** @default 3 */
  maxRedirects: number;
  /** Resolver with `dns.lookup`'s signature (including `{ all: true }`); tests inject one. @default dns.lookup */
  lookup?: LookupFunction;
}

export const DEFAULT_FETCH_LIMITS = { timeoutMs: 5_000, maxBytes: 1_048_576, maxRedirects: 3 } as const;

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const REQUEST_HEADERS = {
  accept: 'application/samlmetadata+xml, application/xml, text/xml',
  'user-agent': 'sso-gateway-metadata-inspector',
};

export class MetadataFetcher {
  readonly #policy: FetchPolicy;
  readonly #agent: Agent;

  constructor(policy: FetchPolicy) {
    this.#policy = policy;
    this.#agent = new Agent({
      connect: { lookup: guardedLookup(policy), timeout: policy.timeoutMs },
      headersTimeout: policy.timeoutMs,
      bodyTimeout: policy.timeoutMs,
      keepAliveTimeout: 1_000,
    });
  }

  /** The document's text; a `MetadataError` for every refusal or failure, `signal.reason` if `signal` aborts. */
  async fetch(url: string, signal?: AbortSignal): Promise<string> {
    const deadline = AbortSignal.timeout(this.#policy.timeoutMs);
    const combined = signal ? AbortSignal.any([signal, deadline]) : deadline;
    const hop = { host: '' };
    try {
      return await this.#follow(url, combined, hop);
    } catch (error) {
      if (signal?.aborted && !deadline.aborted) throw signal.reason;
      throw failure(error, hop.host, deadline.aborted);
    }
  }

  /** Stops every connection at once: a metadata fetch is cheap to repeat, not worth waiting for. */
  close(): Promise<void> {
    return this.#agent.destroy();
  }

  async #follow(url: string, signal: AbortSignal, hop: { host: string }): Promise<string> {
    let target = allowedUrl(url, this.#policy);
    for (let redirects = 0; ; redirects += 1) {
      hop.host = target.hostname;
      const response = await this.#agent.request({
        origin: target.origin,
        path: target.pathname + target.search,
        method: 'GET',
        headers: REQUEST_HEADERS,
        signal,
      });
      const { statusCode: status, headers, body } = response;
      if (status >= 200 && status < 300)
        return readCapped(body, this.#policy.maxBytes, contentLength(headers['content-length']), target.hostname);
      discard(body);
      const location = headers.location;
      if (!REDIRECT_STATUSES.has(status) || typeof location !== 'string') {
        throw new MetadataError('HTTP_STATUS', `${target.hostname} answered with HTTP status ${status}.`, { status });
      }
      if (redirects >= this.#policy.maxRedirects) {
        throw new MetadataError('TOO_MANY_REDIRECTS', `${target.hostname} redirected more than ${this.#policy.maxRedirects} times.`);
      }
      target = allowedUrl(new URL(location, target).href, this.#policy);
    }
  }
}

/** The URL, parsed, if its scheme, credentials and (literal or well-known) host are allowed. */
export function allowedUrl(url: string, policy: Pick<FetchPolicy, 'allowLoopbackHttp'>): URL {
  const parsed = URL.parse(url);
  if (!parsed || (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')) {
    throw new MetadataError('URL_NOT_ALLOWED', 'The metadata URL must be an absolute https URL.');
  }
  if (parsed.username !== '' || parsed.password !== '') {
    throw new MetadataError('URL_NOT_ALLOWED', `The metadata URL for ${parsed.hostname} must not contain credentials.`);
  }
  const notAllowed = () => new MetadataError('ADDRESS_NOT_ALLOWED', `${parsed.hostname} is not an address metadata may be fetched from.`);
  if (isMetadataHost(parsed.hostname) || !isAllowedAddress(parsed.hostname, policy)) throw notAllowed();
  if (parsed.protocol === 'http:' && !(policy.allowLoopbackHttp && isLoopbackHost(parsed.hostname))) {
    throw new MetadataError('URL_NOT_ALLOWED', `The metadata URL for ${parsed.hostname} must use https.`);
  }
  // Would resolve to loopback anyway; judged before any lookup, like a literal.
  if (isLoopbackName(parsed.hostname) && !policy.allowLoopbackHttp) throw notAllowed();
  return parsed;
}

/** An address (or a name, which passes here and is judged once resolved) the policy lets us reach. */
function isAllowedAddress(address: string, policy: Pick<FetchPolicy, 'allowLoopbackHttp'>): boolean {
  return !isForbiddenAddress(address) || (policy.allowLoopbackHttp && isLoopbackAddress(address));
}

/**
 * The resolver undici's connector uses: asks for every address, refuses the connection if any one
 * is forbidden (a name that resolves to both a public and a private address is not trusted with
 * either), and answers in the form the caller asked for.
 */
function guardedLookup(policy: FetchPolicy): LookupFunction {
  const resolve: LookupFunction = policy.lookup ?? dnsLookup;
  return (hostname, options, callback) => {
    resolve(hostname, { ...options, all: true }, (error, answer) => {
      if (error) return callback(error, '');
      const addresses = lookupAddresses(answer);
      const first = addresses[0];
      if (!first) return callback(Object.assign(new Error(`no address for ${hostname}`), { code: 'ENOTFOUND' }), '');
      if (!addresses.every((entry) => isAllowedAddress(entry.address, policy))) {
        return callback(
          new MetadataError('ADDRESS_NOT_ALLOWED', `${hostname} resolves to an address metadata may not be fetched from.`),
          '',
        );
      }
      return options.all === true ? callback(null, addresses) : callback(null, first.address, first.family);
    });
  };
}

function lookupAddresses(answer: string | LookupAddress[]): LookupAddress[] {
  return typeof answer === 'string' ? [{ address: answer, family: answer.includes(':') ? 6 : 4 }] : answer;
}

function contentLength(header: string | string[] | undefined): number | undefined {
  const value = Number(Array.isArray(header) ? header[0] : header);
  return Number.isSafeInteger(value) && value >= 0 ? value : undefined;
}

interface ResponseBody extends AsyncIterable<Buffer> {
  destroy(error?: Error): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
}

/**
 * Drops a body we will not read (a redirect's, an error page, one over the cap) and its
 * connection. undici reports the drop as an 'error' event, which is expected here.
 */
function discard(body: ResponseBody): void {
  body.on('error', () => {});
  body.destroy();
}

/** The body as UTF-8 text, refused as soon as it is known to be (or grows) larger than `limit`. */
async function readCapped(body: ResponseBody, limit: number, declared: number | undefined, host: string): Promise<string> {
  const tooLarge = () => new MetadataError('TOO_LARGE', `The metadata document from ${host} is larger than ${limit} bytes.`);
  if (declared !== undefined && declared > limit) {
    discard(body);
    throw tooLarge();
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.length;
    if (size > limit) {
      discard(body);
      throw tooLarge();
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

const TIMEOUT_ERRORS = [undiciErrors.ConnectTimeoutError, undiciErrors.HeadersTimeoutError, undiciErrors.BodyTimeoutError];

/** Any failure as a `MetadataError`; only a code such as ECONNREFUSED is kept of a system error. */
function failure(error: unknown, host: string, deadlinePassed: boolean): MetadataError {
  const known = metadataErrorIn(error);
  if (known) return known;
  if (deadlinePassed || TIMEOUT_ERRORS.some((type) => error instanceof type)) {
    return new MetadataError('TIMEOUT', `${host || 'The metadata host'} did not answer in time.`, { cause: error });
  }
  const code = systemCode(error);
  return new MetadataError('UNREACHABLE', `Could not reach ${host || 'the metadata host'}${code ? ` (${code})` : ''}.`, { cause: error });
}

/** Our own refusal, as thrown or as the cause undici or net wrapped it in. */
function metadataErrorIn(error: unknown): MetadataError | undefined {
  for (let current = error, depth = 0; current instanceof Error && depth < 5; current = current.cause, depth += 1) {
    if (current instanceof MetadataError) return current;
  }
  return undefined;
}

function systemCode(error: unknown): string | undefined {
  const code = error instanceof Error ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' && /^[A-Z0-9_]{1,40}$/.test(code) ? code : undefined;
}
