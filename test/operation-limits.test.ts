/**
 * Operation limits over real HTTP: every refusal is a GraphQL error with a code, answered before
 * any upstream call (the Vantage simulator's request log stays empty).
 */
import { describe, expect, it } from 'vitest';
import { type GraphQLResponse, type Stack, useStack } from './harness.ts';

let stack: Stack;
useStack({ providers: ['vantage'] }, (started) => {
  stack = started;
});

const ACCOUNT_ID = Buffer.from('VantageManagedAccount:acct_1f4e2b7c9d0a3e5f').toString('base64');

/**
 * `levels` nested fields through the Relay node chain account → ssoConnection → managedAccount → …
 * (the inline fragment adds no depth): `node` is level 1, the innermost scalar is level `levels`.
 */
function deepQuery(levels: number): string {
  let inner = 'id';
  for (let level = levels - 1; level >= 2; level -= 1) inner = `${level % 2 === 0 ? 'ssoConnection' : 'managedAccount'} { ${inner} }`;
  return `{ node(id: "${ACCOUNT_ID}") { ... on VantageManagedAccount { ${inner} } } }`;
}

function expectRefused(answer: GraphQLResponse, code: string, message: RegExp | string, status = 400): void {
  expect(answer.status).toBe(status);
  expect(answer.data ?? null).toBeNull();
  expect(answer.errors?.map((error) => error.extensions?.code)).toContain(code);
  expect(answer.errors?.find((error) => error.extensions?.code === code)?.message).toMatch(message);
  expect(stack.simulators.vantage?.count()).toBe(0);
}

