/**
 * `schema.graphql`: the committed SDL of the gateway's providers, printed sorted so that diffs
 * show only real changes; `subgraph.graphql`: the same graph as a Federation 2 subgraph (what a
 * router composes). A composition root: it takes the providers from the registry.
 */
import { fileURLToPath } from 'node:url';
import { type GraphQLSchema, lexicographicSortSchema, printSchema } from 'graphql';
import { providers } from '../providers/index.ts';
import { schemaFor } from './schema.ts';
import { printSubgraph, subgraphSchemaFor } from './subgraph.ts';

export const SCHEMA_FILE = fileURLToPath(new URL('../../schema.graphql', import.meta.url));
export const SUBGRAPH_FILE = fileURLToPath(new URL('../../subgraph.graphql', import.meta.url));

/** The schema of every provider in the registry (their runtime code loaded first: it registers their types). */
export async function registrySchema(): Promise<GraphQLSchema> {
  await Promise.all(providers.map((module) => module.load()));
  return schemaFor(providers);
}

export async function printSchemaFile(): Promise<string> {
  return `${printSchema(lexicographicSortSchema(await registrySchema()))}\n`;
}

export async function printSubgraphFile(): Promise<string> {
  await registrySchema();
  return printSubgraph(await subgraphSchemaFor(providers));
}
