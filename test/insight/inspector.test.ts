import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MetadataError } from '../../src/insight/metadata/errors.ts';
import { DEFAULT_FETCH_LIMITS, MetadataFetcher } from '../../src/insight/metadata/fetch.ts';
import { MetadataInspector, type MetadataInspectorOptions } from '../../src/insight/metadata/inspector.ts';
import { issueCertificate } from '../../src/sandbox/idp/certificates.ts';
import { oktaMetadata } from '../../src/sandbox/idp/documents.ts';
import { type MetadataServer, startMetadataServer } from './metadata-server.ts';

const certificate = issueCertificate({
  subject: { commonName: 'idp.example' },
  notBefore: new Date('2024-01-01Z'),
  notAfter: new Date('2034-01-01Z'),
});
const DOCUMENT = oktaMetadata({ entityId: 'urn:okta:one', ssoUrl: 'https://idp.example/sso', certificates: [certificate.base64] });

let server: MetadataServer;
const inspectors: MetadataInspector[] = [];

beforeAll(async () => {
  server = await startMetadataServer(DOCUMENT);
});
afterAll(() => server.close());
afterEach(async () => {
  await Promise.all(inspectors.splice(0).map((inspector) => inspector.close()));
  server.reset();
  server.document = DOCUMENT;
});

/** An inspector over a sandbox fetcher, with a clock the test moves by hand. */
function inspector(options: Partial<MetadataInspectorOptions> = {}) {
  const clock = { now: 1_000_000 };
  const fetcher = new MetadataFetcher({ ...DEFAULT_FETCH_LIMITS, allowLoopbackHttp: true });
  const created = new MetadataInspector({ fetcher, now: () => clock.now, ...options });
  inspectors.push(created);
  return { inspector: created, clock };
}

describe('MetadataInspector', () => {
  it('answers a second inspection from memory until the TTL passes', async () => {
    const { inspector: subject, clock } = inspector({ ttlMs: 60_000 });
    const url = `${server.url}/metadata`;
    expect((await subject.inspectUrl(url)).entityId).toBe('urn:okta:one');
    expect((await subject.inspectUrl(url)).entityId).toBe('urn:okta:one');
    expect(server.requests).toEqual(['/metadata']);
    clock.now += 60_000;
    await subject.inspectUrl(url);
    expect(server.requests).toHaveLength(2);
  });

  it('remembers a failure for failureTtlMs only', async () => {
    const { inspector: subject, clock } = inspector({ failureTtlMs: 10_000 });
    const url = `${server.url}/metadata`;
    server.document = '<not-metadata/>';
    await expect(subject.inspectUrl(url)).rejects.toMatchObject({ code: 'NOT_IDP_METADATA' });
    server.document = DOCUMENT;
    clock.now += 9_999;
    await expect(subject.inspectUrl(url)).rejects.toBeInstanceOf(MetadataError);
    expect(server.requests).toHaveLength(1);
    clock.now += 1;
    await expect(subject.inspectUrl(url)).resolves.toMatchObject({ entityId: 'urn:okta:one' });
    expect(server.requests).toHaveLength(2);
  });

  it('shares one fetch between concurrent inspections of the same URL', async () => {
    const { inspector: subject } = inspector();
    const results = await Promise.all([1, 2, 3, 4, 5].map(() => subject.inspectUrl(`${server.url}/slow-metadata`)));
    expect(results.map((metadata) => metadata.entityId)).toEqual(Array(5).fill('urn:okta:one'));
    expect(server.requests).toEqual(['/slow-metadata']);
  });

  it('lets one caller stop waiting without breaking the shared fetch for the others', async () => {
    const { inspector: subject } = inspector();
    const url = `${server.url}/slow-metadata`;
    const controller = new AbortController();
    const leaving = subject.inspectUrl(url, controller.signal);
    const staying = subject.inspectUrl(url);
    const stayingWithSignal = subject.inspectUrl(url, new AbortController().signal);
    controller.abort(new Error('caller left'));
    await expect(leaving).rejects.toThrow('caller left');
    await expect(staying).resolves.toMatchObject({ entityId: 'urn:okta:one' });
    await expect(stayingWithSignal).resolves.toMatchObject({ entityId: 'urn:okta:one' });
    // The shared answer was kept, so the caller who left finds it next time.
    await expect(subject.inspectUrl(url)).resolves.toMatchObject({ entityId: 'urn:okta:one' });
    expect(server.requests).toEqual(['/slow-metadata']);
  });

  it('forgets the least recently used URL beyond maxEntries', async () => {
    const { inspector: subject } = inspector({ maxEntries: 2 });
    const a = `${server.url}/metadata?a`;
    const b = `${server.url}/metadata?b`;
    const c = `${server.url}/metadata?c`;
    await subject.inspectUrl(a);
    await subject.inspectUrl(b);
    await subject.inspectUrl(a); // a is now more recent than b
    await subject.inspectUrl(c); // evicts b
    await subject.inspectUrl(a);
    await subject.inspectUrl(b);
    expect(server.requests).toEqual(['/metadata?a', '/metadata?b', '/metadata?c', '/metadata?b']);
  });

  it('keeps its answers within maxBytes, however many URLs callers ask about', async () => {
    // Each answer carries a 60 KB certificate: the byte bound, not the count, decides what stays.
    const large = issueCertificate({
      subject: { commonName: `idp-${'n'.repeat(30_000)}` },
      notBefore: new Date('2024-01-01Z'),
      notAfter: new Date('2034-01-01Z'),
    });
    server.document = oktaMetadata({ entityId: 'urn:okta:large', ssoUrl: 'https://idp.example/sso', certificates: [large.base64] });
    const { inspector: subject } = inspector({ maxBytes: 1024 * 1024 });
    for (let index = 0; index < 20; index += 1) {
      await subject.inspectUrl(`${server.url}/metadata?${index}`);
      expect(subject.usage().bytes).toBeLessThanOrEqual(1024 * 1024);
    }
    expect(subject.usage().entries).toBeGreaterThan(0);
    expect(subject.usage().entries).toBeLessThan(20);
  });

  it('parses pasted XML without fetching', async () => {
    const { inspector: subject } = inspector();
    expect((await subject.inspectXml(DOCUMENT)).certificates).toHaveLength(1);
    expect(server.requests).toEqual([]);
  });
});
