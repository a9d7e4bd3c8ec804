/**
 * The one schema builder. Every `graph.ts` registers its types on it by side effect, and
 * `schema.ts` turns it into a schema.
 */
import SchemaBuilder from '@pothos/core';
import ErrorsPlugin from '@pothos/plugin-errors';
import RelayPlugin from '@pothos/plugin-relay';
import ZodPlugin from '@pothos/plugin-zod';
import { DateTimeResolver, JSONResolver } from 'graphql-scalars';
import type { GatewayContext } from '../context.ts';
import { ValidationError } from './validation-error.ts';

export const builder = new SchemaBuilder<{
  Context: GatewayContext;
  Scalars: {
    DateTime: { Input: Date; Output: Date };
    JSON: { Input: unknown; Output: unknown };
  };
  // Non-null unless a field says `nullable: true`: the contract promises non-null lists and
  // enums, and a field that can be null should say why in its description.
  DefaultFieldNullability: false;
}>({
  defaultFieldNullability: false,
  // Order is behaviour: plugins wrap resolvers in reverse order, so listing ErrorsPlugin before
  // ZodPlugin puts the errors wrapper outside the validator and a rejected input becomes a
  // `ValidationError` member of the field's union instead of a top-level error.
  plugins: [ErrorsPlugin, ZodPlugin, RelayPlugin],
  relay: {
    clientMutationId: 'omit',
    cursorType: 'String',
  },
  errors: {
    directResult: true,
    defaultUnionOptions: {
      name: ({ fieldName }) => `${fieldName.charAt(0).toUpperCase()}${fieldName.slice(1)}Result`,
    },
  },
  zod: {
    validationError: (zodError) => ValidationError.fromZod(zodError),
  },
});

builder.addScalarType('DateTime', DateTimeResolver);
builder.addScalarType('JSON', JSONResolver);

builder.queryType({ description: 'Reads across the SSO configuration of every enabled provider.' });
builder.mutationType({ description: 'Writes to one provider each; every mutation answers with a payload or a typed error.' });
