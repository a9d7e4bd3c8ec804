/**
 * The Apollo peer's schema, written by hand for the fields the bench's documents ask for, with the
 * gateway's field names and shapes so that the very same documents run against both. Resolvers
 * read through the request's data sources; `connectorProvider` asks per connector, as an Apollo
 * user writes it (the data source's per-request GET de-duplication is what keeps that to one call).
 */
import type { DatoCmsAPI, LogtoAPI, LogtoConnector, PandaStackAPI, StytchAPI, StytchConnection, VantageAPI } from './data-sources.ts';

export interface PeerContext {
  dataSources: { vantage: VantageAPI; datocms: DatoCmsAPI; stytch: StytchAPI; logto: LogtoAPI; pandastack: PandaStackAPI };
  stytchOrganizationIds: string[];
  pandaStackOrganizationId: string;
}

export const typeDefs = `#graphql
  enum SsoProvider { VANTAGE DATOCMS STYTCH LOGTO PANDASTACK }
  type Query {
    vantageManagedAccount(token: String!): VantageManagedAccount
    ssoConnections: SsoConnectionList!
    stytchSamlConnection(organizationId: String!, connectionId: String!): StytchSamlConnection
    logtoSsoConnectors(first: Int): LogtoSsoConnectorConnection
  }
  type VantageManagedAccount { token: String! name: String }
  type SsoConnection { id: ID! provider: SsoProvider! }
  type ProviderFailure { provider: SsoProvider! code: String! message: String! }
  type SsoConnectionList { nodes: [SsoConnection!]! failures: [ProviderFailure!]! }
  type StytchX509Certificate { certificateId: String }
  type StytchSamlConnection {
    organizationId: String!
    connectionId: String!
    stytchStatus: String
    idpSsoUrl: String
    acsUrl: String
    audienceUri: String
    identityProvider: String
    verificationCertificates: [StytchX509Certificate!]!
  }
  type LogtoSsoConnectorProvider { providerType: String! description: String! }
  type LogtoSsoConnector { connectorId: String! connectorName: String! domains: [String!]! connectorProvider: LogtoSsoConnectorProvider }
  type LogtoSsoConnectorEdge { node: LogtoSsoConnector! }
  type LogtoSsoConnectorConnection { edges: [LogtoSsoConnectorEdge!]! }
`;

interface Node {
  id: string;
  provider: string;
}
/** The gateway's global ids: base64 of `Type:key`, so both answer the same ids. */
const node = (provider: string, type: string, key: string): Node => ({ provider, id: Buffer.from(`${type}:${key}`).toString('base64') });

async function listed(provider: string, list: () => Promise<Node[]>) {
  try {
    return { nodes: await list(), failures: [] };
  } catch (error) {
    return { nodes: [], failures: [{ provider, code: 'UPSTREAM_UNAVAILABLE', message: String(error) }] };
  }
}

async function ssoConnections(context: PeerContext) {
  const { vantage, datocms, stytch, logto, pandastack } = context.dataSources;
  const stytchNodes = async () => {
    const organizations = await Promise.all(context.stytchOrganizationIds.map((id) => stytch.connections(id)));
    return organizations.flatMap((sso) => [
      ...sso.saml_connections.map((c) => node('STYTCH', 'StytchSamlConnection', `${c.organization_id}:${c.connection_id}`)),
      ...sso.oidc_connections.map((c) => node('STYTCH', 'StytchOidcConnection', `${c.organization_id}:${c.connection_id}`)),
    ]);
  };
  const results = await Promise.all([
    listed('VANTAGE', async () => (await vantage.accounts()).managed_accounts.map((a) => node('VANTAGE', 'VantageSsoConnection', a.token))),
    listed('DATOCMS', async () => [node('DATOCMS', 'DatoCmsSsoSettings', (await datocms.ssoSettings()).data.id)]),
    listed('STYTCH', stytchNodes),
    listed('LOGTO', async () => (await logto.connectors()).map((c) => node('LOGTO', 'LogtoSsoConnector', c.id))),
    listed('PANDASTACK', async () =>
      (await pandastack.configurations()).data.map((c) =>
        node('PANDASTACK', 'PandaStackSso', `${context.pandaStackOrganizationId}:${c.id}`),
      ),
    ),
  ]);
  return { nodes: results.flatMap((r) => r.nodes), failures: results.flatMap((r) => r.failures) };
}

const saml = (c: StytchConnection) => ({
  organizationId: c.organization_id,
  connectionId: c.connection_id,
  stytchStatus: c.status,
  idpSsoUrl: c.idp_sso_url ?? null,
  acsUrl: c.acs_url ?? null,
  audienceUri: c.audience_uri ?? null,
  identityProvider: c.identity_provider ?? null,
  verificationCertificates: (c.verification_certificates ?? []).map((v) => ({ certificateId: v.certificate_id ?? v.id ?? null })),
});

export const resolvers = {
  Query: {
    vantageManagedAccount: (_: unknown, args: { token: string }, context: PeerContext) => context.dataSources.vantage.account(args.token),
    ssoConnections: (_: unknown, _args: unknown, context: PeerContext) => ssoConnections(context),
    stytchSamlConnection: async (_: unknown, args: { organizationId: string; connectionId: string }, context: PeerContext) => {
      const sso = await context.dataSources.stytch.connections(args.organizationId);
      const found = sso.saml_connections.find((c) => c.connection_id === args.connectionId);
      return found ? saml(found) : null;
    },
    logtoSsoConnectors: async (_: unknown, args: { first?: number | null }, context: PeerContext) => ({
      edges: (await context.dataSources.logto.connectors(args.first ?? 20)).map((connector) => ({ node: connector })),
    }),
  },
  LogtoSsoConnector: {
    connectorId: (connector: LogtoConnector) => connector.id,
    connectorProvider: async (connector: LogtoConnector, _: unknown, context: PeerContext) =>
      (await context.dataSources.logto.providers()).find((p) => p.providerName === connector.providerName) ?? null,
  },
};
