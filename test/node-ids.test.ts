/**
 * What `node(id:)` and `nodes(ids:)` accept: at most GATEWAY_MAX_NODE_IDS ids in one `nodes`, and
 * only keys whose every upstream id passes the rule field arguments follow. A refused id answers
 * VALIDATION_FAILED and reaches no upstream.
 */
import { describe, expect, it } from 'vitest';
import { joinKey } from '../src/graph/node.ts';
import { STYTCH_ACME, STYTCH_ACME_SAML, VANTAGE_ACME } from './fixtures/security-keys.ts';
import { type GraphQLResponse, type Stack, useStack } from './harness.ts';

const globalId = (type: string, key: string) => Buffer.from(`${type}:${key}`).toString('base64');
const account = (token: string) => globalId('VantageManagedAccount', token);
const NODES = 'query ($ids: [ID!]!) { nodes(ids: $ids) { id } }';
const NODE = 'query ($id: ID!) { node(id: $id) { id } }';

const codes = (answer: GraphQLResponse) => (answer.errors ?? []).map((error) => error.extensions?.code);
const upstreamCalls = (stack: Stack) => Object.values(stack.simulators).reduce((sum, simulator) => sum + simulator.count(), 0);

describe('nodes(ids:) cap', () => {
  let stack: Stack;
  useStack({ providers: ['vantage'] }, (started) => {
    stack = started;
  });

  it('refuses more than 100 ids (the default) with VALIDATION_FAILED naming the cap, before any upstream call', async () => {
    const ids = Array.from({ length: 101 }, (_, i) => account(`acct_cap_${i}`));
    const answer = await stack.graphql(NODES, { ids });
    expect(codes(answer)).toEqual(['VALIDATION_FAILED']);
    expect(answer.errors?.[0]?.message).toContain('100');
    expect(answer.data).toBeNull();
    expect(upstreamCalls(stack)).toBe(0);
  });

  it('answers exactly 100 ids', async () => {
    const ids = [account(VANTAGE_ACME), ...Array.from({ length: 99 }, (_, i) => account(`acct_cap_${i}`))];
    const answer = await stack.graphql<{ nodes: ({ id: string } | null)[] }>(NODES, { ids });
    expect(answer.errors).toBeUndefined();
    expect(answer.data?.nodes).toHaveLength(100);
    expect(answer.data?.nodes[0]?.id).toBe(account(VANTAGE_ACME));
  });

  it('documents the cap in the field description', async () => {
    const { readFileSync } = await import('node:fs');
    const schema = readFileSync(new URL('../schema.graphql', import.meta.url), 'utf8');
    expect(schema).toMatch(/GATEWAY_MAX_NODE_IDS[^"]*100[\s\S]*?nodes\(ids: \[ID!\]!\): \[Node\]!/);
  });
});

describe('nodes(ids:) cap from GATEWAY_MAX_NODE_IDS', () => {
  let stack: Stack;
  useStack({ providers: ['vantage'], env: { GATEWAY_MAX_NODE_IDS: '3' } }, (started) => {
    stack = started;
  });

  it('follows the configured cap', async () => {
    const ids = Array.from({ length: 4 }, (_, i) => account(`acct_cap_${i}`));
    const refused = await stack.graphql(NODES, { ids });
    expect(codes(refused)).toEqual(['VALIDATION_FAILED']);
    expect(refused.errors?.[0]?.message).toContain('3');
    expect(upstreamCalls(stack)).toBe(0);
    expect(codes(await stack.graphql(NODES, { ids: ids.slice(0, 3) }))).toEqual([]);
  });
});

describe('upstream ids inside node ids', () => {
  let stack: Stack;
  useStack({ providers: ['vantage', 'stytch', 'logto', 'pandastack', 'datocms'] }, (started) => {
    stack = started;
  });

  const HOSTILE_KEYS = ['..', '.', 'a/b', '../etc/passwd', 'a?b=1', 'a#b', 'a\\b', 'a\nb', '\u0000', ' acct', 'x'.repeat(20_000)];
  const hostileIds = HOSTILE_KEYS.flatMap((key) => [
    account(key),
    globalId('VantageSsoConnection', key),
    globalId('LogtoSsoConnector', key),
    globalId('DatoCmsRole', key),
    // Composite keys: each part is an upstream id of its own, percent-encoded in the key.
    globalId('StytchSamlConnection', joinKey(key, STYTCH_ACME_SAML)),
    globalId('StytchOidcConnection', joinKey(STYTCH_ACME, key)),
    globalId('PandaStackSso', joinKey(key, 'default')),
  ]);
  hostileIds.push(
    // Parts that do not decode: a lone surrogate's UTF-8 bytes, and a broken escape.
    globalId('StytchSamlConnection', `%ED%A0%80:${STYTCH_ACME_SAML}`),
    globalId('PandaStackSso', '%zz:default'),
    // More parts than any key has, each harmless alone.
    globalId('StytchSamlConnection', `${STYTCH_ACME}:${STYTCH_ACME_SAML}:x`),
    // Not a global id at all.
    globalId('VantageManagedAccount', ''),
    'not base64 at all!',
  );

  it('node(id:) refuses each with VALIDATION_FAILED and calls no upstream', async () => {
    for (const id of hostileIds) {
      const label = Buffer.from(id, 'base64').toString().slice(0, 60);
      const answer = await stack.graphql(NODE, { id });
      expect(codes(answer), `${JSON.stringify(label)}: ${answer.text.slice(0, 300)}`).toEqual(['VALIDATION_FAILED']);
      expect(answer.data, label).toEqual({ node: null });
      expect(upstreamCalls(stack), label).toBe(0);
    }
  });

  it('nodes(ids:) refuses a list holding one hostile id, and calls no upstream for the good ones either', async () => {
    const answer = await stack.graphql(NODES, { ids: [account(VANTAGE_ACME), account('..')] });
    expect(codes(answer)).toEqual(['VALIDATION_FAILED']);
    expect(answer.errors?.[0]?.message).not.toContain('..');
    expect(upstreamCalls(stack)).toBe(0);
  });

  it('still answers good ids, simple and composite', async () => {
    const ids = [account(VANTAGE_ACME), globalId('StytchSamlConnection', joinKey(STYTCH_ACME, STYTCH_ACME_SAML))];
    const answer = await stack.graphql<{ nodes: ({ id: string } | null)[] }>(NODES, { ids });
    expect(answer.errors).toBeUndefined();
    expect(answer.data?.nodes.map((node) => node?.id)).toEqual(ids);
  });
});
