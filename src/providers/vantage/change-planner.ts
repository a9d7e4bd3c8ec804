/**
 * Vantage in change plans: its SSO connection takes new IdP metadata only as a URL (a PUT of
 * `saml_metadata_url`), and since Vantage never returns the connection, whether it already trusts
 * the target cannot be read: a URL plan always writes, and the conflict check sees only the
 * account's own e-mail domain.
 */
import { type ChangePlanner, SKIP_REASONS } from '../../change-plans/planner.ts';
import { planSsoWrite } from './dry-run.ts';
import type { VantageLoaders } from './loaders.ts';
import { toVantageSsoConnection } from './wire.ts';

export const vantageChangePlanner: ChangePlanner<VantageLoaders> = {
  read: async (loaders, key) => {
    const account = await loaders.managedAccountByToken.load(key);
    return account ? toVantageSsoConnection(account) : null;
  },
  plan: async (loaders, connection, target) => {
    if (target.metadataUrl === null) return { kind: 'skip', reason: SKIP_REASONS.urlOnly };
    const change = await planSsoWrite(loaders, connection.key, { samlMetadataUrl: target.metadataUrl });
    return { kind: 'change', change };
  },
  write: async (loaders, connection, target) => {
    await loaders.updateSso(connection.key, { samlMetadataUrl: target.metadataUrl ?? undefined });
  },
};
