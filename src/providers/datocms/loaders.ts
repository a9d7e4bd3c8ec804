/**
 * The per-request DatoCMS data source: DataLoaders for the SSO settings and roles, and the one
 * write, which primes the settings it returns.
 */

import type { UpstreamCall } from '../../http/upstream-call.ts';
import { nullWhenNotFound } from '../../http/upstream-error.ts';
import { createLoader } from '../create-loader.ts';
import type { LoaderSettings } from '../provider.ts';
import type { DatoCmsClient } from './client.ts';
import type { Role, SsoSettings, SsoSettingsWrite } from './wire.ts';

export type DatoCmsLoaders = ReturnType<typeof createDatoCmsLoaders>;

declare module '../provider.ts' {
  interface ProviderLoaders {
    datocms: DatoCmsLoaders;
  }
}

/** The project has exactly one SSO settings resource; this is its loader key. */
const SETTINGS = 'current';

export function createDatoCmsLoaders(client: DatoCmsClient, call: UpstreamCall, settings: LoaderSettings) {
  const ssoSettings = createLoader<typeof SETTINGS, SsoSettings>(settings, 'datocms.ssoSettings', (keys) =>
    Promise.all(keys.map(() => client.getSsoSettings(call))),
  );

  // `/roles` is not paged, so the whole list is one call, shared by everything in the request.
  const roleList = createLoader<typeof SETTINGS, Role[]>(settings, 'datocms.roleList', (keys) =>
    Promise.all(keys.map(() => client.listRoles(call))),
  );
  let listRequested = false;
  const allRoles = async (): Promise<Role[]> => {
    listRequested = true;
    const roles = await roleList.load(SETTINGS);
    for (const role of roles) roleById.prime(role.roleId, role);
    return roles;
  };

  // One id costs one `GET /roles/:id`; two or more (or any id once the list is on its way) cost the
  // single `GET /roles`, which is cheaper than parallel reads against a 60-per-3-s limit.
  const roleById = createLoader<string, Role | null>(settings, 'datocms.roleById', async (ids) => {
    if (ids.length === 1 && !listRequested) {
      return [await client.getRole(ids[0] as string, call).catch(nullWhenNotFound)];
    }
    const byId = new Map((await allRoles()).map((role) => [role.roleId, role]));
    return ids.map((id) => byId.get(id) ?? null);
  });

  return {
    ssoSettings: () => ssoSettings.load(SETTINGS),
    allRoles,
    roleById,
    async updateSsoSettings(write: SsoSettingsWrite): Promise<SsoSettings> {
      const settings = await client.updateSsoSettings(write, call);
      ssoSettings.clear(SETTINGS).prime(SETTINGS, settings);
      return settings;
    },
  };
}
