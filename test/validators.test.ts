import { describe, expect, it } from 'vitest';
import { domainName, metadataUrl, upstreamId } from '../src/graph/validators.ts';

describe('metadataUrl', () => {
  it.each([
    'https://idp.example.com/saml/metadata',
    'https://login.microsoftonline.com/tenant/federationmetadata/2007-06/federationmetadata.xml',
    'https://93.184.216.34/metadata',
    'https://[2606:2800:220:1:248:1893:25c8:1946]/metadata',
    'http://127.0.0.1:4010/idp/metadata',
    'http://localhost:4010/idp/metadata',
  ])('accepts %s', (url) => {
    expect(metadataUrl.safeParse(url).success).toBe(true);
  });

  it.each([
    ['http://idp.example.com/metadata', /https/],
    ['ftp://idp.example.com/metadata', /https/],
    ['javascript:alert(1)', /https|absolute/],
    ['https://user:pw@idp.example.com/metadata', /credentials/],
    ['https://127.0.0.1/metadata', /private, loopback/],
    ['https://10.1.2.3/metadata', /private, loopback/],
    ['https://172.20.0.1/metadata', /private, loopback/],
    ['https://192.168.1.1/metadata', /private, loopback/],
    ['https://169.254.169.254/latest/meta-data', /private, loopback/],
    ['https://100.64.0.1/metadata', /private, loopback/],
    ['https://0.0.0.0/metadata', /private, loopback/],
    ['https://[::1]/metadata', /private, loopback/],
    ['https://[fd00:ec2::254]/metadata', /private, loopback/],
    ['https://[fe80::1]/metadata', /private, loopback/],
    ['https://[::ffff:10.0.0.1]/metadata', /private, loopback/],
    ['https://metadata.google.internal/computeMetadata/v1/', /metadata-service/],
    ['https://localhost/metadata', /private, loopback/],
    ['https://localhost./metadata', /private, loopback/],
    ['https://idp.localhost:8443/metadata', /private, loopback/],
    ['https://2130706433/metadata', /private, loopback/],
    ['https://0x7f.1/metadata', /private, loopback/],
    ['https://0251.0376.0251.0376/metadata', /private, loopback/],
    ['https://[fd12:3456::1]/metadata', /private, loopback/],
    ['http://idp.localhost/metadata', /https/],
    ['not a url', /absolute/],
    // Spellings the URL parser forgives but an upstream may read differently (found by fuzzing).
    ['http:/127.0.0.1/metadata', /written as https/],
    ['http:127.0.0.1/metadata', /written as https/],
    ['ht\ttp://127.0.0.1/metadata', /written as https/],
    ['\u0001http://127.0.0.1/metadata', /written as https/],
    ['https://idp.example.com\\metadata', /written as https/],
    [`https://idp.example.com/${'a'.repeat(2100)}`, /2048/],
  ])('refuses %s', (url, message) => {
    const result = metadataUrl.safeParse(url);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.message).join('; ')).toMatch(message);
  });
});

describe('domainName', () => {
  it.each(['example.com', 'sso.acme-corp.example', 'xn--bcher-kva.example'])('accepts %s', (domain) => {
    expect(domainName.safeParse(domain).success).toBe(true);
  });

  it.each([
    ['gmail.com', /public e-mail/],
    ['Outlook.com', /public e-mail/],
    ['10.0.0.1', /hostname/],
    ['not a domain', /hostname/],
    ['-bad.example', /hostname/],
    ['localhost', /hostname/],
    ['a'.repeat(254), /253/],
  ])('refuses %s', (domain, message) => {
    const result = domainName.safeParse(domain);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.message).join('; ')).toMatch(message);
  });
});

describe('upstreamId', () => {
  it.each(['', ' padded', '../etc', 'a/b', 'a?b', 'a#b', 'line\nbreak', '.', '..', '\ud800', 'a\udc00b'])('refuses %j', (id) => {
    expect(upstreamId.safeParse(id).success).toBe(false);
  });
  it('accepts ordinary ids', () => {
    expect(upstreamId.safeParse('saml-connection-test-51861cbc').success).toBe(true);
  });
});
