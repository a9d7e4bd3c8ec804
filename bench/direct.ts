/**
 * The `direct` baseline: the upstream calls the gateway makes for each scenario (as the probe in
 * run.ts shows them), made with undici alone: same paths, same auth and headers as each provider's
 * client.ts, bodies read and parsed as JSON, no GraphQL, every independent call at once. A closed
 * loop of `connections` workers for `seconds`, the same shape as autocannon's load.
 */
import { Agent, request } from 'undici';
import { ACME_ORGANIZATION_ID } from '../src/providers/stytch/sandbox/data.ts';

export type DirectOperation = () => Promise<void>;

interface Call {
  method: 'GET' | 'POST' | 'PATCH';
  url: string;
  headers: Record<string, string>;
  body?: string;
}

export interface DirectTargets {
  single: DirectOperation;
  fanout: DirectOperation;
  dedup: DirectOperation;
  mutation: DirectOperation;
  nplus1: DirectOperation;
  close(): Promise<void>;
}

const bearer = (token: string) => `Bearer ${token}`;

/** The Vantage managed account the single scenario reads. */
export const SINGLE_ACCOUNT = 'acct_1f4e2b7c9d0a3e5f';

/** The connector the `mutation` scenario updates (a Logto demo connector). */
export const MUTATED_CONNECTOR = 'k2x8m4q1v7zb';

export async function directTargets(env: Record<string, string>, connections: number): Promise<DirectTargets> {
  const need = (name: string) => {
    const value = env[name];
    if (!value) throw new Error(`direct baseline: ${name} missing from the stack's environment`);
    return value;
  };
  // Like the gateway's RestClient: a keep-alive pool per upstream origin, `connections` sockets each.
  const agent = new Agent({ connections, keepAliveTimeout: 10_000 });

  async function send(call: Call): Promise<unknown> {
    const response = await request(call.url, {
      method: call.method,
      headers: { accept: 'application/json', ...call.headers, ...(call.body ? { 'content-type': 'application/json' } : {}) },
      body: call.body,
      dispatcher: agent,
    });
    const text = await response.body.text();
    if (response.statusCode < 200 || response.statusCode >= 300) throw new Error(`${call.method} ${call.url} → ${response.statusCode}`);
    return text === '' ? undefined : JSON.parse(text);
  }

  const vantage = need('VANTAGE_API_URL');
  const vantageAuth = { authorization: bearer(need('VANTAGE_API_TOKEN')) };
  const datocms = {
    url: `${need('DATOCMS_API_URL')}/sso-settings`,
    headers: { authorization: bearer(need('DATOCMS_API_TOKEN')), accept: 'application/json', 'x-api-version': '3' },
  };
  const stytch = need('STYTCH_API_URL');
  const stytchAuth = { authorization: `Basic ${Buffer.from(`${need('STYTCH_PROJECT_ID')}:${need('STYTCH_SECRET')}`).toString('base64')}` };
  const logto = need('LOGTO_ENDPOINT');
  const pandastack = `${need('PANDASTACK_API_URL')}/api/v1/sso/?organization_id=${encodeURIComponent(need('PANDASTACK_ORGANIZATION_ID'))}`;
  const pandastackAuth = { authorization: bearer(need('PANDASTACK_API_KEY')) };

  // Logto: one client-credentials token, fetched before the run and reused (the gateway caches it too).
  const form = new URLSearchParams({ grant_type: 'client_credentials', resource: 'https://default.logto.app/api', scope: 'all' });
  const basic = Buffer.from(`${encodeURIComponent(need('LOGTO_APP_ID'))}:${encodeURIComponent(need('LOGTO_APP_SECRET'))}`).toString(
    'base64',
  );
  const tokenResponse = await request(`${logto}/oidc/token`, {
    method: 'POST',
    headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: form.toString(),
    dispatcher: agent,
  });
  const token = ((await tokenResponse.body.json()) as { access_token?: string }).access_token;
  if (!token) throw new Error('direct baseline: Logto gave no access token');
  const logtoAuth = { authorization: bearer(token) };

  const single: DirectOperation = async () => {
    await send({ method: 'GET', url: `${vantage}/v2/managed_accounts/${SINGLE_ACCOUNT}`, headers: vantageAuth });
  };

  // The bench's gateways are given STYTCH_ORGANIZATION_IDS, so they skip the organization search too.
  const organizationIds = need('STYTCH_ORGANIZATION_IDS').split(',');
  const stytchConnections = () =>
    Promise.all(
      organizationIds.map((id) => send({ method: 'GET', url: `${stytch}/v1/b2b/sso/${encodeURIComponent(id)}`, headers: stytchAuth })),
    );

  const fanout: DirectOperation = async () => {
    await Promise.all([
      send({ method: 'GET', url: `${vantage}/v2/managed_accounts?page=1&limit=1000`, headers: vantageAuth }),
      send({ method: 'GET', ...datocms }),
      stytchConnections(),
      send({ method: 'GET', url: `${logto}/api/sso-connectors`, headers: logtoAuth }),
      send({ method: 'GET', url: pandastack, headers: pandastackAuth }),
    ]);
  };

  // Fifteen reads of one connection are one read once de-duplicated: what the gateway makes of them.
  const dedup: DirectOperation = async () => {
    await send({ method: 'GET', url: `${stytch}/v1/b2b/sso/${ACME_ORGANIZATION_ID}`, headers: stytchAuth });
  };

  const mutation: DirectOperation = async () => {
    await send({
      method: 'PATCH',
      url: `${logto}/api/sso-connectors/${MUTATED_CONNECTOR}`,
      headers: logtoAuth,
      body: JSON.stringify({ syncProfile: true }),
    });
  };

  const nplus1: DirectOperation = async () => {
    await Promise.all([
      send({ method: 'GET', url: `${logto}/api/sso-connectors?page=1&page_size=100`, headers: logtoAuth }),
      send({ method: 'GET', url: `${logto}/api/sso-connector-providers`, headers: logtoAuth }),
    ]);
  };

  return { single, fanout, dedup, mutation, nplus1, close: () => agent.close() };
}

export interface LoopResult {
  latencies: number[];
  completed: number;
  errors: number;
  firstError: string | undefined;
  seconds: number;
}

/** `connections` workers, each sending `operation` back to back until `seconds` have passed. */
export async function runLoop(operation: DirectOperation, connections: number, seconds: number): Promise<LoopResult> {
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  const started = performance.now();
  const endAt = started + seconds * 1000;
  const worker = async () => {
    while (performance.now() < endAt) {
      const at = performance.now();
      try {
        await operation();
        latencies.push(performance.now() - at);
      } catch (error) {
        errors += 1;
        firstError ??= String(error);
      }
    }
  };
  await Promise.all(Array.from({ length: connections }, worker));
  return { latencies, completed: latencies.length, errors, firstError, seconds: (performance.now() - started) / 1000 };
}
