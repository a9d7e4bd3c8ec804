/**
 * One log line per GraphQL operation, at info level: request id, operation name and type, a hash
 * of the document, caller, duration, upstream calls by provider and the outcome; with errors, the
 * code and path of each. Requests refused before execution (bad document, failed authentication,
 * limits) get one line too, with the HTTP status. Every response carries the request id back in
 * `X-Request-Id`.
 *
 * Only names, hashes, codes and counts are logged: never variables, documents, error messages or
 * headers, which can carry personal data and secrets. Lines about failures count against the
 * caller's error-log budget (log-budget.ts); lines of successful operations do not.
 */
import type { GraphQLParams, Plugin } from 'graphql-yoga';
import { callerOf } from '../auth/plugin.ts';
import type { GatewayContext } from '../context.ts';
import type { Logger } from '../logger.ts';
import { errorFactsOf, errorsOf, type MaskError } from './error-facts.ts';
import { type LogBudget, UNAUTHENTICATED } from './log-budget.ts';
import { documentHashOf, executedDocumentHash, operationOf } from './operation.ts';
import { requestIdOf } from './request-id.ts';

export type OperationOutcome = 'ok' | 'errors';

export interface OperationLogOptions {
  /** The error-log budget shared with Yoga's own logging. */
  budget: LogBudget;
  /** Yoga's error masking, so a line names the code the caller got. */
  maskError: MaskError;
}

export function useOperationLog(logger: Logger, { budget, maskError }: OperationLogOptions): Plugin<GatewayContext> {
  const started = new WeakMap<Request, number>();
  const params = new WeakMap<Request, GraphQLParams>();
  const refusals = new WeakMap<Request, ReturnType<typeof errorFactsOf>>();
  const executed = new WeakSet<Request>();
  return {
    onRequest({ request }) {
      started.set(request, performance.now());
    },
    onParams({ request, params: given }) {
      params.set(request, given);
    },
    onExecute({ args }) {
      const context = args.contextValue;
      const operation = operationOf(args.document, args.operationName);
      const request = context.request;
      executed.add(request);
      return {
        onExecuteDone({ result }) {
          const errors = errorsOf(result);
          if (errors.length > 0 && !budget.admit(context.caller.subject)) return;
          logger.info('graphql operation', {
            requestId: context.requestId,
            operationName: operation.name,
            operationType: operation.type,
            documentHash: executedDocumentHash(args.document, params.get(request)),
            caller: context.caller.subject,
            durationMs: elapsed(started.get(request)),
            upstreamCalls: { ...context.call.upstreamCalls },
            outcome: (errors.length > 0 ? 'errors' : 'ok') satisfies OperationOutcome,
            ...(errors.length > 0 ? { errorCount: errors.length, errors: errorFactsOf(errors, maskError) } : {}),
          });
        },
      };
    },
    onResultProcess({ request, result }) {
      if (!executed.has(request)) refusals.set(request, errorFactsOf(errorsOf(result), maskError));
    },
    onResponse({ request, response }) {
      response.headers.set('x-request-id', requestIdOf(request));
      if (executed.has(request) || !new URL(request.url).pathname.startsWith('/graphql')) return;
      if (!budget.admit(subjectOf(request) ?? UNAUTHENTICATED)) return;
      const errors = refusals.get(request) ?? [];
      logger.info('graphql request refused', {
        requestId: requestIdOf(request),
        status: response.status,
        documentHash: documentHashOf(params.get(request)),
        durationMs: elapsed(started.get(request)),
        ...(errors.length > 0 ? { errors } : {}),
      });
    },
  };
}

/** The caller authentication established, if it got that far. */
function subjectOf(request: Request): string | undefined {
  try {
    return callerOf(request).subject;
  } catch {
    return undefined;
  }
}

function elapsed(since: number | undefined): number | null {
  return since === undefined ? null : Math.round((performance.now() - since) * 10) / 10;
}
