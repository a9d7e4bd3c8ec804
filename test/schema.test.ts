import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { printSchemaFile, SCHEMA_FILE } from '../src/graph/schema-file.ts';

describe('schema.graphql', () => {
  it('is the schema the code prints (run `npm run schema:print` after changing the graph)', () => {
    expect(readFileSync(SCHEMA_FILE, 'utf8')).toBe(printSchemaFile());
  });

  it('keeps the public names of the API contract', () => {
    const sdl = printSchemaFile();
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
      'updateManagedAccountSso(input: UpdateManagedAccountSsoInput!): UpdateManagedAccountSsoResult',
    ]) {
      expect(sdl).toContain(name);
    }
  });
});

describe('partial failure', () => {
  it('a provider-specific root field is nullable, so one failing provider never nulls the whole response', async () => {
    const { schema } = await import('../src/graph/schema.ts');
    const { isNonNullType } = await import('graphql');
    const fields = Object.values(schema.getQueryType()?.getFields() ?? {});
    expect(fields.length).toBeGreaterThan(5);
    // ssoConnections never throws for an upstream (failures are data); nodes is a list of nullables;
    // providers makes no upstream call.
    const mustBeNullable = fields.filter((field) => !['ssoConnections', 'nodes', 'providers'].includes(field.name));
    expect(mustBeNullable.filter((field) => isNonNullType(field.type)).map((field) => field.name)).toEqual([]);
  });
});
