/**
 * The gateway as one subgraph of a supergraph: its committed subgraph SDL composed with a second
 * subgraph (team ownership, test/fixtures/team-subgraph.ts) by @theguild/federation-composition,
 * served by the Hive Gateway runtime on 127.0.0.1:0, and queried across both. The router forwards
 * the caller's Authorization header, so scopes and typed errors are the gateway's own. Then what a
 * hostile router could send to `_entities` directly.
 */
import { readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createGatewayRuntime, type GatewayRuntime } from '@graphql-hive/gateway-runtime';
import { composeServices, compositionHasErrors } from '@theguild/federation-composition';
import { Kind, parse } from 'graphql';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config/gateway.ts';
import { SUBGRAPH_FILE } from '../src/graph/schema-file.ts';
import { providers } from '../src/providers/index.ts';
import { bearer, LOGTO_STARK_OIDC, resetSimulators, tempDir, upstreamCalls, writeKeysFile } from './fixtures/security-keys.ts';
import { ownedTypes, startTeamSubgraph, type TeamSubgraph, teamSdl } from './fixtures/team-subgraph.ts';
import type { GraphQLResponse, Stack } from './harness.ts';
import { startStack } from './harness.ts';

const KEYS = {
  reader: { name: 'router-reader', key: 'gk_test_fedreader_3c4d5e6f7a8b9c0d1e2f', scopes: ['sso:read'] },
  none: { name: 'router-noscopes', key: 'gk_test_fednoscope_8a9b0c1d2e3f4a5b6c7d', scopes: [] },
};
const READER = bearer(KEYS.reader.key);
const globalId = (type: string, key: string) => Buffer.from(`${type}:${key}`).toString('base64');
const codes = (answer: { errors?: { extensions?: Record<string, unknown> }[] }) =>
  (answer.errors ?? []).map((error) => error.extensions?.code);

interface Connection {
  id: string;
  __typename: string;
  displayName: string | null;
  owningTeam: { name: string } | null;
}

let stack: Stack;
let teams: TeamSubgraph;
let router: { url: string; runtime: GatewayRuntime; server: Server };
let dir: string;
let connections: Connection[];

/** Every type of the committed subgraph SDL that implements SsoConnection. */
function connectionTypes(sdl: string): string[] {
  return parse(sdl).definitions.flatMap((definition) =>
    definition.kind === Kind.OBJECT_TYPE_DEFINITION && definition.interfaces?.some((named) => named.name.value === 'SsoConnection')
      ? [definition.name.value]
      : [],
  );
}
const SUBGRAPH_SDL = readFileSync(SUBGRAPH_FILE, 'utf8');
const TYPES = connectionTypes(SUBGRAPH_SDL);

async function post<T>(url: string, query: string, variables?: Record<string, unknown>, headers: Record<string, string> = READER) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, ...((await response.json()) as Omit<GraphQLResponse<T>, 'status' | 'text'>) };
}

