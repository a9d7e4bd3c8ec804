/**
 * The per-request Logto data source: DataLoaders for reads, and writes that keep them consistent
 * (a write primes the connector it returns, a delete clears it).
 */
import DataLoader from 'dataloader';
import { nullWhenNotFound } from '../../http/upstream-error.ts';
import type { UpstreamCall } from '../provider.ts';
import type { ConnectorsPage, LogtoClient } from './client.ts';
import type { ConnectorCreate, ConnectorWrite, LogtoSsoConnector, LogtoSsoConnectorProvider } from './wire.ts';

export type LogtoLoaders = ReturnType<typeof createLogtoLoaders>;

export function createLogtoLoaders(client: LogtoClient, call: UpstreamCall) {
  // Logto has no batch read by id, but its list without page parameters returns every connector:
  // one list call serves a batch of several ids better than one GET each.
  const connectorById = new DataLoader<string, LogtoSsoConnector | null>(
    async (ids) => {
      if (ids.length === 1) return [await client.getConnector(ids[0] ?? '', call).catch(nullWhenNotFound)];
      const all = await client.listConnectors(call);
      const byId = new Map(all.connectors.map((connector) => [connector.connectorId, connector]));
      return ids.map((id) => byId.get(id) ?? null);
    },
    { name: 'logto.connectorById' },
  );
  const pages = new DataLoader<string, ConnectorsPage>(
    (keys) =>
      Promise.all(
        keys.map((key) => {
          const [page, size] = key.split(':').map(Number);
          return client.listConnectors(call, { page: page ?? 1, size: size ?? 20 });
        }),
      ),
    { name: 'logto.connectorPages' },
  );
  let all: Promise<LogtoSsoConnector[]> | undefined;
  let providers: Promise<LogtoSsoConnectorProvider[]> | undefined;

  const primeAll = (connectors: LogtoSsoConnector[]) => {
    for (const connector of connectors) connectorById.prime(connector.connectorId, connector);
    return connectors;
  };
  const prime = (connector: LogtoSsoConnector) => {
    all = undefined;
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
    listAll(): Promise<LogtoSsoConnector[]> {
      all ??= client.listConnectors(call).then((result) => primeAll(result.connectors));
      return all;
    },
    listProviders(): Promise<LogtoSsoConnectorProvider[]> {
      providers ??= client.listProviders(call);
      return providers;
    },
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
      all = undefined;
      connectorById.clear(id);
    },
  };
}
