import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { printSchemaFile, SCHEMA_FILE } from '../scripts/schema-file.ts';

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
