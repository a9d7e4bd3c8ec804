/**
 * PandaStack's sandbox: its simulator, and the variables that point the gateway at it.
 */
import type { ProviderSandbox } from '../../provider.ts';
import { DEMO_ORGANIZATION_ID, DISABLED_ORGANIZATION_ID, EMPTY_ORGANIZATION_ID, PANDASTACK_DEMO_KEY } from './data.ts';
import { startPandaStackSimulator } from './simulator.ts';

export async function startPandaStackSandbox(): Promise<ProviderSandbox> {
  const server = await startPandaStackSimulator();
  return {
    server,
    env: { PANDASTACK_API_URL: server.url, PANDASTACK_API_KEY: PANDASTACK_DEMO_KEY, PANDASTACK_ORGANIZATION_ID: DEMO_ORGANIZATION_ID },
    accepts: `psk_ API key (configured) for organizations ${DEMO_ORGANIZATION_ID}, ${DISABLED_ORGANIZATION_ID} and ${EMPTY_ORGANIZATION_ID}`,
  };
}
