/**
 * Every saved example operation in examples/operations/ (GraphiQL's tabs) runs against the
 * simulators with its own `# variables:` and answers without errors; every mutation answers with
 * its success payload, not an error. The examples cannot rot.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config/gateway.ts';
import { DEFAULT_EXAMPLE_FILE, type ExampleOperation, findExamplesDirectory, loadExampleOperations } from '../src/example-operations.ts';
import { createLogger } from '../src/logger.ts';
import { providers } from '../src/providers/index.ts';
import { createGateway } from '../src/server.ts';
import { type Stack, startStack } from './harness.ts';

const directory = findExamplesDirectory();
if (!directory) throw new Error('examples/operations/ not found');
const examples = loadExampleOperations(directory);
const queries = examples.filter((example) => example.operationType !== 'mutation');
const mutations = examples.filter((example) => example.operationType === 'mutation');

type Answer = Record<string, { __typename?: string } | null>;

/** What the change-plan examples hold where a person pastes the id PlanSsoChange answered with. */
const PLAN_ID_PLACEHOLDER = '<plan id from PlanSsoChange>';

/** Runs one example as GraphiQL would: its document, its operation name, its variables. */
async function run(stack: Stack, example: ExampleOperation) {
  const text = JSON.stringify(example.variables);
  const variables = text.includes(PLAN_ID_PLACEHOLDER)
    ? (JSON.parse(text.replaceAll(PLAN_ID_PLACEHOLDER, await planId(stack))) as Record<string, unknown>)
    : example.variables;
  const response = await fetch(`${stack.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
    body: JSON.stringify({ query: example.document, operationName: example.operationName, variables }),
  });
  return (await response.json()) as { data?: Answer; errors?: unknown[] };
}

/** The id of a plan made by the PlanSsoChange example, as a person would copy it from that tab. */
async function planId(stack: Stack): Promise<string> {
  const plan = examples.find((example) => example.operationName === 'PlanSsoChange');
  if (!plan) throw new Error('no PlanSsoChange example');
  const answer = (await run(stack, plan)) as { data?: { planSsoChange?: { plan?: { id: string } } } };
  const id = answer.data?.planSsoChange?.plan?.id;
  if (!id) throw new Error(`PlanSsoChange made no plan: ${JSON.stringify(answer)}`);
  return id;
}

function expectSuccess(example: ExampleOperation, result: { data?: Answer; errors?: unknown[] }): void {
  expect(result.errors, example.file).toBeUndefined();
  // A null field without errors means the example's demo id matched nothing.
  for (const [field, value] of Object.entries(result.data ?? {})) expect(value, `${example.file}: ${field}`).not.toBeNull();
  if (example.operationType === 'mutation') {
    for (const value of Object.values(result.data ?? {})) expect(value?.__typename, example.file).toMatch(/Payload$/);
  }
}

describe('saved example operations', () => {
  it('cover every provider, reads and writes, as named operations', () => {
    const text = examples.map((example) => example.document).join('\n');
    for (const field of [
      'ssoConnections',
      'providers',
      'node(',
      'vantageManagedAccounts',
      'vantageManagedAccount(',
      'createManagedAccountSso',
      'updateManagedAccountSso',
      'deleteManagedAccountSso',
      'datoCmsSsoSettings',
      'datoCmsRoles',
      'updateDatoCmsSsoSettings',
      'stytchSsoConnections',
      'stytchSamlConnection(',
      'updateStytchSamlConnectionByUrl',
      'logtoSsoConnectors',
      'connectorProvider',
      'logtoSsoConnector(',
      'logtoSsoConnectorProviders',
      'createLogtoSsoConnector',
      'updateLogtoSsoConnector',
      'deleteLogtoSsoConnector',
      'pandaStackSso(',
      'pandaStackSsoConfigurations',
      'createPandaStackSso',
      'updatePandaStackSso',
      'deletePandaStackSso',
      'planSsoChange',
      'applySsoChangePlan',
      'ssoChangePlan(',
    ]) {
      expect(text).toContain(field);
    }
    expect(new Set(examples.map((example) => example.operationName)).size).toBe(examples.length);
    expect(examples[0]?.file).toBe(DEFAULT_EXAMPLE_FILE);
  });

  describe('reads, on one sandbox', () => {
    let stack: Stack;
    beforeAll(async () => {
      stack = await startStack();
    });
    afterAll(() => stack.close());

    it.each(queries.map((example) => [example.file, example] as const))('%s', async (_file, example) => {
      expectSuccess(example, await run(stack, example));
    });
  });

  // Each write gets a sandbox of its own, so it meets the demo data it was written for whatever
  // ran before it (a delete removes what an update in another file expects).
  describe('writes, each on a fresh sandbox', () => {
    it.each(mutations.map((example) => [example.file, example] as const))('%s', async (_file, example) => {
      const stack = await startStack();
      try {
        expectSuccess(example, await run(stack, example));
      } finally {
        await stack.close();
      }
    });
  });

  // What a newcomer does in GraphiQL: click through every tab once, top to bottom, in one sandbox.
  it('all run one after the other in GraphiQL tab order on one sandbox', async () => {
    const stack = await startStack();
    try {
      for (const example of examples) expectSuccess(example, await run(stack, example));
    } finally {
      await stack.close();
    }
  });

  it('open in GraphiQL as tabs, the cross-provider query first, with their variables', async () => {
    const logs: string[] = [];
    const gateway = await createGateway(
      loadConfig({ SSO_GATEWAY_MODE: 'live', GATEWAY_AUTH_MODE: 'none', GATEWAY_GRAPHIQL: 'true' }, providers),
      {
        logger: createLogger({ level: 'debug', write: (line) => logs.push(line) }),
      },
    );
    const url = await gateway.listen(0, '127.0.0.1');
    try {
      const html = await (await fetch(`${url}/graphql`, { headers: { accept: 'text/html' } })).text();
      // Yoga hands its options to GraphiQL as one JSON object, the last call in the page's script
      // (after the inlined GraphiQL bundle, which mentions the function too).
      const call = html.slice(html.lastIndexOf('renderYogaGraphiQL('));
      const options = JSON.parse(/^renderYogaGraphiQL\([^,]*,\s*(\{.*\})\s*,?\s*\)/s.exec(call)?.[1] ?? '{}') as {
        defaultQuery?: string;
        defaultTabs?: { query: string; variables: string }[];
      };
      expect(options.defaultQuery).toContain('query AllSsoConnections');
      expect(options.defaultTabs?.map((tab) => tab.query)).toEqual(examples.map((example) => example.document));
      expect(options.defaultTabs?.map((tab) => JSON.parse(tab.variables) as unknown)).toEqual(examples.map((example) => example.variables));
      expect(logs.join('\n')).not.toContain('examples/operations/ not found');
    } finally {
      await gateway.close();
    }
  });
});
