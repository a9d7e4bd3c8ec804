/**
 * What the peers are sent for each scenario, and how a correct answer looks. The Apollo peer's
 * schema has the gateway's field names, so it and the Yoga peer (the same schema, resolvers and
 * data sources on bare graphql-yoga) get the gateway's own documents and checks; the
 * Mesh peer's fields are named after the OpenAPI operations, so it gets documents that make the
 * same upstream reads and return the same objects. A scenario a peer cannot express has a reason.
 */
import { aliases, checkAliases, DEDUP_CONNECTION, get, noErrors, type Scenario, SINGLE_ACCOUNT, scenario } from '../scenarios.ts';

export type PeerVariant = 'apollo' | 'yoga' | 'mesh';
/** The peers with the Apollo peer's schema: they run the gateway's own documents. */
export const SAME_SCHEMA_PEERS: readonly PeerVariant[] = ['apollo', 'yoga'];
export const PEERS: Record<PeerVariant, string> = {
  apollo:
    'Apollo Server 5 (standalone) with @apollo/datasource-rest: a hand-written schema with the gateway’s field names, one RESTDataSource per provider created per request (GETs de-duplicated within a request, its default), Apollo’s defaults otherwise',
  yoga: 'graphql-yoga 5 on node:http with its defaults (createSchema + createYoga, logging and GraphiQL off), serving exactly the Apollo peer’s typeDefs, resolvers and per-request data sources: a reference for what the same resolvers cost on the server the gateway is built on, not a goal',
  mesh: 'GraphQL Mesh: Mesh Compose over small OpenAPI documents of the simulators’ endpoints (bench/peers/mesh/openapi/), composed at start and served by the Hive Gateway runtime on node:http with its defaults',
};

/** The peers in the order they are started and run. */
export const PEER_VARIANTS = Object.keys(PEERS) as PeerVariant[];
export const isPeer = (variant: string): variant is PeerVariant => variant in PEERS;

export interface PeerDocument {
  query: string;
  check: (body: unknown) => string | undefined;
}

/** Scenarios a peer does not run, and why. */
export const PEER_GAPS: Record<PeerVariant, Partial<Record<Scenario['name'], string>>> = {
  apollo: { mutation: 'the peers are read-only', replicas: 'a gateway feature' },
  yoga: { mutation: 'the peers are read-only', replicas: 'a gateway feature' },
  mesh: {
    nplus1:
      'Mesh over OpenAPI has no way to join a connector to its catalogue entry without hand-written resolvers (its defaults expose the two endpoints as two unrelated root fields)',
    mutation: 'the peers are read-only',
    replicas: 'a gateway feature',
  },
};

function meshFanout(env: Record<string, string>): PeerDocument {
  const organizations = (env.STYTCH_ORGANIZATION_IDS ?? '').split(',').filter(Boolean);
  const stytch = organizations.map(
    (id, index) =>
      `s${index}: stytch_sso_connections(organization_id: "${id}") { saml_connections { connection_id } oidc_connections { connection_id } }`,
  );
  const query = `{ vantage_managed_accounts(page: 1, limit: 1000) { managed_accounts { token } } datocms_sso_settings { data { id } } ${stytch.join(' ')} logto_sso_connectors { id } pandastack_sso_configurations(organization_id: "${env.PANDASTACK_ORGANIZATION_ID ?? ''}") { data { id } } }`;
  const roots = [
    'vantage_managed_accounts',
    'datocms_sso_settings',
    ...organizations.map((_, index) => `s${index}`),
    'logto_sso_connectors',
    'pandastack_sso_configurations',
  ];
  return {
    query,
    check: (body) => {
      const missing = roots.find((root) => !get(body, 'data', root));
      return noErrors(body) ?? (missing ? `no answer for ${missing}` : undefined);
    },
  };
}

export function peerDocument(peer: PeerVariant, name: Scenario['name'], env: Record<string, string>): PeerDocument | undefined {
  if (PEER_GAPS[peer][name]) return undefined;
  if (SAME_SCHEMA_PEERS.includes(peer)) return scenario(name);
  switch (name) {
    case 'single':
      return {
        query: `{ vantage_managed_account(token: "${SINGLE_ACCOUNT}") { name } }`,
        check: (body) => noErrors(body) ?? (get(body, 'data', 'vantage_managed_account', 'name') ? undefined : 'no account name'),
      };
    case 'fanout':
      return meshFanout(env);
    case 'dedup':
      return {
        query: aliases(
          `stytch_sso_connections(organization_id: "${DEDUP_CONNECTION.organizationId}") { saml_connections { connection_id status idp_sso_url acs_url verification_certificates { certificate_id } } }`,
        ),
        check: (body) =>
          checkAliases(body, (alias) => {
            const list = get(alias, 'saml_connections');
            return Array.isArray(list)
              ? list.map((item) => get(item, 'connection_id')).find((id) => id === DEDUP_CONNECTION.connectionId)
              : undefined;
          }),
      };
    default:
      return undefined;
  }
}
