/**
 * One audit record for every SSO write attempt that never reached its resolver: refused for its
 * variables or its document (nesting, operation limits, validation) or by variable coercion.
 * Attempts that reach the resolver are recorded there (graph/write-guard.ts), so between the two
 * every attempt by an authenticated caller gets exactly one record.
 *
 * The mutation fields come from the document's outline, which needs no parse: the document may be
 * the very thing that was refused. A record names the field, its provider, the operation name and
 * the code that refused it (`reason`); its outcome is `VALIDATION_FAILED`. It never holds the
 * input: `target` and `changes` stay empty, since an input refused this early was never checked.
 */
import type { Plugin } from 'graphql-yoga';
import { callerOf } from '../auth/plugin.ts';
import type { GatewayContext } from '../context.ts';
import { auditedCaller } from '../graph/write-guard.ts';
import { requestIdOf } from '../observability/request-id.ts';
import type { AuditLog } from './audit-log.ts';
import { outlineDocument, selectedMutation } from './document-outline.ts';

export interface RefusedWriteAuditOptions {
  audit: AuditLog;
  /** The provider each SSO mutation field writes to (graph/write-guard.ts `writeProviders`). */
  providers: ReadonlyMap<string, string>;
  /** Tokens the outline reads at most, as the parser would (GATEWAY_MAX_TOKENS). */
  maxTokens: number;
}

interface Attempt {
  started: number;
  query: string;
  operationName: string | undefined;
  reachedResolvers: boolean;
}

const SAFE_CODE = /^[A-Z][A-Z0-9_]{0,63}$/;

export function useRefusedWriteAudit(options: RefusedWriteAuditOptions): Plugin<GatewayContext> {
  const attempts = new WeakMap<Request, Attempt>();
  return {
    onRequestParse({ request }) {
      return {
        onRequestParseDone({ requestParserResult: params }) {
          if (Array.isArray(params) || typeof params.query !== 'string') return;
          const operationName = typeof params.operationName === 'string' ? params.operationName : undefined;
          attempts.set(request, { started: performance.now(), query: params.query, operationName, reachedResolvers: false });
        },
      };
    },
    onExecute({ args }) {
      const attempt = attempts.get(args.contextValue.request);
      return {
        onExecuteDone({ result }) {
          // graphql-js answers without `data` only when it ran no resolver (variable coercion failed).
          if (attempt && !(Symbol.asyncIterator in result) && result.data !== undefined) attempt.reachedResolvers = true;
        },
      };
    },
    onResultProcess({ request, result }) {
      const attempt = attempts.get(request);
      attempts.delete(request);
      if (attempt && !attempt.reachedResolvers) recordRefusal(options, request, attempt, refusalCode(result));
    },
  };
}

function recordRefusal(options: RefusedWriteAuditOptions, request: Request, attempt: Attempt, reason: string): void {
  const mutation = selectedMutation(outlineDocument(attempt.query, { maxTokens: options.maxTokens }), attempt.operationName);
  if (!mutation) return;
  const caller = auditedCaller(callerOf(request));
  for (const operation of mutation.fields) {
    const provider = options.providers.get(operation);
    if (provider === undefined) continue;
    options.audit.record({
      requestId: requestIdOf(request),
      caller,
      provider,
      operation,
      operationName: mutation.name ?? null,
      target: {},
      changes: {},
      outcome: 'VALIDATION_FAILED',
      reason,
      upstreamRequestIds: [],
      durationMs: Math.round(performance.now() - attempt.started),
    });
  }
}

type ProcessedResult = Parameters<NonNullable<Plugin['onResultProcess']>>[0]['result'];

/** The first error's code, when it is one of ours or Yoga's (never text a caller chose). */
function refusalCode(result: ProcessedResult): string {
  const single = Array.isArray(result) ? result[0] : result;
  const errors = single && !(Symbol.asyncIterator in single) ? single.errors : undefined;
  const code = errors?.[0]?.extensions?.code;
  return typeof code === 'string' && SAFE_CODE.test(code) ? code : 'VALIDATION_FAILED';
}
