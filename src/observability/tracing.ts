/**
 * OpenTelemetry tracing, off unless `OTEL_EXPORTER_OTLP_ENDPOINT` is set (the exporter reads the
 * standard OTEL_* variables itself). The gateway's code only uses `@opentelemetry/api`, whose
 * tracer does nothing until a provider is registered, so tracing off costs next to nothing; the SDK
 * is not even loaded then.
 *
 * Spans: one per GraphQL operation (`graphql.operation`), one per provider in a cross-provider
 * listing (`sso.provider.list`), and one per upstream call (`upstream <METHOD>`), which also sends
 * the W3C `traceparent` to the upstream. Attributes carry names, routes and statuses, never
 * variables, ids or headers.
 */
import { context, propagation, type Span, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { Plugin } from 'graphql-yoga';
import { errorCountOf, operationOf } from './operation.ts';

const tracer = trace.getTracer('sso-gateway');

/**
 * Tracing for `npm start`: OTLP over HTTP when the endpoint is configured, nothing otherwise. The
 * SDK (tracing-sdk.ts) is imported only then.
 */
export async function startTracingFromEnv(env: Record<string, string | undefined>): Promise<(() => Promise<void>) | undefined> {
  if (!env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim()) return undefined;
  const { startOtlpTracing } = await import('./tracing-sdk.ts');
  return startOtlpTracing();
}

/** A span around each operation's execution, active while its resolvers run. */
export function useOperationSpans(): Plugin {
  return {
    onExecute({ args, executeFn, setExecuteFn }) {
      const operation = operationOf(args.document, args.operationName);
      const span = tracer.startSpan('graphql.operation', {
        attributes: { 'graphql.operation.name': operation.name ?? '', 'graphql.operation.type': operation.type ?? '' },
      });
      setExecuteFn((executeArgs) => context.with(trace.setSpan(context.active(), span), () => executeFn(executeArgs)));
      return {
        onExecuteDone({ result }) {
          const errors = errorCountOf(result);
          if (errors > 0) span.setStatus({ code: SpanStatusCode.ERROR, message: `${errors} error(s)` });
          span.end();
        },
      };
    },
  };
}

/** Runs `work` in a span named `name`; the span ends with the work, marked failed if it throws. */
export function inSpan<T>(
  name: string,
  attributes: Record<string, string>,
  work: (span: Span) => Promise<T>,
  kind: SpanKind = SpanKind.INTERNAL,
): Promise<T> {
  return tracer.startActiveSpan(name, { kind, attributes }, async (span) => {
    try {
      return await work(span);
    } catch (error) {
      span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.name : 'error' });
      throw error;
    } finally {
      span.end();
    }
  });
}

/** Adds `traceparent` (and `tracestate`) for the active span to outgoing headers. */
export function injectTraceHeaders(headers: Record<string, string>): void {
  propagation.inject(context.active(), headers);
}

export { type Span, SpanKind };
