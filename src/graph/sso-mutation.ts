/**
 * One way to declare an SSO mutation. A provider says what is its own (its id, the description,
 * input and payload types, how to plan the change and how to write it); everything every SSO
 * mutation shares lives here: the result union (payload, the gateway's errors, a dry run's
 * preview), the `ssoWrite` scope, the `dryRun` argument, upstream error translation, and the
 * choice between writing and previewing. The field name is the operation name a preview reports.
 */
import type { InputObjectRef, ObjectRef } from '@pothos/core';
import type { GatewayContext } from '../context.ts';
import { type PlannedChange, preview, SsoChangePreview } from '../insight/dry-run.ts';
import { SsoChangePreviewRef } from '../insight/graph.ts';
import type { ProviderId } from '../providers/provider-id.ts';
import { builder } from './builder.ts';
import { MUTATION_ERRORS, translateUpstreamErrors } from './errors.ts';

type Types = typeof builder.$inferSchemaTypes;

export interface SsoMutation<Input, Payload> {
  provider: ProviderId;
  description: string;
  input: InputObjectRef<Types, Input>;
  payload: ObjectRef<Types, Payload>;
  /** What the write would change, read from the upstream but not written (a dry run). */
  plan(input: NoInfer<Input>, context: GatewayContext): Promise<PlannedChange>;
  write(input: NoInfer<Input>, context: GatewayContext): Promise<NoInfer<Payload>>;
}

const DRY_RUN_DESCRIPTION =
  'Validate and preview only: answer with an SsoChangePreview (fields that would change, the new IdP metadata ' +
  'inspected, health findings created or cleared) and write nothing upstream.';

/** Adds `Mutation.<name>(input: …!, dryRun: Boolean = false)` answering the payload, an error or a preview. */
export function ssoMutation<Input, Payload>(name: string, typed: SsoMutation<Input, Payload>): void {
  // Pothos cannot work out argument and result shapes that are still type parameters, so the field
  // is built from the shape-free view; `plan` and `write` are methods, hence the view needs no cast.
  const mutation: SsoMutation<unknown, unknown> = typed;
  builder.mutationField(name, (t) =>
    t.errorUnionField({
      // The members in the order the union has always listed them: errors, preview, payload.
      types: [...MUTATION_ERRORS, SsoChangePreviewRef, mutation.payload],
      // Errors the resolver throws are resolved by ErrorsPlugin before this is asked; what is left
      // is a value the resolver returned, and only a preview is not the payload.
      union: { resolveType: (result) => (result instanceof SsoChangePreview ? SsoChangePreviewRef : mutation.payload) },
      description: mutation.description,
      authScopes: { ssoWrite: mutation.provider },
      args: {
        input: t.arg({ type: mutation.input, required: true }),
        dryRun: t.arg.boolean({ required: false, defaultValue: false, description: DRY_RUN_DESCRIPTION }),
      },
      resolve: (_root, { input, dryRun }, context, info) =>
        translateUpstreamErrors(async () =>
          dryRun ? preview(context, info.fieldName, await mutation.plan(input, context)) : mutation.write(input, context),
        ),
    }),
  );
}
