import { X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { daysUntil, parseCertificate } from '../../src/insight/metadata/certificate.ts';
import { MetadataError, type MetadataErrorCode } from '../../src/insight/metadata/errors.ts';
import { parseSamlMetadata } from '../../src/insight/metadata/parse.ts';
import { issueCertificate } from '../../src/sandbox/idp/certificates.ts';
import { entraMetadata, escapeXml, googleMetadata, NAME_ID_FORMAT, oktaMetadata, SAML_BINDING } from '../../src/sandbox/idp/documents.ts';

const current = issueCertificate({
  subject: { commonName: 'dev-123.okta.example', organization: 'Okta' },
  notBefore: new Date('2024-01-01T00:00:00Z'),
  notAfter: new Date('2034-01-01T00:00:00Z'),
  serialNumber: 0x1234,
});
const next = issueCertificate({
  subject: { commonName: 'Microsoft Azure Federated SSO Certificate' },
  notBefore: new Date('2025-06-01T00:00:00Z'),
  notAfter: new Date('2028-06-01T00:00:00Z'),
});

/** What node itself reads from the certificate, for comparison with the parser's output. */
function expectedFacts(pem: string) {
  const node = new X509Certificate(pem);
  return {
    fingerprintSha256: node.fingerprint256,
    serialNumber: node.serialNumber,
    notBefore: new Date(node.validFrom),
    notAfter: new Date(node.validTo),
  };
}

function expectCode(run: () => unknown, code: MetadataErrorCode): MetadataError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(MetadataError);
    expect((error as MetadataError).code).toBe(code);
    return error as MetadataError;
  }
  throw new Error(`expected ${code}, nothing was thrown`);
}

describe('parseSamlMetadata on the three IdP styles', () => {
  it('reads Okta metadata', () => {
    const ssoUrl = 'https://dev-123.okta.example/app/sso_gw/exk1/sso/saml';
    const metadata = parseSamlMetadata(
      oktaMetadata({
        entityId: 'http://www.okta.com/exk1',
        ssoUrl,
        sloUrl: 'https://dev-123.okta.example/app/sso_gw/exk1/slo/saml',
        certificates: [current.base64],
      }),
    );
    expect(metadata.entityId).toBe('http://www.okta.com/exk1');
    expect(metadata.ssoServices).toEqual([
      { binding: SAML_BINDING.POST, location: ssoUrl },
      { binding: SAML_BINDING.REDIRECT, location: ssoUrl },
    ]);
    expect(metadata.sloServices).toEqual([
      { binding: SAML_BINDING.POST, location: 'https://dev-123.okta.example/app/sso_gw/exk1/slo/saml' },
    ]);
    expect(metadata.nameIdFormats).toEqual([NAME_ID_FORMAT.UNSPECIFIED, NAME_ID_FORMAT.EMAIL]);
    expect(metadata.certificates).toEqual([
      {
        use: 'SIGNING',
        subject: 'CN=dev-123.okta.example, O=Okta',
        issuer: 'CN=dev-123.okta.example, O=Okta',
        ...expectedFacts(current.pem),
        pem: current.pem,
      },
    ]);
    expect(metadata.certificates[0]?.serialNumber).toBe('1234');
    expect(metadata.certificates[0]?.notAfter.toISOString()).toBe('2034-01-01T00:00:00.000Z');
    expect(metadata.validUntil).toBeNull();
  });

  it('reads Entra metadata during a key rollover, ignoring the WS-Federation RoleDescriptor', () => {
    const outsider = issueCertificate({
      subject: { commonName: 'wsfed only' },
      notBefore: new Date('2024-01-01Z'),
      notAfter: new Date('2030-01-01Z'),
    });
    const ssoUrl = 'https://login.microsoftonline.example/0f9e/saml2';
    const metadata = parseSamlMetadata(
      entraMetadata({
        entityId: 'https://sts.windows.example/0f9e/',
        ssoUrl,
        certificates: [current.base64, next.base64],
        roleDescriptorCertificates: [outsider.base64],
      }),
    );
    expect(metadata.entityId).toBe('https://sts.windows.example/0f9e/');
    expect(metadata.ssoServices).toEqual([
      { binding: SAML_BINDING.REDIRECT, location: ssoUrl },
      { binding: SAML_BINDING.POST, location: ssoUrl },
    ]);
    expect(metadata.sloServices).toEqual([{ binding: SAML_BINDING.REDIRECT, location: ssoUrl }]);
    expect(metadata.nameIdFormats).toEqual([]);
    expect(metadata.certificates.map((certificate) => [certificate.use, certificate.subject, certificate.fingerprintSha256])).toEqual([
      ['SIGNING', 'CN=dev-123.okta.example, O=Okta', expectedFacts(current.pem).fingerprintSha256],
      ['SIGNING', 'CN=Microsoft Azure Federated SSO Certificate', expectedFacts(next.pem).fingerprintSha256],
    ]);
    expect(metadata.certificates[0]).toMatchObject({ issuer: 'CN=dev-123.okta.example, O=Okta', ...expectedFacts(current.pem) });
    expect(metadata.certificates[1]).toMatchObject({ issuer: 'CN=Microsoft Azure Federated SSO Certificate', ...expectedFacts(next.pem) });
  });

  it('reads Google Workspace metadata with validUntil and an escaped query string in its URLs', () => {
    const ssoUrl = 'https://accounts.google.example/o/saml2/idp?idpid=C0abc&hl=en';
    const metadata = parseSamlMetadata(
      googleMetadata({
        entityId: 'https://accounts.google.example/o/saml2?idpid=C0abc',
        ssoUrl,
        certificates: [next.base64],
        validUntil: new Date('2030-05-04T03:02:01Z'),
      }),
    );
    expect(metadata.entityId).toBe('https://accounts.google.example/o/saml2?idpid=C0abc');
    expect(metadata.ssoServices.map((service) => service.location)).toEqual([ssoUrl, ssoUrl]);
    expect(metadata.ssoServices.map((service) => service.binding)).toEqual([SAML_BINDING.REDIRECT, SAML_BINDING.POST]);
    expect(metadata.sloServices).toEqual([]);
    expect(metadata.nameIdFormats).toEqual([NAME_ID_FORMAT.EMAIL]);
    expect(metadata.validUntil?.toISOString()).toBe('2030-05-04T03:02:01.000Z');
    expect(metadata.certificates).toEqual([
      {
        use: 'SIGNING',
        subject: 'CN=Microsoft Azure Federated SSO Certificate',
        issuer: 'CN=Microsoft Azure Federated SSO Certificate',
        ...expectedFacts(next.pem),
        pem: next.pem,
      },
    ]);
  });
});

