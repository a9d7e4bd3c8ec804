import type { LookupAddress } from 'node:dns';
import type { LookupFunction } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MetadataError, type MetadataErrorCode } from '../../src/insight/metadata/errors.ts';
import { DEFAULT_FETCH_LIMITS, type FetchPolicy, MetadataFetcher } from '../../src/insight/metadata/fetch.ts';
import { type MetadataServer, startMetadataServer } from './metadata-server.ts';

const DOCUMENT = '<EntityDescriptor entityID="urn:idp"/>';

let server: MetadataServer;
const fetchers: MetadataFetcher[] = [];

beforeAll(async () => {
  server = await startMetadataServer(DOCUMENT);
});
afterAll(() => server.close());
afterEach(async () => {
  await Promise.all(fetchers.splice(0).map((fetcher) => fetcher.close()));
  server.reset();
});

function fetcher(policy: Partial<FetchPolicy> & Pick<FetchPolicy, 'allowLoopbackHttp'>): MetadataFetcher {
  const created = new MetadataFetcher({ ...DEFAULT_FETCH_LIMITS, ...policy });
  fetchers.push(created);
  return created;
}
const sandbox = (policy: Partial<FetchPolicy> = {}) => fetcher({ allowLoopbackHttp: true, ...policy });
const live = (policy: Partial<FetchPolicy> = {}) => fetcher({ allowLoopbackHttp: false, ...policy });

/** A resolver that answers from a script, one answer per call (the last one repeats), and counts calls. */
function scriptedLookup(...answers: string[][]): LookupFunction & { calls: number } {
  const resolve = ((_hostname, options, callback) => {
    const addresses = answers[Math.min(resolve.calls, answers.length - 1)] ?? [];
    resolve.calls += 1;
    const entries: LookupAddress[] = addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
    if (options.all) callback(null, entries);
    else callback(null, entries[0]?.address ?? '', entries[0]?.family);
  }) as LookupFunction & { calls: number };
  resolve.calls = 0;
  return resolve;
}

async function failureOf(promise: Promise<unknown>): Promise<MetadataError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(MetadataError);
  return error as MetadataError;
}

async function expectCode(promise: Promise<unknown>, code: MetadataErrorCode): Promise<MetadataError> {
  const error = await failureOf(promise);
  expect(error.code, error.message).toBe(code);
  return error;
}

