/**
 * Deeply nested values, in live mode with API keys: a variable or an inline argument whose objects
 * and lists nest deeper than GATEWAY_MAX_JSON_DEPTH is refused with VALIDATION_FAILED before
 * anything walks it (it used to overflow the stack: "Unexpected error." and no audit record). Every
 * write attempt leaves one audit record, whatever refused it, and never its input.
 */
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AuditRecord } from '../src/security/audit-log.ts';
import { apiKey, type KeySpec, LOGTO_ACME_SAML, tempDir, writeKeysFile } from './fixtures/security-keys.ts';
import { type GraphQLResponse, type Stack, startStack } from './harness.ts';

const WRITER = { name: 'depth-writer', key: 'gk_test_depthwriter_0a9b8c7d6e5f4a3b', scopes: ['sso:read', 'sso:write'] } satisfies KeySpec;
const SECRET = 'deep-config-client-secret-Qw42zX';

/** `{ a: { a: … 'x' } }`, `levels` objects deep. */
function nested(levels: number): unknown {
  let value: unknown = SECRET;
  for (let level = 0; level < levels; level += 1) value = { a: value };
  return value;
}

/** The same value as a GraphQL literal. */
function nestedLiteral(levels: number): string {
  return `${'{ a: '.repeat(levels)}"${SECRET}"${' }'.repeat(levels)}`;
}

const CREATE_VARIABLES = `mutation DeepConfig($input: CreateLogtoSsoConnectorInput!) {
  createLogtoSsoConnector(input: $input) { __typename ... on Error { code } } }`;
const createInline = (config: string) => `mutation DeepInline {
  createLogtoSsoConnector(input: { providerName: "OIDC", connectorName: "Deep", config: ${config} }) { __typename ... on Error { code } } }`;

let stack: Stack;
let dir: string;

async function send(query: string, variables?: Record<string, unknown>) {
  const requestId = `depth-${randomUUID()}`;
  const response = await stack.graphql(query, variables, { ...apiKey(WRITER.key), 'x-request-id': requestId });
  const records = stack.audit.map((line) => JSON.parse(line) as AuditRecord).filter((record) => record.requestId === requestId);
  return { response, records };
}

function expectRefused(response: GraphQLResponse, code = 'VALIDATION_FAILED'): void {
  expect(response.status, response.text).toBe(400);
  expect(response.data ?? null).toBeNull();
  expect(response.errors?.map((error) => error.extensions?.code)).toEqual([code]);
}

function expectRefusalAudited(records: AuditRecord[], operationName: string, reason: string): void {
  expect(records).toHaveLength(1);
  expect(records[0]).toMatchObject({
    caller: { subject: WRITER.name, keyName: WRITER.name, authMode: 'api-key' },
    provider: 'logto',
    operation: 'createLogtoSsoConnector',
    operationName,
    outcome: 'VALIDATION_FAILED',
    reason,
    target: {},
    changes: {},
    upstreamRequestIds: [],
  });
}

const logtoCalls = () => stack.simulators.logto?.count() ?? 0;

