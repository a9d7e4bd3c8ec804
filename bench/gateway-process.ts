/**
 * One gateway in a process of its own (live mode, pointed at the simulators' process), so that the
 * CPU time and RSS measured here are the gateway's alone. The runner passes the variant's settings
 * (`GATEWAY_BATCHING`, `GATEWAY_CACHE_TTL_MS`, …) with `init`.
 */

import type { Gateway } from '../src/server.ts';
import { holdYoungGeneration } from '../src/start-heap.ts';
import type { GatewayInfo } from './protocol.ts';

// Loaded with the young generation held, as src/main.ts loads them, so that the idle footprint
// measured here is the one `node dist/src/main.js` has.
holdYoungGeneration();
const [{ loadConfig }, { createLogger }, { providers }, { createGateway }, { serveMeasuredServer }] = await Promise.all([
  import('../src/config/gateway.ts'),
  import('../src/logger.ts'),
  import('../src/providers/index.ts'),
  import('../src/server.ts'),
  import('./usage.ts'),
]);

const BASE_ENV: Record<string, string> = {
  SSO_GATEWAY_MODE: 'live',
  GATEWAY_AUTH_MODE: 'none',
  GATEWAY_WRITE_RATE_LIMIT: '1000000/1m',
  GATEWAY_SHUTDOWN_TIMEOUT_MS: '3000',
  // The simulators' own limits are lifted for the load; the gateway's budgets would refuse it too.
  ...Object.fromEntries(providers.map((module) => [`${module.id.toUpperCase()}_RATE_LIMIT`, 'off'])),
};

let gateway: Gateway | undefined;

async function init(env: Record<string, string>): Promise<GatewayInfo> {
  gateway = await createGateway(loadConfig({ ...BASE_ENV, ...env }, providers), {
    logger: createLogger({ level: 'silent' }),
    auditWrite: () => undefined,
  });
  const url = await gateway.listen(0, '127.0.0.1');
  return { graphqlUrl: `${url}/graphql` };
}

serveMeasuredServer('gateway', { init, close: async () => gateway?.close() });
