/**
 * Vantage's sandbox: its simulator, and the variables that point the gateway at it.
 */
import type { ProviderSandbox } from '../../provider.ts';
import { startVantageSimulator, VANTAGE_DEMO_TOKEN } from './simulator.ts';

export async function startVantageSandbox(): Promise<ProviderSandbox> {
  const server = await startVantageSimulator();
  return {
    server,
    env: { VANTAGE_API_URL: server.url, VANTAGE_API_TOKEN: VANTAGE_DEMO_TOKEN },
    accepts: 'bearer token: read-write (configured) or read-only',
  };
}
