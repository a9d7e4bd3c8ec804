/**
 * The production profile over real HTTP: GraphiQL and introspection by mode and env, CSRF
 * prevention, CORS for listed origins only, security headers on every answer, and trusted
 * documents.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config/gateway.ts';
import { providers } from '../src/providers/index.ts';
import { createGateway } from '../src/server.ts';
import { type Stack, startStack } from './harness.ts';

const dir = mkdtempSync(join(tmpdir(), 'security-profile-'));
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** One stack per describe block, closed after it. */
function stackFor(env: Record<string, string>): () => Stack {
  let stack: Stack | undefined;
  beforeAll(async () => {
    stack = await startStack({ providers: ['vantage'], env });
  });
  afterAll(() => stack?.close());
  return () => {
    if (!stack) throw new Error('stack not started');
    return stack;
  };
}

const introspection = '{ __schema { queryType { name } } }';
const typeIntrospection = '{ __type(name: "Query") { name } }';

async function graphiqlPage(stack: Stack): Promise<Response> {
  return fetch(`${stack.url}/graphql`, { headers: { accept: 'text/html' } });
}

describe('live mode defaults', () => {
  const stack = stackFor({});

  it('serves no GraphiQL page', async () => {
    const page = await graphiqlPage(stack());
    expect(page.status).not.toBe(200);
    expect(page.headers.get('content-type') ?? '').not.toContain('text/html');
    expect(await page.text()).not.toMatch(/<html|graphiql/i);
  });

  it('refuses __schema and __type with INTROSPECTION_DISABLED, keeps __typename', async () => {
    for (const query of [introspection, typeIntrospection]) {
      const answer = await stack().graphql(query);
      expect(answer.status).toBe(400);
      expect(answer.data ?? null).toBeNull();
      expect(answer.errors?.[0]).toMatchObject({
        message: expect.stringContaining('introspection has been disabled'),
        extensions: { code: 'INTROSPECTION_DISABLED' },
      });
    }
    expect((await stack().graphql('{ __typename }')).data).toEqual({ __typename: 'Query' });
    expect(stack().simulators.vantage?.count()).toBe(0);
  });

  it('sends no CORS headers to any origin when no origin is configured', async () => {
    const answer = await fetch(`${stack().url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'https://admin.example' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('live mode, opted in through env', () => {
  const stack = stackFor({ GATEWAY_GRAPHIQL: 'true', GATEWAY_INTROSPECTION: 'true' });

  it('serves GraphiQL whole, with a policy that lets only its own inline scripts run and names no other origin', async () => {
    const page = await graphiqlPage(stack());
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('graphiql');
    const policy = page.headers.get('content-security-policy') ?? '';
    expect(policy).toMatch(/script-src 'self' 'sha256-/);
    expect(policy).not.toMatch(/https?:/);
    expect(html).not.toContain('unpkg.com');
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).toContain('worker-src blob:');
    expect(policy).not.toContain("'unsafe-eval'");
    const inline = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map(([, script = '']) =>
      createHash('sha256').update(script).digest('base64'),
    );
    expect(inline.length).toBeGreaterThan(0);
    for (const hash of inline) expect(policy).toContain(`'sha256-${hash}'`);
    expect(page.headers.get('x-frame-options')).toBe('DENY');
  });

  it('answers introspection', async () => {
    expect((await stack().graphql(introspection)).data).toEqual({ __schema: { queryType: { name: 'Query' } } });
    expect((await stack().graphql(typeIntrospection)).data).toEqual({ __type: { name: 'Query' } });
  });
});

describe('sandbox mode defaults', () => {
  const stack = stackFor({ SSO_GATEWAY_MODE: 'sandbox' });

  it('serves GraphiQL and answers introspection', async () => {
    const page = await graphiqlPage(stack());
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('graphiql');
    expect((await stack().graphql(introspection)).data).toEqual({ __schema: { queryType: { name: 'Query' } } });
  });
});

describe('CSRF prevention', () => {
  const stack = stackFor({});
  const get = (headers: Record<string, string> = {}) =>
    fetch(`${stack().url}/graphql?query=${encodeURIComponent('{ __typename }')}`, { headers: { accept: 'application/json', ...headers } });

  it('refuses a text/plain POST with 403', async () => {
    const answer = await fetch(`${stack().url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(answer.status).toBe(403);
    expect(await answer.json()).toEqual({ errors: [{ message: 'Required CSRF header(s) not present' }] });
  });

  it('refuses a GET without a CSRF header with 403', async () => {
    const answer = await get();
    expect(answer.status).toBe(403);
    expect(await answer.text()).toContain('Required CSRF header(s) not present');
  });

  it.each(['x-graphql-csrf', 'apollo-require-preflight'])('serves a GET carrying %s', async (header) => {
    const answer = await get({ [header]: '1' });
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({ data: { __typename: 'Query' } });
  });

  it('serves an application/json POST without any extra header', async () => {
    const answer = await stack().graphql('{ __typename }');
    expect(answer.status).toBe(200);
    expect(answer.data).toEqual({ __typename: 'Query' });
  });
});

describe('CORS', () => {
  const stack = stackFor({ GATEWAY_CORS_ORIGINS: 'https://admin.example, https://ops.example' });
  const post = (origin: string) =>
    fetch(`${stack().url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
  const preflight = (origin: string) =>
    fetch(`${stack().url}/graphql`, {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type, x-graphql-csrf' },
    });

  it('answers a listed origin with its own origin, no credentials, GET/POST and the gateway headers', async () => {
    for (const origin of ['https://admin.example', 'https://ops.example']) {
      const answer = await post(origin);
      expect(answer.headers.get('access-control-allow-origin')).toBe(origin);
      expect(answer.headers.get('access-control-allow-credentials')).toBeNull();
      expect(answer.headers.get('vary')).toMatch(/origin/i);
    }
    const options = await preflight('https://admin.example');
    expect(options.status).toBe(204);
    expect(options.headers.get('access-control-allow-origin')).toBe('https://admin.example');
    expect(options.headers.get('access-control-allow-methods')).toBe('GET, POST');
    // The gateway's own headers, then those the providers forward upstream (the order carries no meaning).
    expect(options.headers.get('access-control-allow-headers')?.split(', ').sort()).toEqual(
      ['content-type', 'authorization', 'x-request-id', 'x-graphql-csrf', 'x-stytch-member-session', 'x-stytch-member-sessionjwt'].sort(),
    );
  });

  it('gives any other origin no CORS headers', async () => {
    for (const answer of [
      await post('https://evil.example'),
      await preflight('https://evil.example'),
      await post('https://admin.example.evil.example'),
    ]) {
      expect(answer.headers.get('access-control-allow-origin')).toBeNull();
      expect(answer.headers.get('access-control-allow-methods')).toBeNull();
    }
  });
});

describe('security headers', () => {
  const stack = stackFor({});
  const common = {
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'x-frame-options': 'DENY',
    'cross-origin-resource-policy': 'same-origin',
    'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
  };
  const expectHeaders = (response: Response) => {
    for (const [name, value] of Object.entries(common)) expect(response.headers.get(name), name).toBe(value);
    expect(response.headers.get('strict-transport-security')).toBeNull();
  };

  it('are on /graphql answers, which are never cached', async () => {
    const answer = await fetch(`${stack().url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(answer.status).toBe(200);
    expectHeaders(answer);
    expect(answer.headers.get('cache-control')).toBe('no-store');
  });

  it('are on /health and /ready', async () => {
    for (const path of ['/health', '/ready']) {
      const answer = await fetch(`${stack().url}${path}`);
      expect(answer.status).toBe(200);
      expectHeaders(answer);
    }
  });

  it('are on error answers: validation error, CSRF refusal, unknown path, 413', async () => {
    const invalid = await fetch(`${stack().url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ nope }' }),
    });
    expect(invalid.status).toBe(200); // application/json clients get 200 for validation errors (GraphQL over HTTP)
    expectHeaders(invalid);
    const csrf = await fetch(`${stack().url}/graphql?query=%7B__typename%7D`);
    expect(csrf.status).toBe(403);
    expectHeaders(csrf);
    const missing = await fetch(`${stack().url}/nowhere`);
    expect(missing.status).toBe(404);
    expectHeaders(missing);
    const tooLarge = await fetch(`${stack().url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: 'x'.repeat(200 * 1024),
    });
    expect(tooLarge.status).toBe(413);
    expectHeaders(tooLarge);
  });

  it('add Strict-Transport-Security only when the request came over https', async () => {
    const overHttps = await fetch(`${stack().url}/health`, { headers: { 'x-forwarded-proto': 'https' } });
    expect(overHttps.headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains');
    const overHttp = await fetch(`${stack().url}/health`, { headers: { 'x-forwarded-proto': 'http' } });
    expect(overHttp.headers.get('strict-transport-security')).toBeNull();
  });
});

describe('security headers on 401', () => {
  const key = 'gk_test_security_headers_0123456789';
  const keysFile = join(dir, 'keys.json');
  writeFileSync(keysFile, JSON.stringify([{ name: 'headers-test', sha256: sha256(key), scopes: ['sso:read'] }]));
  const stack = stackFor({ GATEWAY_AUTH_MODE: 'api-key', GATEWAY_API_KEYS_FILE: keysFile });

  it('are on an authentication refusal', async () => {
    const answer = await fetch(`${stack().url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(answer.status).toBe(401);
    expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
    expect(answer.headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(answer.headers.get('cache-control')).toBe('no-store');
  });
});

describe('trusted documents', () => {
  const listed = 'query Providers { providers { provider enabled } }';
  const file = join(dir, 'trusted.json');
  writeFileSync(file, JSON.stringify({ [sha256(listed)]: listed }));
  const stack = stackFor({ GATEWAY_PERSISTED_OPERATIONS_FILE: file });
  const send = async (body: unknown) => {
    const response = await fetch(`${stack().url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
      body: JSON.stringify(body),
    });
    return {
      status: response.status,
      body: (await response.json()) as { data?: unknown; errors?: { message: string; extensions?: { code?: string } }[] },
    };
  };
  const persisted = (hash: string) => ({ extensions: { persistedQuery: { version: 1, sha256Hash: hash } } });

  it('runs a listed operation by its hash', async () => {
    const answer = await send(persisted(sha256(listed)));
    expect(answer.status).toBe(200);
    expect(answer.body.errors).toBeUndefined();
    expect(answer.body.data).toMatchObject({ providers: expect.arrayContaining([{ provider: 'VANTAGE', enabled: true }]) });
  });

  it('refuses a document, even the text of a listed one, with PERSISTED_QUERY_ONLY', async () => {
    for (const query of ['{ providers { provider } }', listed]) {
      const answer = await send({ query });
      expect(answer.status).toBe(400);
      expect(answer.body.data ?? null).toBeNull();
      expect(answer.body.errors).toEqual([
        { message: expect.stringContaining('trusted documents only'), extensions: { code: 'PERSISTED_QUERY_ONLY' } },
      ]);
    }
  });

  it('refuses an unlisted hash with PERSISTED_QUERY_NOT_IN_LIST and a request with neither with PERSISTED_QUERY_ID_REQUIRED', async () => {
    const unlisted = await send(persisted(sha256('{ __typename }')));
    expect(unlisted.status).toBe(400);
    expect(unlisted.body.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_IN_LIST');
    const empty = await send({});
    expect(empty.status).toBe(400);
    expect(empty.body.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_ID_REQUIRED');
    expect(stack().simulators.vantage?.count()).toBe(0);
  });

  it('stops start-up on a bad file, naming GATEWAY_PERSISTED_OPERATIONS_FILE and never a document', async () => {
    const secretDocument = '{ providers { provider } } # secret-marker';
    const cases: [string, string][] = [
      ['missing.json', ''],
      ['not-json.json', '{ nope'],
      ['array.json', JSON.stringify([listed])],
      ['empty.json', '{}'],
      ['wrong-hash.json', JSON.stringify({ [sha256('something else')]: secretDocument })],
      ['not-hex.json', JSON.stringify({ 'not-a-hash': secretDocument })],
      ['not-graphql.json', JSON.stringify({ [sha256('secret-marker {')]: 'secret-marker {' })],
    ];
    for (const [name, content] of cases) {
      const path = join(dir, name);
      if (name !== 'missing.json') writeFileSync(path, content);
      const start = () => createGateway(loadConfig({ SSO_GATEWAY_MODE: 'sandbox', GATEWAY_PERSISTED_OPERATIONS_FILE: path }, providers));
      const refusal = await start().then(
        () => undefined,
        (error: unknown) => (error instanceof Error ? error.message : String(error)),
      );
      expect(refusal, name).toMatch(/GATEWAY_PERSISTED_OPERATIONS_FILE/);
      expect(refusal, name).not.toMatch(/secret-marker/);
    }
  });
});
