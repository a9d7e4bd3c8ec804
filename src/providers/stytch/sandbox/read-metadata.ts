/**
 * What Stytch reads when a SAML connection is given a metadata URL: for documents the sandbox IdP
 * serves, the real entity ID, sign-in URL and signing certificates (replacing the old ones, as
 * Stytch does); `undefined` for any other URL, where the simulator keeps deriving them from the URL.
 */
import { randomUUID } from 'node:crypto';
import { signsAssertions } from '../../../insight/certificates.ts';
import { parseSamlMetadata } from '../../../insight/metadata/parse.ts';
import type { SandboxIdp } from '../../../sandbox/idp/server.ts';
import type { DemoCertificate } from './data.ts';

export interface ReadMetadata {
  entityId: string;
  ssoUrl: string;
  certificates: DemoCertificate[];
}

export function readSandboxMetadata(idp: SandboxIdp, url: URL): ReadMetadata | undefined {
  const document = idp.documentAt(url.href);
  if (document === undefined) return undefined;
  const metadata = parseSamlMetadata(document);
  const now = new Date().toISOString();
  return {
    entityId: metadata.entityId,
    ssoUrl: metadata.ssoServices[0]?.location ?? '',
    certificates: metadata.certificates.filter(signsAssertions).map((certificate) => ({
      certificate_id: `saml-verification-key-test-${randomUUID()}`,
      certificate: certificate.pem,
      issuer: certificate.issuer,
      created_at: now,
      expires_at: certificate.notAfter.toISOString(),
      updated_at: now,
    })),
  };
}
