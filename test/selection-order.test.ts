/**
 * Response keys come in the order the operation selected them (GraphQL spec, "Ordering of response
 * fields"), even when the fields resolve at different times: clients that render a result as it
 * reads, and tests that compare serialized answers, rely on it.
 */
import { expect, it } from 'vitest';
import { type Stack, useStack } from './harness.ts';

let stack: Stack;
useStack({}, (started) => {
  stack = started;
});

it('answers an object’s fields in selection order, when the id resolves later than the others', async () => {
  const result = await stack.graphql<{ vantageManagedAccount: Record<string, unknown> }>(
    '{ vantageManagedAccount(token: "acct_1f4e2b7c9d0a3e5f") { id token emailDomain name } }',
  );
  expect(result.errors).toBeUndefined();
  expect(Object.keys(result.data?.vantageManagedAccount ?? {})).toEqual(['id', 'token', 'emailDomain', 'name']);
});

it('answers root and nested fields in selection order across providers', async () => {
  const result = await stack.graphql<{ ssoConnections: { nodes: Record<string, unknown>[] } }>(
    '{ ssoConnections { nodes { provider id } failures { provider } } }',
  );
  expect(Object.keys(result.data?.ssoConnections ?? {})).toEqual(['nodes', 'failures']);
  const nodes = result.data?.ssoConnections.nodes ?? [];
  expect(nodes.length).toBeGreaterThan(0);
  for (const node of nodes) expect(Object.keys(node)).toEqual(['provider', 'id']);
});
