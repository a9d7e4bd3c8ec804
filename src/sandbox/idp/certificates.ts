/**
 * Self-signed X.509 certificates for the sandbox IdP's metadata documents and for tests: real
 * certificates (node and OpenSSL read and verify them), with the subject, validity and serial
 * number a scenario needs, such as one that expired yesterday or one that starts next month.
 */
import { generateKeyPairSync, type KeyObject, randomBytes, sign } from 'node:crypto';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import {
  AlgorithmIdentifier,
  AttributeTypeAndValue,
  AttributeValue,
  BasicConstraints,
  Certificate,
  Extension,
  Extensions,
  id_ce_basicConstraints,
  Name,
  RelativeDistinguishedName,
  SubjectPublicKeyInfo,
  TBSCertificate,
  Validity,
  Version,
} from '@peculiar/asn1-x509';

export interface CertificateRequest {
  subject: { commonName: string; organization?: string };
  notBefore: Date;
  notAfter: Date;
  /** Positive; a random 127-bit number when absent. */
  serialNumber?: bigint | number;
}

export interface IssuedCertificate {
  pem: string;
  /** The DER bytes in base64 on one line, as metadata documents carry them. */
  base64: string;
}

const SHA256_WITH_RSA = '1.2.840.113549.1.1.11';
const COMMON_NAME = '2.5.4.3';
const ORGANIZATION = '2.5.4.10';

export function issueCertificate(request: CertificateRequest): IssuedCertificate {
  const { publicKey, privateKey } = sandboxKeyPair();
  const name = distinguishedName(request.subject);
  const algorithm = new AlgorithmIdentifier({ algorithm: SHA256_WITH_RSA, parameters: null });
  const tbsCertificate = new TBSCertificate({
    version: Version.v3,
    serialNumber: serialBytes(request.serialNumber),
    signature: algorithm,
    issuer: name,
    validity: new Validity({ notBefore: request.notBefore, notAfter: request.notAfter }),
    subject: name,
    subjectPublicKeyInfo: AsnConvert.parse(publicKey.export({ type: 'spki', format: 'der' }), SubjectPublicKeyInfo),
    extensions: new Extensions([
      new Extension({
        extnID: id_ce_basicConstraints,
        critical: true,
        extnValue: new OctetString(AsnConvert.serialize(new BasicConstraints({ cA: false }))),
      }),
    ]),
  });
  const signature = sign('sha256', Buffer.from(AsnConvert.serialize(tbsCertificate)), privateKey);
  const der = AsnConvert.serialize(
    new Certificate({ tbsCertificate, signatureAlgorithm: algorithm, signatureValue: exactArrayBuffer(signature) }),
  );
  const base64 = Buffer.from(der).toString('base64');
  return { pem: `-----BEGIN CERTIFICATE-----\n${base64.match(/.{1,64}/g)?.join('\n')}\n-----END CERTIFICATE-----\n`, base64 };
}

/** The public key every sandbox certificate carries, for verifying signatures in tests. */
export function sandboxPublicKey(): KeyObject {
  return sandboxKeyPair().publicKey;
}

let keyPair: { publicKey: KeyObject; privateKey: KeyObject } | undefined;

/**
 * One RSA-2048 key pair for the whole process, made on first use. Generating one costs about
 * 150 ms, and a test run issues dozens of certificates; what scenarios vary is subject and
 * validity, never the key, and nothing here signs anything a real party trusts.
 */
function sandboxKeyPair(): { publicKey: KeyObject; privateKey: KeyObject } {
  keyPair ??= generateKeyPairSync('rsa', { modulusLength: 2048 });
  return keyPair;
}

function distinguishedName(subject: CertificateRequest['subject']): Name {
  const parts: Array<[string, string]> = [];
  if (subject.organization !== undefined) parts.push([ORGANIZATION, subject.organization]);
  parts.push([COMMON_NAME, subject.commonName]);
  return new Name(
    parts.map(
      ([type, value]) =>
        new RelativeDistinguishedName([new AttributeTypeAndValue({ type, value: new AttributeValue({ utf8String: value }) })]),
    ),
  );
}

/** DER INTEGER content: big-endian, and a leading zero byte where the top bit would read as a sign. */
function serialBytes(serial: bigint | number | undefined): ArrayBuffer {
  if (serial === undefined) {
    const random = randomBytes(16);
    random[0] = ((random[0] ?? 0) & 0x7f) | 0x01;
    return exactArrayBuffer(random);
  }
  const value = BigInt(serial);
  if (value <= 0n) throw new RangeError('serialNumber must be positive');
  let hex = value.toString(16);
  if (hex.length % 2 === 1) hex = `0${hex}`;
  if (Number.parseInt(hex.slice(0, 2), 16) >= 0x80) hex = `00${hex}`;
  return exactArrayBuffer(Buffer.from(hex, 'hex'));
}

/** A small Buffer may be a view into a larger shared pool; hand asn1 only its own bytes. */
function exactArrayBuffer(bytes: Buffer): ArrayBuffer {
  return new Uint8Array(bytes).buffer;
}
