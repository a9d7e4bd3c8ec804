/**
 * The OpenTelemetry SDK and OTLP exporter: loaded by `startTracingFromEnv` (tracing.ts) only when an
 * endpoint is configured, since together they keep about 3 MB of heap that a gateway without
 * tracing never uses.
 */
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, NodeTracerProvider, type SpanProcessor } from '@opentelemetry/sdk-trace-node';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';

/** Registers a tracer provider; returns its shutdown (flushes pending spans). */
export function startTracing(processor: SpanProcessor): () => Promise<void> {
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: 'sso-gateway' }),
    spanProcessors: [processor],
  });
  // Also installs the AsyncLocalStorage context manager and the W3C trace-context propagator.
  provider.register();
  return () => provider.shutdown();
}

/** OTLP over HTTP; the exporter reads the standard OTEL_* variables itself. */
export function startOtlpTracing(): () => Promise<void> {
  return startTracing(new BatchSpanProcessor(new OTLPTraceExporter()));
}