/** ADFS publishes one entity with WS-Federation roles, an SP role and the IdP role, each signed. */
function adfsMetadata(signing: string, encryption: string): string {
  const key = (use: string, certificate: string) =>
    `<KeyDescriptor use="${use}"><KeyInfo xmlns="http://www.w3.org/2000/09/xmldsig#"><X509Data><X509Certificate>${certificate}</X509Certificate></X509Data></KeyInfo></KeyDescriptor>`;
  return `<?xml version="1.0" encoding="utf-8"?>
<EntityDescriptor ID="_7c1e" entityID="http://adfs.corp.example/adfs/services/trust" xmlns="urn:oasis:names:tc:SAML:2.0:metadata">
  <ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:SignedInfo/><ds:SignatureValue>AAAA</ds:SignatureValue></ds:Signature>
  <RoleDescriptor xsi:type="fed:ApplicationServiceType" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:fed="http://docs.oasis-open.org/wsfed/federation/200706" protocolSupportEnumeration="http://docs.oasis-open.org/wsfed/federation/200706">
    ${key('encryption', encryption)}
  </RoleDescriptor>
  <SPSSODescriptor WantAssertionsSigned="true" protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
    ${key('encryption', encryption)}
    <AssertionConsumerService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="https://adfs.corp.example/adfs/ls/" index="0" isDefault="true"/>
  </SPSSODescriptor>
  <IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
    ${key('encryption', encryption)}
    ${key('signing', signing)}
    <SingleLogoutService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="https://adfs.corp.example/adfs/ls/"/>
    <SingleLogoutService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="https://adfs.corp.example/adfs/ls/"/>
    <NameIDFormat>urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress</NameIDFormat>
    <NameIDFormat>urn:oasis:names:tc:SAML:2.0:nameid-format:persistent</NameIDFormat>
    <NameIDFormat>urn:oasis:names:tc:SAML:2.0:nameid-format:transient</NameIDFormat>
    <SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="https://adfs.corp.example/adfs/ls/"/>
    <SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="https://adfs.corp.example/adfs/ls/"/>
  </IDPSSODescriptor>
  <ContactPerson contactType="support"/>
</EntityDescriptor>`;
}

