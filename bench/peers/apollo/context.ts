/**
 * The per-request context of the peers that run the hand-written schema (Apollo, and the same
 * schema on bare Yoga): fresh data sources from the simulators' URLs and the demo credentials, the
 * same environment the gateway is given. Shared so both servers do exactly the same work per request.
 */
import { DatoCmsAPI, LogtoAPI, logtoToken, PandaStackAPI, StytchAPI, VantageAPI } from './data-sources.ts';
import type { PeerContext } from './schema.ts';

/** Reads the environment once and returns a function that builds one request's context. */
export function peerContext(env: Record<string, string>, peer = 'apollo peer'): () => Promise<PeerContext> {
  const need = (name: string) => {
    const value = env[name];
    if (value === undefined) throw new Error(`${peer}: ${name} missing`);
    return value;
  };
  // One token source for the server's life: the Logto token is fetched once and reused, as the gateway does.
  const token = logtoToken(need('LOGTO_ENDPOINT'), need('LOGTO_APP_ID'), need('LOGTO_APP_SECRET'));
  const stytchBasic = Buffer.from(`${need('STYTCH_PROJECT_ID')}:${need('STYTCH_SECRET')}`).toString('base64');
  return async () => ({
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
  });
}
