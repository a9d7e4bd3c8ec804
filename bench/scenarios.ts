/** The GraphQL operations the bench sends, and how a correct answer looks. */
import { MUTATED_CONNECTOR } from './direct.ts';

export interface Scenario {
  name: 'single' | 'fanout' | 'mutation' | 'nplus1' | 'replicas';
  description: string;
  query: string;
  /** A reason the answer is not the expected success, or `undefined`. */
  check: (body: unknown) => string | undefined;
}

const get = (value: unknown, ...keys: string[]): unknown =>
  keys.reduce<unknown>(
    (current, key) => (typeof current === 'object' && current !== null ? (current as Record<string, unknown>)[key] : undefined),
    value,
  );

const noErrors = (body: unknown): string | undefined => {
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

/** Connectors the nplus1 list holds (the simulators' process seeds Logto with them before the run). */
export const NPLUS1_ITEMS = 100;

export const SCENARIOS: Scenario[] = [
  {
    name: 'single',
    description: 'one provider, one object (Vantage managed account)',
    query: '{ vantageManagedAccount(token: "acct_1f4e2b7c9d0a3e5f") { name } }',
    check: (body) => noErrors(body) ?? (get(body, 'data', 'vantageManagedAccount', 'name') ? undefined : 'no account name'),
  },
  {
    name: 'fanout',
    description: 'ssoConnections across all five providers',
    query: FANOUT_QUERY,
    check: checkFanout,
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
    description: 'fanout through one gateway and through three behind an even split, with the read cache on, sharing Redis or not',
    query: FANOUT_QUERY,
    check: checkFanout,
  },
];

export const scenario = (name: Scenario['name']) => SCENARIOS.find((entry) => entry.name === name) as Scenario;
