/**
 * The GraphQL Mesh peer: Mesh Compose turns the OpenAPI documents beside this file into a
 * supergraph (one subgraph per simulator, its endpoint and credentials in `operationHeaders`), and
 * the Hive Gateway runtime serves it on node:http with its defaults. Composed at start, because
 * the simulators' ports are only known then; the Logto token is fetched once beforehand (Mesh's
 * OpenAPI source has no client-credentials flow of its own).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createGatewayRuntime } from '@graphql-hive/gateway-runtime';
import { getComposedSchemaFromConfig } from '@graphql-mesh/compose-cli';
import { loadOpenAPISubgraph } from '@omnigraph/openapi';
import { logtoToken } from '../apollo/data-sources.ts';
import type { PeerServer } from '../apollo/server.ts';

type ComposeLogger = Parameters<typeof getComposedSchemaFromConfig>[1];

/** Composition's own messages are not the bench's business; errors still surface as thrown. */
function quietLogger(): ComposeLogger {
  const logger = { name: 'mesh-compose', log() {}, warn() {}, info() {}, debug() {}, error() {}, child: () => logger };
  return logger as unknown as ComposeLogger;
}

export async function composeMeshSupergraph(env: Record<string, string>, openapiDir: string): Promise<string> {
  const need = (name: string) => {
    const value = env[name];
    if (value === undefined) throw new Error(`mesh peer: ${name} missing`);
    return value;
  };
  const token = await logtoToken(need('LOGTO_ENDPOINT'), need('LOGTO_APP_ID'), need('LOGTO_APP_SECRET'))();
  const bearer = (value: string) => ({ authorization: `Bearer ${value}` });
  const sources: [string, string, Record<string, string>][] = [
    ['vantage', need('VANTAGE_API_URL'), bearer(need('VANTAGE_API_TOKEN'))],
    ['datocms', need('DATOCMS_API_URL'), { ...bearer(need('DATOCMS_API_TOKEN')), 'x-api-version': '3' }],
    [
      'stytch',
      need('STYTCH_API_URL'),
      { authorization: `Basic ${Buffer.from(`${need('STYTCH_PROJECT_ID')}:${need('STYTCH_SECRET')}`).toString('base64')}` },
    ],
    ['logto', need('LOGTO_ENDPOINT'), bearer(token)],
    ['pandastack', need('PANDASTACK_API_URL'), bearer(need('PANDASTACK_API_KEY'))],
  ];
  return getComposedSchemaFromConfig(
    {
      subgraphs: sources.map(([name, endpoint, operationHeaders]) => ({
        sourceHandler: loadOpenAPISubgraph(name, { source: `${openapiDir}/${name}.json`, endpoint, operationHeaders }),
      })),
    },
    quietLogger(),
  );
}

export async function startMeshPeer(env: Record<string, string>, openapiDir: string): Promise<PeerServer> {
  const supergraph = await composeMeshSupergraph(env, openapiDir);
  const runtime = createGatewayRuntime({ supergraph });
  const server = createServer(runtime);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    graphqlUrl: `http://127.0.0.1:${port}/graphql`,
    close: async () => {
      await runtime.dispose();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
