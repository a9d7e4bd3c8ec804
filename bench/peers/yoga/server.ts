/**
 * The reference peer: the Apollo peer's schema, resolvers and per-request data sources (peerContext)
 * served by bare graphql-yoga with its defaults on node:http. The gateway is built on Yoga, so this
 * is the floor of the stack: what the same resolvers cost on the same server without the gateway's
 * own work (auth, limits, batching, caching, Pothos).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSchema, createYoga } from 'graphql-yoga';
import { peerContext } from '../apollo/context.ts';
import { type PeerContext, resolvers, typeDefs } from '../apollo/schema.ts';
import type { PeerServer } from '../apollo/server.ts';

export async function startYogaPeer(env: Record<string, string>): Promise<PeerServer> {
  const schema = createSchema<PeerContext>({ typeDefs, resolvers });
  const context = peerContext(env, 'yoga peer');
  const yoga = createYoga({ schema, context, logging: false, graphiql: false });
  const server = createServer(yoga);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    graphqlUrl: `http://127.0.0.1:${port}${yoga.graphqlEndpoint}`,
    close: async () => {
      await yoga.dispose();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
