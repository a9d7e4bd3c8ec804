/**
 * Sandbox mode: every provider's simulator on 127.0.0.1:0 with demo data, and the environment
 * that points the gateway at them. The gateway then runs exactly as in live mode.
 */
import { providers } from './providers/index.ts';
import type { SimulatorServer } from './simulator-kit.ts';

export interface Sandbox {
  env: Record<string, string>;
  simulators: Record<string, SimulatorServer>;
  close(): Promise<void>;
}

export async function startSandbox(): Promise<Sandbox> {
  const started = await Promise.all(providers.map(async (module) => ({ id: module.id, ...(await module.startSimulator()) })));
  return {
    env: Object.assign({ SSO_GATEWAY_MODE: 'sandbox' }, ...started.map((entry) => entry.env)),
    simulators: Object.fromEntries(started.map((entry) => [entry.id, entry.server])),
    close: async () => {
      await Promise.all(started.map((entry) => entry.server.close()));
    },
  };
}
