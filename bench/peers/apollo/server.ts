/**
 * The Apollo Server 5 peer on its standalone HTTP server: the hand-written schema, data sources
 * made per request from the simulators' URLs and demo credentials (peerContext, the same
 * environment the gateway is given), Apollo's defaults otherwise.
 */
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { peerContext } from './context.ts';
import { type PeerContext, resolvers, typeDefs } from './schema.ts';

export interface PeerServer {
  graphqlUrl: string;
  close(): Promise<void>;
}

export async function startApolloPeer(env: Record<string, string>): Promise<PeerServer> {
  const server = new ApolloServer<PeerContext>({ typeDefs, resolvers });
  const { url } = await startStandaloneServer(server, {
    listen: { port: 0, host: '127.0.0.1' },
    context: peerContext(env, 'apollo peer'),
  });
  return { graphqlUrl: url, close: () => server.stop() };
}
