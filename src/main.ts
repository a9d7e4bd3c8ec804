/**
 * Entry point: read the environment, start the simulators when no credential is set, serve. A
 * composition root: it takes the providers from the registry and hands them down in the config.
 */
import { ConfigError } from './config/atoms.ts';
import { loadConfig } from './config/gateway.ts';
import { createLogger, logLevelOf } from './logger.ts';
import { startTracingFromEnv } from './observability/tracing.ts';
import { providers } from './providers/index.ts';
import type { Sandbox } from './sandbox/start.ts';
import { createGateway } from './server.ts';

// A mistyped LOG_LEVEL is reported by loadConfig below, through a logger at the default level.
const logger = createLogger({
  level: logLevelOf(process.env.LOG_LEVEL) ?? 'info',
  redactHeaders: providers.flatMap((module) => module.forwardedHeaders),
});

async function main(): Promise<void> {
  let config = loadConfig(process.env, providers);
  const stopTracing = startTracingFromEnv(process.env);
  if (stopTracing) logger.info('tracing: exporting spans over OTLP', { endpoint: 'OTEL_EXPORTER_OTLP_ENDPOINT' });
  let sandbox: Sandbox | undefined;
  if (config.mode === 'sandbox') {
    // Imported here only: a live gateway never loads simulators or demo data.
    const { startSandbox } = await import('./sandbox/start.ts');
    sandbox = await startSandbox(providers, { faults: process.env.SSO_SANDBOX_FAULTS });
    // The simulators' URLs and demo credentials replace any provider settings in sandbox mode;
    // every other setting (timeouts, limits, auth) still comes from the environment.
    config = loadConfig({ ...process.env, ...sandbox.env }, providers);
    logger.info(`sandbox mode: serving built-in simulators of ${providers.map((module) => module.name).join(', ')} on loopback`, {
      simulators: Object.entries(sandbox.simulators).map(([id, server]) => `${id}=${server.url}`),
    });
    // Newcomers ask "which credentials do I need?": none, and this says what each simulator takes.
    logger.info('sandbox credentials: every simulator accepts only demo credentials, already configured', sandbox.banner);
  }
  if (config.security.auth.mode === 'none') {
    logger.warn('AUTHENTICATION IS OFF (GATEWAY_AUTH_MODE=none): anyone who can reach this gateway can read and change SSO settings', {
      mode: config.mode,
    });
  }
  const gateway = createGateway(config, { logger });
  const url = await gateway.listen(config.port, config.host);
  logger.info(`SSO gateway ready: GraphiQL at ${url}/graphql`, { mode: config.mode, providers: gateway.enabledProviders });

  const shutdown = async (signal: string) => {
    logger.info('shutting down', { signal });
    await gateway.close();
    await sandbox?.close();
    await stopTracing?.();
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    logger.error(`invalid configuration: ${error.message}`);
  } else {
    logger.error('failed to start', { error: error instanceof Error ? error.message : String(error) });
  }
  process.exit(1);
});
