/** What the gateway reads out of a SAML identity provider's metadata document. */

/** The `use` of a KeyDescriptor; one without `use` may serve both, which we call `ANY`. */
export type CertificateUse = 'SIGNING' | 'ENCRYPTION' | 'ANY';

export interface ParsedCertificate {
  /** One line, most specific first: `CN=idp.example.com, O=Example`. */
  subject: string;
  issuer: string;
  /** Colon-separated upper-case hex, as node's `X509Certificate.fingerprint256`. */
  fingerprintSha256: string;
  /** Upper-case hex, as node gives it. */
  serialNumber: string;
  notBefore: Date;
  notAfter: Date;
  /** The certificate re-encoded as PEM with 64-character lines. */
  pem: string;
}

export interface MetadataCertificate extends ParsedCertificate {
  use: CertificateUse;
}

export interface SamlEndpoint {
  /** A binding URI such as `urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST`. */
  binding: string;
  location: string;
}

export interface SamlMetadata {
  entityId: string;
  ssoServices: SamlEndpoint[];
  sloServices: SamlEndpoint[];
  nameIdFormats: string[];
  /** The IdP's certificates that could be read; unreadable ones are left out, so this may be empty. */
  certificates: MetadataCertificate[];
  /** The earliest `validUntil` of the entity or a descriptor enclosing it. */
  validUntil: Date | null;
}
