/**
 * Certificates as the graph shows them, whatever they were read from: an upstream's own
 * certificate records (PEM plus the upstream's dates), or the KeyDescriptors of IdP metadata.
 * Dates from the certificate itself win over an upstream's copy of them, which can be stale.
 */
import type { CertificateSource, SsoCertificateShape } from '../graph/sso-connection.ts';
import { parseCertificate } from './metadata/certificate.ts';
import type { MetadataCertificate, ParsedCertificate } from './metadata/types.ts';

export interface UpstreamCertificate {
  /** PEM or bare base64 DER, as the upstream returns it. */
  text: string;
  issuer: string | null;
  createdAt: Date | null;
  expiresAt: Date | null;
}

/**
 * The certificate's own fields are read from it when first asked for: a listing (`ssoConnections`
 * for ids and providers, say) maps every connection of every provider and would otherwise strip,
 * check and digest each certificate's text on every operation for fields it never selects.
 */
export function fromUpstream(certificate: UpstreamCertificate): SsoCertificateShape {
  let parsed: ParsedCertificate | null | undefined;
  const read = () => {
    if (parsed === undefined) parsed = parseCertificate(certificate.text);
    return parsed;
  };
  return {
    get issuer() {
      return read()?.issuer ?? certificate.issuer;
    },
    createdAt: certificate.createdAt,
    get expiresAt() {
      return read()?.notAfter ?? certificate.expiresAt;
    },
    get subject() {
      return read()?.subject ?? null;
    },
    get fingerprintSha256() {
      return read()?.fingerprintSha256 ?? null;
    },
    get notBefore() {
      return read()?.notBefore ?? null;
    },
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
