/** The GraphQL operations the bench sends, and how a correct answer looks. */
import { ACME_ORGANIZATION_ID, ACME_SAML_ID } from '../src/providers/stytch/sandbox/data.ts';
import { MUTATED_CONNECTOR, SINGLE_ACCOUNT } from './direct.ts';

export { SINGLE_ACCOUNT };

export interface Scenario {
  name: 'single' | 'fanout' | 'dedup' | 'mutation' | 'nplus1' | 'replicas';
  description: string;
  query: string;
  /** A reason the answer is not the expected success, or `undefined`. */
  check: (body: unknown) => string | undefined;
}

export const get = (value: unknown, ...keys: string[]): unknown =>
  keys.reduce<unknown>(
    (current, key) => (typeof current === 'object' && current !== null ? (current as Record<string, unknown>)[key] : undefined),
    value,
  );

export const noErrors = (body: unknown): string | undefined => {
  const errors = get(body, 'errors');
  return Array.isArray(errors) && errors.length > 0 ? `errors: ${JSON.stringify(errors).slice(0, 200)}` : undefined;
};

const FANOUT_QUERY = '{ ssoConnections { nodes { id provider } failures { provider } } }';

function checkFanout(body: unknown): string | undefined {
  const failures = get(body, 'data', 'ssoConnections', 'failures');
  const nodes = get(body, 'data', 'ssoConnections', 'nodes');
  if (noErrors(body)) return noErrors(body);
  if (!Array.isArray(failures) || failures.length > 0) return `failures: ${JSON.stringify(failures)}`;
  const seen = new Set(Array.isArray(nodes) ? nodes.map((node) => get(node, 'provider')) : []);
  return seen.size === 5 ? undefined : `nodes from ${seen.size} providers, expected 5`;
}

/** Aliases of the dedup scenario: the gateway's default alias limit (GATEWAY_MAX_ALIASES). */
export const DEDUP_ALIASES = 15;
/** The Stytch SAML connection the dedup scenario reads under every alias (a demo connection). */
export const DEDUP_CONNECTION = { organizationId: ACME_ORGANIZATION_ID, connectionId: ACME_SAML_ID };
/** The fields each alias asks for, in the gateway's names. */
const DEDUP_FIELDS = 'connectionId stytchStatus idpSsoUrl acsUrl verificationCertificates { certificateId }';
/** A document reading `field` under each of the dedup scenario's aliases. */
export const aliases = (field: string) => `{ ${Array.from({ length: DEDUP_ALIASES }, (_, index) => `a${index}: ${field}`).join(' ')} }`;

/** A reason an answer lacks one of the dedup aliases' connection, or `undefined`. */
export function checkAliases(body: unknown, connection: (alias: unknown) => unknown): string | undefined {
  if (noErrors(body)) return noErrors(body);
  const data = get(body, 'data');
  for (let index = 0; index < DEDUP_ALIASES; index += 1)
    if (connection(get(data, `a${index}`)) !== DEDUP_CONNECTION.connectionId) return `alias a${index} lacks the connection`;
  return undefined;
}

/** Connectors the nplus1 list holds (the simulators' process seeds Logto with them before the run). */
export const NPLUS1_ITEMS = 100;

export const SCENARIOS: Scenario[] = [
  {
    name: 'single',
    description: 'one provider, one object (Vantage managed account)',
    query: `{ vantageManagedAccount(token: "${SINGLE_ACCOUNT}") { name } }`,
    check: (body) => noErrors(body) ?? (get(body, 'data', 'vantageManagedAccount', 'name') ? undefined : 'no account name'),
  },
  {
    name: 'fanout',
    description: 'ssoConnections across all five providers',
    query: FANOUT_QUERY,
    check: checkFanout,
  },
  {
    name: 'dedup',
    description: `${DEDUP_ALIASES} aliases of one Stytch SAML connection (one upstream read when de-duplicated)`,
    query: aliases(
      `stytchSamlConnection(organizationId: "${DEDUP_CONNECTION.organizationId}", connectionId: "${DEDUP_CONNECTION.connectionId}") { ${DEDUP_FIELDS} }`,
    ),
    check: (body) => checkAliases(body, (alias) => get(alias, 'connectionId')),
  },
  {
    name: 'mutation',
    description: 'Logto connector update, same valid input every time',
    query: `mutation { updateLogtoSsoConnector(input: { connectorId: "${MUTATED_CONNECTOR}", syncProfile: true }) { __typename } }`,
    check: (body) => {
      const typename = get(body, 'data', 'updateLogtoSsoConnector', '__typename');
      return noErrors(body) ?? (typename === 'UpdateLogtoSsoConnectorPayload' ? undefined : `answered ${String(typename)}`);
    },
  },
  {
    name: 'nplus1',
    description: `logtoSsoConnectors(first: ${NPLUS1_ITEMS}), each with its entry in Logto's provider catalogue`,
    query: `{ logtoSsoConnectors(first: ${NPLUS1_ITEMS}) { edges { node { connectorId connectorName domains connectorProvider { providerType description } } } } }`,
    check: (body) => {
      const edges = get(body, 'data', 'logtoSsoConnectors', 'edges');
      if (noErrors(body)) return noErrors(body);
      if (!Array.isArray(edges) || edges.length !== NPLUS1_ITEMS) return `${Array.isArray(edges) ? edges.length : 'no'} edges`;
      return edges.every((edge) => get(edge, 'node', 'connectorProvider', 'description'))
        ? undefined
        : 'a connector without its catalogue entry';
    },
  },
  {
    name: 'replicas',
    description:
      'fanout through one gateway and through three behind an even split, with the read cache on, sharing Redis or not, at one offered rate',
    query: FANOUT_QUERY,
    check: checkFanout,
  },
];

export const scenario = (name: Scenario['name']) => SCENARIOS.find((entry) => entry.name === name) as Scenario;
