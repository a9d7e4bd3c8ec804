/**
 * Tracing with an in-memory exporter: the operation's span, a span per provider of a
 * cross-provider listing, a client span per upstream call, and the W3C `traceparent` each
 * upstream received naming that call's span.
 */
import { InMemorySpanExporter, type ReadableSpan, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTracing } from '../src/observability/tracing-sdk.ts';
import { type Stack, startStack } from './harness.ts';

const exporter = new InMemorySpanExporter();
let stopTracing: () => Promise<void>;
let stack: Stack;

beforeAll(async () => {
  stopTracing = startTracing(new SimpleSpanProcessor(exporter));
  stack = await startStack({ providers: ['vantage', 'pandastack'] });
});
afterAll(async () => {
  await stack.close();
  await stopTracing();
});

const parentOf = (span: ReadableSpan) => span.parentSpanContext?.spanId;

describe('tracing', () => {
  it('nests provider listings and upstream calls under the operation, and sends traceparent upstream', async () => {
    exporter.reset();
    const result = await stack.graphql('query Everything { ssoConnections { nodes { id } failures { provider } } }');
    expect(result.errors).toBeUndefined();
    const spans = exporter.getFinishedSpans();
    const operation = spans.find((span) => span.name === 'graphql.operation');
    expect(operation?.attributes).toMatchObject({ 'graphql.operation.name': 'Everything', 'graphql.operation.type': 'query' });
    const listings = spans.filter((span) => span.name === 'sso.provider.list');
    expect(listings.map((span) => span.attributes['sso.provider']).sort()).toEqual(['pandastack', 'vantage']);
    for (const listing of listings) expect(parentOf(listing)).toBe(operation?.spanContext().spanId);

    const calls = spans.filter((span) => span.name.startsWith('upstream '));
    expect(calls.length).toBe(2);
    const received = [...(stack.simulators.vantage?.requests ?? []), ...(stack.simulators.pandastack?.requests ?? [])].map(
      (request) => request.headers.traceparent,
    );
    for (const call of calls) {
      expect(listings.map((listing) => listing.spanContext().spanId)).toContain(parentOf(call));
      expect(call.spanContext().traceId).toBe(operation?.spanContext().traceId);
      expect(call.attributes['http.response.status_code']).toBe(200);
      expect(received).toContain(`00-${call.spanContext().traceId}-${call.spanContext().spanId}-01`);
    }
  });

  it('records route templates, never ids', async () => {
    exporter.reset();
    await stack.graphql('{ vantageManagedAccount(token: "acct_1f4e2b7c9d0a3e5f") { name } }');
    const call = exporter.getFinishedSpans().find((span) => span.name === 'upstream GET');
    expect(call?.attributes['url.template']).toBe('/v2/managed_accounts/:param');
    expect(JSON.stringify(exporter.getFinishedSpans().map((span) => span.attributes))).not.toContain('acct_1f4e2b7c9d0a3e5f');
  });
});
