/**
 * The pieces behind the nesting limits, on their own: the stack-free depth measure, the document
 * outline (nesting, operations, root fields) and the JSON scalar's ceiling when the schema is
 * executed without the gateway's plugins.
 */
import { graphql, parse, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import { JSON_DEPTH_CEILING } from '../src/config/security.ts';
import { registrySchema } from '../src/graph/schema-file.ts';
import { outlineDocument, selectedMutation } from '../src/security/document-outline.ts';
import { literalNestsDeeperThan, nestsDeeperThan } from '../src/security/nesting.ts';

const objects = (levels: number): unknown => {
  let value: unknown = 1;
  for (let level = 0; level < levels; level += 1) value = { a: value };
  return value;
};

describe('nestsDeeperThan', () => {
  it('counts objects and lists, not scalars', () => {
    expect([1, 'x', null, {}, [], [[]], { a: [{}] }].map((value) => nestsDeeperThan(value, 1))).toEqual([
      false,
      false,
      false,
      false,
      false,
      true,
      true,
    ]);
    expect(nestsDeeperThan(objects(32), 32)).toBe(false);
    expect(nestsDeeperThan(objects(33), 32)).toBe(true);
  });

  it('measures a value far deeper than any recursive walk survives', () => {
    expect(nestsDeeperThan(objects(200_000), 32)).toBe(true);
    const wide = Array.from({ length: 10_000 }, () => objects(5));
    expect(nestsDeeperThan(wide, 6)).toBe(false);
  });

  it('measures literals the same way', () => {
    const literal = (text: string) => {
      const document = parse(`{ f(x: ${text}) }`);
      const operation = document.definitions[0];
      if (operation?.kind !== 'OperationDefinition') throw new Error('no operation');
      const field = operation.selectionSet.selections[0];
      if (field?.kind !== 'Field' || !field.arguments?.[0]) throw new Error('no argument');
      return field.arguments[0].value;
    };
    expect(literalNestsDeeperThan(literal('{ a: [1, { b: 2 }] }'), 3)).toBe(false);
    expect(literalNestsDeeperThan(literal('{ a: [1, { b: [2] }] }'), 3)).toBe(true);
  });
});

describe('outlineDocument', () => {
  it('tells value nesting (inside parentheses) from selection nesting', () => {
    const outline = outlineDocument('query Q($v: [[Int]] = [[1]]) { a(x: { y: [1] }) { b { c } } }', { maxTokens: 1_000 });
    expect(outline).toMatchObject({ valueNesting: 2, selectionNesting: 3 });
  });

  it('ignores brackets inside strings, block strings and comments', () => {
    const outline = outlineDocument('{ a(x: "{{{{[[[[", y: """ {{{{ """) # {{{{\n }', { maxTokens: 1_000 });
    expect(outline).toMatchObject({ valueNesting: 0, selectionNesting: 1 });
  });

  it('stops at the token limit, at a bracket that does not match, and past stopAbove', () => {
    expect(outlineDocument(`{ a(x: ${'['.repeat(100)}) }`, { maxTokens: 10 }).valueNesting).toBeLessThanOrEqual(10);
    expect(outlineDocument('{ a(x: [1}) { b { c { d } } } }', { maxTokens: 1_000 }).selectionNesting).toBe(1);
    const stopped = outlineDocument(`{ a(x: ${'['.repeat(5_000)}) }`, {
      maxTokens: 100_000,
      stopAbove: { valueNesting: 3, selectionNesting: 3 },
    });
    expect(stopped.valueNesting).toBe(4);
  });

  it('names the mutation a request runs and its root fields, through aliases, fragments and directives', () => {
    const text = `
      query Read { a }
      mutation Write($x: Int = 1) @tag(n: 1) {
        renamed: first(input: { b: [1] }) { c }
        ... on Mutation @include(if: true) { second }
        ... @skip(if: false) { ...More }
      }
      fragment More on Mutation { third ...Again }
      fragment Again on Mutation { fourth ...More }`;
    const outline = outlineDocument(text, { maxTokens: 1_000 });
    expect(selectedMutation(outline, 'Write')).toEqual({ name: 'Write', fields: ['first', 'second', 'third', 'fourth'] });
    expect(selectedMutation(outline, 'Read')).toBeUndefined();
    expect(selectedMutation(outline, undefined)).toBeUndefined();
    expect(selectedMutation(outlineDocument('mutation { x }', { maxTokens: 100 }), undefined)).toEqual({ name: undefined, fields: ['x'] });
  });
});

const schema = await registrySchema();

describe('the JSON scalar without the gateway plugins', () => {
  it(`refuses a variable nested deeper than ${JSON_DEPTH_CEILING} levels while coercing it, before any resolver`, async () => {
    const result = await graphql({
      schema,
      source: 'mutation ($input: CreateLogtoSsoConnectorInput!) { createLogtoSsoConnector(input: $input) { __typename } }',
      variableValues: { input: { providerName: 'SAML', connectorName: 'x', config: objects(50_000) } },
    });
    expect(result.data).toBeUndefined();
    expect(result.errors?.map((error) => error.extensions.code)).toEqual(['VALIDATION_FAILED']);
  });

  it('refuses such a literal in validation', () => {
    const config = `${'{ a: '.repeat(JSON_DEPTH_CEILING + 1)}1${' }'.repeat(JSON_DEPTH_CEILING + 1)}`;
    const document = parse(
      `mutation { createLogtoSsoConnector(input: { providerName: "SAML", connectorName: "x", config: ${config} }) { __typename } }`,
    );
    expect(validate(schema, document).map((error) => error.extensions.code)).toEqual(['VALIDATION_FAILED']);
  });
});
