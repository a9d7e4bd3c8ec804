/**
 * Caller authentication over real HTTP: JWTs against a JWKS server of our own or a static PEM,
 * API keys from a file, and the 401s (challenge, GraphQL-shaped body, no upstream call, nothing
 * leaked) for everything else.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { hashApiKey, loadApiKeys } from '../src/auth/api-keys.ts';
import { AuthenticationError, createAuthenticator } from '../src/auth/authenticate.ts';
import { scopesFromClaims } from '../src/auth/jwt.ts';
import { loadConfig } from '../src/config/gateway.ts';
import { providers } from '../src/providers/index.ts';
import { createGateway } from '../src/server.ts';
import { AUDIENCE, ISSUER, type JwksServer, makeKey, nowSeconds, signToken, startJwksServer, type TestKey } from './fixtures/auth-keys.ts';
import { type Stack, startStack } from './harness.ts';

const DATA_QUERY = `{ ssoConnections { nodes { provider } failures { provider } } }`;
const REALM = 'Bearer realm="sso-gateway"';

interface Answer {
  status: number;
  challenge: string | null;
  body: { data?: { ssoConnections?: { nodes: unknown[] } }; errors?: { message: string; extensions?: { code?: string } }[] };
  text: string;
}

async function post(stack: Stack, headers: Record<string, string>, query = DATA_QUERY, path = '/graphql'): Promise<Answer> {
  const response = await fetch(`${stack.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json', ...headers },
    body: JSON.stringify({ query }),
  });
  const text = await response.text();
  return { status: response.status, challenge: response.headers.get('www-authenticate'), body: JSON.parse(text) as Answer['body'], text };
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** What every refusal looks like, and that it cost the upstream nothing. */
function expectRefused(stack: Stack, answer: Answer, error?: 'invalid_token' | 'invalid_request') {
  expect(answer.status).toBe(401);
  expect(answer.body.data).toBeUndefined();
  expect(answer.body.errors).toHaveLength(1);
  expect(answer.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  expect(answer.challenge?.startsWith(REALM)).toBe(true);
  if (error) {
    expect(answer.challenge).toContain(`error="${error}"`);
    expect(answer.challenge).toMatch(/error_description="[^"\\]+"/);
  } else {
    expect(answer.challenge).toBe(REALM);
  }
  expect(stack.simulators.vantage?.count()).toBe(0);
}

function expectData(answer: Answer) {
  expect(answer.status).toBe(200);
  expect(answer.body.errors).toBeUndefined();
  expect(answer.body.data?.ssoConnections?.nodes.length).toBeGreaterThan(0);
}

/** Every credential a test presents, good or bad, checked against logs and bodies at the end. */
function leakCheck(stack: () => Stack, presented: string[], texts: string[]) {
  it('never writes a presented credential to a log line or a response body', () => {
    expect(presented.length).toBeGreaterThan(3);
    const logged = stack().logs.join('\n');
    expect(logged).toContain('authentication failed');
    for (const credential of presented) {
      expect(logged).not.toContain(credential);
      for (const text of texts) expect(text).not.toContain(credential);
    }
  });
}

describe('jwt mode with a JWKS', () => {
  let stack: Stack;
  let jwks: JwksServer;
  let key: TestKey;
  let impostor: TestKey;
  const presented: string[] = [];
  const texts: string[] = [];
  const send = async (token: string | undefined, headers: Record<string, string> = {}) => {
    if (token !== undefined) presented.push(token);
    const answer = await post(stack, { ...(token === undefined ? {} : bearer(token)), ...headers });
    texts.push(answer.text, answer.challenge ?? '');
    return answer;
  };

  beforeAll(async () => {
    key = await makeKey('RS256', 'key-a');
    // Same kid, different key: a forged token that names a trusted key.
    impostor = await makeKey('RS256', 'key-a');
    jwks = await startJwksServer([key.jwk]);
    stack = await startStack({
      providers: ['vantage'],
      env: {
        GATEWAY_AUTH_MODE: 'jwt',
        GATEWAY_JWT_JWKS_URL: jwks.url,
        GATEWAY_JWT_ISSUER: ISSUER,
        GATEWAY_JWT_AUDIENCE: AUDIENCE,
        GATEWAY_GRAPHIQL: 'true',
      },
    });
  });
  afterAll(async () => {
    await stack.close();
    await jwks.close();
  });
  beforeEach(() => stack.simulators.vantage?.resetLog());

  it('answers a valid token with data, fetching the JWKS once for many requests', async () => {
    expectData(await send(await signToken(key)));
    expect(stack.simulators.vantage?.count()).toBeGreaterThan(0);
    const hits = jwks.hits();
    expect(hits).toBe(1);
    for (let i = 0; i < 3; i += 1) expectData(await send(await signToken(key, { subject: `user-${i}` })));
    expect(jwks.hits()).toBe(hits);
  });

  it('accepts a token expired by less than the clock tolerance', async () => {
    expectData(await send(await signToken(key, { expiresAt: nowSeconds() - 10 })));
  });

  it('answers GET /graphql?query= with data for a valid token and 401 without one', async () => {
    const token = await signToken(key);
    presented.push(token);
    const url = `${stack.url}/graphql?query=${encodeURIComponent('{ __typename }')}`;
    // The CSRF header the production profile asks of GETs.
    const ok = await fetch(url, { headers: { accept: 'application/json', 'x-graphql-csrf': '1', ...bearer(token) } });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ data: { __typename: 'Query' } });
    const refused = await fetch(url, { headers: { accept: 'application/json', 'x-graphql-csrf': '1' } });
    expect(refused.status).toBe(401);
    expect(refused.headers.get('www-authenticate')).toBe(REALM);
    expect(await refused.json()).toMatchObject({ errors: [{ extensions: { code: 'UNAUTHENTICATED' } }] });
  });

  const rejected: [string, () => Promise<string>, string][] = [
    ['an expired token', () => signToken(key, { expiresAt: nowSeconds() - 120 }), 'expired'],
    ['a token from another issuer', () => signToken(key, { issuer: 'https://evil.example.test/' }), 'issuer'],
    ['a token for another audience', () => signToken(key, { audience: 'another-api' }), 'not meant for this gateway'],
    ['a token signed by another key under a trusted kid', () => signToken(impostor), 'signature'],
    ['a token without sub', () => signToken(key, { subject: null }), 'subject'],
    ['a token without exp', () => signToken(key, { expiresAt: null }), 'expiry'],
    ['a token whose kid the JWKS does not serve', () => signToken(impostor, { kid: 'unknown-kid' }), 'No trusted key'],
    ['a garbage token', async () => 'not-a-jwt-at-all', 'malformed'],
    [
      'an unsigned token (alg none)',
      async () =>
        `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(JSON.stringify({ sub: 'root', iss: ISSUER, aud: AUDIENCE, exp: nowSeconds() + 600 })).toString('base64url')}.`,
      'algorithm',
    ],
  ];
  it.each(rejected)('refuses %s with invalid_token and no upstream call', async (_name, make, description) => {
    const answer = await send(await make());
    expectRefused(stack, answer, 'invalid_token');
    expect(answer.body.errors?.[0]?.message).toContain(description);
    expect(answer.challenge).toContain(description);
  });

  it('refuses a request without a token with a bare challenge', async () => {
    const answer = await send(undefined);
    expectRefused(stack, answer);
    expect(answer.body.errors?.[0]?.message).toMatch(/Authentication required/);
  });

  it('refuses a non-Bearer scheme with a bare challenge', async () => {
    const token = await signToken(key);
    presented.push(token);
    const answer = await send(undefined, { authorization: `Basic ${token}` });
    expectRefused(stack, answer);
    expect(answer.body.errors?.[0]?.message).toContain('Bearer scheme');
  });

  it('refuses an empty or split Bearer credential as invalid_request', async () => {
    expectRefused(stack, await send(undefined, { authorization: 'Bearer' }), 'invalid_request');
    expectRefused(stack, await send(undefined, { authorization: 'Bearer two parts' }), 'invalid_request');
  });

  it('guards every path that could reach GraphQL, not just /graphql', async () => {
    const answer = await post(stack, {}, '{ __typename }', '/some/prefix/graphql');
    expectRefused(stack, answer);
  });

  it('answers /health, /ready and the GraphiQL page without credentials', async () => {
    expect((await fetch(`${stack.url}/health`)).status).toBe(200);
    const ready = await fetch(`${stack.url}/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ ready: true });
    const page = await fetch(`${stack.url}/graphql`, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('graphiql');
    expect(stack.simulators.vantage?.count()).toBe(0);
  });

  it('takes scopes from scope, scp and permissions: any of them can grant sso:read', async () => {
    for (const claims of [
      { scope: 'sso:write sso:read' },
      { scp: ['sso:read'] },
      { scp: 'sso:write sso:read' },
      { permissions: ['sso:read'] },
    ]) {
      expectData(await send(await signToken(key, { claims })));
    }
    stack.simulators.vantage?.resetLog();
    const denied = await send(await signToken(key, { claims: { scope: 'sso:write', scp: ['sso:write:logto'], permissions: 'sso:read' } }));
    expect(denied.status).toBe(200);
    expect(denied.body.errors?.[0]?.extensions?.code).toBe('PERMISSION_DENIED');
    expect(stack.simulators.vantage?.count()).toBe(0);
  });

  leakCheck(() => stack, presented, texts);
});

describe('jwt mode: key rotation', () => {
  let stack: Stack;
  let jwks: JwksServer;
  let oldKey: TestKey;
  let newKey: TestKey;

  beforeAll(async () => {
    oldKey = await makeKey('RS256', 'old');
    newKey = await makeKey('ES256', 'new');
    jwks = await startJwksServer([oldKey.jwk]);
    stack = await startStack({
      providers: ['vantage'],
      env: { GATEWAY_AUTH_MODE: 'jwt', GATEWAY_JWT_JWKS_URL: jwks.url, GATEWAY_JWT_ISSUER: ISSUER, GATEWAY_JWT_AUDIENCE: AUDIENCE },
    });
  });
  afterAll(async () => {
    vi.useRealTimers();
    await stack.close();
    await jwks.close();
  });

  it('accepts a token signed by a new key after one refetch, and does not refetch on every request', async () => {
    expectData(await post(stack, bearer(await signToken(oldKey))));
    expect(jwks.hits()).toBe(1);

    // The issuer publishes the new key and starts signing with it.
    jwks.serve([oldKey.jwk, newKey.jwk]);
    const fresh = await signToken(newKey);

    // Within the 30 s cooldown after a fetch, an unknown kid does not hammer the JWKS endpoint.
    stack.simulators.vantage?.resetLog();
    const early = await post(stack, bearer(fresh));
    expectRefused(stack, early, 'invalid_token');
    expect(jwks.hits()).toBe(1);

    // Only Date moves: sockets and timers stay real.
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 31_000);
    try {
      expectData(await post(stack, bearer(await signToken(newKey))));
      expect(jwks.hits()).toBe(2);
      for (let i = 0; i < 3; i += 1) {
        expectData(await post(stack, bearer(await signToken(newKey))));
        expectData(await post(stack, bearer(await signToken(oldKey))));
      }
      expect(jwks.hits()).toBe(2);
    } finally {
      vi.useRealTimers();
    }
  });

  it('answers 503, not 401, when the JWKS cannot be fetched, and logs no token', async () => {
    const jwksDown = await startJwksServer([oldKey.jwk]);
    jwksDown.failWith(500);
    const own = await startStack({
      providers: ['vantage'],
      env: { GATEWAY_AUTH_MODE: 'jwt', GATEWAY_JWT_JWKS_URL: jwksDown.url, GATEWAY_JWT_ISSUER: ISSUER, GATEWAY_JWT_AUDIENCE: AUDIENCE },
    });
    try {
      const token = await signToken(oldKey);
      const answer = await post(own, bearer(token));
      expect(answer.status).toBe(503);
      expect(answer.body.errors?.[0]?.extensions?.code).toBe('AUTHENTICATION_UNAVAILABLE');
      expect(own.simulators.vantage?.count()).toBe(0);
      expect(own.logs.join('\n')).toContain('authentication unavailable');
      expect(own.logs.join('\n')).not.toContain(token);
      // Once the JWKS is back, the same token works.
      jwksDown.failWith(undefined);
      expectData(await post(own, bearer(token)));
    } finally {
      await own.close();
      await jwksDown.close();
    }
  });
});

describe('jwt mode with a static public key', () => {
  let stack: Stack;
  let rsa: TestKey;
  let other: TestKey;
  const presented: string[] = [];
  const texts: string[] = [];

  beforeAll(async () => {
    rsa = await makeKey('RS256', 'pem');
    other = await makeKey('ES256', 'other');
    stack = await startStack({
      providers: ['vantage'],
      env: { GATEWAY_AUTH_MODE: 'jwt', GATEWAY_JWT_PUBLIC_KEY: rsa.spki, GATEWAY_JWT_ISSUER: ISSUER, GATEWAY_JWT_AUDIENCE: AUDIENCE },
    });
  });
  afterAll(() => stack.close());
  beforeEach(() => stack.simulators.vantage?.resetLog());

  it('answers a token signed by the key with data', async () => {
    const token = await signToken(rsa, { kid: null });
    presented.push(token);
    const answer = await post(stack, bearer(token));
    texts.push(answer.text);
    expectData(answer);
  });

  it('refuses tokens signed by another key, expired or for another audience', async () => {
    for (const [token, description] of [
      [await signToken(other), 'algorithm'],
      [await signToken(rsa, { expiresAt: nowSeconds() - 3600 }), 'expired'],
      [await signToken(rsa, { audience: 'elsewhere' }), 'not meant'],
    ] as const) {
      presented.push(token);
      const answer = await post(stack, bearer(token));
      texts.push(answer.text, answer.challenge ?? '');
      expectRefused(stack, answer, 'invalid_token');
      expect(answer.body.errors?.[0]?.message).toContain(description);
    }
  });

  it.each(['ES256', 'EdDSA'] as const)('verifies %s tokens against that PEM, and refuses tokens of another key type', async (alg) => {
    const pemKey = await makeKey(alg, 'k');
    const stranger = await makeKey('RS256', 'k');
    // One line with literal \n, the way PEMs end up in env files, works as well.
    const authenticator = createAuthenticator({
      mode: 'jwt',
      jwksUrl: undefined,
      publicKey: pemKey.spki.trim().replace(/\n/g, '\\n'),
      issuer: ISSUER,
      audience: AUDIENCE,
    });
    const request = (token: string) => new Request('http://gateway.test/graphql', { method: 'POST', headers: bearer(token) });
    const caller = await authenticator.authenticate(request(await signToken(pemKey, { subject: 'svc-1', claims: { scope: 'sso:read' } })));
    expect(caller).toEqual({ subject: 'svc-1', keyName: undefined, authMode: 'jwt', scopes: new Set(['sso:read']) });
    const refused = await authenticator.authenticate(request(await signToken(stranger))).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(AuthenticationError);
    expect((refused as AuthenticationError).challenge).toContain('error="invalid_token"');
  });

  it('stops start-up on a key that is not a PEM public key, without echoing it', async () => {
    const make = (publicKey: string) => () =>
      createAuthenticator({ mode: 'jwt', jwksUrl: undefined, publicKey, issuer: ISSUER, audience: AUDIENCE });
    expect(make('not-a-key-value')).toThrow(/GATEWAY_JWT_PUBLIC_KEY/);
    const broken = '-----BEGIN PUBLIC KEY-----\nQUJDREVGR0hJSktMTU5PUA==\n-----END PUBLIC KEY-----';
    expect(make(broken)).toThrow(/GATEWAY_JWT_PUBLIC_KEY/);
    try {
      make(broken)();
    } catch (error) {
      expect((error as Error).message).not.toContain('QUJDREVG');
    }
  });

  leakCheck(() => stack, presented, texts);
});

describe('scope extraction', () => {
  it('merges scope (string), scp (array or string) and permissions (array)', () => {
    expect(scopesFromClaims({ scope: 'sso:read  sso:write', scp: ['sso:write:logto', 'sso:read'], permissions: ['sso:secrets'] })).toEqual(
      new Set(['sso:read', 'sso:write', 'sso:write:logto', 'sso:secrets']),
    );
    expect(scopesFromClaims({ scp: 'sso:read sso:write:datocms' })).toEqual(new Set(['sso:read', 'sso:write:datocms']));
  });

  it('ignores missing claims, non-strings, blanks and a permissions string', () => {
    expect(scopesFromClaims({})).toEqual(new Set());
    expect(scopesFromClaims({ scope: ['sso:write'], scp: [1, null, '', 'sso:read', 'two words'], permissions: 'sso:secrets' })).toEqual(
      new Set(['sso:read']),
    );
  });

  it('hands the merged scopes to the Caller', async () => {
    const key = await makeKey('RS256', 'scopes');
    const jwks = await startJwksServer([key.jwk]);
    const authenticator = createAuthenticator({ mode: 'jwt', jwksUrl: jwks.url, publicKey: undefined, issuer: ISSUER, audience: AUDIENCE });
    try {
      const token = await signToken(key, {
        subject: 'alice',
        claims: { scope: 'sso:read', scp: ['sso:write:logto'], permissions: ['sso:secrets'] },
      });
      const caller = await authenticator.authenticate(
        new Request('http://gateway.test/graphql', { method: 'POST', headers: bearer(token) }),
      );
      expect(caller.subject).toBe('alice');
      expect(caller.authMode).toBe('jwt');
      expect([...caller.scopes].sort()).toEqual(['sso:read', 'sso:secrets', 'sso:write:logto']);
    } finally {
      await authenticator.close();
      await jwks.close();
    }
  });
});

describe('api-key mode', () => {
  let stack: Stack;
  let dir: string;
  const ciKey = 'gk_live_ci_3b8f0e5a9c2d47e1b6a0f9d8c7e6b5a4';
  const opsKey = 'gk_live_ops_a1b2c3d4e5f60718293a4b5c6d7e8f90';
  const presented: string[] = [ciKey, opsKey];
  const texts: string[] = [];
  const send = async (headers: Record<string, string>) => {
    const answer = await post(stack, headers);
    texts.push(answer.text, answer.challenge ?? '');
    return answer;
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'auth-keys-'));
    const file = join(dir, 'keys.json');
    await writeFile(
      file,
      JSON.stringify([
        { name: 'ci-bot', sha256: hashApiKey(ciKey), scopes: ['sso:read', 'sso:write:logto'] },
        { name: 'ops', sha256: hashApiKey(opsKey).toUpperCase(), scopes: ['sso:read'] },
      ]),
    );
    stack = await startStack({ providers: ['vantage'], env: { GATEWAY_AUTH_MODE: 'api-key', GATEWAY_API_KEYS_FILE: file } });
  });
  afterAll(async () => {
    await stack.close();
    await rm(dir, { recursive: true, force: true });
  });
  beforeEach(() => stack.simulators.vantage?.resetLog());

  it('answers a valid key in Authorization: Bearer with data', async () => {
    expectData(await send(bearer(ciKey)));
    expect(stack.simulators.vantage?.count()).toBeGreaterThan(0);
  });

  it('answers a valid key in X-API-Key with data, for any entry of the file', async () => {
    expectData(await send({ 'x-api-key': opsKey }));
  });

  it('refuses an unknown key, a near miss and a key in both headers', async () => {
    for (const key of ['gk_live_unknown_0000000000000000000000', `${ciKey}x`, ciKey.slice(0, -1)]) {
      presented.push(key);
      const answer = await send(bearer(key));
      expectRefused(stack, answer, 'invalid_token');
      expect(answer.body.errors?.[0]?.message).toBe('The API key is not valid');
    }
    expectRefused(stack, await send({ 'x-api-key': 'gk_live_unknown_11111111111111' }), 'invalid_token');
    presented.push('gk_live_unknown_11111111111111');
    expectRefused(stack, await send({ ...bearer(ciKey), 'x-api-key': ciKey }), 'invalid_request');
  });

  it('refuses a request without a key, and another scheme, with a bare challenge', async () => {
    expectRefused(stack, await send({}));
    expectRefused(stack, await send({ authorization: `Basic ${Buffer.from(`x:${ciKey}`).toString('base64')}` }));
  });

  it('resolves the caller by name, with the scopes from the file', async () => {
    const authenticator = createAuthenticator({ mode: 'api-key', keysFile: join(dir, 'keys.json') });
    const caller = await authenticator.authenticate(new Request('http://gateway.test/graphql', { headers: { 'x-api-key': ciKey } }));
    expect(caller).toEqual({ subject: 'ci-bot', keyName: 'ci-bot', authMode: 'api-key', scopes: new Set(['sso:read', 'sso:write:logto']) });
    expect(loadApiKeys(join(dir, 'keys.json')).match(opsKey)?.keyName).toBe('ops');
  });

  it('answers /health and /ready without a key', async () => {
    expect((await fetch(`${stack.url}/health`)).status).toBe(200);
    expect((await fetch(`${stack.url}/ready`)).status).toBe(200);
  });

  leakCheck(() => stack, presented, texts);
});

describe('api-key mode: a bad keys file stops start-up', () => {
  let dir: string;
  const hash = hashApiKey('some-real-key-value');
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'auth-bad-keys-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  const cases: [string, string | undefined, RegExp][] = [
    ['invalid JSON that quotes a hash', `[{"name": "ci", "sha256": "${hash}", }]`, /not valid JSON/],
    ['a short hash', JSON.stringify([{ name: 'ci', sha256: hash.slice(0, 40), scopes: [] }]), /entry\[0\]\.sha256 must be the 64 hex/],
    ['a plaintext key field', JSON.stringify([{ name: 'ci', sha256: hash, scopes: [], key: 'some-real-key-value' }]), /Unrecognized key/],
    [
      'a duplicate hash',
      JSON.stringify([
        { name: 'a', sha256: hash, scopes: [] },
        { name: 'b', sha256: hash, scopes: [] },
      ]),
      /same as another key/,
    ],
    ['no keys', '[]', /at least one key/],
    ['an object instead of an array', JSON.stringify({ ci: hash }), /JSON array/],
    ['a missing file', undefined, /cannot be read \(ENOENT\)/],
  ];
  it.each(cases)('refuses %s, naming GATEWAY_API_KEYS_FILE and never a hash or key', async (name, content, problem) => {
    const file = join(dir, `${name.replace(/\W+/g, '-')}.json`);
    if (content !== undefined) await writeFile(file, content);
    const start = () =>
      createGateway(loadConfig({ SSO_GATEWAY_MODE: 'live', GATEWAY_AUTH_MODE: 'api-key', GATEWAY_API_KEYS_FILE: file }, providers));
    let message = '';
    try {
      await start();
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('GATEWAY_API_KEYS_FILE');
    expect(message).toMatch(problem);
    expect(message).not.toContain(hash);
    expect(message).not.toContain(hash.slice(0, 40));
    expect(message).not.toContain('some-real-key-value');
  });
});

describe('none mode', () => {
  it('serves every caller as anonymous, credentials or not', async () => {
    const authenticator = createAuthenticator({ mode: 'none' });
    const caller = await authenticator.authenticate(
      new Request('http://gateway.test/graphql', { headers: { authorization: 'Bearer whatever' } }),
    );
    expect(caller.authMode).toBe('none');
    expect(caller.subject).toBe('anonymous');
    const stack = await startStack({ providers: ['vantage'], env: { GATEWAY_AUTH_MODE: 'none' } });
    try {
      expectData(await post(stack, {}));
    } finally {
      await stack.close();
    }
  });
});
