/**
 * Authorization over real HTTP, in api-key mode against all five simulators: what each scope
 * lets a caller read, write and see, and that a refusal costs the upstreams nothing.
 */
import { rmSync } from 'node:fs';
import { print } from 'graphql';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DatoCmsSimulator } from '../src/providers/datocms/sandbox/simulator.ts';
import { providers } from '../src/providers/index.ts';
import type { LogtoSimulator } from '../src/providers/logto/sandbox/simulator.ts';

import type { StytchSimulator } from '../src/providers/stytch/sandbox/simulator.ts';
import { AUDIENCE, ISSUER, makeKey, signToken } from './fixtures/auth-keys.ts';
import {
  apiKey,
  bearer,
  type KeySpec,
  LOGTO_STARK_OIDC,
  MUTATIONS,
  readmeOperations,
  resetSimulators,
  rootFields,
  runMutation,
  STYTCH_ACME,
  tempDir,
  upstreamCalls,
  upstreamWrites,
  writeKeysFile,
} from './fixtures/security-keys.ts';
import { expectTypename, type Stack, startStack } from './harness.ts';

const PROVIDER_IDS = providers.map((module) => module.id);

const KEYS = {
  none: { name: 'no-scopes', key: 'gk_test_noscopes_9f8e7d6c5b4a39281706', scopes: [] },
  reader: { name: 'reader', key: 'gk_test_reader_1a2b3c4d5e6f7a8b9c0d', scopes: ['sso:read'] },
  logtoWriter: { name: 'logto-writer', key: 'gk_test_logtowriter_5e6f7a8b9c0d1e2f', scopes: ['sso:read', 'sso:write:logto'] },
  secrets: { name: 'secrets-reader', key: 'gk_test_secrets_0d1e2f3a4b5c6d7e8f9a', scopes: ['sso:read', 'sso:secrets'] },
} satisfies Record<string, KeySpec>;

const operations = readmeOperations();
const queries = operations.filter((operation) => operation.operation === 'query');
const readmeQueryFields = [...new Set(queries.flatMap(rootFields))];

let stack: Stack;
let dir: string;

