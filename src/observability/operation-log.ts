/**
 * One log line per GraphQL operation, at info level: request id, operation name and type, caller,
 * duration, upstream calls by provider and the outcome. Requests refused before execution (bad
 * document, failed authentication, limits) get one line too, with the HTTP status. Every response
 * carries the request id back in `X-Request-Id`.
 *
 * Only names and counts are logged: never variables, documents or headers, which can carry
 * personal data and secrets.
 */
import type { Plugin } from 'graphql-yoga';
import type { GatewayContext } from '../context.ts';
import type { Logger } from '../logger.ts';
import { errorCountOf, operationOf } from './operation.ts';
import { requestIdOf } from './request-id.ts';

export type OperationOutcome = 'ok' | 'errors';

export function useOperationLog(logger: Logger): Plugin<GatewayContext> {
  const started = new WeakMap<Request, number>();
  const executed = new WeakSet<Request>();
  return {
    onRequest({ request }) {
      started.set(request, performance.now());
    },
    onExecute({ args }) {
      const context = args.contextValue;
      const operation = operationOf(args.document, args.operationName);
      const request = context.request;
      executed.add(request);
      return {
        onExecuteDone({ result }) {
          const errors = errorCountOf(result);
          logger.info('graphql operation', {
            requestId: context.requestId,
            operationName: operation.name,
            operationType: operation.type,
            caller: context.caller.subject,
            durationMs: elapsed(started.get(request)),
            upstreamCalls: { ...context.call.upstreamCalls },
            outcome: (errors > 0 ? 'errors' : 'ok') satisfies OperationOutcome,
            ...(errors > 0 ? { errorCount: errors } : {}),
          });
        },
      };
    },
    onResponse({ request, response }) {
      response.headers.set('x-request-id', requestIdOf(request));
      if (executed.has(request) || !new URL(request.url).pathname.startsWith('/graphql')) return;
      logger.info('graphql request refused', {
        requestId: requestIdOf(request),
        status: response.status,
        durationMs: elapsed(started.get(request)),
      });
    },
  };
}

function elapsed(since: number | undefined): number | null {
  return since === undefined ? null : Math.round((performance.now() - since) * 10) / 10;
}
