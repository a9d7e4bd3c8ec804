/**
 * Property: an input nested around GATEWAY_MAX_JSON_DEPTH (32) is refused exactly when it is
 * deeper than the limit, whether it travels in variables or inline, and however objects and lists
 * mix along the way. A refused input answers VALIDATION_FAILED, reaches no upstream and leaves one
 * audit record; an accepted one runs (a Logto dry run) and is audited as such.
 * Seeds: FUZZ_SEED replays a run, as in test/fuzz.test.ts.
 */
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { AuditRecord } from '../src/security/audit-log.ts';
import { type Stack, startStack } from './harness.ts';

const SEED = process.env.FUZZ_SEED !== undefined ? Number(process.env.FUZZ_SEED) : process.env.CI ? 20261203 : Date.now();
const RUNS = Number(process.env.FUZZ_RUNS ?? 0) || 80;
const LIMIT = 32;
const CONNECTOR = 'k2x8m4q1v7zb';

const scalar = fc.oneof(fc.string({ maxLength: 8 }), fc.integer(), fc.boolean(), fc.constant(null));
const key = fc.constantFrom('a', 'b', 'list', 'key_1');

/** A config whose deepest path has `levels` objects and lists, in a random mix, with scalar siblings. */
const nestedConfig = fc.integer({ min: LIMIT - 4, max: LIMIT + 3 }).chain((levels) =>
  fc
    .tuple(
      fc.array(fc.tuple(fc.constantFrom('object', 'list'), key, fc.array(fc.tuple(key, scalar), { maxLength: 2 })), {
        minLength: levels - 1,
        maxLength: levels - 1,
      }),
      scalar,
    )
    .map(([spine, leaf]) => {
      // The outermost level is the config object itself; the spine builds everything inside it.
      let value: unknown = leaf;
      for (const [kind, name, siblings] of spine.reverse()) {
        value = kind === 'list' ? [value, ...siblings.map(([, item]) => item)] : { ...Object.fromEntries(siblings), [name]: value };
      }
      return { levels, config: { nested: value } };
    }),
);

/** The same value as a GraphQL literal. */
function literal(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(literal).join(', ')}]`;
  if (typeof value === 'object' && value !== null) {
    return `{ ${Object.entries(value)
      .map(([name, item]) => `${name}: ${literal(item)}`)
      .join(', ')} }`;
  }
  return JSON.stringify(value);
}

const RESULT = '__typename ... on Error { code }';
const VIA_VARIABLES = `mutation Nested($input: UpdateLogtoSsoConnectorInput!) {
  updateLogtoSsoConnector(input: $input, dryRun: true) { ${RESULT} } }`;
const inline = (config: unknown) => `mutation Nested {
  updateLogtoSsoConnector(input: { connectorId: "${CONNECTOR}", config: ${literal(config)} }, dryRun: true) { ${RESULT} } }`;

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ providers: ['logto'] });
}, 30_000);
afterAll(() => stack?.close());

it('refuses exactly the inputs nested deeper than the limit, in variables and inline', async () => {
  const property = fc.asyncProperty(nestedConfig, fc.boolean(), async ({ levels, config }, viaVariables) => {
    stack.simulators.logto?.resetLog();
    const requestId = `nested-${randomUUID()}`;
    const headers = { 'x-request-id': requestId };
    const response = viaVariables
      ? await stack.graphql(VIA_VARIABLES, { input: { connectorId: CONNECTOR, config } }, headers)
      : await stack.graphql(inline(config), undefined, headers);
    const records = stack.audit.map((line) => JSON.parse(line) as AuditRecord).filter((record) => record.requestId === requestId);
    // The input object is one level, the config another.
    const depth = levels + 1;
    const context = `depth ${depth} via ${viaVariables ? 'variables' : 'an inline literal'}: ${response.text.slice(0, 300)}`;
    if (depth > LIMIT) {
      expect(
        response.errors?.map((error) => error.extensions?.code),
        context,
      ).toEqual(['VALIDATION_FAILED']);
      expect(stack.simulators.logto?.count(), context).toBe(0);
      expect(records.map((record) => record.outcome)).toEqual(['VALIDATION_FAILED']);
    } else {
      expect(response.errors, context).toBeUndefined();
      expect(response.data, context).toEqual({ updateLogtoSsoConnector: { __typename: 'SsoChangePreview' } });
      expect(records.map((record) => record.outcome)).toEqual(['dry-run']);
    }
  });
  try {
    await fc.assert(property, { seed: SEED, numRuns: RUNS, interruptAfterTimeLimit: 45_000 });
  } catch (error) {
    throw new Error(`[fuzz] nested JSON failed with FUZZ_SEED=${SEED}\n${(error as Error).message}`, { cause: error });
  }
}, 60_000);
