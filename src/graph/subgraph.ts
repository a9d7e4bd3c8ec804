/**
 * The gateway as an Apollo Federation 2 subgraph: the public schema plus `_service { sdl }` and
 * `_entities`, built from the same builder, so every public field keeps its resolvers, scopes and
 * error types. The two federation fields are added by the federation plugin outside Pothos, so the
 * guards Pothos would give them are put back here: `sso:read` like every query, and `_entities`
 * takes at most GATEWAY_MAX_NODE_IDS well-formed representations, each of an entity type.
 */
import { type DefinitionNode, type GraphQLFieldResolver, type GraphQLSchema, isInterfaceType, isObjectType, parse, print } from 'graphql';
import { canRead } from '../auth/caller.ts';
import type { GatewayContext } from '../context.ts';
import type { ProviderModule } from '../providers/provider.ts';
import { builder } from './builder.ts';
import { PermissionDeniedError, ValidationError } from './gateway-error.ts';
import { schemaFor } from './schema.ts';
import { declareSsoEntities, invalidReference, ssoEntityTypeNames } from './sso-entity.ts';

let built: GraphQLSchema | undefined;

/** The subgraph schema for these providers (the public one is built first; the process serves one registry). */
export async function subgraphSchemaFor(registry: readonly ProviderModule[]): Promise<GraphQLSchema> {
  const publicSchema = schemaFor(registry);
  if (built) return built;
  assertEveryConnectionIsAnEntity(publicSchema);
  await loadFederationPlugins();
  const schema = builder.toSubGraphSchema({ sortSchema: true });
  const fields = schema.getQueryType()?.getFields() ?? {};
  const entities = fields._entities;
  const service = fields._service;
  if (!entities?.resolve || !service?.resolve) throw new Error('the federation plugin added no _entities or _service field');
  entities.resolve = guardEntities(entities.resolve);
  const sdl = await printSubgraph(schema);
  service.resolve = guardRead(() => ({ sdl }));
  built = schema;
  return schema;
}

/**
 * The federation plugins and `@apollo/subgraph` under them cost about 8 MB of RSS and 0.4 s of
 * start-up, so only a gateway that serves the subgraph (or prints it) loads them. Pothos looks a
 * builder's plugins up by name each time it builds a schema, so adding the names here, after the
 * public schema is built, leaves that schema and its plugin chain as they were.
 */
async function loadFederationPlugins(): Promise<void> {
  const [directives, federation] = await Promise.all([import('@pothos/plugin-directives'), import('@pothos/plugin-federation')]);
  const plugins = builder.options.plugins ?? [];
  if (!plugins.includes(federation.default)) {
    builder.options.plugins = [...plugins, directives.default, federation.default];
    declareSsoEntities();
  }
}

/**
 * The SDL a router composes (what `_service { sdl }` answers), with the federation directives.
 * The federation printer keeps fields in the order their modules registered them, which depends
 * on which provider loaded first; sorted, the committed file only changes when the graph does.
 */
export async function printSubgraph(schema: GraphQLSchema): Promise<string> {
  const { printSubgraphSchema } = await import('@apollo/subgraph');
  const document = parse(printSubgraphSchema(schema));
  return `${print({ ...document, definitions: document.definitions.map(sortFields) })}\n`;
}

function sortFields(definition: DefinitionNode): DefinitionNode {
  if (!('fields' in definition) || !definition.fields) return definition;
  const fields = [...definition.fields].sort((a, b) => (a.name.value < b.name.value ? -1 : 1));
  return { ...definition, fields } as DefinitionNode;
}

type Resolver = GraphQLFieldResolver<unknown, GatewayContext>;

function guardRead(resolve: Resolver): Resolver {
  return (source, args, context, info) => {
    if (!canRead(context.caller)) throw new PermissionDeniedError(`The caller's scopes do not allow Query.${info.fieldName}`);
    return resolve(source, args, context, info);
  };
}

/**
 * Refuses, before any loader runs, what the federation library would otherwise answer with an
 * untyped error or pass through unchecked: too many representations, ones that are not objects,
 * and type names that are not entities of this subgraph.
 */
function guardEntities(resolve: Resolver): Resolver {
  return guardRead((source, args, context, info) => {
    const representations: unknown = (args as { representations?: unknown }).representations;
    if (!Array.isArray(representations)) throw invalidReference('list is missing');
    if (representations.length > context.maxNodeIds) {
      const message = `must list at most ${context.maxNodeIds} representations (GATEWAY_MAX_NODE_IDS)`;
      throw new ValidationError(`_entities ${message}; ${representations.length} were given`, [{ path: ['representations'], message }]);
    }
    for (const representation of representations) {
      const typename =
        typeof representation === 'object' && representation !== null ? (representation as { __typename?: unknown }).__typename : undefined;
      if (typeof typename !== 'string') throw invalidReference('is not an object with a string `__typename`');
      const type = info.schema.getType(typename);
      if (!(isObjectType(type) || isInterfaceType(type)) || !type.extensions.apollo) {
        throw invalidReference(`names a type that is not an entity of this subgraph`);
      }
    }
    return resolve(source, args, context, info);
  });
}

/** A provider type implementing SsoConnection without `ssoConnectionEntity` would break composition: say so early. */
function assertEveryConnectionIsAnEntity(schema: GraphQLSchema): void {
  const connection = schema.getType('SsoConnection');
  if (!isInterfaceType(connection)) return;
  const entities = new Set(ssoEntityTypeNames());
  const missing = schema.getPossibleTypes(connection).filter((type) => !entities.has(type.name));
  if (missing.length > 0) {
    throw new Error(`SsoConnection implementations without ssoConnectionEntity(): ${missing.map((type) => type.name).join(', ')}`);
  }
}