beforeAll(async () => {
  dir = tempDir('depth-');
  stack = await startStack({
    providers: ['logto'],
    env: { GATEWAY_AUTH_MODE: 'api-key', GATEWAY_API_KEYS_FILE: writeKeysFile(dir, [WRITER]) },
  });
});
afterAll(async () => {
  await stack?.close();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => stack.simulators.logto?.resetLog());

describe('a Logto config nested 2,000 levels deep', () => {
  it('in variables: VALIDATION_FAILED before execution, an audit record, nothing sent to Logto', async () => {
    const input = { providerName: 'OIDC', connectorName: 'Deep', config: nested(2_000) };
    const { response, records } = await send(CREATE_VARIABLES, { input });
    expectRefused(response);
    expect(response.errors?.[0]?.message).toMatch(/\$input.*32/);
    expectRefusalAudited(records, 'DeepConfig', 'VALIDATION_FAILED');
    expect(logtoCalls()).toBe(0);
  });

  it('inline: VALIDATION_FAILED before parsing, an audit record, nothing sent to Logto', async () => {
    const { response, records } = await send(createInline(nestedLiteral(2_000)));
    expectRefused(response);
    expectRefusalAudited(records, 'DeepInline', 'VALIDATION_FAILED');
    expect(logtoCalls()).toBe(0);
  });

  it('leaves the gateway serving, and its secret in no response, log line or audit record', async () => {
    const answer = await stack.graphql('{ logtoSsoConnectors(first: 1) { totalCount } }', undefined, apiKey(WRITER.key));
    expect(answer.errors).toBeUndefined();
    expect(answer.data).toMatchObject({ logtoSsoConnectors: { totalCount: expect.any(Number) } });
    expect([...stack.logs, ...stack.audit].join('\n')).not.toContain(SECRET);
  });
});

describe('the limit (GATEWAY_MAX_JSON_DEPTH=32, counted from the variable or the argument)', () => {
  const dryRun = (config: unknown) => ({ connectorId: LOGTO_ACME_SAML, config });
  const UPDATE = `mutation Edge($input: UpdateLogtoSsoConnectorInput!) {
    updateLogtoSsoConnector(input: $input, dryRun: true) { __typename ... on Error { code } } }`;
  const updateInline = (config: string) => `mutation EdgeInline {
    updateLogtoSsoConnector(input: { connectorId: "${LOGTO_ACME_SAML}", config: ${config} }, dryRun: true) { __typename } }`;

  it('lets 32 levels through (the input object and a 31-level config) and refuses 33', async () => {
    const atLimit = await send(UPDATE, { input: dryRun(nested(31)) });
    expect(atLimit.response.errors, atLimit.response.text).toBeUndefined();
    expect(logtoCalls()).toBeGreaterThan(0);
    expect(atLimit.records.map((record) => record.outcome)).toEqual(['dry-run']);

    stack.simulators.logto?.resetLog();
    const beyond = await send(UPDATE, { input: dryRun(nested(32)) });
    expectRefused(beyond.response);
    expect(logtoCalls()).toBe(0);
  });

  it('draws the same line for inline values', async () => {
    const atLimit = await send(updateInline(nestedLiteral(31)));
    expect(atLimit.response.errors, atLimit.response.text).toBeUndefined();
    const beyond = await send(updateInline(nestedLiteral(32)));
    expectRefused(beyond.response);
    expect(beyond.records.map((record) => [record.operation, record.outcome])).toEqual([['updateLogtoSsoConnector', 'VALIDATION_FAILED']]);
  });

  it('counts lists as levels too', async () => {
    const deepList = JSON.parse(`${'['.repeat(40)}1${']'.repeat(40)}`) as unknown;
    expectRefused((await send(UPDATE, { input: dryRun({ list: deepList }) })).response);
    expectRefused((await send(updateInline(`{ list: ${'['.repeat(40)}1${']'.repeat(40)} }`))).response);
  });
});

describe('write attempts refused before their resolver are audited too', () => {
  it('records a mutation refused by validation, by an operation limit and by variable coercion', async () => {
    const invalid = await send('mutation Invalid { createLogtoSsoConnector(input: { nope: 1 }) { __typename } }');
    expect(invalid.response.status).toBe(400);
    expect(invalid.records.map((record) => [record.operation, record.operationName, record.outcome])).toEqual([
      ['createLogtoSsoConnector', 'Invalid', 'VALIDATION_FAILED'],
    ]);

    const tooManyTokens = await send(
      `mutation Tokens { deleteLogtoSsoConnector(input: { connectorId: "x" }) { ${'__typename '.repeat(2_000)} } }`,
    );
    expectRefused(tooManyTokens.response, 'MAX_TOKENS_EXCEEDED');
    expect(tooManyTokens.records.map((record) => [record.operation, record.outcome, record.reason])).toEqual([
      ['deleteLogtoSsoConnector', 'VALIDATION_FAILED', 'MAX_TOKENS_EXCEEDED'],
    ]);

    const coercion = await send(CREATE_VARIABLES, { input: { providerName: 'OIDC', connectorName: 42, config: { clientSecret: SECRET } } });
    expect(coercion.response.data ?? null).toBeNull();
    expect(coercion.records.map((record) => [record.operation, record.outcome, record.changes])).toEqual([
      ['createLogtoSsoConnector', 'VALIDATION_FAILED', {}],
    ]);
    expect(logtoCalls()).toBe(0);
  });

  it('records each mutation field once, spreads and inline fragments included, and nothing for a query', async () => {
    const both = await send(`mutation Both {
      ... on Mutation { deleteLogtoSsoConnector(input: { connectorId: "${'x'.repeat(300)}" }) { __typename } }
      ...Update }
      fragment Update on Mutation { updateLogtoSsoConnector(input: { connectorId: "y", syncProfile: "no" }) { __typename } }`);
    expect(both.response.status).toBe(400);
    expect(both.records.map((record) => record.operation).sort()).toEqual(['deleteLogtoSsoConnector', 'updateLogtoSsoConnector']);

    const query = await send(`query Deep { logtoSsoConnector(connectorId: ${nestedLiteral(40)}) { connectorId } }`);
    expectRefused(query.response);
    expect(query.records).toEqual([]);
  });
});

describe('deep selections with a raised token limit (GATEWAY_MAX_TOKENS=100000)', () => {
  let raised: Stack;
  beforeAll(async () => {
    raised = await startStack({ providers: ['logto'], env: { GATEWAY_MAX_TOKENS: '100000' } });
  });
  afterAll(() => raised?.close());

  it('refuses selections and values nested thousands deep instead of overflowing the parser', async () => {
    const selections = await raised.graphql(`{ ${'... on Query { '.repeat(5_000)}__typename${' }'.repeat(5_000)} }`);
    expectRefused(selections, 'MAX_DEPTH_EXCEEDED');
    const values = await raised.graphql(`{ logtoSsoConnector(connectorId: ${'['.repeat(20_000)}1${']'.repeat(20_000)}) { connectorId } }`);
    expectRefused(values);
    expect((await raised.graphql('{ __typename }')).data).toEqual({ __typename: 'Query' });
  });
});
