/** The generated client types stay current, and the example client works against the simulators. */
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { connectionsByProvider, GraphQLRequestError, request } from '../examples/client/client.ts';
import { LogtoSsoConnectorDocument } from '../examples/client/generated.ts';
import { GENERATED_FILE, generateClientTypes } from '../scripts/codegen.ts';
import { type Stack, useStack } from './harness.ts';

let stack: Stack;
useStack({}, (started) => {
  stack = started;
});

describe('typed client', () => {
  it('is generated from the current schema and example operations (run npm run codegen)', async () => {
    expect(await readFile(GENERATED_FILE, 'utf8')).toBe(await generateClientTypes());
  });

  it('lists every provider through the typed AllSsoConnections document', async () => {
    const { counts, failed } = await connectionsByProvider(`${stack.url}/graphql`);
    expect(failed).toEqual([]);
    expect(Object.keys(counts).sort()).toEqual(['DATOCMS', 'LOGTO', 'PANDASTACK', 'STYTCH', 'VANTAGE']);
  });

  it('sends typed variables and surfaces GraphQL errors as exceptions', async () => {
    const found = await request(`${stack.url}/graphql`, LogtoSsoConnectorDocument, { connectorId: 'k2x8m4q1v7zb' });
    expect(found.logtoSsoConnector?.connectorId).toBe('k2x8m4q1v7zb');
    await expect(request(`${stack.url}/graphql`, LogtoSsoConnectorDocument, { connectorId: '' })).rejects.toThrow(GraphQLRequestError);
  });
});
