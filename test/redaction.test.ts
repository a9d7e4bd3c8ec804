/**
 * One rule for secret-looking keys (src/secret-keys.ts), held in the three places a value leaves
 * the gateway: a response to a caller without `sso:secrets` (PandaStack's `raw` and
 * `roleMapping`, read with `sso:read` over real sockets), a log line, and an audit record (Logto's
 * `config`, written over real sockets). Each place is checked with the names found missing by
 * the probe, then with fast-check over every spelling and depth (FUZZ_SEED replays a run).
 */
import fc from 'fast-check';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../src/logger.ts';
import { DEMO_ORGANIZATION_ID, type PandaStackSimulator } from '../src/providers/pandastack/sandbox/simulator.ts';
import type { AuditRecord } from '../src/security/audit-log.ts';
import { useApiKeyStack } from './fixtures/api-key-stack.ts';
import { HARMLESS_KEYS, MARKER, objectWithSecrets } from './fixtures/fuzz-secret-keys.ts';
import { apiKey, type KeySpec, LOGTO_STARK_OIDC, MUTATIONS, type MutationCase, runMutation } from './fixtures/security-keys.ts';

const READER = { name: 'redaction-reader', key: 'gk_test_redactionreader_5e4d3c2b1a09', scopes: ['sso:read'] } satisfies KeySpec;
const WRITER = {
  name: 'redaction-writer',
  key: 'gk_test_redactionwriter_0a1b2c3d4e5f',
  scopes: ['sso:read', 'sso:write'],
} satisfies KeySpec;
const SHA256_PREFIX = /^sha256:[0-9a-f]{12}$/;
const SEED = process.env.FUZZ_SEED !== undefined ? Number(process.env.FUZZ_SEED) : undefined;

// No read cache: every read must see the object the test just stored in the simulator.
const gateway = useApiKeyStack([READER, WRITER], { providers: ['pandastack', 'logto'], env: { GATEWAY_CACHE_TTL_MS: '0' } });

function updateCase(): MutationCase {
  const found = MUTATIONS.find((candidate) => candidate.field === 'updateLogtoSsoConnector');
  if (!found) throw new Error('no case for updateLogtoSsoConnector');
  return found;
}

const property = <T>(arbitrary: fc.Arbitrary<T>, predicate: (value: T) => Promise<void>, numRuns: number) =>
  fc.assert(fc.asyncProperty(arbitrary, predicate), { numRuns, ...(SEED === undefined ? {} : { seed: SEED }) });

describe('responses without sso:secrets: PandaStack raw and roleMapping', () => {
  const organizations = () => (gateway().simulators.pandastack as PandaStackSimulator).state.organizations;
  let original: Record<string, unknown> | null | undefined;
  beforeAll(() => {
    original = organizations().get(DEMO_ORGANIZATION_ID);
  });
  afterEach(() => {
    organizations().set(DEMO_ORGANIZATION_ID, original ?? null);
  });

  async function readRaw(stored: Record<string, unknown>) {
    organizations().set(DEMO_ORGANIZATION_ID, { ...original, ...stored });
    const response = await gateway().graphql<{ pandaStackSso: { raw: Record<string, unknown> } }>(
      '{ pandaStackSso { raw roleMapping } }',
      {},
      apiKey(READER.key),
    );
    expect(response.errors, response.text).toBeUndefined();
    return response;
  }

  it('leaves out passphrase, signing_key, pwd, tokens, session, cookie, hmac, key and bearer, at any depth', async () => {
    const found = ['passphrase', 'signing_key', 'pwd', 'tokens', 'session', 'cookie', 'hmac', 'key', 'bearer'];
    const stored = Object.fromEntries(found.map((key) => [key, `${MARKER}${key}`]));
    const response = await readRaw({
      ...stored,
      settings: { nested: { privateKey: `${MARKER}deep` }, list: [{ 'Client-Secret': `${MARKER}list` }] },
      role_mapping: { admins: 'admin', session_cookie: `${MARKER}mapping` },
      token_endpoint: 'https://idp.example/token',
      keyId: 'kid-1',
      publicKey: 'public-material',
    });
    expect(response.text).not.toContain(MARKER);
    const raw = response.data?.pandaStackSso.raw ?? {};
    for (const key of found) expect(raw).not.toHaveProperty(key);
    expect(raw).toMatchObject({ token_endpoint: 'https://idp.example/token', keyId: 'kid-1', publicKey: 'public-material' });
    expect(raw.settings).toEqual({ nested: {}, list: [{}] });
    expect(gateway().logs.join('\n')).not.toContain(MARKER);
  });

  it('property: a secret-looking key at any depth never comes out', async () => {
    await property(
      objectWithSecrets,
      async (extra) => {
        const response = await readRaw({ extra, role_mapping: [extra] });
        expect(response.text).not.toContain(MARKER);
      },
      30,
    );
    expect(gateway().logs.join('\n')).not.toContain(MARKER);
  });
});

describe('audit records: Logto config', () => {
  const update = updateCase();

  async function writeConfig(config: Record<string, unknown>): Promise<AuditRecord> {
    const before = gateway().audit.length;
    const { response } = await runMutation(gateway(), { ...update, input: { connectorId: LOGTO_STARK_OIDC, config } }, apiKey(WRITER.key));
    expect(response.errors, response.text).toBeUndefined();
    const written = gateway().audit.slice(before);
    expect(written).toHaveLength(1);
    expect(written.join('\n')).not.toContain(MARKER);
    expect(response.text).not.toContain(MARKER);
    return JSON.parse(written[0] ?? '{}') as AuditRecord;
  }

  it('keeps config.passphrase and config.signingKey only as sha256 prefixes', async () => {
    const record = await writeConfig({
      clientId: 'stark-gateway-client',
      issuer: 'https://login.stark.example',
      clientSecret: `${MARKER}client`,
      passphrase: `${MARKER}passphrase`,
      signingKey: `${MARKER}signing`,
    });
    const config = record.changes.config as Record<string, unknown>;
    expect(config).toMatchObject({ clientId: 'stark-gateway-client', issuer: 'https://login.stark.example' });
    for (const key of ['clientSecret', 'passphrase', 'signingKey']) expect(config[key]).toMatch(SHA256_PREFIX);
  });

  it('property: a secret-looking key at any depth of the input is never in the record', async () => {
    await property(objectWithSecrets, async (config) => void (await writeConfig(config)), 20);
    expect(gateway().logs.join('\n')).not.toContain(MARKER);
  });
});

describe('log lines', () => {
  it('property: a secret-looking field at any depth is written as [redacted]', async () => {
    const lines: string[] = [];
    const logger = createLogger({ level: 'debug', write: (line) => lines.push(line) });
    await property(
      objectWithSecrets,
      async (fields) => {
        lines.length = 0;
        logger.warn('fields', { ...fields, list: [fields], nested: { fields } });
        expect(lines).toHaveLength(1);
        expect(lines[0]).not.toContain(MARKER);
        expect(lines[0]).toContain('[redacted]');
      },
      300,
    );
  });

  it('keeps the harmless names that look like secret ones', () => {
    const lines: string[] = [];
    createLogger({ write: (line) => lines.push(line) }).info('harmless', Object.fromEntries(HARMLESS_KEYS.map((key) => [key, 'shown'])));
    const line = JSON.parse(lines[0] ?? '{}') as Record<string, unknown>;
    for (const key of HARMLESS_KEYS) expect(line[key]).toBe('shown');
  });
});
