/**
 * `createGateway(config)`: the provider clients (built once), Yoga on /graphql with GraphiQL,
 * /health and /ready, and a node:http server to put it on. Listening is the caller's business,
 * so tests can build as many gateways as they like on port 0.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import { execute } from 'graphql';
import { createYoga, type Plugin } from 'graphql-yoga';
import { createAuthenticator } from './auth/authenticate.ts';
import { useAuthentication } from './auth/plugin.ts';
import { type ByteLruUsage, digestKey } from './cache/byte-lru.ts';
import { ReadCache } from './cache/read-cache.ts';
import { createPlanStore } from './change-plans/store.ts';
import { type Config, credentialValues, enabledProviders } from './config/gateway.ts';
import { useConsole } from './console/route.ts';
import { createContextFactory, describeProviders, type GatewayContext, type WriteServices } from './context.ts';
import { exampleOperationNames, graphiqlExamples } from './example-operations.ts';
import { maskGatewayError } from './graph/errors.ts';
import { schemaFor } from './graph/schema.ts';
import { subgraphSchemaFor } from './graph/subgraph.ts';
import { writeProviders } from './graph/write-guard.ts';
import { UpstreamBudget } from './http/upstream-budget.ts';
import { certificateMemoUsage } from './insight/metadata/certificate.ts';
import { DEFAULT_FETCH_LIMITS, MetadataFetcher } from './insight/metadata/fetch.ts';
import { MetadataInspector } from './insight/metadata/inspector.ts';
import { createLogger, type Logger } from './logger.ts';
import { LogBudget } from './observability/log-budget.ts';
import { GatewayMetrics } from './observability/metrics.ts';
import { OperationLabels } from './observability/operation-labels.ts';
import { useOperationLog } from './observability/operation-log.ts';
import { useOperationSpans } from './observability/tracing.ts';
import { yogaLogging } from './observability/yoga-log.ts';
import { createAuditLog } from './security/audit-log.ts';
import { documentCaches } from './security/document-cache.ts';
import { securityProfile } from './security/profile.ts';
import { useRefusedWriteAudit } from './security/refused-write-audit.ts';
import { slowClientLimits } from './security/slow-clients.ts';
import { WriteRateLimiter } from './security/write-limiter.ts';
import { createSharedState, type SharedState } from './shared-state/shared-state.ts';
import { releaseYoungGeneration } from './start-heap.ts';

export interface Gateway {
  server: Server;
  /** Provider ids with credentials, in registry order. */
  enabledProviders: string[];
  listen(port: number, host: string): Promise<string>;
  /** Stops accepting requests, lets in-flight ones finish, then closes upstream pools. */
  close(): Promise<void>;
  /** What each in-process cache that callers can fill holds now, against its byte bound. */
  cacheUsage(): Record<string, ByteLruUsage>;
}

export interface GatewayOptions {
  logger?: Logger;
  /** Receives each audit line instead of stdout (tests). */
  auditWrite?: (line: string) => void;
}

/**
 * Loads every provider's runtime code first (their GraphQL types make up the schema, whether the
 * provider is enabled or not), then builds the enabled providers' clients.
 */
