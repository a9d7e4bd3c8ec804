/**
 * `/metrics` cannot be grown by callers, over real HTTP with API-key authentication: operation
 * names are labels only when the gateway knows them (example operations, trusted documents) or
 * when they are among the first GATEWAY_METRICS_MAX_OPERATIONS names run by a caller with a scope;
 * everything else is `other`, and requests refused by authentication or validation add nothing.
 */

import { createHash } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { inBatches, startApiKeyStack, useApiKeyStack } from './fixtures/api-key-stack.ts';
import { apiKey, type KeySpec, tempDir } from './fixtures/security-keys.ts';
import type { Stack } from './harness.ts';

const READER = { name: 'metrics-reader', key: 'gk_test_metricsreader_3c4d5e6f7a8b', scopes: ['sso:read'] } satisfies KeySpec;
const NO_SCOPE = { name: 'metrics-noscope', key: 'gk_test_metricsnoscope_8b7a6f5e4d3c', scopes: [] } satisfies KeySpec;
const NOT_A_KEY = 'gk_test_not_a_key_111111111111';

const startGateway = (env: Record<string, string> = {}) => startApiKeyStack([READER, NO_SCOPE], { providers: ['vantage'], env });

/** Sends `count` operations named `<prefix><n>` and checks the status each got. */
async function run(stack: Stack, prefix: string, count: number, body: string, key: string, status: number): Promise<void> {
  const responses = await inBatches(count, (index) => stack.graphql(`query ${prefix}${index} ${body}`, {}, apiKey(key)));
  for (const response of responses) expect(response.status, response.text).toBe(status);
}

async function scrape(stack: Stack): Promise<{ text: string; names: Set<string> }> {
  const text = await (await fetch(`${stack.url}/metrics`)).text();
  return { text, names: new Set([...text.matchAll(/operationName="([^"]*)"/g)].map((match) => match[1] ?? '')) };
}

describe('operation names on /metrics', () => {
  const gateway = useApiKeyStack([READER, NO_SCOPE], { providers: ['vantage'] });

  it('labels 300 names from unauthenticated, invalid and valid operations with a bounded set', async () => {
    await run(gateway(), 'Unauthenticated', 100, '{ __typename }', NOT_A_KEY, 401);
    await run(gateway(), 'Invalid', 100, '{ notAField }', READER.key, 400);
    await run(gateway(), 'NoScope', 20, '{ __typename }', NO_SCOPE.key, 200);
    await run(gateway(), 'Valid', 80, '{ __typename }', READER.key, 200);
    const first = await scrape(gateway());
    const labelled = [...first.names];
    expect(labelled.filter((name) => /^(Unauthenticated|Invalid|NoScope)/.test(name))).toEqual([]);
    // The default GATEWAY_METRICS_MAX_OPERATIONS: the first 50 names, then `other`.
    expect(labelled.filter((name) => name.startsWith('Valid')).sort()).toEqual(
      Array.from({ length: 50 }, (_, index) => `Valid${index}`).sort(),
    );
    expect(first.names).toContain('other');
    expect(first.text.length).toBeLessThan(1_000_000);

    // 300 new names later, the page has not grown by a series: only counts changed.
    await run(gateway(), 'Later', 300, '{ __typename }', READER.key, 200);
    const second = await scrape(gateway());
    expect(second.names).toEqual(first.names);
    expect(second.text.length).toBeLessThan(first.text.length * 1.02);
  });

  it('keeps the names of the example operations even once the slots are taken', async () => {
    const response = await gateway().graphql('query AllSsoConnections { __typename }', {}, apiKey(NO_SCOPE.key));
    expect(response.status).toBe(200);
    expect((await scrape(gateway())).names).toContain('AllSsoConnections');
  });
});

describe('with trusted documents (GATEWAY_PERSISTED_OPERATIONS_FILE)', () => {
  it('labels every trusted operation by its name, whatever the cap', async () => {
    const documents = ['query TrustedFirst { __typename }', 'query TrustedSecond { __typename }'];
    const dir = tempDir('trusted-documents-');
    const file = join(dir, 'trusted.json');
    const hashOf = (document: string) => createHash('sha256').update(document).digest('hex');
    writeFileSync(file, JSON.stringify(Object.fromEntries(documents.map((document) => [hashOf(document), document]))));
    const stack = await startGateway({ GATEWAY_PERSISTED_OPERATIONS_FILE: file, GATEWAY_METRICS_MAX_OPERATIONS: '1' });
    try {
      for (const document of documents) {
        const response = await fetch(`${stack.url}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...apiKey(NO_SCOPE.key) },
          body: JSON.stringify({ extensions: { persistedQuery: { version: 1, sha256Hash: hashOf(document) } } }),
        });
        expect(response.status).toBe(200);
      }
      const { names } = await scrape(stack);
      expect(names).toContain('TrustedFirst');
      expect(names).toContain('TrustedSecond');
    } finally {
      await stack.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
