/**
 * Starting a gateway from an environment, as `npm start` does: read the configuration, start the
 * simulators in sandbox mode (a dynamic import, so a live start never loads them), log the start-up
 * banner, listen. The entry point hands in the registry; tests hand in their own.
 */

import type { Env } from './config/atoms.ts';
import { loadConfig } from './config/gateway.ts';
import type { Logger } from './logger.ts';
import type { ProviderModule } from './providers/provider.ts';
import type { Sandbox } from './sandbox/start.ts';
import { createGateway } from './server.ts';

export interface RunningGateway {
  url: string;
  /** Drains the gateway, then stops the simulators. */
  close(): Promise<void>;
}

export async function startGateway(registry: readonly ProviderModule[], env: Env, logger: Logger): Promise<RunningGateway> {
  let config = loadConfig(env, registry);
  let sandbox: Sandbox | undefined;
  if (config.mode === 'sandbox') {
    const { startSandbox } = await import('./sandbox/start.ts');
    sandbox = await startSandbox(registry, { faults: env.SSO_SANDBOX_FAULTS });
    // The simulators' URLs and demo credentials replace any provider settings in sandbox mode;
    // every other setting (timeouts, limits, auth) still comes from the environment.
    config = loadConfig({ ...env, ...sandbox.env }, registry);
    logger.info(`sandbox mode: serving built-in simulators of ${registry.map((module) => module.name).join(', ')} on loopback`, {
      simulators: Object.entries(sandbox.simulators).map(([id, server]) => `${id}=${server.url}`),
    });
    // Newcomers ask "which credentials do I need?": none, and this says what each simulator takes.
    logger.info('sandbox credentials: every simulator accepts only demo credentials, already configured', {
      accepts: sandbox.banner.accepts,
    });
    // Demo values for people to try (member sessions, say) go into the message: log fields with
    // secret-looking names are redacted, and these are the simulators' own fakes, never the gateway's.
    if (Object.keys(sandbox.banner.hints).length > 0) logger.info(`sandbox demo values to try: ${JSON.stringify(sandbox.banner.hints)}`);
    // The change-plan story plans acme.example onto `entraAcmeNext` (README "Change plans").
    logger.info(`sandbox IdP metadata URLs: ${JSON.stringify(sandbox.banner.idpMetadata)}`);
  }
  if (config.security.auth.mode === 'none') {
    logger.warn('AUTHENTICATION IS OFF (GATEWAY_AUTH_MODE=none): anyone who can reach this gateway can read and change SSO settings', {
      mode: config.mode,
    });
  }
  const gateway = await createGateway(config, { logger });
  const url = await gateway.listen(config.port, config.host);
  logger.info(`SSO gateway ready: GraphiQL at ${url}/graphql`, { mode: config.mode, providers: gateway.enabledProviders });
  return {
    url,
    close: async () => {
      await gateway.close();
      await sandbox?.close();
    },
  };
}
