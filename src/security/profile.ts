/**
 * The gateway's HTTP/GraphQL hardening, built from `config.security`: GraphiQL and
 * introspection only when configured, CSRF prevention, CORS for listed origins, security headers
 * on every answer, a body-size limit, closed connections after a refusal given before the body
 * was read, nesting limits on variables and documents, operation limits and, when a file is
 * configured, trusted documents only. Error masking stays Yoga's (`maskedErrors` in server.ts).
 * Batching stays off (Yoga's default): an array body is refused.
 *
 * Plugin order matters: the headers plugin is first so its `onResponse` sees every answer; the
 * body limit comes before CSRF so an oversized body is refused before anything else reads it.
 */
import { useCSRFPrevention } from '@graphql-yoga/plugin-csrf-prevention';
import { GraphQLError, Kind, NoSchemaIntrospectionCustomRule, parse, type ValidationContext, type ValidationRule } from 'graphql';
import type { Plugin, YogaServerOptions } from 'graphql-yoga';
import type { Config } from '../config/gateway.ts';
import type { GatewayContext } from '../context.ts';
import { useBodyLimit } from './body-limit.ts';
import { corsPolicy, useSecurityHeaders } from './headers.ts';
import { useNestingLimits } from './nesting-limits.ts';
import { useOperationLimits } from './operation-limits.ts';
import { loadTrustedDocuments, useTrustedDocuments } from './persisted-operations.ts';
import { useCloseUnfinishedRequests } from './slow-clients.ts';

export interface SecurityProfile {
  graphiql: boolean;
  cors: YogaServerOptions<Record<string, unknown>, GatewayContext>['cors'];
  plugins: Plugin[];
  /** The operation names of the trusted documents (none without them): /metrics labels them by name. */
  trustedOperationNames: string[];
}

/**
 * Browsers send `application/json` POSTs only after a CORS preflight; any other request (a GET,
 * a form or `text/plain` POST) must carry one of these headers, which a page cannot add without
 * a preflight either. Refused with 403 "Required CSRF header(s) not present".
 */
export const CSRF_HEADERS = ['x-graphql-csrf', 'apollo-require-preflight'];

/** Throws a ConfigError naming GATEWAY_PERSISTED_OPERATIONS_FILE when that file is unusable. */
export function securityProfile(config: Config): SecurityProfile {
  const { security } = config;
  const trusted = security.persistedOperationsFile === undefined ? undefined : loadTrustedDocuments(security.persistedOperationsFile);
  return {
    graphiql: security.graphiql,
    trustedOperationNames: trusted ? [...trusted.values()].flatMap(operationNamesOf) : [],
    cors: corsPolicy(
      security.corsOrigins,
      config.registry.flatMap((module) => module.forwardedHeaders),
    ),
    plugins: [
      useSecurityHeaders({ corsOrigins: security.corsOrigins }),
      useBodyLimit(security.limits.maxBodyBytes),
      useCloseUnfinishedRequests(),
      useCSRFPrevention({ requestHeaders: CSRF_HEADERS }),
      ...(trusted ? [useTrustedDocuments(trusted)] : []),
      ...(security.introspection ? [] : [useNoIntrospection()]),
      ...useOperationLimits(security.limits),
      // After the operation limits: it wraps their token-limited parser, and parsing is what deep nesting overflows.
      useNestingLimits(security.limits),
    ],
  };
}

function operationNamesOf(document: string): string[] {
  return parse(document).definitions.flatMap((definition) =>
    definition.kind === Kind.OPERATION_DEFINITION && definition.name ? [definition.name.value] : [],
  );
}

/** `__schema` and `__type` refused with INTROSPECTION_DISABLED; `__typename` stays allowed. */
function useNoIntrospection(): Plugin {
  const rule = withCode(NoSchemaIntrospectionCustomRule, 'INTROSPECTION_DISABLED');
  return { onValidate: ({ addValidationRule }) => addValidationRule(rule) };
}

/** Runs a graphql-js rule, giving every error it reports an `extensions.code`. */
function withCode(rule: ValidationRule, code: string): ValidationRule {
  return (context) => {
    const coded: ValidationContext = Object.create(context);
    coded.reportError = (error) =>
      context.reportError(new GraphQLError(error.message, { nodes: error.nodes, extensions: { ...error.extensions, code } }));
    return rule(coded);
  };
}
