/**
 * DatoCMS's sandbox: its simulator, and the variables that point the gateway at it.
 */
import type { ProviderSandbox } from '../../provider.ts';
import { DATOCMS_DEMO_TOKEN, startDatoCmsSimulator } from './simulator.ts';

export async function startDatoCmsSandbox(): Promise<ProviderSandbox> {
  const server = await startDatoCmsSimulator();
  return {
    server,
    env: { DATOCMS_API_URL: server.url, DATOCMS_API_TOKEN: DATOCMS_DEMO_TOKEN },
    accepts: 'API token: admin (configured) or editor without can_manage_sso',
  };
}
