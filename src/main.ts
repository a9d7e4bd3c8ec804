/**
 * Entry point: start the gateway from the process environment with the providers of the registry,
 * and stop it on SIGTERM/SIGINT. A composition root: the one place `npm start` takes providers from.
 */
import { holdYoungGeneration } from './start-heap.ts';

holdYoungGeneration();
// Imported only now, with the young generation held: static imports would all be loaded (parsed
// and compiled) before any module runs, and loading them is what grows the young generation.
const [{ ConfigError }, { createLogger, logLevelOf }, { startTracingFromEnv }, { providers }, { startGateway }] = await Promise.all([
  import('./config/atoms.ts'),
  import('./logger.ts'),
  import('./observability/tracing.ts'),
  import('./providers/index.ts'),
  import('./start-gateway.ts'),
]);

// A mistyped LOG_LEVEL is reported by loadConfig, through a logger at the default level.
const logger = createLogger({
  level: logLevelOf(process.env.LOG_LEVEL) ?? 'info',
  redactHeaders: providers.flatMap((module) => module.forwardedHeaders),
});

async function main(): Promise<void> {
  const stopTracing = await startTracingFromEnv(process.env);
  if (stopTracing) logger.info('tracing: exporting spans over OTLP', { endpoint: 'OTEL_EXPORTER_OTLP_ENDPOINT' });
  const gateway = await startGateway(providers, process.env, logger);
  const shutdown = async (signal: string) => {
    logger.info('shutting down', { signal });
    await gateway.close();
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
