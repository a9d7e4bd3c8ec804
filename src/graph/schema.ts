/**
 * Schema assembly, the table of contents of the schema: importing a part registers its types on the
 * builder. Provider slices register theirs when the registry imports them; the registry itself is
 * handed in by the composition root, and gives the `SsoProvider` enum its values.
 */
import type { GraphQLSchema } from 'graphql';
import type { ProviderModule } from '../providers/provider.ts';
import './errors.ts';
import './provider-status.ts';
import './unified.ts';
import '../insight/graph.ts';
import '../change-plans/graph.ts';
import { builder } from './builder.ts';
import { defineSsoProviderEnum } from './sso-connection.ts';

let built: { ids: string; schema: GraphQLSchema } | undefined;

/**
 * The schema for these providers. Pothos builds one schema per builder, and the builder is shared
 * by every module of the process, so a process serves one registry: asking for another is a bug.
 */
export function schemaFor(registry: readonly ProviderModule[]): GraphQLSchema {
  const ids = registry.map((module) => module.id).join(',');
  if (built) {
    if (built.ids !== ids) throw new Error(`this process already built the schema for providers ${built.ids}, not ${ids}`);
    return built.schema;
  }
  defineSsoProviderEnum(registry.map((module) => module.id));
  built = { ids, schema: builder.toSchema({ sortSchema: true }) };
  return built.schema;
}
