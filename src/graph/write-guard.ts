/**
 * Every SSO mutation passes through two small plugins:
 * - `writeAudit`, outside every other plugin, so each attempt that reaches the field, whether the
 *   scope check, validation, the upstream or the checks below refuse it, gets exactly one audit
 *   record (attempts refused before any field runs are recorded by security/refused-write-audit.ts);
 * - `writeChecks`, just inside ErrorsPlugin (so its refusals become union members) and before
 *   scope-auth: the caller's write rate (`GATEWAY_WRITE_RATE_LIMIT`), then, in live mode, no
 *   `http://` URL (the validators let loopback http through for the sandbox's own metadata
 *   documents, which a live upstream must never be pointed at).
 */
import SchemaBuilder, { BasePlugin, type PothosOutputFieldConfig, type SchemaTypes } from '@pothos/core';
import type { GraphQLFieldResolver, GraphQLSchema } from 'graphql';
import type { Caller } from '../auth/caller.ts';
import type { GatewayContext } from '../context.ts';
import { type AuditRecord, describeInput } from '../security/audit-log.ts';
import { type GatewayError, RateLimitedError, ValidationError } from './gateway-error.ts';

type Resolver<Types extends SchemaTypes> = GraphQLFieldResolver<unknown, Types['Context'], { input?: unknown }>;

export class WriteAuditPlugin<Types extends SchemaTypes> extends BasePlugin<Types> {
  override wrapResolve(resolver: Resolver<Types>, fieldConfig: PothosOutputFieldConfig<Types>): Resolver<Types> {
    if (fieldConfig.parentType !== 'Mutation') return resolver;
    const provider = writtenProvider(fieldConfig.pothosOptions);
    return async (parent, args, context, info) => {
      const gateway = context as unknown as GatewayContext;
      const started = performance.now();
      const before = gateway.call.upstreamRequestIds.length;
      let outcome = 'INTERNAL';
      try {
        const result: unknown = await resolver(parent, args, context, info);
        outcome = isDryRun(result) ? 'dry-run' : (errorCodeOf(result) ?? 'success');
        return result;
      } finally {
        gateway.writes.audit.record({
          requestId: gateway.requestId,
          caller: auditedCaller(gateway.caller),
          provider,
          operation: fieldConfig.name,
          ...describeInput(args.input),
          outcome,
          upstreamRequestIds: gateway.call.upstreamRequestIds.slice(before),
          durationMs: Math.round(performance.now() - started),
        });
      }
    };
  }
}

export class WriteChecksPlugin<Types extends SchemaTypes> extends BasePlugin<Types> {
  override wrapResolve(resolver: Resolver<Types>, fieldConfig: PothosOutputFieldConfig<Types>): Resolver<Types> {
    if (fieldConfig.parentType !== 'Mutation') return resolver;
    return async (parent, args, context, info) => {
      const refusal = await refuse(context as unknown as GatewayContext, args.input);
      if (refusal) throw refusal;
      return resolver(parent, args, context, info);
    };
  }
}

/** Who made a write attempt, as its audit record names them. */
export function auditedCaller(caller: Caller): AuditRecord['caller'] {
  return { subject: caller.subject, keyName: caller.keyName ?? null, authMode: caller.authMode };
}

/** Each SSO mutation field of the schema and the provider it writes to, for attempts audited before their resolver. */
export function writeProviders(schema: GraphQLSchema): ReadonlyMap<string, string> {
  const fields = Object.values(schema.getMutationType()?.getFields() ?? {});
  return new Map(
    fields.flatMap((field) => {
      const provider = writtenProvider(field.extensions.pothosOptions);
      return provider === undefined ? [] : [[field.name, provider] as const];
    }),
  );
}

/** The provider named by a mutation's `ssoWrite` scope (see sso-mutation.ts). */
function writtenProvider(pothosOptions: unknown): string | undefined {
  return (pothosOptions as { authScopes?: { ssoWrite?: string } } | undefined)?.authScopes?.ssoWrite;
}

/**
 * ErrorsPlugin hands union errors back wrapped in a Proxy (so `instanceof` fails), but their
 * fields read through; payloads never carry both `code` and `message`.
 */
function errorCodeOf(result: unknown): string | undefined {
  if (typeof result !== 'object' || result === null) return undefined;
  const { code, message } = result as { code?: unknown; message?: unknown };
  return typeof code === 'string' && typeof message === 'string' ? code : undefined;
}

/** A dry run's preview (see insight/dry-run.ts): recorded, since it reads every provider, but as no write. */
function isDryRun(result: unknown): boolean {
  return typeof result === 'object' && result !== null && (result as { dryRun?: unknown }).dryRun === true;
}

/** A refusal made before the mutation runs, or `undefined` to let it run. */
async function refuse(context: GatewayContext, input: unknown): Promise<GatewayError | undefined> {
  const decision = await context.writes.limiter.take(context.caller.subject);
  if (!decision.allowed) {
    const limited = new RateLimitedError(`Too many SSO changes by this caller; try again in ${decision.retryAfterSeconds} s`);
    limited.retryAfterSeconds = decision.retryAfterSeconds;
    return limited;
  }
  if (context.writes.mode === 'live') {
    const insecure = httpUrlPaths(input, ['input']);
    if (insecure.length > 0) {
      return new ValidationError(
        'Only https URLs can be written in live mode',
        insecure.map((path) => ({ path, message: 'must use https (http is accepted only in sandbox mode)' })),
      );
    }
  }
  return undefined;
}

/** Judged on the parsed URL, as an upstream would read it, not on the text: `ht\ttp:/host` is http too. */
function httpUrlPaths(value: unknown, path: string[]): string[][] {
  if (typeof value === 'string') return URL.parse(value.trim())?.protocol === 'http:' ? [path] : [];
  if (Array.isArray(value)) return value.flatMap((item, index) => httpUrlPaths(item, [...path, String(index)]));
  if (typeof value === 'object' && value !== null)
    return Object.entries(value).flatMap(([key, item]) => httpUrlPaths(item, [...path, key]));
  return [];
}

export const WRITE_AUDIT = 'writeAudit';
export const WRITE_CHECKS = 'writeChecks';
SchemaBuilder.registerPlugin(WRITE_AUDIT, WriteAuditPlugin);
SchemaBuilder.registerPlugin(WRITE_CHECKS, WriteChecksPlugin);

declare global {
  export namespace PothosSchemaTypes {
    export interface Plugins<Types extends SchemaTypes> {
      writeAudit: WriteAuditPlugin<Types>;
      writeChecks: WriteChecksPlugin<Types>;
    }
  }
}
