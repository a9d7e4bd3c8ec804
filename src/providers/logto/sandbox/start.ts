/**
 * Logto's sandbox: its simulator, and the variables that point the gateway at it.
 */
import type { ProviderSandbox } from '../../provider.ts';
import { LOGTO_DEMO_APP_ID, LOGTO_DEMO_APP_SECRET, startLogtoSimulator } from './simulator.ts';

export async function startLogtoSandbox(): Promise<ProviderSandbox> {
  const server = await startLogtoSimulator();
  return {
    server,
    // LOGTO_API_RESOURCE is left to its default: a non-cloud endpoint means https://default.logto.app/api.
    env: { LOGTO_ENDPOINT: server.url, LOGTO_APP_ID: LOGTO_DEMO_APP_ID, LOGTO_APP_SECRET: LOGTO_DEMO_APP_SECRET },
    accepts: 'machine-to-machine app, client credentials (configured) or an app without Management API scope',
  };
}
