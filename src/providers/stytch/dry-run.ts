/**
 * Stytch's side of dry runs. Updating a SAML connection by URL makes Stytch fetch the metadata and
 * take the IdP's entity ID, sign-in URL and certificates from it, so the plan reads the same
 * metadata (through the gateway's SSRF-safe inspector) to show those changes.
 */
import { NotFoundError } from '../../graph/errors.ts';
import { signsAssertions } from '../../insight/certificates.ts';
import { changedFields, type PlannedChange } from '../../insight/dry-run.ts';
import { MetadataError } from '../../insight/metadata/errors.ts';
import type { MetadataInspector } from '../../insight/metadata/inspector.ts';
import type { SamlMetadata } from '../../insight/metadata/types.ts';
import type { StytchLoaders } from './loaders.ts';
import type { StytchSamlConnection } from './model.ts';

export async function planUpdateByUrl(
  loaders: StytchLoaders,
  inspector: MetadataInspector,
  target: { organizationId: string; connectionId: string; metadataUrl: string },
  signal?: AbortSignal,
): Promise<PlannedChange> {
  const before = await loaders.samlConnection(target.organizationId, target.connectionId);
  if (!before) throw new NotFoundError(`Stytch has no SAML connection ${target.connectionId} in this organization`, 'stytch');
  const metadata = await readable(inspector.inspectUrl(target.metadataUrl, signal));
  const after: StytchSamlConnection = { ...before, certificates: [], idpEntityId: null, idpMetadata: { url: target.metadataUrl } };
  const changes = changedFields([
    { field: 'metadataUrl', current: null, proposed: target.metadataUrl, currentKnown: false },
    { field: 'idpEntityId', current: before.idpEntityId, proposed: metadata?.entityId, currentKnown: true },
    { field: 'idpSsoUrl', current: before.idpSsoUrl, proposed: metadata?.ssoServices[0]?.location, currentKnown: true },
    {
      field: 'verificationCertificates',
      current: before.certificates.map((certificate) => certificate.fingerprintSha256),
      proposed: metadata?.certificates.filter(signsAssertions).map((certificate) => certificate.fingerprintSha256),
      currentKnown: true,
    },
  ]);
  return { provider: 'stytch', before, after, changes };
}

/** The metadata, or undefined when it cannot be read: the preview reports that problem itself. */
async function readable(inspection: Promise<SamlMetadata>): Promise<SamlMetadata | undefined> {
  try {
    return await inspection;
  } catch (error) {
    if (error instanceof MetadataError) return undefined;
    throw error;
  }
}
