import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { printSchemaFile, printSubgraphFile, SCHEMA_FILE, SUBGRAPH_FILE } from '../src/graph/schema-file.ts';

describe('schema.graphql', () => {
  it('is the schema the code prints (run `npm run schema:print` after changing the graph)', async () => {
    expect(readFileSync(SCHEMA_FILE, 'utf8')).toBe(await printSchemaFile());
  });

  it('keeps the public names of the API contract', async () => {
    const sdl = await printSchemaFile();
    for (const name of [
      'interface Node',
      'interface SsoConnection implements Node',
      'interface Error',
      'type ProviderFailure',
      'type SsoConnectionList',
      'enum SsoProvider',
      'ssoConnections(domain: String, providers: [SsoProvider!]): SsoConnectionList!',
      'node(id: ID!): Node',
      'nodes(ids: [ID!]!): [Node]!',
    ]) {
      expect(sdl).toContain(name);
    }
  });

  it('keeps every SSO mutation callable as before: `input`, plus an optional dryRun that defaults to false', async () => {
    const schema = await (await import('../src/graph/schema-file.ts')).registrySchema();
    const all = Object.values(schema.getMutationType()?.getFields() ?? {});
    // Change plans write across providers through their own two mutations: `input` only, no dryRun (a plan is the preview).
    const plans = all.filter((mutation) => ['planSsoChange', 'applySsoChangePlan'].includes(mutation.name));
    expect(plans.map((mutation) => [mutation.args.map((arg) => arg.name), String(mutation.type)])).toEqual([
      [['input'], 'ApplySsoChangePlanResult!'],
      [['input'], 'PlanSsoChangeResult!'],
    ]);
    const mutations = all.filter((mutation) => !plans.includes(mutation));
    expect(mutations.length).toBe(11);
    for (const mutation of mutations) {
      const args = Object.fromEntries(mutation.args.map((arg) => [arg.name, [String(arg.type), arg.defaultValue]]));
      expect(args).toEqual({ input: [expect.stringMatching(/Input!$/), undefined], dryRun: ['Boolean', false] });
      expect(String(mutation.type)).toBe(`${mutation.name[0]?.toUpperCase()}${mutation.name.slice(1)}Result!`);
    }
  });
});

describe('subgraph.graphql', () => {
  it('is the subgraph SDL the code prints (run `npm run schema:print` after changing the graph)', async () => {
    expect(readFileSync(SUBGRAPH_FILE, 'utf8')).toBe(await printSubgraphFile());
  });

  it('keys every SsoConnection type by id, and leaves the federation fields out of the public schema', async () => {
    const sdl = await printSubgraphFile();
    expect(sdl).toContain('interface SsoConnection implements Node @key(fields: "id")');
    const connectionTypes = sdl.match(/implements Node & SsoConnection[^{]*/g) ?? [];
    expect(connectionTypes.length).toBeGreaterThan(4);
    for (const declaration of connectionTypes) expect(declaration).toContain('@key(fields: "id")');
    expect(await printSchemaFile()).not.toMatch(/_entities|_service|@key/);
  });
});

describe('partial failure', () => {
  it('a provider-specific root field is nullable, so one failing provider never nulls the whole response', async () => {
    const schema = await (await import('../src/graph/schema-file.ts')).registrySchema();
    const { isNonNullType } = await import('graphql');
    const fields = Object.values(schema.getQueryType()?.getFields() ?? {});
    expect(fields.length).toBeGreaterThan(5);
    // ssoConnections and ssoHealth never throw for an upstream (failures are data); nodes is a list
    // of nullables; providers makes no upstream call.
    const mustBeNullable = fields.filter((field) => !['ssoConnections', 'ssoHealth', 'nodes', 'providers'].includes(field.name));
    expect(mustBeNullable.filter((field) => isNonNullType(field.type)).map((field) => field.name)).toEqual([]);
  });
});
