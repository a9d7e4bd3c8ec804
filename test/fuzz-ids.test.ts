/**
 * Property-based fuzzing of upstream ids through every entry that takes one: a field argument,
 * `node(id:)` and `nodes(ids:)`, for a simple key (a Vantage account token) and a composite one
 * (a Stytch organization and connection). Whatever the id, the three entries agree on refusing it
 * (VALIDATION_FAILED, no upstream call), an id invalid by construction is refused, and an id let
 * through reaches its upstream only as the one path segment it names.
 *
 * Seeds: set FUZZ_SEED to replay a run; every failure prints its seed and counterexample.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { joinKey } from '../src/graph/node.ts';
import { idField, randomString, type Tagged } from './fixtures/fuzz-values.ts';
import { STYTCH_ACME, STYTCH_ACME_SAML, VANTAGE_ACME } from './fixtures/security-keys.ts';
import { type GraphQLResponse, type Stack, startStack } from './harness.ts';

const SEED = process.env.FUZZ_SEED !== undefined ? Number(process.env.FUZZ_SEED) : process.env.CI ? 20261124 : Date.now() % 0x7fffffff;
const RUNS = Number(process.env.FUZZ_RUNS ?? 0) || 60;

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ providers: ['vantage', 'stytch'] });
}, 30_000);
afterAll(() => stack?.close());

/**
 * Strings only (a node key is one), as they come out of a global ID: base64 carries UTF-8, so a
 * lone surrogate arrives as U+FFFD whichever way it is sent. A simple key holding a colon is read
 * as two upstream ids (src/graph/node.ts), so simple keys here have none; composite parts may.
 */
const asKey = (tagged: Tagged): Tagged | undefined =>
  typeof tagged.value === 'string' ? { ...tagged, value: Buffer.from(tagged.value).toString() } : undefined;
const ids: fc.Arbitrary<Tagged> = fc
  .oneof(
    idField([VANTAGE_ACME, STYTCH_ACME]),
    randomString.map((value) => ({ value, mustRefuse: false })),
  )
  .map((tagged) => asKey(tagged) ?? { value: 'acct_not_a_string', mustRefuse: false });

const globalId = (type: string, key: string) => Buffer.from(`${type}:${key}`).toString('base64');

interface Entry {
  name: string;
  query: string;
  variables: Record<string, unknown>;
}

/** The one path the id may reach: its route with the id as one encoded segment. */
interface Case {
  entries: Entry[];
  route: (id: string) => string;
}

function vantageCase(token: string): Case {
  return {
    entries: [
      { name: 'argument', query: 'query ($t: String!) { vantageManagedAccount(token: $t) { token } }', variables: { t: token } },
      { name: 'node', query: 'query ($id: ID!) { node(id: $id) { id } }', variables: { id: globalId('VantageManagedAccount', token) } },
      {
        name: 'nodes',
        query: 'query ($ids: [ID!]!) { nodes(ids: $ids) { id } }',
        variables: { ids: [globalId('VantageSsoConnection', token)] },
      },
    ],
    route: (id) => `/v2/managed_accounts/${encodeURIComponent(id)}`,
  };
}

function stytchCase(organizationId: string): Case {
  const key = joinKey(organizationId, STYTCH_ACME_SAML);
  return {
    entries: [
      {
        name: 'argument',
        query: 'query ($o: String!, $c: String!) { stytchSamlConnection(organizationId: $o, connectionId: $c) { id } }',
        variables: { o: organizationId, c: STYTCH_ACME_SAML },
      },
      { name: 'node', query: 'query ($id: ID!) { node(id: $id) { id } }', variables: { id: globalId('StytchSamlConnection', key) } },
      {
        name: 'nodes',
        query: 'query ($ids: [ID!]!) { nodes(ids: $ids) { id } }',
        variables: { ids: [globalId('StytchOidcConnection', key)] },
      },
    ],
    route: (id) => `/v1/b2b/sso/${encodeURIComponent(id)}`,
  };
}

interface Outcome {
  refused: boolean;
  paths: string[];
}

async function run(entry: Entry): Promise<Outcome> {
  for (const simulator of Object.values(stack.simulators)) simulator.resetLog();
  const answer: GraphQLResponse = await stack.graphql(entry.query, entry.variables);
  expect(answer.status, `${entry.name}: ${answer.text.slice(0, 300)}`).toBeLessThan(500);
  expect(answer.text, entry.name).not.toContain('Unexpected error.');
  const codes = (answer.errors ?? []).map((error) => error.extensions?.code);
  const paths = Object.values(stack.simulators).flatMap((simulator) => simulator.requests.map((request) => request.path));
  const refused = codes.includes('VALIDATION_FAILED');
  if (refused) expect(paths, `${entry.name}: refused, yet called upstream`).toEqual([]);
  return { refused, paths };
}

async function checkCase(tagged: Tagged, made: Case): Promise<void> {
  const id = String(tagged.value);
  const outcomes: (Outcome & { entry: string })[] = [];
  for (const entry of made.entries) outcomes.push({ entry: entry.name, ...(await run(entry)) });
  const context = `id ${JSON.stringify(id).slice(0, 120)}`;
  expect(
    outcomes.map((outcome) => outcome.refused),
    `${context}: the entries disagree`,
  ).toEqual(outcomes.map(() => outcomes[0]?.refused));
  if (tagged.mustRefuse) expect(outcomes[0]?.refused, `${context}: invalid id let through`).toBe(true);
  // What went upstream is the id's own path, exactly as the WHATWG parser reads it, nothing else.
  const expected = new URL(made.route(id), 'http://simulator').pathname;
  for (const outcome of outcomes) for (const path of outcome.paths) expect(path, `${context} via ${outcome.entry}`).toBe(expected);
}

async function check(name: string, property: fc.IAsyncPropertyWithHooks<[Tagged]>): Promise<void> {
  try {
    await fc.assert(property, { seed: SEED, numRuns: RUNS, interruptAfterTimeLimit: 45_000 });
  } catch (error) {
    throw new Error(`[fuzz] ${name} failed with FUZZ_SEED=${SEED}\n${(error as Error).message}`, { cause: error });
  }
}

describe('fuzz: upstream ids through every entry', () => {
  it('a simple key (Vantage token): argument, node and nodes agree, and refused ids reach no upstream', async () => {
    const simple = ids.filter((tagged) => !String(tagged.value).includes(':'));
    await check(
      'vantage ids',
      fc.asyncProperty(simple, (tagged) => checkCase(tagged, vantageCase(String(tagged.value)))),
    );
  }, 120_000);

  it('a composite key (Stytch organization): argument, node and nodes agree, and refused ids reach no upstream', async () => {
    await check(
      'stytch ids',
      fc.asyncProperty(ids, (tagged) => checkCase(tagged, stytchCase(String(tagged.value)))),
    );
  }, 120_000);
});
