/**
 * DatoCMS in change plans: the site's SSO settings take new IdP metadata as a URL or a document.
 * The one given replaces the other (set to null), so DatoCMS is never left holding both.
 */
import { type ChangePlanner, type ChangeTarget, SKIP_REASONS } from '../../change-plans/planner.ts';
import { planSettingsUpdate } from './dry-run.ts';
import type { DatoCmsLoaders } from './loaders.ts';
import type { SsoSettings, SsoSettingsWrite } from './wire.ts';

export const datoCmsChangePlanner: ChangePlanner<DatoCmsLoaders> = {
  read: async (loaders, key) => {
    const settings = await loaders.ssoSettings();
    return settings.key === key ? settings : null;
  },
  plan: async (loaders, _connection, target) => {
    const settings = await loaders.ssoSettings();
    if (trusts(settings, target)) return { kind: 'skip', reason: SKIP_REASONS.unchanged };
    return { kind: 'change', change: await planSettingsUpdate(loaders, writeFor(target)) };
  },
  write: async (loaders, _connection, target) => {
    await loaders.updateSsoSettings(writeFor(target));
  },
};

function writeFor(target: ChangeTarget): SsoSettingsWrite {
  return target.metadataUrl !== null
    ? { idpSamlMetadataUrl: target.metadataUrl, idpSamlMetadataXml: null }
    : { idpSamlMetadataUrl: null, idpSamlMetadataXml: target.metadataXml };
}

function trusts(settings: SsoSettings, target: ChangeTarget): boolean {
  return target.metadataUrl !== null
    ? settings.idpSamlMetadataUrl === target.metadataUrl && !settings.idpSamlMetadataXml
    : settings.idpSamlMetadataXml === target.metadataXml && !settings.idpSamlMetadataUrl;
}
