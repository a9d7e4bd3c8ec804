/**
 * Stytch's sandbox: its simulator, the variables that point the gateway at it, and the demo member
 * sessions a newcomer can paste into GraphiQL as `X-Stytch-Member-Session` to see Stytch's RBAC
 * apply (obviously fake values, shown in the README too).
 */
import type { ProviderSandbox } from '../../provider.ts';
import { DEMO_SESSIONS } from './data.ts';
import { STYTCH_DEMO_PROJECT_ID, STYTCH_DEMO_SECRET, startStytchSimulator } from './simulator.ts';

export async function startStytchSandbox(): Promise<ProviderSandbox> {
  const server = await startStytchSimulator();
  return {
    server,
    // No STYTCH_ORGANIZATION_IDS: the sandbox discovers organizations through search.
    env: { STYTCH_API_URL: server.url, STYTCH_PROJECT_ID: STYTCH_DEMO_PROJECT_ID, STYTCH_SECRET: STYTCH_DEMO_SECRET },
    accepts: 'project id and secret over basic auth (configured); member sessions in X-Stytch-Member-Session',
    // Session tokens only: the demo session JWTs are long and add nothing a newcomer needs.
    hints: { memberSessions: Object.keys(DEMO_SESSIONS).filter((token) => token.startsWith('session-token-')) },
  };
}