describe('MetadataFetcher in the sandbox (loopback http allowed)', () => {
  it('fetches a document and sends the expected headers', async () => {
    await expect(sandbox().fetch(`${server.url}/metadata`)).resolves.toBe(DOCUMENT);
    expect(server.requests).toEqual(['/metadata']);
    expect(server.lastHeaders).toMatchObject({
      accept: 'application/samlmetadata+xml, application/xml, text/xml',
      'user-agent': 'sso-gateway-metadata-inspector',
    });
  });

  it('connects to a name through the resolver it was given', async () => {
    const lookup = scriptedLookup(['127.0.0.1']);
    await expect(sandbox({ lookup }).fetch(`http://localhost:${server.port}/metadata`)).resolves.toBe(DOCUMENT);
    expect(lookup.calls).toBe(1);
  });

  it('follows a redirect to another loopback path', async () => {
    await expect(sandbox().fetch(`${server.url}/redirect/metadata`)).resolves.toBe(DOCUMENT);
    expect(server.requests).toEqual(['/redirect/metadata', '/metadata']);
  });

  it.each([
    ['the cloud metadata service', '/redirect/imds'],
    ['a private address', '/redirect/private'],
  ])('refuses a redirect to %s', async (_, path) => {
    await expectCode(sandbox().fetch(`${server.url}${path}`), 'ADDRESS_NOT_ALLOWED');
  });

  it('gives up after maxRedirects', async () => {
    await expectCode(sandbox({ maxRedirects: 3 }).fetch(`${server.url}/loop/0`), 'TOO_MANY_REDIRECTS');
    expect(server.requests).toEqual(['/loop/0', '/loop/1', '/loop/2', '/loop/3']);
  });

  it('times out on a server that never answers', async () => {
    const started = performance.now();
    await expectCode(sandbox({ timeoutMs: 300 }).fetch(`${server.url}/hang`), 'TIMEOUT');
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it('stops reading a body larger than maxBytes, declared or not', async () => {
    await expectCode(sandbox({ maxBytes: 100_000 }).fetch(`${server.url}/big`), 'TOO_LARGE');
    await expectCode(sandbox().fetch(`${server.url}/big-declared`), 'TOO_LARGE');
  });

  it('reports a non-2xx status with its number, and never the query string', async () => {
    const error = await expectCode(sandbox().fetch(`${server.url}/missing?token=s3cr3t-value`), 'HTTP_STATUS');
    expect(error.status).toBe(404);
    expect(error.message).toContain('127.0.0.1');
    expect(error.message).not.toMatch(/s3cr3t|token|missing|no such page/);
  });

  it('lets a caller abort with its own reason', async () => {
    const controller = new AbortController();
    const pending = sandbox().fetch(`${server.url}/hang`, controller.signal);
    setTimeout(() => controller.abort(new Error('caller left')), 50);
    await expect(pending).rejects.toThrow('caller left');
  });

  it('still refuses private and link-local addresses', async () => {
    await expectCode(sandbox().fetch('http://10.0.0.5/metadata'), 'ADDRESS_NOT_ALLOWED');
    await expectCode(sandbox().fetch('https://169.254.169.254/latest/meta-data/'), 'ADDRESS_NOT_ALLOWED');
    await expectCode(sandbox({ lookup: scriptedLookup(['192.168.1.10']) }).fetch('https://idp.test/metadata'), 'ADDRESS_NOT_ALLOWED');
  });
});

describe('MetadataFetcher in live mode', () => {
  it('refuses loopback names before any lookup', async () => {
    const lookup = scriptedLookup(['93.184.216.34']);
    for (const host of ['localhost', 'LOCALHOST.', 'idp.localhost']) {
      await expectCode(live({ lookup }).fetch(`https://${host}:${server.port}/metadata`), 'ADDRESS_NOT_ALLOWED');
    }
    expect(lookup.calls).toBe(0);
  });

  it('refuses plain http', async () => {
    await expectCode(live().fetch('http://idp.example.com/metadata'), 'URL_NOT_ALLOWED');
    await expectCode(live().fetch(`http://localhost:${server.port}/metadata`), 'URL_NOT_ALLOWED');
  });

  it.each([
    'ftp://idp.example.com/metadata',
    'not a url',
    '/relative/metadata',
    'https://user:pass@idp.example.com/metadata',
    'https://token@idp.example.com/',
  ])('refuses %s', async (url) => {
    await expectCode(live().fetch(url), 'URL_NOT_ALLOWED');
  });

  it.each([
    `https://127.0.0.1:PORT/`,
    `http://127.0.0.1:PORT/metadata`,
    'https://10.0.0.5/',
    'https://[::ffff:169.254.169.254]/',
    'https://[::1]:PORT/',
    'https://0.0.0.0:PORT/',
    'https://metadata.google.internal/computeMetadata/v1/',
  ])('refuses %s without connecting', async (template) => {
    const lookup = scriptedLookup(['93.184.216.34']);
    await expectCode(live({ lookup }).fetch(template.replace('PORT', String(server.port))), 'ADDRESS_NOT_ALLOWED');
    expect(lookup.calls).toBe(0);
    expect(server.connections).toBe(0);
  });

  it('refuses a name that resolves to loopback, and never connects', async () => {
    const lookup = scriptedLookup(['127.0.0.1']);
    await expectCode(live({ lookup }).fetch(`https://idp.test:${server.port}/metadata`), 'ADDRESS_NOT_ALLOWED');
    expect(lookup.calls).toBe(1);
    expect(server.connections).toBe(0);
  });

  it('refuses a name with one private address among public ones', async () => {
    await expectCode(
      live({ lookup: scriptedLookup(['93.184.216.34', '10.1.2.3']) }).fetch('https://idp.test/metadata'),
      'ADDRESS_NOT_ALLOWED',
    );
  });

  it('resolves once, on the connection itself, so DNS rebinding cannot reach the loopback server', async () => {
    const lookup = scriptedLookup(['93.184.216.34'], ['127.0.0.1']);
    const error = await failureOf(live({ lookup, timeoutMs: 500 }).fetch(`https://rebind.test:${server.port}/metadata`));
    // No internet here: the public address does not answer. What matters is where it did not go.
    expect(['UNREACHABLE', 'TIMEOUT'], error.message).toContain(error.code);
    expect(lookup.calls).toBe(1);
    expect(server.connections).toBe(0);
  });

  it('reports a name that does not resolve as unreachable', async () => {
    const lookup: LookupFunction = (_hostname, _options, callback) =>
      callback(Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' }), '');
    const error = await expectCode(live({ lookup }).fetch('https://nowhere.test/metadata?key=abc'), 'UNREACHABLE');
    expect(error.message).toBe('Could not reach nowhere.test (ENOTFOUND).');
  });

  it('never puts the query string in a refusal', async () => {
    const error = await expectCode(live().fetch('https://10.0.0.5/metadata?access_token=s3cr3t'), 'ADDRESS_NOT_ALLOWED');
    expect(error.message).not.toMatch(/s3cr3t|access_token|\/metadata/);
  });
});