export async function createGateway(config: Config, options: GatewayOptions = {}): Promise<Gateway> {
  await Promise.all(config.registry.map((module) => module.load()));
  const logger = options.logger ?? createLogger({ redactHeaders: config.registry.flatMap((module) => module.forwardedHeaders) });
  const shared = await createSharedState(config.sharedState, credentialValues(config), logger);
  const cache = createReadCache(config, shared, logger);
  const metrics = new GatewayMetrics();
  const budget = new UpstreamBudget(shared.window, config.security.callerBudgetShare);
  const deps = { logger, cache, observer: metrics.upstream, budget, shared: shared.values };
  const runtimes = await Promise.all(enabledProviders(config).map((setup) => setup.start(deps)));
  const providerStatuses = () => describeProviders(config.registry, runtimes, cache);
  metrics.watchProviders(providerStatuses);
  metrics.watchSharedState(() => shared.status());
  const authenticator = createAuthenticator(config.security.auth);
  const profile = securityProfile(config);
  const operationLabels = new OperationLabels(
    [...exampleOperationNames(), ...profile.trustedOperationNames],
    config.security.metricsMaxOperations,
  );
  const writes: WriteServices = {
    mode: config.mode,
    limiter: new WriteRateLimiter(config.security.writeRateLimit, shared.window),
    audit: createAuditLog({ file: config.security.auditLogFile, ...(options.auditWrite ? { write: options.auditWrite } : {}) }),
    plans: createPlanStore(shared.values, config.planTtlMs),
  };
  const logBudget = new LogBudget(config.security.errorLogRate, (caller, dropped) =>
    logger.warn('log lines dropped', { caller, dropped, windowMs: config.security.errorLogRate.windowMs }),
  );
  let closing = false;

  const metadata = createMetadataInspector(config);
  const documents = documentCaches();
  const loaderSettings = { batch: config.batching, onBatch: metrics.batch };
  const contexts = createContextFactory(runtimes, {
    logger,
    requestTimeoutMs: config.requestTimeoutMs,
    writes,
    metadata,
    loaderSettings,
    maxNodeIds: config.security.limits.maxNodeIds,
    providerStatuses,
  });
  // GATEWAY_SUBGRAPH=on: the same endpoint and plugin chain, with the federation fields added.
  const schema = config.subgraph ? await subgraphSchemaFor(config.registry) : schemaFor(config.registry);
  const yoga = createYoga<Record<string, unknown>, GatewayContext>({
    schema,
    context: contexts.context,
    graphqlEndpoint: '/graphql',
    healthCheckEndpoint: '/health',
    landingPage: false,
    // GraphiQL opens on the cross-provider query with one tab per saved example operation
    // (examples/operations/), which test/examples.test.ts keeps working.
    graphiql: profile.graphiql ? { title: `SSO Gateway (${config.mode})`, ...graphiqlExamples((message) => logger.warn(message)) } : false,
    // The GraphiQL bundle is served inline from node_modules instead of loaded from unpkg.com, so it
    // works offline and under a CSP that names no other origin.
    renderGraphiQL: renderGraphiQLOnce(),
    cors: profile.cors,
    maskedErrors: { maskError: maskGatewayError },
    parserAndValidationCache: documents,
    // useBodyLimit (security profile) enforces GATEWAY_MAX_BODY_BYTES (at most 10 MB), chunked
    // bodies included. Yoga's built-in 25 MB guard would pipe every request body through one more
    // TransformStream (and a Node stream pipeline) for a limit that can never be reached first.
    maxRequestBodySize: false,
    logging: yogaLogging(logger, logBudget),
    plugins: [
      // graphql-js's own executor instead of Yoga's default (@graphql-tools/executor), which put
      // fields that resolve later after the others, against the spec's selection order (same CPU
      // per operation in our measurements). First, so that the plugins below wrap it (tracing).
      { onExecute: ({ setExecuteFn }) => setExecuteFn(execute) } satisfies Plugin,
      // The operation log first, so that requests refused by authentication are timed and logged too;
      // then authentication: a caller without valid credentials gets 401 before anything else runs.
      useOperationLog(logger, { budget: logBudget, maskError: maskGatewayError }),
      useOperationSpans(),
      ...metrics.plugins(config.metricsToken, operationLabels),
      useAuthentication(authenticator),
      contexts.release,
      // Write attempts refused before their resolver (which audits the rest) get their record here.
      useRefusedWriteAudit({ audit: writes.audit, providers: writeProviders(schema), maxTokens: config.security.limits.maxTokens }),
      ...profile.plugins,
      ...(config.security.console ? [useConsole({ title: `SSO console (${config.mode})` })] : []),
      documents.validation,
      useReadiness({
        endpoint: '/ready',
        // Ready means this process can serve: an upstream that is down shows in `upstreams` (and in
        // ssoConnections failures) but does not take the replica out of rotation, since every
        // replica would see the same upstream. Redis being away neither: `sharedState` says the
        // replica runs on local state, and it keeps serving.
        check: () =>
          Response.json(
            {
              ready: !closing,
              mode: config.mode,
              providers: runtimes.map((runtime) => runtime.id),
              upstreams: providerStatuses()
                .filter((report) => report.enabled)
                .map(({ provider, upstream }) => ({ provider, ...upstream })),
              sharedState: shared.status(),
            },
            { status: closing ? 503 : 200 },
          ),
      }),
    ],
  });

  const server = createServer(slowClientLimits(config.security.http), yoga);
  // Not at start-up's end: V8 counts what survived while starting and would grow the young
  // generation at its next collection, idle or not. Load is what it should grow for.
  server.once('request', releaseYoungGeneration);
  return {
    server,
    enabledProviders: runtimes.map((runtime) => runtime.id),
    listen: (port, host) =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          const { address, port: bound } = server.address() as AddressInfo;
          resolve(`http://${address.includes(':') ? `[${address}]` : address}:${bound}`);
        });
      }),
    cacheUsage: () => ({ ...documents.usage(), metadata: metadata.usage(), certificates: certificateMemoUsage() }),
    close: async () => {
      closing = true;
      await drain(server, config.shutdownTimeoutMs);
      logBudget.close();
      await Promise.all([...runtimes.map((runtime) => runtime.close()), authenticator.close(), writes.audit.close(), metadata.close()]);
      await shared.close();
    },
  };
}

