/**
 * Logto in change plans: a SAML connector takes new IdP metadata in its config, as a URL
 * (`metadataUrl`) or a document (`metadata`). Logto replaces the config whole, so the new one keeps
 * every other key (attribute mapping, …) and drops the inline IdP details (`entityId`,
 * `signInEndpoint`, `x509Certificate`), which would otherwise keep the old certificate trusted
 * beside the metadata. A connector whose config holds a secret is skipped: the gateway never reads
 * secrets back, so it could not send the config whole.
 */
import { type ChangePlanner, type ChangeTarget, SKIP_REASONS } from '../../change-plans/planner.ts';
import { NotFoundError } from '../../graph/errors.ts';
import { planUpdate } from './dry-run.ts';
import type { LogtoLoaders } from './loaders.ts';
import type { LogtoSsoConnector } from './wire.ts';

const IDP_KEYS = ['metadataUrl', 'metadata', 'entityId', 'signInEndpoint', 'x509Certificate'];

export const logtoChangePlanner: ChangePlanner<LogtoLoaders> = {
  read: (loaders, key) => loaders.connectorById.load(key),
  plan: async (loaders, connection, target) => {
    const current = await existing(loaders, connection.key);
    if (current.clientSecret !== null) {
      return { kind: 'skip', reason: 'the connector config holds a secret the gateway cannot send back whole' };
    }
    const config = configFor(current, target);
    if (JSON.stringify(config) === JSON.stringify(current.config)) return { kind: 'skip', reason: SKIP_REASONS.unchanged };
    return { kind: 'change', change: await planUpdate(loaders, current.connectorId, { config }) };
  },
  write: async (loaders, connection, target) => {
    const current = await existing(loaders, connection.key);
    await loaders.update(current.connectorId, { config: configFor(current, target) });
  },
};

async function existing(loaders: LogtoLoaders, connectorId: string): Promise<LogtoSsoConnector> {
  const connector = await loaders.connectorById.load(connectorId);
  if (!connector) throw new NotFoundError('Logto no longer has this SSO connector', 'logto');
  return connector;
}

/** The connector's config pointed at the target, every key other than the IdP's kept in place. */
function configFor(connector: LogtoSsoConnector, target: ChangeTarget): Record<string, unknown> {
  const kept = Object.entries(connector.config).filter(([key]) => !IDP_KEYS.includes(key));
  const source = target.metadataUrl !== null ? { metadataUrl: target.metadataUrl } : { metadata: target.metadataXml };
  return { ...source, ...Object.fromEntries(kept) };
}
