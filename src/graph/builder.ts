/**
 * The one schema builder. Every `graph.ts` registers its types on it by side effect, and
 * `schema.ts` turns it into a schema.
 */
import SchemaBuilder from '@pothos/core';
// Types only: the federation plugins are loaded by subgraph.ts when a subgraph is built.
import type {} from '@pothos/plugin-directives';
import ErrorsPlugin from '@pothos/plugin-errors';
import type {} from '@pothos/plugin-federation';
import RelayPlugin from '@pothos/plugin-relay';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import ZodPlugin from '@pothos/plugin-zod';
import { DateTimeResolver } from 'graphql-scalars';
import { canRead, canSeeSecrets, canWrite } from '../auth/caller.ts';
import type { GatewayContext } from '../context.ts';
import type { ProviderId } from '../providers/provider-id.ts';
import { PermissionDeniedError, ValidationError } from './gateway-error.ts';
import { JsonScalar } from './json-scalar.ts';
import { capNodeIds, decodeNodeId, NODE_DESCRIPTION, NODES_DESCRIPTION } from './node.ts';
import { WRITE_AUDIT, WRITE_CHECKS } from './write-guard.ts';

export const builder = new SchemaBuilder<{
  Context: GatewayContext;
  Scalars: {
    DateTime: { Input: Date; Output: Date };
    JSON: { Input: unknown; Output: unknown };
  };
  // Non-null unless a field says `nullable: true`: the contract promises non-null lists and
  // enums, and a field that can be null should say why in its description.
  DefaultFieldNullability: false;
  AuthScopes: {
    /** `sso:read`: every query. */
    ssoRead: boolean;
    /** `sso:write` or `sso:write:<provider>`: that provider's mutations. */
    ssoWrite: ProviderId;
    /** `sso:secrets`: fields that carry secrets. */
    ssoSecrets: boolean;
  };
}>({
  defaultFieldNullability: false,
  // Order is behaviour: the first plugin's wrapper is the outermost. ErrorsPlugin outside turns a
  // refusal (scope) or a rejected input (zod) into a member of the mutation's union; ScopeAuth
  // before Zod means a caller without the scope learns nothing from input validation.
  // writeAudit is outside everything, so it audits every mutation attempt; writeChecks (write
  // rate, live-mode https) runs inside ErrorsPlugin so its refusals become union members.
  // The directives and federation plugins join this list (last: they wrap no resolver) only when
  // subgraph.ts builds the subgraph schema; Pothos looks plugins up by name at each build.
  plugins: [WRITE_AUDIT, ErrorsPlugin, WRITE_CHECKS, ScopeAuthPlugin, ZodPlugin, RelayPlugin],
  scopeAuth: {
    authScopes: (context) => ({
      ssoRead: canRead(context.caller),
      ssoWrite: (provider) => canWrite(context.caller, provider),
      ssoSecrets: canSeeSecrets(context.caller),
    }),
    unauthorizedError: (_parent, _context, info) =>
      new PermissionDeniedError(`The caller's scopes do not allow ${info.parentType.name}.${info.fieldName}`),
  },
  relay: {
    clientMutationId: 'omit',
    cursorType: 'String',
    // Node ids carry upstream ids: checked like field arguments before any loader sees them.
    decodeGlobalID: decodeNodeId,
    nodeQueryOptions: { description: NODE_DESCRIPTION },
    nodesQueryOptions: {
      description: NODES_DESCRIPTION,
      resolve: (_root, { ids }, context, _info, resolveNodes) => resolveNodes(capNodeIds(ids, context.maxNodeIds)),
    },
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
builder.addScalarType('JSON', JsonScalar);

builder.queryType({
  description: 'Reads across the SSO configuration of every enabled provider. Every field needs the `sso:read` scope.',
  authScopes: { ssoRead: true },
});
builder.mutationType({ description: 'Writes to one provider each; every mutation answers with a payload or a typed error.' });
