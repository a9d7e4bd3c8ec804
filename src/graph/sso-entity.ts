/**
 * `SsoConnection` types as Apollo Federation entities, for the subgraph schema (`subgraph.ts`).
 * Every implementation is keyed by its global `id`, and may add the upstream key other subgraphs
 * are likely to hold (the fields its node key is made of). A reference is loaded through the same
 * per-request loader as `node(id:)`, so references of one `_entities` call batch like `nodes(ids:)`,
 * and its upstream ids get the same checks before any loader sees them.
 */
import type { ObjectRef } from '@pothos/core';
import type { GatewayContext } from '../context.ts';
import { builder } from './builder.ts';
import { ValidationError } from './gateway-error.ts';
import { decodeNodeId, joinKey } from './node.ts';
import { SsoConnection, type SsoConnectionShape } from './sso-connection.ts';
import { upstreamId } from './validators.ts';

type Load<Shape> = (nodeKey: string, context: GatewayContext) => Promise<Shape | null | undefined> | Shape | null | undefined;
type BuilderTypes = typeof builder extends PothosSchemaTypes.SchemaBuilder<infer Types> ? Types : never;
type Representation = Record<string, unknown>;

/** What each entity type loads a node key with: the interface resolves a reference through it. */
const loaders = new Map<string, Load<SsoConnectionShape>>();

/**
 * The `asEntity` calls, made by `declareSsoEntities()` once subgraph.ts has loaded the federation
 * plugin (which adds `asEntity` to the builder): a gateway serving the public schema never loads it.
 */
const declarations: (() => void)[] = [];

export interface SsoEntityOptions<Shape> {
  /** The loader `builder.node` uses (`loadWithoutCache`): one node key in, the object or null out. */
  load: Load<Shape>;
  /**
   * Fields that make up the node key (one upstream id as is, two joined by `joinKey`), offered as a
   * second `@key` so a subgraph that only knows the upstream ids can reference the connection.
   */
  upstreamKey?: readonly [keyof Shape & string] | readonly [keyof Shape & string, keyof Shape & string];
}

/** Declares one `SsoConnection` implementation an entity (`@key(fields: "id")`, plus its upstream key). */
export function ssoConnectionEntity<Shape extends SsoConnectionShape>(
  ref: ObjectRef<BuilderTypes, Shape>,
  options: SsoEntityOptions<Shape>,
): void {
  loaders.set(ref.name, options.load);
  declarations.push(() => {
    const keys = [builder.selection<{ id: string }>('id')];
    const upstream = options.upstreamKey;
    // The field names are checked against the shape above; Pothos cannot spell a generic selection.
    if (upstream) keys.push(builder.selection<{ id: string }>(upstream.join(' ') as 'id'));
    builder.asEntity(ref, {
      key: keys,
      resolveReference: (representation: Representation, context) => {
        const nodeKey =
          typeof representation.id === 'string' ? keyFromId(representation.id, ref.name) : keyFromFields(representation, upstream);
        return nodeKey === null ? null : options.load(nodeKey, context);
      },
    });
  });
}

/** The interface itself is an entity (Federation 2.3), so other subgraphs can extend every provider's connections at once. */
declarations.push(() =>
  builder.asEntity(SsoConnection, {
    key: builder.selection<{ id: string }>('id'),
    resolveReference: ({ id }, context) => {
      if (typeof id !== 'string') throw invalidReference('has no string `id`');
      const { typename, id: nodeKey } = decodeNodeId(id);
      const load = loaders.get(typename);
      return load ? load(nodeKey, context) : null;
    },
  }),
);

/** Makes the recorded `asEntity` calls; the federation plugin must be loaded first. */
export function declareSsoEntities(): void {
  for (const declare of declarations.splice(0)) declare();
}

/** The type names registered as entities: `subgraph.ts` checks every implementation is one. */
export function ssoEntityTypeNames(): string[] {
  return [...loaders.keys()];
}

function keyFromId(id: string, typename: string): string | null {
  const decoded = decodeNodeId(id);
  // A valid id of another type is an unknown reference for this one: null, like `node` answers.
  return decoded.typename === typename ? decoded.id : null;
}

function keyFromFields(representation: Representation, fields: readonly string[] | undefined): string {
  if (!fields) throw invalidReference('has no string `id`');
  const parts = fields.map((field) => {
    const value = representation[field];
    const checked = upstreamId.safeParse(value);
    if (typeof value !== 'string' || !checked.success) throw invalidReference(`has no valid \`${field}\``);
    return checked.data;
  });
  return parts.length === 1 ? (parts[0] ?? '') : joinKey(...parts);
}

export function invalidReference(problem: string): ValidationError {
  return new ValidationError(`Invalid entity representation: it ${problem}`, [{ path: ['representations'], message: problem }]);
}