describe('parseSamlMetadata on other shapes', () => {
  it('reads an ADFS-like entity that also has an SP role, with signing and encryption keys', () => {
    const metadata = parseSamlMetadata(adfsMetadata(current.base64, next.base64));
    expect(metadata.entityId).toBe('http://adfs.corp.example/adfs/services/trust');
    expect(metadata.ssoServices).toHaveLength(2);
    expect(metadata.sloServices.map((service) => service.binding)).toEqual([SAML_BINDING.REDIRECT, SAML_BINDING.POST]);
    expect(metadata.nameIdFormats).toHaveLength(3);
    expect(metadata.certificates.map((certificate) => [certificate.use, certificate.fingerprintSha256])).toEqual([
      ['ENCRYPTION', expectedFacts(next.pem).fingerprintSha256],
      ['SIGNING', expectedFacts(current.pem).fingerprintSha256],
    ]);
  });

  it('picks the first IdP inside nested EntitiesDescriptor groups, skipping SPs, and applies the group validUntil', () => {
    const idp = oktaMetadata({
      entityId: 'https://idp.example/one',
      ssoUrl: 'https://idp.example/sso',
      certificates: [current.base64],
    }).replace(/^<\?xml[^>]*\?>/, '');
    const sp =
      '<md:EntityDescriptor entityID="https://sp.example" xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata"><md:SPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol"/></md:EntityDescriptor>';
    const xml = `<EntitiesDescriptor xmlns="urn:oasis:names:tc:SAML:2.0:metadata" validUntil="2031-01-01T00:00:00Z">${sp}<EntitiesDescriptor Name="inner">${sp}${idp}</EntitiesDescriptor></EntitiesDescriptor>`;
    const metadata = parseSamlMetadata(xml);
    expect(metadata.entityId).toBe('https://idp.example/one');
    expect(metadata.validUntil?.toISOString()).toBe('2031-01-01T00:00:00.000Z');
    expect(metadata.certificates).toHaveLength(1);
  });

  it('reads several certificates in one X509Data, a KeyDescriptor without use, and skips unreadable ones', () => {
    const xml = `<EntityDescriptor entityID="urn:idp" xmlns="urn:oasis:names:tc:SAML:2.0:metadata"><IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
      <KeyDescriptor><KeyInfo><X509Data><X509Certificate>${current.pem}</X509Certificate><X509Certificate>not base64 at all!</X509Certificate><X509Certificate>${next.base64.replace(/(.{30})/g, '$1\n   ')}</X509Certificate></X509Data></KeyInfo></KeyDescriptor>
      <KeyDescriptor use="signing"><KeyInfo><X509Data><X509Certificate>QUJD</X509Certificate></X509Data></KeyInfo></KeyDescriptor>
      <SingleSignOnService Binding="${SAML_BINDING.POST}" Location="https://idp.example/sso"/>
    </IDPSSODescriptor></EntityDescriptor>`;
    const metadata = parseSamlMetadata(xml);
    expect(metadata.certificates.map((certificate) => [certificate.use, certificate.subject])).toEqual([
      ['ANY', 'CN=dev-123.okta.example, O=Okta'],
      ['ANY', 'CN=Microsoft Azure Federated SSO Certificate'],
    ]);
  });

  it('returns metadata with no certificates rather than failing (the health check reports them missing)', () => {
    const metadata = parseSamlMetadata(oktaMetadata({ entityId: 'urn:idp', ssoUrl: 'https://idp.example/sso', certificates: [] }));
    expect(metadata.certificates).toEqual([]);
    expect(metadata.ssoServices).toHaveLength(2);
  });

  it('accepts a byte-order mark and leading whitespace', () => {
    const xml = `\uFEFF  \n${googleMetadata({ entityId: 'urn:g', ssoUrl: 'https://g.example/sso', certificates: [current.base64] })}`;
    expect(parseSamlMetadata(xml).entityId).toBe('urn:g');
  });
});

