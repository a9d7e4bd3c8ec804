/**
 * What Logto reads from the IdP when a SAML connector's config is saved: for metadata the sandbox
 * IdP serves (by URL) or a document given inline, its entity ID, sign-in URL and signing
 * certificate, as `providerConfig.identityProvider` then shows them. Other configs keep the
 * simulator's approximation (see `providerConfigOf`).
 */
import { signsAssertions } from '../../../insight/certificates.ts';
import { parseSamlMetadata } from '../../../insight/metadata/parse.ts';
import type { SandboxIdp } from '../../../sandbox/idp/server.ts';

export function idpSnapshotOf(idp: SandboxIdp, config: Record<string, unknown>): Record<string, unknown> | undefined {
  const document =
    typeof config.metadataUrl === 'string'
      ? idp.documentAt(config.metadataUrl)
      : typeof config.metadata === 'string'
        ? config.metadata
        : undefined;
  if (document === undefined) return undefined;
  try {
    const metadata = parseSamlMetadata(document);
    const signing = metadata.certificates.find(signsAssertions);
    return {
      entityId: metadata.entityId,
      signInEndpoint: metadata.ssoServices[0]?.location,
      x509Certificate: signing?.pem.replace(/-----[A-Z ]+-----|\s/g, ''),
    };
  } catch {
    return undefined;
  }
}
