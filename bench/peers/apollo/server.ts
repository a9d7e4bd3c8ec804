/**
 * The Apollo Server 5 peer on its standalone HTTP server: the hand-written schema, data sources
 * made per request from the simulators' URLs and demo credentials (the same environment the
 * gateway is given), Apollo's defaults otherwise.
 */
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { DatoCmsAPI, LogtoAPI, logtoToken, PandaStackAPI, StytchAPI, VantageAPI } from './data-sources.ts';
import { type PeerContext, resolvers, typeDefs } from './schema.ts';

export interface PeerServer {
  graphqlUrl: string;
  close(): Promise<void>;
}

export async function startApolloPeer(env: Record<string, string>): Promise<PeerServer> {
  const need = (name: string) => {
    const value = env[name];
    if (value === undefined) throw new Error(`apollo peer: ${name} missing`);
    return value;
  };
  const token = logtoToken(need('LOGTO_ENDPOINT'), need('LOGTO_APP_ID'), need('LOGTO_APP_SECRET'));
  const stytchBasic = Buffer.from(`${need('STYTCH_PROJECT_ID')}:${need('STYTCH_SECRET')}`).toString('base64');
  const server = new ApolloServer<PeerContext>({ typeDefs, resolvers });
  const { url } = await startStandaloneServer(server, {
    listen: { port: 0, host: '127.0.0.1' },
    context: async () => ({
      dataSources: {
        vantage: new VantageAPI(`${need('VANTAGE_API_URL')}/`, () => need('VANTAGE_API_TOKEN')),
        datocms: new DatoCmsAPI(`${need('DATOCMS_API_URL')}/`, () => need('DATOCMS_API_TOKEN'), {
          accept: 'application/json',
          'x-api-version': '3',
        }),
        stytch: new StytchAPI(`${need('STYTCH_API_URL')}/`, stytchBasic),
        logto: new LogtoAPI(`${need('LOGTO_ENDPOINT')}/`, token),
        pandastack: new PandaStackAPI(`${need('PANDASTACK_API_URL')}/`, need('PANDASTACK_API_KEY'), need('PANDASTACK_ORGANIZATION_ID')),
      },
      stytchOrganizationIds: need('STYTCH_ORGANIZATION_IDS').split(',').filter(Boolean),
      pandaStackOrganizationId: need('PANDASTACK_ORGANIZATION_ID'),
    }),
  });
  return { graphqlUrl: url, close: () => server.stop() };
}
