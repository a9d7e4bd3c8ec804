/**
 * Caches that callers can fill stay within their byte bounds, over real HTTP in live mode with
 * API keys: the parsed-certificate memo fed large pasted certificates through
 * `samlMetadata(xml:)`, Yoga's parsed-document and parse-error caches fed large distinct
 * documents, and the JWKS, refused whole when it is larger than its cap. Each test asserts on the
 * cache's own accounting (`gateway.cacheUsage()`), not on the process's memory, which is noisy.
 */
import { X509Certificate } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_JWKS_BYTES } from '../src/auth/jwt.ts';
import type { ByteLruUsage } from '../src/cache/byte-lru.ts';
import { issueCertificate } from '../src/sandbox/idp/certificates.ts';
import { oktaMetadata } from '../src/sandbox/idp/documents.ts';
import { AUDIENCE, ISSUER, type JwksServer, makeKey, signToken, startJwksServer } from './fixtures/auth-keys.ts';
import { apiKey, bearer, tempDir, writeKeysFile } from './fixtures/security-keys.ts';
import { type Stack, startStack, useStack } from './harness.ts';

const READER = { name: 'reader', key: 'bounded-caches-reader-key-41d7e2', scopes: ['sso:read'] };

let stack: Stack;
useStack(
  {
    providers: ['vantage'],
    env: {
      GATEWAY_AUTH_MODE: 'api-key',
      GATEWAY_API_KEYS_FILE: writeKeysFile(tempDir('bounded-caches-'), [READER]),
      // Room for the large documents these tests send; the caps under test are the caches'.
      GATEWAY_MAX_BODY_BYTES: '400000',
    },
  },
  (started) => {
    stack = started;
  },
);

const asReader = (query: string, variables?: Record<string, unknown>) => stack.graphql(query, variables, apiKey(READER.key));

function usage(cache: string): ByteLruUsage {
  const found = stack.gateway.cacheUsage()[cache];
  if (!found) throw new Error(`no cache named ${cache}`);
  return found;
}

/** A real certificate of about 70 KB: its subject and issuer alone are 34,000 characters each. */
function largeCertificate(index: number): string {
  const padding = `${index}-${'n'.repeat(17_000)}`;
  const now = Date.now();
  return issueCertificate({
    subject: { commonName: `idp-${padding}`, organization: `org-${padding}` },
    notBefore: new Date(now - 86_400_000),
    notAfter: new Date(now + 365 * 86_400_000),
  }).base64;
}

describe('the parsed-certificate memo', () => {
  it('stays within its byte bound however many large certificates callers paste', async () => {
    const documents = 40;
    for (let index = 0; index < documents; index += 1) {
      const certificate = largeCertificate(index);
      const xml = oktaMetadata({ entityId: `urn:test:${index}`, ssoUrl: 'https://idp.example/sso', certificates: [certificate] });
      const result = await asReader('query ($xml: String) { samlMetadata(xml: $xml) { certificates { fingerprintSha256 } } }', { xml });
      expect(result.errors).toBeUndefined();
      const fingerprint = new X509Certificate(Buffer.from(certificate, 'base64')).fingerprint256;
      expect(JSON.stringify(result.data)).toContain(fingerprint);
      expect(usage('certificates').bytes).toBeLessThanOrEqual(usage('certificates').maxBytes);
    }
    // Each parsed certificate is charged over 300 KB: the bound, not the count, decided what stayed.
    expect(usage('certificates').entries).toBeGreaterThan(0);
    expect(usage('certificates').entries).toBeLessThan(documents);
  }, 60_000);
});

describe("Yoga's document caches", () => {
  const padding = (index: number) => `# ${index} ${'x'.repeat(90_000)}\n`;

  it('keep parsed documents within their byte bound', async () => {
    const sent = 250;
    for (let index = 0; index < sent; index += 1) {
      const result = await asReader(`${padding(index)}{ __typename }`);
      expect(result.status).toBe(200);
    }
    const documents = usage('documents');
    expect(documents.bytes).toBeLessThanOrEqual(documents.maxBytes);
    expect(documents.entries).toBeLessThan(sent);
  }, 60_000);

  it('keep parse errors within their byte bound', async () => {
    const sent = 40;
    for (let index = 0; index < sent; index += 1) {
      const result = await asReader(`${padding(index)}{ __typename `);
      expect(result.errors?.[0]?.message).toMatch(/Syntax Error/);
    }
    const errors = usage('parseErrors');
    expect(errors.bytes).toBeLessThanOrEqual(errors.maxBytes);
    expect(errors.entries).toBeGreaterThan(0);
    expect(errors.entries).toBeLessThan(sent);
  }, 60_000);

  it('still keep an ordinary document once', async () => {
    await asReader('query Once { __typename }');
    const before = usage('documents').entries;
    await asReader('query Once { __typename }');
    expect(usage('documents').entries).toBe(before);
  });
});

describe('the JWKS', () => {
  let jwksStack: Stack;
  let jwks: JwksServer;
  const key = makeKey('ES256', 'bounded-caches-kid');

  beforeAll(async () => {
    jwks = await startJwksServer([(await key).jwk]);
    jwksStack = await startStack({
      providers: ['vantage'],
      env: { GATEWAY_AUTH_MODE: 'jwt', GATEWAY_JWT_JWKS_URL: jwks.url, GATEWAY_JWT_ISSUER: ISSUER, GATEWAY_JWT_AUDIENCE: AUDIENCE },
    });
  });
  afterAll(async () => {
    await jwksStack?.close();
    await jwks?.close();
  });

  it('is refused whole past its cap, like a JWKS that cannot be fetched, and used once it fits', async () => {
    const signing = await key;
    const padding = Array.from({ length: Math.ceil(MAX_JWKS_BYTES / 150) + 10 }, (_, index) => ({
      ...signing.jwk,
      kid: `padding-${index}`,
    }));
    jwks.serve([signing.jwk, ...padding]);
    const token = await signToken(signing);
    const refused = await jwksStack.graphql('{ __typename }', undefined, bearer(token));
    expect(refused.status).toBe(503);
    jwks.serve([signing.jwk]);
    const served = await jwksStack.graphql('{ __typename }', undefined, bearer(token));
    expect(served.status).toBe(200);
  });
});