beforeAll(async () => {
  dir = tempDir('authz-');
  stack = await startStack({ env: { GATEWAY_AUTH_MODE: 'api-key', GATEWAY_API_KEYS_FILE: writeKeysFile(dir, Object.values(KEYS)) } });
});
afterAll(async () => {
  await stack?.close();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => resetSimulators(stack));

function writesByProvider(): Record<string, number> {
  return Object.fromEntries(Object.entries(upstreamWrites(stack)).map(([id, writes]) => [id, writes?.length ?? 0]));
}

describe('the stack under test', () => {
  it('runs all five simulators and the README has queries to try', () => {
    expect(Object.keys(stack.simulators).sort()).toEqual([...PROVIDER_IDS].sort());
    expect(readmeQueryFields).toEqual(
      expect.arrayContaining([
        'ssoConnections',
        'vantageManagedAccounts',
        'datoCmsSsoSettings',
        'datoCmsRoles',
        'stytchSsoConnections',
        'logtoSsoConnectors',
        'logtoSsoConnectorProviders',
        'pandaStackSso',
      ]),
    );
    expect(MUTATIONS.map((mutation) => mutation.provider).sort()).toEqual(expect.arrayContaining([...PROVIDER_IDS]));
  });
});

describe('a key with no scopes', () => {
  it.each(queries.map((operation) => [rootFields(operation).join(', '), operation] as const))(
    'cannot read %s',
    async (_fields, operation) => {
      const response = await stack.graphql<Record<string, unknown>>(print(operation), undefined, apiKey(KEYS.none.key));
      expect(response.status).toBe(200);
      for (const field of rootFields(operation)) {
        // A nullable field answers null; the non-null ssoConnections nulls the whole data.
        expect(response.data?.[field] ?? null).toBeNull();
        const error = response.errors?.find((candidate) => candidate.path?.[0] === field);
        expect(error?.extensions?.code, `${field}: ${response.text}`).toBe('PERMISSION_DENIED');
      }
      expect(upstreamCalls(stack)).toBe(0);
    },
  );

  it('cannot run any mutation, and no simulator hears of it', async () => {
    for (const mutation of MUTATIONS) {
      const { response, result } = await runMutation(stack, mutation, apiKey(KEYS.none.key));
      expect(response.errors, mutation.field).toBeUndefined();
      expect(expectTypename(result, 'PermissionDeniedError')).toMatchObject({ code: 'PERMISSION_DENIED' });
    }
    expect(upstreamCalls(stack)).toBe(0);
  });

  it('cannot read the cross-provider query even when asked for one provider (no Stytch discovery, no Logto token)', async () => {
    const response = await stack.graphql(
      `{ ssoConnections(providers: [STYTCH, LOGTO]) { nodes { id } failures { code } } }`,
      undefined,
      apiKey(KEYS.none.key),
    );
    expect(response.data ?? null).toBeNull();
    expect(response.errors?.[0]?.extensions?.code).toBe('PERMISSION_DENIED');
    expect(stack.simulators.stytch?.count()).toBe(0);
    expect(stack.simulators.logto?.count()).toBe(0);
  });
});

describe('a key with sso:read only', () => {
  it.each(queries.map((operation) => [rootFields(operation).join(', '), operation] as const))('reads %s', async (_fields, operation) => {
    const response = await stack.graphql<Record<string, unknown>>(print(operation), undefined, apiKey(KEYS.reader.key));
    expect(response.status).toBe(200);
    expect(response.errors, response.text).toBeUndefined();
    for (const field of rootFields(operation)) expect(response.data?.[field]).not.toBeNull();
    expect(upstreamCalls(stack)).toBeGreaterThan(0);
  });

  it('gets PermissionDeniedError from every mutation, with zero upstream writes', async () => {
    for (const mutation of MUTATIONS) {
      const { response, result } = await runMutation(stack, mutation, apiKey(KEYS.reader.key));
      expect(response.errors, mutation.field).toBeUndefined();
      expect(expectTypename(result, 'PermissionDeniedError').code).toBe('PERMISSION_DENIED');
    }
    expect(writesByProvider()).toEqual({ vantage: 0, datocms: 0, stytch: 0, logto: 0, pandastack: 0 });
    expect(upstreamCalls(stack)).toBe(0);
  });
});

describe('a key with sso:read and sso:write:logto', () => {
  it('runs every Logto mutation', async () => {
    const logto = MUTATIONS.filter((mutation) => mutation.provider === 'logto');
    expect(logto.map((mutation) => mutation.field).sort()).toEqual([
      'createLogtoSsoConnector',
      'deleteLogtoSsoConnector',
      'updateLogtoSsoConnector',
    ]);
    for (const mutation of logto) {
      const { response, result } = await runMutation(stack, mutation, apiKey(KEYS.logtoWriter.key));
      expect(response.errors, mutation.field).toBeUndefined();
      expect(result?.__typename, JSON.stringify(result)).toMatch(/Payload$/);
    }
    expect(upstreamWrites(stack).logto).toEqual([
      'POST /api/sso-connectors',
      `PATCH /api/sso-connectors/${MUTATIONS.find((m) => m.field === 'updateLogtoSsoConnector')?.input.connectorId}`,
      `DELETE /api/sso-connectors/${MUTATIONS.find((m) => m.field === 'deleteLogtoSsoConnector')?.input.connectorId}`,
    ]);
  });

  it("gets PermissionDeniedError from every other provider's mutations, which send nothing upstream", async () => {
    const others = MUTATIONS.filter((mutation) => mutation.provider !== 'logto');
    expect(new Set(others.map((mutation) => mutation.provider)).size).toBe(4);
    for (const mutation of others) {
      const { response, result } = await runMutation(stack, mutation, apiKey(KEYS.logtoWriter.key));
      expect(response.errors, mutation.field).toBeUndefined();
      expect(expectTypename(result, 'PermissionDeniedError').code).toBe('PERMISSION_DENIED');
    }
    expect(writesByProvider()).toEqual({ vantage: 0, datocms: 0, stytch: 0, logto: 0, pandastack: 0 });
    for (const id of ['vantage', 'datocms', 'stytch', 'pandastack'] as const) expect(stack.simulators[id]?.count(), id).toBe(0);
  });
});

describe('secret fields', () => {
  const SECRETS_QUERY = `{
    datoCmsSsoSettings { samlToken scimApiToken }
    logtoSsoConnector(connectorId: "${LOGTO_STARK_OIDC}") { connectorId clientSecret }
    stytchSsoConnections(organizationId: "${STYTCH_ACME}") { oidcConnections { connectionId clientSecret } }
  }`;
  type SecretsData = {
    datoCmsSsoSettings: { samlToken: string | null; scimApiToken: string | null } | null;
    logtoSsoConnector: { connectorId: string; clientSecret: string | null } | null;
    stytchSsoConnections: { oidcConnections: { connectionId: string; clientSecret: string | null }[] } | null;
  };

  /** What the simulators hold (and send on a plain read) for the four guarded fields. */
  function simulatorSecrets() {
    const dato = (stack.simulators.datocms as DatoCmsSimulator).state.settings;
    const logto = (stack.simulators.logto as LogtoSimulator).state.connectors.get(LOGTO_STARK_OIDC);
    const stytch = (stack.simulators.stytch as StytchSimulator).state.organizations.get(STYTCH_ACME)?.oidc_connections ?? [];
    return {
      samlToken: dato.saml_token,
      scimApiToken: dato.scim_api_token,
      logtoClientSecret: logto?.config.clientSecret as string,
      stytchClientSecrets: Object.fromEntries(
        stytch.map((connection) => [connection.connection_id as string, connection.client_secret as string]),
      ),
    };
  }

  it("answers the simulators' real values to a key with sso:secrets", async () => {
    const expected = simulatorSecrets();
    expect(expected.samlToken.length).toBeGreaterThan(8);
    expect(expected.scimApiToken.length).toBeGreaterThan(8);
    expect(expected.logtoClientSecret.length).toBeGreaterThan(8);
    expect(Object.keys(expected.stytchClientSecrets).length).toBeGreaterThan(0);

    const response = await stack.graphql<SecretsData>(SECRETS_QUERY, undefined, apiKey(KEYS.secrets.key));
    expect(response.errors, response.text).toBeUndefined();
    expect(response.data?.datoCmsSsoSettings).toEqual({ samlToken: expected.samlToken, scimApiToken: expected.scimApiToken });
    expect(response.data?.logtoSsoConnector?.clientSecret).toBe(expected.logtoClientSecret);
    const stytch = response.data?.stytchSsoConnections?.oidcConnections ?? [];
    expect(Object.fromEntries(stytch.map((connection) => [connection.connectionId, connection.clientSecret]))).toEqual(
      expected.stytchClientSecrets,
    );
  });

  it.each([
    ['sso:read only', KEYS.reader.key],
    ['sso:read and sso:write:logto', KEYS.logtoWriter.key],
  ])('answers null with PERMISSION_DENIED to a key with %s, and the values appear nowhere', async (_name, key) => {
    const expected = simulatorSecrets();
    const response = await stack.graphql<SecretsData>(SECRETS_QUERY, undefined, apiKey(key));
    expect(response.status).toBe(200);
    expect(response.data?.datoCmsSsoSettings).toEqual({ samlToken: null, scimApiToken: null });
    expect(response.data?.logtoSsoConnector).toEqual({ connectorId: LOGTO_STARK_OIDC, clientSecret: null });
    const stytch = response.data?.stytchSsoConnections?.oidcConnections ?? [];
    expect(stytch.length).toBe(Object.keys(expected.stytchClientSecrets).length);
    for (const connection of stytch) expect(connection.clientSecret).toBeNull();

    const denied = (response.errors ?? [])
      .filter((error) => error.extensions?.code === 'PERMISSION_DENIED')
      .map((error) => error.path?.join('.'));
    expect(denied.sort()).toEqual(
      [
        'datoCmsSsoSettings.samlToken',
        'datoCmsSsoSettings.scimApiToken',
        'logtoSsoConnector.clientSecret',
        ...stytch.map((_c, i) => `stytchSsoConnections.oidcConnections.${i}.clientSecret`),
      ].sort(),
    );
    for (const secret of [
      expected.samlToken,
      expected.scimApiToken,
      expected.logtoClientSecret,
      ...Object.values(expected.stytchClientSecrets),
    ]) {
      expect(response.text).not.toContain(secret);
    }
  });
});

describe('no credential, or a wrong one', () => {
  it.each([
    ['no key', {}],
    ['an unknown key', apiKey('gk_test_unknown_000000000000000000')],
    ['an unknown bearer key', bearer('gk_test_unknown_000000000000000000')],
  ])('answers 401 with %s to a query and a mutation, calling no upstream', async (_name, headers: Record<string, string>) => {
    const query = await stack.graphql(`{ ssoConnections { nodes { id } failures { code } } }`, undefined, headers);
    expect(query.status).toBe(401);
    expect(query.data).toBeUndefined();
    expect(query.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const mutation = MUTATIONS.find((m) => m.field === 'updateLogtoSsoConnector');
    if (!mutation) throw new Error('no Logto update case');
    const { response } = await runMutation(stack, mutation, headers);
    expect(response.status).toBe(401);
    expect(response.data).toBeUndefined();
    expect(response.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(upstreamCalls(stack)).toBe(0);
  });
});

describe('jwt mode', () => {
  let jwtStack: Stack;
  let token: string;

  beforeAll(async () => {
    const key = await makeKey('ES256', 'authz-key');
    jwtStack = await startStack({
      providers: ['vantage', 'logto'],
      env: { GATEWAY_AUTH_MODE: 'jwt', GATEWAY_JWT_PUBLIC_KEY: key.spki, GATEWAY_JWT_ISSUER: ISSUER, GATEWAY_JWT_AUDIENCE: AUDIENCE },
    });
    token = await signToken(key, { subject: 'reader@example.test', claims: { scp: ['sso:read'] } });
  });
  afterAll(() => jwtStack?.close());

  it('lets a token with scp [sso:read] read', async () => {
    resetSimulators(jwtStack);
    const response = await jwtStack.graphql<{
      logtoSsoConnectors: { totalCount: number } | null;
      vantageManagedAccounts: { edges: unknown[] } | null;
    }>(
      `{ logtoSsoConnectors(first: 5) { totalCount } vantageManagedAccounts(first: 2) { edges { node { token } } } }`,
      undefined,
      bearer(token),
    );
    expect(response.errors, response.text).toBeUndefined();
    expect(response.data?.logtoSsoConnectors?.totalCount).toBeGreaterThan(0);
    expect(response.data?.vantageManagedAccounts?.edges.length).toBeGreaterThan(0);
  });

  it('refuses its writes with PermissionDeniedError, sending nothing upstream', async () => {
    resetSimulators(jwtStack);
    for (const mutation of MUTATIONS.filter((m) => m.provider === 'vantage' || m.provider === 'logto')) {
      const { response, result } = await runMutation(jwtStack, mutation, bearer(token));
      expect(response.errors, mutation.field).toBeUndefined();
      expect(expectTypename(result, 'PermissionDeniedError').code).toBe('PERMISSION_DENIED');
    }
    expect(upstreamCalls(jwtStack)).toBe(0);
    // And without the token the same write is not even attempted.
    const { response } = await runMutation(jwtStack, MUTATIONS[1] as (typeof MUTATIONS)[number], {});
    expect(response.status).toBe(401);
    expect(upstreamCalls(jwtStack)).toBe(0);
  });
});
