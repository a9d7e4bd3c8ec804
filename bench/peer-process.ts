/**
 * One peer server (Apollo Server, the same schema on bare Yoga, or GraphQL Mesh; see bench/peers/)
 * in a process of its own, pointed at the simulators' process like a gateway, so its CPU time and
 * RSS are measured the same way. `init` names the peer in `BENCH_PEER` and the OpenAPI documents' folder in `BENCH_OPENAPI_DIR`.
 */
import { type PeerServer, startApolloPeer } from './peers/apollo/server.ts';
import { startMeshPeer } from './peers/mesh/server.ts';
import { startYogaPeer } from './peers/yoga/server.ts';
import type { GatewayInfo } from './protocol.ts';
import { serveMeasuredServer } from './usage.ts';

let peer: PeerServer | undefined;

async function init(env: Record<string, string>): Promise<GatewayInfo> {
  const name = env.BENCH_PEER;
  if (name === 'apollo') peer = await startApolloPeer(env);
  else if (name === 'yoga') peer = await startYogaPeer(env);
  else if (name === 'mesh') peer = await startMeshPeer(env, env.BENCH_OPENAPI_DIR ?? '');
  else throw new Error(`no peer named ${String(name)}`);
  return { graphqlUrl: peer.graphqlUrl };
}

serveMeasuredServer('peer', { init, close: async () => peer?.close() });
