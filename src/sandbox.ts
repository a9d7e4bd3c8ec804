/**
 * Sandbox mode: every provider's simulator on 127.0.0.1:0 with demo data, and the environment
 * that points the gateway at them. The gateway then runs exactly as in live mode.
 */
import { ConfigError } from './config.ts';
import { PROVIDER_IDS, type ProviderId } from './providers/provider-id.ts';
import { providers } from './providers/index.ts';
import { applyFaultSpec } from './simulator-faults.ts';
import type { SimulatorServer } from './simulator-kit.ts';

export interface Sandbox {
  env: Record<string, string>;
  simulators: Record<string, SimulatorServer>;
  close(): Promise<void>;
}

/**
 * What each simulator accepts, for the start-up banner: kinds of credential only. The gateway is
 * already configured with the first of each, so a newcomer needs none of them; the others exist
 * to try permission errors. No credential value appears here.
 */
export const SANDBOX_CREDENTIALS: Record<ProviderId, string> = {
  vantage: 'bearer token: read-write (configured) or read-only',
  datocms: 'API token: admin (configured) or editor without can_manage_sso',
  stytch: 'project id and secret over basic auth (configured); member sessions in X-Stytch-Member-Session',
  logto: 'machine-to-machine app, client credentials (configured) or an app without Management API scope',
  pandastack: 'psk_ API key (configured) for organizations 1234567890, 2468013579 and 1357924680',
};

/**
 * The Stytch member sessions the simulator accepts, to paste into GraphiQL's headers as
 * `X-Stytch-Member-Session` and see Stytch's RBAC apply (admin, member, viewer, expired). They are
 * obviously fake demo values, already shown in the README, so listing them leaks nothing. Written
 * out because shared code may not import a provider's module (test/boundaries.test.ts);
 * test/main.test.ts checks the Stytch simulator accepts every one.
 */
export const STYTCH_DEMO_MEMBER_SESSIONS: readonly string[] = [
  'session-token-test-acme-admin-4f1c9a7e2b',
  'session-token-test-acme-member-8b2d3e5a1c',
  'session-token-test-acme-viewer-2e7f60d4b9',
  'session-token-test-globex-admin-6a0b1c3f8e',
  'session-token-test-expired-9d8c7b6a5f',
];

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
