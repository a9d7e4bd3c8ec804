/**
 * Vantage's side of dry runs. Vantage cannot read an SSO connection back, so the current metadata
 * URL and extra domains are unknown (`currentKnown: false`); the account's own e-mail domain is.
 */
import { NotFoundError } from '../../graph/errors.ts';
import { changedFields, type PlannedChange } from '../../insight/dry-run.ts';
import type { VantageLoaders } from './loaders.ts';
import { type ManagedAccount, toVantageSsoConnection } from './wire.ts';

export interface SsoWrite {
  samlMetadataUrl?: string | undefined;
  additionalDomains?: string[] | undefined;
}

export async function planSsoWrite(loaders: VantageLoaders, token: string, write: SsoWrite): Promise<PlannedChange> {
  const before = toVantageSsoConnection(await existing(loaders, token));
  const after = {
    ...before,
    idpMetadata: write.samlMetadataUrl ? { url: write.samlMetadataUrl } : before.idpMetadata,
    domains: [...new Set([...before.domains, ...(write.additionalDomains ?? [])])],
  };
  const changes = changedFields([
    { field: 'samlMetadataUrl', current: null, proposed: write.samlMetadataUrl, currentKnown: false },
    { field: 'additionalDomains', current: null, proposed: write.additionalDomains, currentKnown: false },
  ]);
  return { provider: 'vantage', before, after, changes };
}

export async function planSsoDelete(loaders: VantageLoaders, token: string): Promise<PlannedChange> {
  const before = toVantageSsoConnection(await existing(loaders, token));
  return {
    provider: 'vantage',
    before,
    after: null,
    changes: [{ field: 'ssoConnection', current: null, proposed: null, currentKnown: false }],
  };
}

async function existing(loaders: VantageLoaders, token: string): Promise<ManagedAccount> {
  const account = await loaders.managedAccountByToken.load(token);
  if (!account) throw new NotFoundError(`Vantage has no managed account ${token}`, 'vantage');
  return account;
}
