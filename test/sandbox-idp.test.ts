import { X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { issueCertificate, sandboxPublicKey } from '../src/sandbox/idp/certificates.ts';

describe('issueCertificate', () => {
  it('issues a self-signed certificate with the requested subject, validity and serial number', () => {
    const issued = issueCertificate({
      subject: { commonName: 'sandbox-idp.local', organization: 'SSO Gateway Sandbox' },
      notBefore: new Date('2025-02-03T04:05:06Z'),
      notAfter: new Date('2026-02-03T04:05:06Z'),
      serialNumber: 0xbeefn,
    });
    const certificate = new X509Certificate(issued.pem);
    expect(certificate.subject).toBe('O=SSO Gateway Sandbox\nCN=sandbox-idp.local');
    expect(certificate.issuer).toBe(certificate.subject);
    expect(new Date(certificate.validFrom).toISOString()).toBe('2025-02-03T04:05:06.000Z');
    expect(new Date(certificate.validTo).toISOString()).toBe('2026-02-03T04:05:06.000Z');
    expect(certificate.serialNumber).toBe('BEEF');
    expect(certificate.ca).toBe(false);
    expect(certificate.verify(sandboxPublicKey())).toBe(true);
    expect(certificate.checkIssued(certificate)).toBe(true);
    expect(certificate.raw.toString('base64')).toBe(issued.base64);
  });

  it('writes dates from 2050 on as GeneralizedTime, and expired certificates too', () => {
    const late = new X509Certificate(
      issueCertificate({ subject: { commonName: 'late' }, notBefore: new Date('2049-12-31T23:59:59Z'), notAfter: new Date('2061-01-01Z') })
        .pem,
    );
    expect(new Date(late.validTo).toISOString()).toBe('2061-01-01T00:00:00.000Z');
    const expired = new X509Certificate(
      issueCertificate({ subject: { commonName: 'expired' }, notBefore: new Date('2020-01-01Z'), notAfter: new Date('2021-01-01Z') }).pem,
    );
    expect(new Date(expired.validTo).getTime()).toBeLessThan(Date.now());
  });

  it('gives random positive serial numbers when none is asked for, and one key pair to all', () => {
    const request = { subject: { commonName: 'x' }, notBefore: new Date('2024-01-01Z'), notAfter: new Date('2025-01-01Z') };
    const first = new X509Certificate(issueCertificate(request).pem);
    const second = new X509Certificate(issueCertificate(request).pem);
    expect(first.serialNumber).not.toBe(second.serialNumber);
    expect(first.publicKey.equals(second.publicKey)).toBe(true);
    expect(() => issueCertificate({ ...request, serialNumber: 0 })).toThrow(RangeError);
  });
});
