/**
 * DatoCMS's side of dry runs: the settings as they are, and as the PUT would leave them. A default
 * role that does not exist is refused here, as DatoCMS would refuse the write.
 */
import { createHash } from 'node:crypto';
import { ValidationError } from '../../graph/errors.ts';
import { changedFields, type PlannedChange } from '../../insight/dry-run.ts';
import type { DatoCmsLoaders } from './loaders.ts';
import type { SsoSettings, SsoSettingsWrite } from './wire.ts';

export async function planSettingsUpdate(loaders: DatoCmsLoaders, write: SsoSettingsWrite): Promise<PlannedChange> {
  const before = await loaders.ssoSettings();
  if (write.defaultRoleId !== undefined && !(await loaders.roleById.load(write.defaultRoleId))) {
    throw new ValidationError(
      'DatoCMS has no role with this id',
      [{ path: ['input', 'defaultRoleId'], message: 'no such role' }],
      'datocms',
    );
  }
  const url = write.idpSamlMetadataUrl === undefined ? before.idpSamlMetadataUrl : (write.idpSamlMetadataUrl?.trim() ?? null);
  const xml = write.idpSamlMetadataXml === undefined ? before.idpSamlMetadataXml : write.idpSamlMetadataXml;
  const after: SsoSettings = {
    ...before,
    idpSamlMetadataUrl: url,
    idpSamlMetadataXml: xml,
    idpMetadataUrl: url,
    idpMetadata: url ? { url } : xml ? { xml } : null,
    status: url || xml ? 'ACTIVE' : 'PENDING',
    defaultRoleId: write.defaultRoleId ?? before.defaultRoleId,
  };
  const changes = changedFields([
    {
      field: 'idpSamlMetadataUrl',
      current: before.idpSamlMetadataUrl,
      proposed: write.idpSamlMetadataUrl === undefined ? undefined : url,
      currentKnown: true,
    },
    {
      field: 'idpSamlMetadataXml',
      current: digest(before.idpSamlMetadataXml),
      proposed: write.idpSamlMetadataXml === undefined ? undefined : digest(xml),
      currentKnown: true,
    },
    { field: 'defaultRoleId', current: before.defaultRoleId, proposed: write.defaultRoleId, currentKnown: true },
  ]);
  return { provider: 'datocms', before, after, changes };
}

/** A document is shown by size and hash: the whole XML in a change list helps no one. */
function digest(xml: string | null): string | null {
  return xml === null ? null : `sha256:${createHash('sha256').update(xml).digest('hex').slice(0, 16)}… (${Buffer.byteLength(xml)} bytes)`;
}