async function postRaw(body: BodyInit, headers: Record<string, string> = {}): Promise<GraphQLResponse & { headers: Headers }> {
  const response = await fetch(`${stack.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers },
    body,
    ...(body instanceof ReadableStream ? { duplex: 'half' } : {}),
  } as RequestInit);
  const text = await response.text();
  return { status: response.status, text, headers: response.headers, ...(JSON.parse(text) as object) };
}

describe('depth', () => {
  it('accepts 8 levels', async () => {
    const answer = await stack.graphql(deepQuery(8));
    expect(answer.errors).toBeUndefined();
    expect(answer.status).toBe(200);
    expect(JSON.stringify(answer.data)).toContain(ACCOUNT_ID);
  });

  it('refuses 9 levels with MAX_DEPTH_EXCEEDED', async () => {
    expectRefused(await stack.graphql(deepQuery(9)), 'MAX_DEPTH_EXCEEDED', 'Query depth limit of 8 exceeded, found 9.');
  });

  it('counts fields inside named fragments, not the fragments themselves', async () => {
    const query = `{ node(id: "${ACCOUNT_ID}") { ...A } }
      fragment A on VantageManagedAccount { ssoConnection { managedAccount { ssoConnection { ...B } } } }
      fragment B on VantageSsoConnection { managedAccount { ssoConnection { managedAccount { ssoConnection { id } } } } }`;
    expectRefused(await stack.graphql(query), 'MAX_DEPTH_EXCEEDED', 'found 9');
  });
});

describe('aliases', () => {
  const aliased = (count: number) => `{ ${Array.from({ length: count }, (_, i) => `p${i}: providers { provider }`).join(' ')} }`;

  it('accepts 15 aliases', async () => {
    const answer = await stack.graphql(aliased(15));
    expect(answer.errors).toBeUndefined();
    expect(Object.keys(answer.data ?? {})).toHaveLength(15);
  });

  it('refuses 16 aliases with MAX_ALIASES_EXCEEDED', async () => {
    expectRefused(await stack.graphql(aliased(16)), 'MAX_ALIASES_EXCEEDED', 'Aliases limit of 15 exceeded, found 16.');
  });

  it('refuses the same mutation field under two aliases with MUTATION_FIELD_REPEATED', async () => {
    const mutation = `mutation {
      a: deleteManagedAccountSso(input: { managedAccountToken: "acct_1f4e2b7c9d0a3e5f" }) { __typename }
      b: deleteManagedAccountSso(input: { managedAccountToken: "acct_2a5c8e1b4d7f0a3c" }) { __typename }
    }`;
    expectRefused(await stack.graphql(mutation), 'MUTATION_FIELD_REPEATED', /"deleteManagedAccountSso" is selected 2 times/);
    expect(stack.simulators.vantage?.count('DELETE')).toBe(0);
  });

  it('refuses an aliased copy next to the plain field, also through a fragment', async () => {
    const mutation = `mutation {
      deleteManagedAccountSso(input: { managedAccountToken: "acct_1f4e2b7c9d0a3e5f" }) { __typename }
      ...Again
    }
    fragment Again on Mutation { again: deleteManagedAccountSso(input: { managedAccountToken: "acct_1f4e2b7c9d0a3e5f" }) { __typename } }`;
    expectRefused(await stack.graphql(mutation), 'MUTATION_FIELD_REPEATED', /"deleteManagedAccountSso"/);
  });
});

describe('tokens, directives and cost', () => {
  it('refuses more than 2000 tokens with MAX_TOKENS_EXCEEDED', async () => {
    expectRefused(await stack.graphql(`{ ${'__typename '.repeat(2_000)} }`), 'MAX_TOKENS_EXCEEDED', 'Token limit of 2000 exceeded.');
  });

  it('refuses more than 20 directives with MAX_DIRECTIVES_EXCEEDED', async () => {
    const query = `{ ${Array.from({ length: 21 }, (_, i) => `t${i}: __typename @include(if: true)`).join(' ')} }`;
    expectRefused(await stack.graphql(query), 'MAX_DIRECTIVES_EXCEEDED', 'Directives limit of 20 exceeded, found 21.');
  });

  it('accepts 20 directives', async () => {
    const query = `{ ${Array.from({ length: 20 }, (_, i) => `t${i}: __typename @include(if: true)`).join(' ')} }`;
    expect((await stack.graphql(query)).errors).toBeUndefined();
  });

  it('refuses an expensive list query with COST_LIMIT_EXCEEDED', async () => {
    const query =
      '{ vantageManagedAccounts(first: 1000) { edges { node { id name token contactEmail ssoConnection { domains status } } } } }';
    expectRefused(await stack.graphql(query), 'COST_LIMIT_EXCEEDED', /^Query Cost limit of 5000 exceeded, found \d+/);
  });

  it('accepts the same list query with a small page', async () => {
    const answer = await stack.graphql(
      '{ vantageManagedAccounts(first: 2) { edges { node { id name token contactEmail ssoConnection { domains status } } } } }',
    );
    expect(answer.errors).toBeUndefined();
  });
});

describe('no field suggestions', () => {
  it.each([
    ['a query field', '{ vantageManagedAcounts { edges { node { id } } } }'],
    ['a nested field', '{ vantageManagedAccounts { edges { node { tokn } } } }'],
    ['a mutation name', 'mutation { deleteManagedAcountSso(input: { managedAccountToken: "x" }) { __typename } }'],
    ['an argument', '{ vantageManagedAccounts(frist: 1) { edges { cursor } } }'],
    ['an enum literal', '{ ssoConnections(providers: [VANTAG]) { nodes { id } } }'],
  ])('hides "Did you mean" for a typo in %s', async (_what, query) => {
    const answer = await stack.graphql(query);
    expect(answer.status).toBe(400);
    expect(answer.errors?.length).toBeGreaterThan(0);
    expect(answer.text).not.toMatch(/did you mean/i);
    expect(stack.simulators.vantage?.count()).toBe(0);
  });

  it('hides "Did you mean" for a bad enum value in variables', async () => {
    const answer = await stack.graphql('query ($p: [SsoProvider!]) { ssoConnections(providers: $p) { nodes { id } } }', { p: ['VANTAG'] });
    expect(answer.errors?.[0]?.message).toContain('does not exist in "SsoProvider" enum');
    expect(answer.text).not.toMatch(/did you mean/i);
    expect(stack.simulators.vantage?.count()).toBe(0);
  });
});

describe('request body', () => {
  const oversized = JSON.stringify({ query: '{ providers { provider } }', variables: { filler: 'x'.repeat(200 * 1024) } });

  it('answers 413 with a GraphQL error for a 200 KB body', async () => {
    const answer = await postRaw(oversized);
    expectRefused(answer, 'REQUEST_ENTITY_TOO_LARGE', 'Request body is larger than the limit of 102400 bytes.', 413);
    expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('answers 413 for a chunked body without Content-Length', async () => {
    const bytes = new TextEncoder().encode(oversized);
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let offset = 0; offset < bytes.length; offset += 16 * 1024) controller.enqueue(bytes.slice(offset, offset + 16 * 1024));
        controller.close();
      },
    });
    expectRefused(await postRaw(body), 'REQUEST_ENTITY_TOO_LARGE', /larger than the limit/, 413);
  });

  it('still serves a chunked body under the limit', async () => {
    const bytes = new TextEncoder().encode(JSON.stringify({ query: '{ __typename }' }));
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(bytes);
        controller.close();
      },
    });
    const answer = await postRaw(body);
    expect(answer.status).toBe(200);
    expect(answer.data).toEqual({ __typename: 'Query' });
  });

  it('refuses a batched (array) body', async () => {
    const answer = await postRaw(JSON.stringify([{ query: '{ __typename }' }, { query: '{ providers { provider } }' }]));
    expectRefused(answer, 'BAD_REQUEST', 'Batching is not supported.');
  });
});
