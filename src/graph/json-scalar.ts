/**
 * The `JSON` scalar: graphql-scalars' JSON, refusing values nested deeper than any gateway may be
 * configured to accept. The configured limit (GATEWAY_MAX_JSON_DEPTH) is applied per gateway before
 * parsing and execution (security/nesting-limits.ts); the schema is shared by every gateway of the
 * process, so the scalar itself holds only the ceiling. That keeps any other way into it (a schema
 * executed without those plugins) from handing a value deep enough to overflow the stack to the
 * recursive code after it: graphql-scalars' own literal parser, zod, the audit trail.
 */
import { GraphQLError, GraphQLScalarType, type ValueNode } from 'graphql';
import { JSONResolver } from 'graphql-scalars';
import { JSON_DEPTH_CEILING } from '../config/security.ts';
import { literalNestsDeeperThan, nestsDeeperThan } from '../security/nesting.ts';

export const JsonScalar = new GraphQLScalarType({
  ...JSONResolver.toConfig(),
  parseValue(value: unknown) {
    if (nestsDeeperThan(value, JSON_DEPTH_CEILING)) throw tooDeep();
    return value;
  },
  parseLiteral(literal: ValueNode, variables?: Record<string, unknown> | null) {
    if (literalNestsDeeperThan(literal, JSON_DEPTH_CEILING)) throw tooDeep(literal);
    return JSONResolver.parseLiteral(literal, variables);
  },
});

function tooDeep(node?: ValueNode): GraphQLError {
  return new GraphQLError(`A JSON value nests objects and lists deeper than ${JSON_DEPTH_CEILING} levels.`, {
    ...(node ? { nodes: node } : {}),
    extensions: { code: 'VALIDATION_FAILED' },
  });
}
