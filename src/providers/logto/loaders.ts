/**
 * The per-request Logto data source: DataLoaders for reads, and writes that keep them consistent
 * (a write primes the connector it returns, a delete clears it).
 */

import type { UpstreamCall } from '../../http/upstream-call.ts';
import { nullWhenNotFound } from '../../http/upstream-error.ts';
import { createLoader } from '../create-loader.ts';
import type { LoaderSettings } from '../provider.ts';
import type { ConnectorsPage, LogtoClient } from './client.ts';
import type { ConnectorCreate, ConnectorWrite, LogtoSsoConnector, LogtoSsoConnectorProvider } from './wire.ts';

export type LogtoLoaders = ReturnType<typeof createLogtoLoaders>;

declare module '../provider.ts' {
  interface ProviderLoaders {
    logto: LogtoLoaders;
  }
}

/** The key of loaders for a resource that exists once (the whole list, the catalogue). */
const ALL = 'all';

export function createLogtoLoaders(client: LogtoClient, call: UpstreamCall, settings: LoaderSettings) {
  // Logto has no batch read by id, but its list without page parameters returns every connector:
  // one list call serves a batch of several ids better than one GET each.
  const connectorById = createLoader<string, LogtoSsoConnector | null>(settings, 'logto.connectorById', async (ids) => {
    if (ids.length === 1) return [await client.getConnector(ids[0] ?? '', call).catch(nullWhenNotFound)];
    const all = await client.listConnectors(call);
    const byId = new Map(all.connectors.map((connector) => [connector.connectorId, connector]));
    return ids.map((id) => byId.get(id) ?? null);
  });
  const pages = createLoader<string, ConnectorsPage>(settings, 'logto.connectorPages', (keys) =>
    Promise.all(
      keys.map((key) => {
        const [page, size] = key.split(':').map(Number);
        return client.listConnectors(call, { page: page ?? 1, size: size ?? 20 });
      }),
    ),
  );
  // The whole list and the provider catalogue are one resource each, asked once per request.
  const everything = createLoader<typeof ALL, LogtoSsoConnector[]>(settings, 'logto.allConnectors', (keys) =>
    Promise.all(keys.map(() => client.listConnectors(call).then((result) => primeAll(result.connectors)))),
  );
  const providerCatalogue = createLoader<typeof ALL, LogtoSsoConnectorProvider[]>(settings, 'logto.providers', (keys) =>
    Promise.all(keys.map(() => client.listProviders(call))),
  );
  // Logto has no read of one provider: a batch of names, however long, is one catalogue call.
  const providerByName = createLoader<string, LogtoSsoConnectorProvider | null>(settings, 'logto.providerByName', async (names) => {
    const byName = new Map((await providerCatalogue.load(ALL)).map((provider) => [provider.providerName, provider]));
    return names.map((name) => byName.get(name) ?? null);
  });

  const primeAll = (connectors: LogtoSsoConnector[]) => {
    for (const connector of connectors) connectorById.prime(connector.connectorId, connector);
    return connectors;
  };
  const prime = (connector: LogtoSsoConnector) => {
    everything.clearAll();
    connectorById.clear(connector.connectorId).prime(connector.connectorId, connector);
    return connector;
  };

  return {
    connectorById,
    async listPage(page: number, size: number): Promise<ConnectorsPage> {
      const result = await pages.load(`${page}:${size}`);
      primeAll(result.connectors);
      return result;
    },
    /** Every connector, asked once per request. */
    listAll: () => everything.load(ALL),
    listProviders: () => providerCatalogue.load(ALL),
    providerByName,
    create: async (create: ConnectorCreate) => {
      pages.clearAll();
      return prime(await client.createConnector(create, call));
    },
    update: async (id: string, write: ConnectorWrite) => {
      pages.clearAll();
      return prime(await client.updateConnector(id, write, call));
    },
    delete: async (id: string) => {
      await client.deleteConnector(id, call);
      pages.clearAll();
      everything.clearAll();
      connectorById.clear(id);
    },
  };
}
