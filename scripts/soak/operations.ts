/**
 * The GraphQL reads and writes the soak sends, against the simulators' demo data. Every write
 * carries a marker unique to it, which is how a write sent upstream twice is found afterwards.
 */

// Demo ids of the simulators (README, "What the sandbox contains").
const VANTAGE_ACME = 'acct_1f4e2b7c9d0a3e5f';
const STYTCH_ACME = 'organization-test-07971b06-ac8b-4cdb-9c15-63b17e653931';
const STYTCH_SAML = 'saml-connection-test-51861cbc-d3b9-428b-9761-227f5fb12be9';
const LOGTO_CONNECTORS = ['k2x8m4q1v7zb', 'p9d3f6h2j5lw', 'e8w6q4r2t0yp'];

/** `field` is the operation's only root field, whose result decides the outcome. */
export interface Operation {
  field: string;
  mutation: boolean;
  query: string;
  variables?: Record<string, unknown>;
}

export const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)] as T;

/** `soak<n>`, unique per write: the same marker in two upstream requests is a write sent twice. */
const marker = (n: number) => `soak${n}`;
export const MARKERS = /soak\d+/g;

const read = (field: string, query: string): Operation => ({ field, mutation: false, query });
const READS = [
  read('ssoConnections', '{ ssoConnections { nodes { id } failures { provider code message } } }'),
  read('vantageManagedAccount', `{ vantageManagedAccount(token: "${VANTAGE_ACME}") { name emailDomain } }`),
  read('logtoSsoConnector', `{ logtoSsoConnector(connectorId: "${LOGTO_CONNECTORS[1]}") { connectorName domains } }`),
  read('stytchSsoConnections', `{ stytchSsoConnections(organizationId: "${STYTCH_ACME}") { samlConnections { connectionId status } } }`),
  read('datoCmsSsoSettings', '{ datoCmsSsoSettings { idpSamlMetadataUrl defaultRole { name } } }'),
  read('pandaStackSso', '{ pandaStackSso { ssoId enabled domains } }'),
];

const write = (field: string, input: Record<string, unknown>): Operation => {
  const type = `${field[0]?.toUpperCase()}${field.slice(1)}Input`;
  return { field, mutation: true, query: `mutation ($input: ${type}!) { ${field}(input: $input) { __typename } }`, variables: { input } };
};
// Valid inputs, so most writes succeed and reach the upstream; names stay far below Logto's 128.
const WRITES: ((n: number) => Operation)[] = [
  (n) => write('updateManagedAccountSso', { managedAccountToken: VANTAGE_ACME, additionalDomains: [`${marker(n)}.example`] }),
  (n) =>
    write('updateLogtoSsoConnector', {
      connectorId: pick(LOGTO_CONNECTORS),
      ...(n % 2 ? { connectorName: marker(n) } : { domains: [`${marker(n)}.example`] }),
    }),
  (n) => write('updatePandaStackSso', { enabled: true, domains: [`${marker(n)}.example`] }),
  (n) => write('updateDatoCmsSsoSettings', { idpSamlMetadataUrl: `https://idp.example/${marker(n)}/metadata` }),
  (n) =>
    write('updateStytchSamlConnectionByUrl', {
      organizationId: STYTCH_ACME,
      connectionId: STYTCH_SAML,
      metadataUrl: `https://idp.example/${marker(n)}/saml/metadata`,
    }),
];

/** The `n`th request of the run: a read 60% of the time, else a write marked with `n`. */
export const randomOperation = (n: number): Operation => (Math.random() < 0.6 ? pick(READS) : pick(WRITES)(n));