beforeAll(async () => {
  dir = tempDir('supergraph-');
  stack = await startStack({
    env: {
      GATEWAY_SUBGRAPH: 'on',
      GATEWAY_AUTH_MODE: 'api-key',
      GATEWAY_API_KEYS_FILE: writeKeysFile(dir, Object.values(KEYS)),
      // Large enough that the representation cap, not the body limit, is what refuses a flood.
      GATEWAY_MAX_BODY_BYTES: String(2 * 1024 * 1024),
    },
  });
  const listed = await stack.graphql<{ ssoConnections: { nodes: Connection[] } }>(
    '{ ssoConnections { nodes { id __typename } } }',
    undefined,
    READER,
  );
  connections = listed.data?.ssoConnections.nodes ?? [];
  const [first, second] = connections;
  teams = await startTeamSubgraph(
    [
      { name: 'identity', connectionIds: [first?.id ?? ''], logtoConnectorId: LOGTO_STARK_OIDC },
      { name: 'platform', connectionIds: [second?.id ?? ''] },
    ],
    TYPES,
  );
  const composed = composeServices([
    { name: 'sso', typeDefs: parse(SUBGRAPH_SDL), url: `${stack.url}/graphql` },
    { name: 'teams', typeDefs: parse(teamSdl(TYPES)), url: teams.url },
  ]);
  if (compositionHasErrors(composed)) throw new Error(composed.errors.map((error) => error.message).join('\n'));
  const runtime = createGatewayRuntime({
    supergraph: composed.supergraphSdl,
    logging: false,
    propagateHeaders: { fromClientToSubgraphs: ({ request }) => ({ authorization: request.headers.get('authorization') }) },
  });
  const server = createServer(runtime);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  router = { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`, runtime, server };
});

afterAll(async () => {
  if (router) {
    await new Promise((resolve) => router.server.close(resolve));
    await router.runtime.dispose();
  }
  await teams?.close();
  await stack?.close();
  rmSync(dir, { recursive: true, force: true });
});

beforeEach(() => resetSimulators(stack));

describe('GATEWAY_SUBGRAPH', () => {
  it('is off unless set to on, and accepts nothing but on or off', () => {
    expect(loadConfig({}, providers).subgraph).toBe(false);
    expect(loadConfig({ GATEWAY_SUBGRAPH: 'on' }, providers).subgraph).toBe(true);
    expect(() => loadConfig({ GATEWAY_SUBGRAPH: 'yes' }, providers)).toThrow(/GATEWAY_SUBGRAPH/);
  });
});

describe('the supergraph of the gateway and a team subgraph', () => {
  it('composes, and the gateway serves the committed SDL as _service { sdl }', async () => {
    expect(connections.length).toBeGreaterThan(2);
    const answer = await post<{ _service: { sdl: string } }>(`${stack.url}/graphql`, '{ _service { sdl } }');
    expect(answer.data?._service.sdl).toBe(SUBGRAPH_SDL);
    expect(TYPES).toHaveLength(6);
  });

  it('adds owningTeam from the team subgraph to the connections the gateway lists', async () => {
    const answer = await post<{ ssoConnections: { nodes: Connection[] } }>(
      router.url,
      `{ ssoConnections { nodes { id __typename displayName ${ownedTypes(TYPES)
        .map((type) => `... on ${type} { owningTeam { name } }`)
        .join(' ')} } } }`,
    );
    expect(answer.errors).toBeUndefined();
    const nodes = answer.data?.ssoConnections.nodes ?? [];
    expect(nodes.map((node) => node.id)).toEqual(connections.map((node) => node.id));
    expect(nodes[0]?.owningTeam).toEqual({ name: 'identity' });
    expect(nodes[1]?.owningTeam).toEqual({ name: 'platform' });
    expect(nodes[2]?.owningTeam).toBeNull();
  });

  it("resolves the team subgraph's references through the gateway's _entities, by id and by upstream key", async () => {
    const answer = await post<{
      teams: { name: string; connections: Connection[]; logtoConnector: { connectorId: string; displayName: string | null } | null }[];
    }>(router.url, '{ teams { name connections { id __typename displayName } logtoConnector { connectorId displayName provider } } }');
    expect(answer.errors).toBeUndefined();
    const [identity, platform] = answer.data?.teams ?? [];
    expect(identity?.connections.map(({ id, __typename }) => ({ id, __typename }))).toEqual([
      { id: connections[0]?.id, __typename: connections[0]?.__typename },
    ]);
    expect(platform?.connections[0]?.__typename).toBe(connections[1]?.__typename);
    expect(identity?.logtoConnector).toMatchObject({ connectorId: LOGTO_STARK_OIDC, provider: 'LOGTO' });
    expect(identity?.logtoConnector?.displayName).toEqual(expect.any(String));
  });

  it('keeps scopes and typed errors: a caller without sso:read gets PERMISSION_DENIED through the router, as directly', async () => {
    const query = '{ ssoConnections { nodes { id } } }';
    const direct = await post(`${stack.url}/graphql`, query, undefined, bearer(KEYS.none.key));
    const routed = await post(router.url, query, undefined, bearer(KEYS.none.key));
    expect(codes(direct)).toEqual(['PERMISSION_DENIED']);
    expect(codes(routed)).toEqual(['PERMISSION_DENIED']);
    expect(routed.errors?.[0]?.message).toBe(direct.errors?.[0]?.message);
    expect(upstreamCalls(stack)).toBe(0);
  });
});

describe('_entities against a hostile router', () => {
  const ENTITIES = 'query ($r: [_Any!]!) { _entities(representations: $r) { ... on SsoConnection { id displayName } } }';
  const entities = (representations: unknown[], headers = READER) =>
    post<{ _entities: ({ id: string } | null)[] }>(`${stack.url}/graphql`, ENTITIES, { r: representations }, headers);

  it('loads references through the per-request loaders: no more upstream calls than nodes(ids:) for the same ids', async () => {
    const ids = connections.map((connection) => connection.id);
    const answer = await entities(ids.map((id) => ({ __typename: 'SsoConnection', id })));
    expect(answer.errors).toBeUndefined();
    expect(answer.data?._entities.map((entity) => entity?.id)).toEqual(ids);
    const viaEntities = upstreamCalls(stack);
    resetSimulators(stack);
    await post(`${stack.url}/graphql`, 'query ($ids: [ID!]!) { nodes(ids: $ids) { ... on SsoConnection { displayName } } }', { ids });
    expect(viaEntities).toBe(upstreamCalls(stack));
  });

  it('answers null for a valid but unknown reference, and for an id of another type', async () => {
    const answer = await entities([
      { __typename: 'LogtoSsoConnector', connectorId: 'no-such-connector' },
      { __typename: 'SsoConnection', id: globalId('VantageManagedAccount', 'acct_nobody') },
      { __typename: 'LogtoSsoConnector', id: connections[0]?.id },
    ]);
    expect(answer.errors).toBeUndefined();
    expect(answer.data?._entities).toEqual([null, null, null]);
  });

  it('refuses 10,000 representations (more than GATEWAY_MAX_NODE_IDS) before any upstream call', async () => {
    const flood = Array.from({ length: 10_000 }, (_, i) => ({ __typename: 'LogtoSsoConnector', connectorId: `c${i}` }));
    const answer = await entities(flood);
    expect(codes(answer)).toEqual(['VALIDATION_FAILED']);
    expect(answer.errors?.[0]?.message).toContain('GATEWAY_MAX_NODE_IDS');
    expect(upstreamCalls(stack)).toBe(0);
  });

  it.each([
    ['not an object', [42]],
    ['no __typename', [{ id: 'x' }]],
    ['a type that is no entity', [{ __typename: 'SsoCertificate' }]],
    ['the root type', [{ __typename: 'Query' }]],
    ['an unknown type', [{ __typename: 'NoSuchType', id: 'x' }]],
    ['a malformed id', [{ __typename: 'SsoConnection', id: 'not a global id' }]],
    ['an upstream id the field rules refuse', [{ __typename: 'LogtoSsoConnector', connectorId: '../admin' }]],
    ['no key at all', [{ __typename: 'PandaStackSso', organizationId: 'org' }]],
  ])('answers VALIDATION_FAILED, never a crash, for %s', async (_case, representations) => {
    const answer = await entities(representations);
    expect(answer.status).toBe(200);
    expect(codes(answer)).toEqual(['VALIDATION_FAILED']);
    expect(upstreamCalls(stack)).toBe(0);
  });

  it('needs sso:read, like every query', async () => {
    const answer = await entities([{ __typename: 'SsoConnection', id: connections[0]?.id }], bearer(KEYS.none.key));
    expect(codes(answer)).toEqual(['PERMISSION_DENIED']);
    expect(upstreamCalls(stack)).toBe(0);
  });
});
