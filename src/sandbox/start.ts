/**
 * Sandbox mode: every provider's simulator on 127.0.0.1:0 with demo data, and the environment
 * that points the gateway at them. The gateway then runs exactly as in live mode. Loaded only by
 * a dynamic import, so a live gateway never loads a simulator.
 */
import { ConfigError } from '../config/atoms.ts';
import type { ProviderModule, ProviderSandbox } from '../providers/provider.ts';
import type { ProviderId } from '../providers/provider-id.ts';
import { applyFaultSpec } from './faults.ts';
import { sandboxIdp } from './idp/server.ts';
import { SANDBOX_IDP_PATHS } from './idp/tenants.ts';
import type { SimulatorServer } from './simulator-kit.ts';

export interface Sandbox {
  env: Record<string, string>;
  simulators: Record<ProviderId, SimulatorServer>;
  /**
   * For the start-up banner, by provider: what each simulator accepts (kinds of credential only;
   * the gateway is already configured with the first of each), and demo values worth trying.
   */
  banner: {
    accepts: Record<ProviderId, string>;
    hints: Record<ProviderId, Record<string, unknown>>;
    /** The sandbox IdP's metadata URLs by tenant, e.g. `entraAcmeNext` for the change-plan story. */
    idpMetadata: Record<string, string>;
  };
  close(): Promise<void>;
}

export interface SandboxOptions {
  /**
   * Faults to start with, as `SSO_SANDBOX_FAULTS` writes them: `provider=fault,fault;provider=…`,
   * e.g. `vantage=503*2,hang;logto=latency:300` (see `applyFaultSpec`).
   */
  faults?: string | undefined;
}

export async function startSandbox(registry: readonly ProviderModule[], options: SandboxOptions = {}): Promise<Sandbox> {
  const faults = parseFaults(options.faults, registry);
  const idp = await sandboxIdp();
  const started = await Promise.all(
    registry.map(async (module): Promise<[ProviderId, ProviderSandbox]> => [module.id, await module.sandbox()]),
  );
  const sandbox: Sandbox = {
    env: Object.assign({ SSO_GATEWAY_MODE: 'sandbox' }, ...started.map(([, entry]) => entry.env)),
    simulators: Object.fromEntries(started.map(([id, entry]) => [id, entry.server])),
    banner: {
      accepts: Object.fromEntries(started.map(([id, entry]) => [id, entry.accepts])),
      hints: Object.fromEntries(started.flatMap(([id, entry]) => (entry.hints ? [[id, entry.hints]] : []))),
      idpMetadata: Object.fromEntries(Object.entries(SANDBOX_IDP_PATHS).map(([name, path]) => [name, idp.url(path)])),
    },
    close: async () => {
      await Promise.all(started.map(([, entry]) => entry.server.close()));
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

function parseFaults(text: string | undefined, registry: readonly ProviderModule[]): [ProviderId, string][] {
  if (!text?.trim()) return [];
  const ids = registry.map((module) => module.id);
  return text
    .split(';')
    .filter((part) => part.trim() !== '')
    .map((part) => {
      const [id = '', spec = ''] = part.split('=');
      if (!ids.includes(id.trim())) {
        throw new ConfigError(`SSO_SANDBOX_FAULTS names an unknown provider "${id.trim()}" (expected one of ${ids.join(', ')})`);
      }
      return [id.trim(), spec];
    });
}