describe('parseSamlMetadata refusals', () => {
  it('refuses XML that is not well-formed', () => {
    expectCode(() => parseSamlMetadata('<EntityDescriptor entityID="x"><IDPSSODescriptor></EntityDescriptor>'), 'MALFORMED_XML');
    expectCode(() => parseSamlMetadata('this is not xml'), 'MALFORMED_XML');
    expectCode(() => parseSamlMetadata('<a><constructor>1</constructor></a>'), 'MALFORMED_XML');
    // fast-xml-parser stops at a nesting depth no metadata needs, instead of exhausting the stack.
    expectCode(() => parseSamlMetadata(`${'<EntitiesDescriptor>'.repeat(5_000)}${'</EntitiesDescriptor>'.repeat(5_000)}`), 'MALFORMED_XML');
  });

  const idpBody =
    '<EntityDescriptor entityID="&xxe;"><IDPSSODescriptor><SingleSignOnService Binding="b" Location="&xxe;"/></IDPSSODescriptor></EntityDescriptor>';
  it.each([
    ['an external entity', `<?xml version="1.0"?><!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>${idpBody}`],
    ['a parameter entity', `<!DOCTYPE foo [<!ENTITY % remote SYSTEM "http://169.254.169.254/x.dtd"> %remote;]>${idpBody}`],
    [
      'a billion laughs',
      `<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY xxe "&lol2;&lol2;">]>${idpBody}`,
    ],
    ['a lower-case doctype after a BOM and spaces', `\uFEFF \n <!doctype foo SYSTEM "file:///etc/passwd">${idpBody}`],
    ['an entity declaration without a doctype', `<!ENTITY xxe SYSTEM "file:///etc/passwd">${idpBody}`],
    ['a doctype inside the document', `<EntityDescriptor entityID="x"><!DOCTYPE x><IDPSSODescriptor/></EntityDescriptor>`],
  ])('refuses %s with UNSAFE_XML and never shows file contents', (_, xml) => {
    const error = expectCode(() => parseSamlMetadata(xml), 'UNSAFE_XML');
    expect(error.message).not.toMatch(/root:|passwd|lol/);
  });

  it('refuses SP-only metadata', () => {
    const sp =
      '<md:EntityDescriptor entityID="https://sp.example" xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata"><md:SPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol"/></md:EntityDescriptor>';
    expectCode(() => parseSamlMetadata(sp), 'NOT_IDP_METADATA');
    expectCode(() => parseSamlMetadata('<html><body>Sign in</body></html>'), 'NOT_IDP_METADATA');
  });

  it('refuses a document over 1 MiB before reading it', () => {
    const padding = `<!-- ${'x'.repeat(1_048_576)} -->`;
    expectCode(
      () => parseSamlMetadata(oktaMetadata({ entityId: 'urn:idp', ssoUrl: 'https://idp.example/sso', certificates: [] }) + padding),
      'TOO_LARGE',
    );
  });
});

describe('documents', () => {
  it('escapes every interpolated value', () => {
    const entityId = 'urn:a"b<c>&d\'e';
    const metadata = parseSamlMetadata(oktaMetadata({ entityId, ssoUrl: 'https://idp.example/sso?a=1&b=<2>', certificates: [] }));
    expect(metadata.entityId).toBe(entityId);
    expect(metadata.ssoServices[0]?.location).toBe('https://idp.example/sso?a=1&b=<2>');
    expect(escapeXml('<&>')).not.toMatch(/[<>]|&(?!#)/);
  });
});

describe('certificates', () => {
  it('parses PEM and bare base64, and refuses what is not a certificate', () => {
    expect(parseCertificate(current.pem)?.fingerprintSha256).toBe(expectedFacts(current.pem).fingerprintSha256);
    expect(parseCertificate(` ${current.base64.slice(0, 20)}\n\t${current.base64.slice(20)} `)?.subject).toBe(
      'CN=dev-123.okta.example, O=Okta',
    );
    expect(parseCertificate('')).toBeNull();
    expect(parseCertificate('QUJD')).toBeNull();
    expect(parseCertificate('%%%')).toBeNull();
  });

  it('counts whole days until a date, negative once past', () => {
    const now = new Date('2025-01-01T12:00:00Z');
    expect(daysUntil(new Date('2025-01-11T12:00:00Z'), now)).toBe(10);
    expect(daysUntil(new Date('2025-01-11T11:59:59Z'), now)).toBe(9);
    expect(daysUntil(new Date('2024-12-31T12:00:00Z'), now)).toBe(-1);
    expect(daysUntil(new Date('2025-01-01T11:00:00Z'), now)).toBe(-1);
  });
});
