/**
 * The per-request Vantage data source: DataLoaders for reads, and writes that keep those loaders
 * consistent (a write primes the account it returns).
 */

import type { UpstreamCall } from '../../http/upstream-call.ts';
import { nullWhenNotFound } from '../../http/upstream-error.ts';
import { createLoader } from '../create-loader.ts';
import type { LoaderSettings } from '../provider.ts';
import type { ManagedAccountsPage, VantageClient } from './client.ts';
import type { ManagedAccount, SsoConnectionWrite } from './wire.ts';

export type VantageLoaders = ReturnType<typeof createVantageLoaders>;

declare module '../provider.ts' {
  interface ProviderLoaders {
    vantage: VantageLoaders;
  }
}

export function createVantageLoaders(client: VantageClient, call: UpstreamCall, settings: LoaderSettings) {
  // Vantage has no batch read by token, so a batch becomes parallel GETs; DataLoader still
  // collapses repeated tokens in one operation into one call.
  const managedAccountByToken = createLoader<string, ManagedAccount | null>(settings, 'vantage.managedAccountByToken', (tokens) =>
    Promise.all(tokens.map((token) => client.getManagedAccount(token, call).catch(nullWhenNotFound))),
  );
  const pages = createLoader<string, ManagedAccountsPage>(settings, 'vantage.managedAccountPages', (keys) =>
    Promise.all(
      keys.map((key) => {
        const [page, limit] = key.split(':').map(Number);
        return client.listManagedAccounts(page ?? 1, limit ?? 100, call);
      }),
    ),
  );

  const prime = (account: ManagedAccount) => {
    managedAccountByToken.clear(account.token).prime(account.token, account);
    return account;
  };

  return {
    managedAccountByToken,
    async listPage(page: number, limit: number): Promise<ManagedAccountsPage> {
      const result = await pages.load(`${page}:${limit}`);
      for (const account of result.accounts) managedAccountByToken.prime(account.token, account);
      return result;
    },
    createSso: async (token: string, write: SsoConnectionWrite & { samlMetadataUrl: string }) =>
      prime(await client.createSsoConnection(token, write, call)),
    updateSso: async (token: string, write: SsoConnectionWrite) => prime(await client.updateSsoConnection(token, write, call)),
    deleteSso: async (token: string) => {
      await client.deleteSsoConnection(token, call);
      managedAccountByToken.clear(token);
    },
  };
}
