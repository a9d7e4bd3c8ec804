/**
 * Sandbox mode: every provider's simulator on 127.0.0.1:0 with demo data, and the environment
 * that points the gateway at them. The gateway then runs exactly as in live mode.
 */
import { ConfigError } from './config.ts';
import { PROVIDER_IDS } from './providers/provider-id.ts';
import { providers } from './providers/index.ts';
import { applyFaultSpec } from './simulator-faults.ts';
import type { SimulatorServer } from './simulator-kit.ts';

export interface Sandbox {
  env: Record<string, string>;
  simulators: Record<string, SimulatorServer>;
  close(): Promise<void>;
}

export interface SandboxOptions {
  /**
   * Faults to start with, as `SSO_SANDBOX_FAULTS` writes them: `provider=fault,fault;provider=…`,
   * e.g. `vantage=503*2,hang;logto=latency:300` (see `applyFaultSpec`).
   */
  faults?: string | undefined;
}

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const faults = parseFaults(options.faults);
  const started = await Promise.all(providers.map(async (module) => ({ id: module.id, ...(await module.startSimulator()) })));
  const sandbox: Sandbox = {
    env: Object.assign({ SSO_GATEWAY_MODE: 'sandbox' }, ...started.map((entry) => entry.env)),
    simulators: Object.fromEntries(started.map((entry) => [entry.id, entry.server])),
    close: async () => {
      await Promise.all(started.map((entry) => entry.server.close()));
    },
  };
  try {
    for (const [id, spec] of faults) {
      const simulator = sandbox.simulators[id];
      if (simulator) applyFaultSpec(simulator, spec);
    }
  } catch (error) {
    await sandbox.close();
    throw new ConfigError(`SSO_SANDBOX_FAULTS: ${error instanceof Error ? error.message : String(error)}`);
  }
  return sandbox;
}

function parseFaults(text: string | undefined): [string, string][] {
  if (!text?.trim()) return [];
  return text
    .split(';')
    .filter((part) => part.trim() !== '')
    .map((part) => {
      const [id = '', spec = ''] = part.split('=');
      if (!(PROVIDER_IDS as readonly string[]).includes(id.trim())) {
        throw new ConfigError(`SSO_SANDBOX_FAULTS names an unknown provider "${id.trim()}" (expected one of ${PROVIDER_IDS.join(', ')})`);
      }
      return [id.trim(), spec];
    });
}
