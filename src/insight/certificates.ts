/**
 * Certificates as the graph shows them, whatever they were read from: an upstream's own
 * certificate records (PEM plus the upstream's dates), or the KeyDescriptors of IdP metadata.
 * Dates from the certificate itself win over an upstream's copy of them, which can be stale.
 */
import type { CertificateSource, SsoCertificateShape } from '../graph/sso-connection.ts';
import { parseCertificate } from './metadata/certificate.ts';
import type { CertificateUse, MetadataCertificate, ParsedCertificate } from './metadata/types.ts';

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
 * check and digest each certificate's text on every operation for fields it never selects. A
 * class, because object literals with getters are built on V8's slow path.
 */
class UpstreamCertificateShape implements SsoCertificateShape {
  readonly createdAt: Date | null;
  readonly use = null;
  readonly source = 'UPSTREAM';
  readonly #upstream: UpstreamCertificate;
  #parsed: ParsedCertificate | null | undefined;

  constructor(upstream: UpstreamCertificate) {
    this.#upstream = upstream;
    this.createdAt = upstream.createdAt;
  }

  get issuer(): string | null {
    return this.#read()?.issuer ?? this.#upstream.issuer;
  }

  get expiresAt(): Date | null {
    return this.#read()?.notAfter ?? this.#upstream.expiresAt;
  }

  get subject(): string | null {
    return this.#read()?.subject ?? null;
  }

  get fingerprintSha256(): string | null {
    return this.#read()?.fingerprintSha256 ?? null;
  }

  get notBefore(): Date | null {
    return this.#read()?.notBefore ?? null;
  }

  #read(): ParsedCertificate | null {
    if (this.#parsed === undefined) this.#parsed = parseCertificate(this.#upstream.text);
    return this.#parsed;
  }
}

export function fromUpstream(certificate: UpstreamCertificate): SsoCertificateShape {
  return new UpstreamCertificateShape(certificate);
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
export function signsAssertions(certificate: { readonly use: CertificateUse | null }): boolean {
  return certificate.use !== 'ENCRYPTION';
}
