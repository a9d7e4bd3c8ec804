/**
 * A live start loads no sandbox code and generates no key: the gateway is started as `npm start`
 * starts it (a child process) in live mode against the simulators, and every module it loads and
 * every key pair it generates is recorded (scripts/footprint/). A sandbox start is the control:
 * it must show the simulators and the sandbox IdP's key, or the recording itself is broken.
 * Nor does it load the heavy packages of features that are off (memory at idle, README
 * Performance); a start with tracing and Redis configured is that check's control.
 */
import { describe, expect, it } from 'vitest';
import { measureStart } from '../scripts/footprint/measure.ts';

describe('what a start loads', () => {
  it('in live mode: the gateway, and no simulator, demo data, sandbox IdP, key generation, nor GraphiQL bundle, OpenTelemetry SDK, Redis client, XML parser or federation plugin before they are needed', async () => {
    const live = await measureStart({ entry: 'source', mode: 'live', idleMs: 0 });
    expect(live.ownModules).toContain('src/server.ts');
    expect(live.ownModules).toContain('src/providers/logto/client.ts');
    expect(live.sandboxModules).toEqual([]);
    expect(live.keyPairs).toEqual([]);
    expect(live.packages).toContain('graphql-yoga');
    expect(live.packages).not.toContain('@graphql-yoga/render-graphiql');
    expect(live.packages.filter((name) => name.startsWith('@opentelemetry/'))).toEqual(['@opentelemetry/api']);
    expect(live.packages).not.toContain('ioredis');
    expect(live.packages).not.toContain('fast-xml-parser');
    for (const federation of ['@pothos/plugin-federation', '@pothos/plugin-directives', '@apollo/subgraph']) {
      expect(live.packages).not.toContain(federation);
    }
  }, 60_000);

  it('in live mode with tracing, Redis and the subgraph configured (the control): their packages', async () => {
    // Nothing listens on port 1: start-up neither waits for Redis nor sends spans while idle.
    const env = { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:1', REDIS_URL: 'redis://127.0.0.1:1', GATEWAY_SUBGRAPH: 'on' };
    const live = await measureStart({ entry: 'source', mode: 'live', idleMs: 0, env });
    expect(live.packages).toEqual(
      expect.arrayContaining([
        '@opentelemetry/sdk-trace-node',
        '@opentelemetry/exporter-trace-otlp-http',
        'ioredis',
        '@pothos/plugin-federation',
        '@apollo/subgraph',
      ]),
    );
  }, 60_000);

  it('in sandbox mode (the control): every simulator and the sandbox IdP, with its key', async () => {
    const sandbox = await measureStart({ entry: 'source', mode: 'sandbox', idleMs: 0 });
    expect(sandbox.sandboxModules).toEqual(expect.arrayContaining(['src/sandbox/start.ts', 'src/providers/logto/sandbox/simulator.ts']));
    expect(sandbox.sandboxModules.some((path) => path.startsWith('src/sandbox/idp/'))).toBe(true);
    expect(sandbox.keyPairs).toContain('rsa');
  }, 60_000);
});
