/**
 * `schema.graphql`: the committed SDL of the gateway's providers, printed sorted so that diffs
 * show only real changes. A composition root: it takes the providers from the registry.
 */
import { fileURLToPath } from 'node:url';
import { type GraphQLSchema, lexicographicSortSchema, printSchema } from 'graphql';
import { providers } from '../providers/index.ts';
import { schemaFor } from './schema.ts';

export const SCHEMA_FILE = fileURLToPath(new URL('../../schema.graphql', import.meta.url));

/** The schema of every provider in the registry. */
export function registrySchema(): GraphQLSchema {
  return schemaFor(providers);
}

export function printSchemaFile(): string {
  return `${printSchema(lexicographicSortSchema(registrySchema()))}\n`;
}
