/**
 * The per-request PandaStack data source: one DataLoader per endpoint keyed by organization id,
 * and writes that clear (and, where the write answered with the configuration, prime) them.
 */

import type { UpstreamCall } from '../../http/upstream-call.ts';
import { asLoaderError, nullWhenNotFound } from '../../http/upstream-error.ts';
import { createLoader } from '../create-loader.ts';
import type { LoaderSettings } from '../provider.ts';
import type { PandaStackClient } from './client.ts';
import type { PandaStackSso, SsoWrite } from './wire.ts';

export type PandaStackLoaders = ReturnType<typeof createPandaStackLoaders>;

declare module '../provider.ts' {
  interface ProviderLoaders {
    pandastack: PandaStackLoaders;
  }
}

export function createPandaStackLoaders(client: PandaStackClient, call: UpstreamCall, settings: LoaderSettings) {
  // PandaStack has no batch read across organizations: a batch becomes one call per organization,
  // and repeated lookups of one organization in an operation share that call.
  const configurationsByOrganization = createLoader<string, PandaStackSso[]>(
    settings,
    'pandastack.configurationsByOrganization',
    (organizationIds) => Promise.all(organizationIds.map((id) => client.listConfigurations(id, call).catch(asLoaderError))),
  );
  const singleByOrganization = createLoader<string, PandaStackSso | null>(settings, 'pandastack.singleByOrganization', (organizationIds) =>
    Promise.all(organizationIds.map((id) => client.getConfiguration(id, call).catch(nullWhenNotFound))),
  );

  const afterWrite = (organizationId: string, written: PandaStackSso | null) => {
    configurationsByOrganization.clear(organizationId);
    singleByOrganization.clear(organizationId);
    if (written) singleByOrganization.prime(organizationId, written);
    return written;
  };

  return {
    defaultOrganizationId: client.defaultOrganizationId,
    configurationsByOrganization,
    singleByOrganization,
    /** A node id names one configuration of an organization: `default` is one without an id. */
    async bySsoId(organizationId: string, ssoId: string): Promise<PandaStackSso | null> {
      const single = await singleByOrganization.load(organizationId);
      if (single && (single.ssoId ?? 'default') === ssoId) return single;
      if (ssoId === 'default') return null;
      const all = await configurationsByOrganization.load(organizationId);
      return all.find((sso) => sso.ssoId === ssoId) ?? null;
    },
    create: async (organizationId: string, write: SsoWrite) =>
      afterWrite(organizationId, await client.createConfiguration(organizationId, write, call)),
    update: async (organizationId: string, write: SsoWrite) =>
      afterWrite(organizationId, await client.updateConfiguration(organizationId, write, call)),
    delete: async (organizationId: string) => {
      await client.deleteConfiguration(organizationId, call);
      afterWrite(organizationId, null);
    },
  };
}