/**
 * Stops accepting connections and waits for in-flight requests. Keep-alive sockets become idle
 * only after their last response, so they are swept repeatedly; past the bound, all are cut.
 */
function drain(server: Server, timeoutMs: number): Promise<void> {
  return new Promise((resolve) => {
    const sweep = setInterval(() => server.closeIdleConnections(), 50);
    const deadline = setTimeout(() => server.closeAllConnections(), timeoutMs);
    server.close(() => {
      clearInterval(sweep);
      clearTimeout(deadline);
      resolve();
    });
    server.closeIdleConnections();
  });
}

/**
 * IdP metadata is fetched by the gateway itself (samlMetadata, certificates, ssoHealth, dry runs),
 * so under the SSRF rules: https only, no private addresses. The sandbox's IdP serves plain http
 * on loopback, which sandbox mode alone allows.
 */
function createMetadataInspector(config: Config): MetadataInspector {
  const fetcher = new MetadataFetcher({ allowLoopbackHttp: config.mode === 'sandbox', ...DEFAULT_FETCH_LIMITS });
  return new MetadataInspector({ fetcher });
}

/** Largest total size of cached answers, in characters (about twice as many bytes). */
const CACHE_MAX_CHARS = 32 * 1024 * 1024;

function createReadCache(config: Config, shared: SharedState, logger: Logger): ReadCache | undefined {
  if (config.cache.ttlMs === 0) return undefined;
  return new ReadCache(shared.cacheStore({ maxEntries: config.cache.maxEntries, maxChars: CACHE_MAX_CHARS }), config.cache.ttlMs, logger);
}

/**
 * `/ready`, answered from `onRequest` on an exact path match. Yoga's `useReadinessCheck` tests every
 * request against a URLPattern (about 1.5 % of the CPU of a small query in a profile) and also
 * answers paths that only end in the endpoint, where authentication lets only the exact path through.
 */
function useReadiness({ endpoint, check }: { endpoint: string; check: () => Response }): Plugin {
  return {
    onRequest({ url, endResponse }) {
      if (url.pathname === endpoint) endResponse(check());
    },
  };
}

/**
 * The inlined GraphiQL page is about 9 MB; Yoga asks for it on every page load with the same
 * options, so the last page is kept and reused while the options stay the same. One page at most,
 * with its options kept as a digest. The module holding the bundle is loaded at the first page
 * load, not at start-up: it keeps about 30 MB of heap, which a gateway with GraphiQL off (live
 * mode's default) never needs.
 */
function renderGraphiQLOnce(): (options: Parameters<typeof renderGraphiQL>[0]) => Promise<string> {
  let last: { key: string; page: string } | undefined;
  return async (options) => {
    const key = digestKey(JSON.stringify(options ?? {}));
    if (last?.key !== key) {
      const { renderGraphiQL } = await import('@graphql-yoga/render-graphiql');
      last = { key, page: renderGraphiQL(options) };
    }
    return last.page;
  };
}
