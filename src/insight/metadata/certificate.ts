/**
 * Reading the X.509 certificates found in metadata. IdPs paste them in many shapes (bare base64
 * on one line, wrapped at 64 or 76 columns, sometimes with PEM armour), so whitespace and armour
 * are stripped before decoding; anything node cannot read as a certificate gives `null`.
 */
import { X509Certificate } from 'node:crypto';
import { ByteLru, type ByteLruUsage, jsonBytes } from '../../cache/byte-lru.ts';
import type { ParsedCertificate } from './types.ts';

const ARMOUR = /-----(BEGIN|END) CERTIFICATE-----/g;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
const DAY_MS = 86_400_000;

/**
 * Certificates parsed before, by the digest of their base64: parsing one costs about 0.15 ms, and
 * the same certificates come back on every read of every connection (a list of 100 Logto
 * connectors would otherwise parse 100 of them per operation). Callers paste certificates too
 * (`samlMetadata(xml:)`), so the memo is bounded in bytes: about a thousand usual certificates.
 */
const MEMO_MAX_BYTES = 4 * 1024 * 1024;
const parsed = new ByteLru<ParsedCertificate | null>({ maxBytes: MEMO_MAX_BYTES });

export function parseCertificate(text: string): ParsedCertificate | null {
  const base64 = text.replace(ARMOUR, '').replace(/\s+/g, '');
  if (base64 === '' || !BASE64.test(base64)) return null;
  const known = parsed.get(base64);
  if (known !== undefined) return known;
  const result = parseBase64(base64);
  parsed.set(base64, result, jsonBytes(result));
  return result;
}

/** What the memo holds now (tests check it stays within its bound). */
export function certificateMemoUsage(): ByteLruUsage {
  return parsed.usage();
}

function parseBase64(base64: string): ParsedCertificate | null {
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(Buffer.from(base64, 'base64'));
  } catch {
    return null;
  }
  return {
    subject: oneLineName(certificate.subject),
    issuer: oneLineName(certificate.issuer),
    fingerprintSha256: certificate.fingerprint256,
    serialNumber: certificate.serialNumber,
    notBefore: new Date(certificate.validFrom),
    notAfter: new Date(certificate.validTo),
    pem: toPem(certificate.raw),
  };
}

/** Whole days from `now` until `date`, rounded down; negative once `date` has passed. */
export function daysUntil(date: Date, now: Date = new Date()): number {
  return Math.floor((date.getTime() - now.getTime()) / DAY_MS);
}

/**
 * Node lists a name's parts one per line, least specific first (`C=US\nO=Okta\nCN=dev`); the usual
 * one-line form (RFC 4514) puts the most specific first.
 */
function oneLineName(multiline: string): string {
  return multiline
    .split('\n')
    .filter((part) => part !== '')
    .reverse()
    .join(', ');
}

function toPem(der: Buffer): string {
  const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN CERTIFICATE-----\n${lines.join('\n')}\n-----END CERTIFICATE-----\n`;
}
