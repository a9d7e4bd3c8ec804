/**
 * Certificates as the graph shows them, whatever they were read from: an upstream's own
 * certificate records (PEM plus the upstream's dates), or the KeyDescriptors of IdP metadata.
 * Dates from the certificate itself win over an upstream's copy of them, which can be stale.
 */
import type { CertificateSource, SsoCertificateShape } from '../graph/sso-connection.ts';
import { parseCertificate } from './metadata/certificate.ts';
import type { MetadataCertificate } from './metadata/types.ts';

export interface UpstreamCertificate {
  /** PEM or bare base64 DER, as the upstream returns it. */
  text: string;
  issuer: string | null;
  createdAt: Date | null;
  expiresAt: Date | null;
}

export function fromUpstream(certificate: UpstreamCertificate): SsoCertificateShape {
  const parsed = parseCertificate(certificate.text);
  return {
    issuer: parsed?.issuer ?? certificate.issuer,
    createdAt: certificate.createdAt,
    expiresAt: parsed?.notAfter ?? certificate.expiresAt,
    subject: parsed?.subject ?? null,
    fingerprintSha256: parsed?.fingerprintSha256 ?? null,
    notBefore: parsed?.notBefore ?? null,
    use: null,
    source: 'UPSTREAM',
  };
}

export function fromMetadata(certificate: MetadataCertificate, source: Exclude<CertificateSource, 'UPSTREAM'>): SsoCertificateShape {
  return {
    issuer: certificate.issuer,
    createdAt: null,
    expiresAt: certificate.notAfter,
    subject: certificate.subject,
    fingerprintSha256: certificate.fingerprintSha256,
    notBefore: certificate.notBefore,
    use: certificate.use,
    source,
  };
}

/** Certificates an IdP signs with: a KeyDescriptor for encryption only does not sign assertions. */
export function signsAssertions(certificate: SsoCertificateShape): boolean {
  return certificate.use !== 'ENCRYPTION';
}
