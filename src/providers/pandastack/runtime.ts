/**
 * What a running gateway needs of PandaStack: its client, its per-request loaders and its listing.
 * Importing this file registers the provider's GraphQL types (graph.ts); the module in index.ts
 * loads it only when a gateway starts.
 */
import type { ProviderRuntimeParts } from '../provider.ts';
import { PandaStackClient } from './client.ts';
import type { PandaStackSettings } from './config.ts';
import './graph.ts';
import { createPandaStackLoaders, type PandaStackLoaders } from './loaders.ts';

export const pandastackRuntime: ProviderRuntimeParts<PandaStackSettings, PandaStackClient, PandaStackLoaders> = {
  createClient: (settings, deps) => new PandaStackClient(settings, deps),
  createLoaders: createPandaStackLoaders,
  listSsoConnections: (loaders) => {
    // Every PandaStack call is scoped to one organization and there is no call that lists the
    // organizations a key can reach, so without PANDASTACK_ORGANIZATION_ID there is nothing to list.
    if (!loaders.defaultOrganizationId) return Promise.resolve([]);
    return loaders.configurationsByOrganization.load(loaders.defaultOrganizationId);
  },
};
