/**
 * Every GraphQL operation shown in README.md runs against the simulators without errors, and
 * every mutation there answers with its payload, not an error: the README cannot rot.
 */
import { readFileSync } from 'node:fs';
import { type OperationDefinitionNode, parse, print } from 'graphql';
import { describe, expect, it } from 'vitest';
import { type Stack, useStack } from './harness.ts';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const operations = [...readme.matchAll(/```graphql\n([\s\S]*?)```/g)].flatMap((block) =>
  parse(block[1] ?? '').definitions.filter(
    (definition): definition is OperationDefinitionNode => definition.kind === 'OperationDefinition',
  ),
);

let stack: Stack;
useStack({}, (started) => {
  stack = started;
});

describe('README examples', () => {
  it('shows queries and mutations for every provider', () => {
    expect(operations.length).toBeGreaterThanOrEqual(11);
    const text = operations.map((operation) => print(operation)).join('\n');
    for (const field of [
      'vantageManagedAccounts',
      'updateManagedAccountSso',
      'datoCmsSsoSettings',
      'updateDatoCmsSsoSettings',
      'stytchSsoConnections',
      'updateStytchSamlConnectionByUrl',
      'logtoSsoConnectors',
      'updateLogtoSsoConnector',
      'pandaStackSso',
      'updatePandaStackSso',
      'ssoConnections',
    ]) {
      expect(text).toContain(field);
    }
  });

  it.each(operations.map((operation) => [print(operation).split('\n')[1]?.trim() ?? '', operation] as const))(
    'runs %s',
    async (_name, operation) => {
      const result = await stack.graphql<Record<string, { __typename?: string } | null>>(print(operation));
      expect(result.errors).toBeUndefined();
      if (operation.operation === 'mutation') {
        // A dry run answers with its preview; every other mutation with its payload.
        const expected = print(operation).includes('dryRun: true') ? /^SsoChangePreview$/ : /Payload$/;
        for (const value of Object.values(result.data ?? {})) expect(value?.__typename).toMatch(expected);
      }
    },
  );
});
