/**
 * `Query.samlMetadata` over real HTTP: the sandbox IdP's documents read by URL and as XML, and the
 * refusals a caller meets (both or neither argument, unsafe XML, addresses live mode never fetches).
 */
import { X509Certificate } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandboxIdp } from '../../src/sandbox/idp/server.ts';
import { ACME_ENTRA_ENTITY_ID, SANDBOX_IDP_PATHS } from '../../src/sandbox/idp/tenants.ts';
import { type Stack, useStack } from '../harness.ts';

const idp = await sandboxIdp();
const QUERY = `query ($url: String, $xml: String) { samlMetadata(url: $url, xml: $xml) {
  entityId nameIdFormats validUntil
  singleSignOnServices { binding location } singleLogoutServices { binding location }
  certificates { subject issuer fingerprintSha256 notBefore notAfter daysUntilExpiry use source } } }`;

type Metadata = {
  samlMetadata: {
    entityId: string;
    singleSignOnServices: { binding: string; location: string }[];
    singleLogoutServices: unknown[];
    certificates: { fingerprintSha256: string; source: string; use: string; daysUntilExpiry: number }[];
  } | null;
};

describe('in sandbox mode', () => {
  let stack: Stack;
  useStack({ providers: [], env: { SSO_GATEWAY_MODE: 'sandbox' } }, (started) => {
    stack = started;
  });

  it('reads an Entra document by URL: entity, endpoints and both certificates of the rollover', async () => {
    const result = await stack.graphql<Metadata>(QUERY, { url: idp.url(SANDBOX_IDP_PATHS.entraAcme) });
    expect(result.errors).toBeUndefined();
    const metadata = result.data?.samlMetadata;
    expect(metadata?.entityId).toBe(ACME_ENTRA_ENTITY_ID);
    expect(metadata?.singleSignOnServices.map((service) => service.location)).toContain(idp.url('/entra/7d1f2c3b-acme/saml2'));
    expect(metadata?.singleLogoutServices.length).toBeGreaterThan(0);
    expect(metadata?.certificates.map((certificate) => certificate.fingerprintSha256)).toEqual([
      new X509Certificate(idp.certificates.entraAcmeOld.pem).fingerprint256,
      new X509Certificate(idp.certificates.entraAcmeNew.pem).fingerprint256,
    ]);
    expect(metadata?.certificates.map((certificate) => [certificate.source, certificate.use])).toEqual([
      ['METADATA_URL', 'SIGNING'],
      ['METADATA_URL', 'SIGNING'],
    ]);
    expect(metadata?.certificates[0]?.daysUntilExpiry).toBeLessThan(30);
  });

  it('reads a document given as XML, without fetching anything', async () => {
    const xml = await (await fetch(idp.url(SANDBOX_IDP_PATHS.oktaCmsApp))).text();
    const result = await stack.graphql<Metadata>(QUERY, { xml });
    expect(result.data?.samlMetadata?.entityId).toBe('http://www.okta.example/exk9cmsapp00001');
    expect(result.data?.samlMetadata?.certificates.map((certificate) => certificate.source)).toEqual(['METADATA_XML']);
  });

  it('refuses both arguments or neither, and an XXE document, with clear codes', async () => {
    const both = await stack.graphql(QUERY, { url: idp.url(SANDBOX_IDP_PATHS.entraAcme), xml: '<x/>' });
    expect(both.errors?.[0]?.extensions?.code).toBe('VALIDATION_FAILED');
    const neither = await stack.graphql(QUERY, {});
    expect(neither.errors?.[0]?.extensions?.code).toBe('VALIDATION_FAILED');
    const xxe = await stack.graphql<Metadata>(QUERY, {
      xml: '<?xml version="1.0"?><!DOCTYPE m [<!ENTITY x SYSTEM "file:///etc/passwd">]><EntityDescriptor entityID="&x;"/>',
    });
    expect(xxe.data?.samlMetadata).toBeNull();
    expect(xxe.errors?.[0]?.extensions?.code).toBe('METADATA_UNSAFE_XML');
    expect(xxe.text).not.toContain('root:');
  });

  it('answers a missing document with METADATA_HTTP_STATUS', async () => {
    const result = await stack.graphql<Metadata>(QUERY, { url: idp.url(SANDBOX_IDP_PATHS.retiredOkta) });
    expect(result.errors?.[0]?.extensions?.code).toBe('METADATA_HTTP_STATUS');
  });
});

describe('in live mode', () => {
  let stack: Stack;
  let hits = 0;
  const local = createServer((_request, response) => {
    hits += 1;
    response.end('<EntityDescriptor/>');
  });
  beforeAll(() => new Promise<void>((resolve) => local.listen(0, '127.0.0.1', resolve)));
  afterAll(() => new Promise<void>((resolve) => local.close(() => resolve())));
  useStack({ providers: [] }, (started) => {
    stack = started;
  });

  it('never reaches loopback: not over http, not by a name that resolves to it, and not by an IP literal', async () => {
    const port = (local.address() as AddressInfo).port;
    const http = await stack.graphql(QUERY, { url: `http://127.0.0.1:${port}/metadata` });
    expect(http.errors?.[0]?.extensions?.code).toMatch(/^METADATA_(URL|ADDRESS)_NOT_ALLOWED$/);
    // A loopback name is refused with the input, like a literal; names that resolve to loopback
    // are refused at connection time (test/insight/metadata-fetch.test.ts).
    const byName = await stack.graphql(QUERY, { url: `https://localhost:${port}/metadata` });
    expect(byName.errors?.[0]?.extensions?.code).toBe('VALIDATION_FAILED');
    const literal = await stack.graphql(QUERY, { url: 'https://169.254.169.254/latest/meta-data/' });
    expect(literal.errors?.[0]?.extensions?.code).toBe('VALIDATION_FAILED');
    expect(hits).toBe(0);
  });
});
