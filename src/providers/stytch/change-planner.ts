/**
 * Stytch in change plans: a SAML connection takes new IdP metadata by URL (Stytch fetches it and
 * takes the entity ID, sign-in URL and certificates from it). A connection already trusts the
 * target when those three match what the gateway read from the target; then there is nothing to
 * write, whether the plan names a URL or a document.
 */
import { type ChangePlanner, type ChangeTarget, SKIP_REASONS, signingFingerprints } from '../../change-plans/planner.ts';
import { NotFoundError } from '../../graph/errors.ts';
import { splitKey } from '../../graph/node.ts';
import type { SsoConnectionShape } from '../../graph/sso-connection.ts';
import { planUpdateByUrl } from './dry-run.ts';
import type { StytchLoaders } from './loaders.ts';
import type { StytchSamlConnection } from './model.ts';

export const stytchChangePlanner: ChangePlanner<StytchLoaders> = {
  read: (loaders, key) => samlConnection(loaders, key),
  plan: async (loaders, connection, target, tools) => {
    const current = await samlConnection(loaders, connection.key);
    if (!current) throw new NotFoundError('Stytch no longer has this SAML connection', 'stytch');
    if (trusts(current, target)) return { kind: 'skip', reason: SKIP_REASONS.unchanged };
    if (target.metadataUrl === null) return { kind: 'skip', reason: SKIP_REASONS.urlOnly };
    const ids = { organizationId: current.organizationId, connectionId: current.connectionId };
    const change = await planUpdateByUrl(loaders, tools.metadata, { ...ids, metadataUrl: target.metadataUrl }, tools.signal);
    return { kind: 'change', change };
  },
  write: async (loaders, connection, target) => {
    const [organizationId = '', connectionId = ''] = splitKey(connection.key, 2) ?? [];
    await loaders.updateSamlConnectionByUrl(organizationId, connectionId, target.metadataUrl ?? '');
  },
};

/**
 * Read through the listing, as planning found it: the listing is what attaches each organization's
 * domains to its connections (and what the write sends back), so a read that skipped it would
 * differ from the planned version without anything having changed.
 */
async function samlConnection(loaders: StytchLoaders, key: string): Promise<StytchSamlConnection | null> {
  const connections = await loaders.listConnections();
  const found = connections.find((connection) => connection.key === key && connection.__typename === 'StytchSamlConnection');
  return (found as StytchSamlConnection | undefined) ?? null;
}

function trusts(connection: SsoConnectionShape & StytchSamlConnection, target: ChangeTarget): boolean {
  const fingerprints = connection.certificates.map((certificate) => certificate.fingerprintSha256 ?? '').sort();
  return (
    connection.idpEntityId === target.metadata.entityId &&
    connection.idpSsoUrl === (target.metadata.ssoServices[0]?.location ?? null) &&
    JSON.stringify(fingerprints) === JSON.stringify(signingFingerprints(target.metadata))
  );
}
