/**
 * The audit trail of SSO writes: exactly one JSON record per mutation attempt, whatever refused
 * or failed it, with who, what, the outcome and the upstream's request ids; secrets only as
 * `sha256:` prefixes; the same records appended to GATEWAY_AUDIT_LOG.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { providers } from '../src/providers/index.ts';
import type { AuditRecord } from '../src/security/audit-log.ts';
import {
  apiKey,
  type KeySpec,
  LOGTO_ACME_SAML,
  LOGTO_STARK_OIDC,
  MUTATIONS,
  type MutationCase,
  resetSimulators,
  runMutation,
  STYTCH_ACME,
  STYTCH_ACME_SAML,
  tempDir,
  upstreamCalls,
  VANTAGE_ACME,
  writeKeysFile,
} from './fixtures/security-keys.ts';
import { expectTypename, type Stack, startStack } from './harness.ts';

const PROVIDER_IDS = providers.map((module) => module.id);

/** An audit line as the gateway writes it. */
type Audit = AuditRecord;

const WRITER = { name: 'audit-writer', key: 'gk_test_auditwriter_7c6b5a4f3e2d1c0b', scopes: ['sso:read', 'sso:write'] } satisfies KeySpec;
const READER = { name: 'audit-reader', key: 'gk_test_auditreader_2d3e4f5a6b7c8d9e', scopes: ['sso:read'] } satisfies KeySpec;

/** Secrets given in inputs: they may reach the upstream, never the audit trail or the logs. */
const PANDA_SECRET = 'audit-panda-client-secret-Zq81xW';
const LOGTO_SECRET = 'audit-logto-client-secret-Hk27pV';
const REFUSED_SECRET = 'audit-refused-client-secret-Mn55rT';
const INVALID_SECRET = 'audit-invalid-client-secret-Bc09yU';
const SHA256_PREFIX = /^sha256:[0-9a-f]{12}$/;

const mutation = (field: string): MutationCase => {
  const found = MUTATIONS.find((candidate) => candidate.field === field);
  if (!found) throw new Error(`no case for ${field}`);
  return found;
};

function parseAll(lines: readonly string[]): Audit[] {
  return lines.map((line) => JSON.parse(line) as Audit);
}

/** Every documented field, with its documented type. */
function expectComplete(record: Audit): void {
  expect(typeof record.requestId).toBe('string');
  expect(record.requestId.length).toBeGreaterThan(0);
  expect(typeof record.caller.subject).toBe('string');
  expect(record.caller.authMode).toBe('api-key');
  expect(typeof record.caller.keyName).toBe('string');
  expect(PROVIDER_IDS as readonly string[]).toContain(record.provider);
  expect(typeof record.operation).toBe('string');
  expect(record.target).toBeTypeOf('object');
  expect(record.changes).toBeTypeOf('object');
  expect(typeof record.outcome).toBe('string');
  expect(Array.isArray(record.upstreamRequestIds)).toBe(true);
  for (const id of record.upstreamRequestIds) expect(typeof id).toBe('string');
  expect(typeof record.durationMs).toBe('number');
  expect(record.durationMs).toBeGreaterThanOrEqual(0);
}

describe('audit records', () => {
  let stack: Stack;
  let dir: string;
  let auditFile: string;

  /** Runs a mutation with its own request id and returns its result and its one audit record. */
  async function audited(key: KeySpec, field: string, input: Record<string, unknown>) {
    const requestId = `audit-${randomUUID()}`;
    const { response, result } = await runMutation(stack, { ...mutation(field), input }, { ...apiKey(key.key), 'x-request-id': requestId });
    expect(response.errors, response.text).toBeUndefined();
    const records = parseAll(stack.audit).filter((record) => record.requestId === requestId);
    expect(records, `audit records of ${field}`).toHaveLength(1);
    const record = records[0] as Audit;
    expectComplete(record);
    expect(record.operation).toBe(field);
    return { result, record };
  }

  beforeAll(async () => {
    dir = tempDir('audit-');
    auditFile = join(dir, 'logs', 'audit.jsonl');
    stack = await startStack({
      env: {
        GATEWAY_AUTH_MODE: 'api-key',
        GATEWAY_API_KEYS_FILE: writeKeysFile(dir, [WRITER, READER]),
        GATEWAY_AUDIT_LOG: auditFile,
        LOG_LEVEL: 'debug',
      },
    });
  });
  afterAll(async () => {
    await stack?.close();
    rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(() => resetSimulators(stack));

  it('records a success with target, changes and the upstream request ids (Stytch)', async () => {
    const input = {
      organizationId: STYTCH_ACME,
      connectionId: STYTCH_ACME_SAML,
      metadataUrl: 'https://idp.example.com/app/audit/sso/saml/metadata',
    };
    const { result, record } = await audited(WRITER, 'updateStytchSamlConnectionByUrl', input);
    expectTypename(result, 'UpdateStytchSamlConnectionByUrlPayload');
    expect(record).toMatchObject({
      caller: { subject: WRITER.name, keyName: WRITER.name, authMode: 'api-key' },
      provider: 'stytch',
      target: { organizationId: STYTCH_ACME, connectionId: STYTCH_ACME_SAML },
      changes: { metadataUrl: input.metadataUrl },
      outcome: 'success',
    });
    const stytchCalls = stack.simulators.stytch?.count() ?? 0;
    expect(stytchCalls).toBeGreaterThan(0);
    // Stytch puts a request_id on every answer.
    expect(record.upstreamRequestIds).toHaveLength(stytchCalls);
    for (const id of record.upstreamRequestIds) expect(id).toMatch(/^request-id-test-[0-9a-f-]{36}$/);
  });

  it('records a Logto success whose config secret appears only as a sha256 prefix', async () => {
    const input = {
      connectorId: LOGTO_STARK_OIDC,
      config: { clientId: 'stark-gateway-client', clientSecret: LOGTO_SECRET, issuer: 'https://login.stark.example' },
    };
    const { result, record } = await audited(WRITER, 'updateLogtoSsoConnector', input);
    expectTypename(result, 'UpdateLogtoSsoConnectorPayload');
    // The secret did reach Logto: the record hides what was really sent.
    const patch = stack.simulators.logto?.requests.find((entry) => entry.method === 'PATCH');
    expect(patch?.body).toMatchObject({ config: { clientSecret: LOGTO_SECRET } });
    expect(record).toMatchObject({ provider: 'logto', target: { connectorId: LOGTO_STARK_OIDC }, outcome: 'success' });
    const config = record.changes.config as Record<string, unknown>;
    expect(config.clientId).toBe('stark-gateway-client');
    expect(config.issuer).toBe('https://login.stark.example');
    expect(config.clientSecret).toMatch(SHA256_PREFIX);
  });

  it('records a PandaStack success whose clientSecret appears only as a sha256 prefix', async () => {
    const { result, record } = await audited(WRITER, 'updatePandaStackSso', { clientSecret: PANDA_SECRET, enabled: true });
    expectTypename(result, 'UpdatePandaStackSsoPayload');
    expect(stack.simulators.pandastack?.requests.some((entry) => JSON.stringify(entry.body ?? '').includes(PANDA_SECRET))).toBe(true);
    expect(record).toMatchObject({ provider: 'pandastack', outcome: 'success', changes: { enabled: true } });
    expect(record.changes.clientSecret).toMatch(SHA256_PREFIX);
    // Two writes of the same secret hash alike; a different secret hashes differently.
    const again = await audited(WRITER, 'updatePandaStackSso', { clientSecret: PANDA_SECRET });
    const other = await audited(WRITER, 'updatePandaStackSso', { clientSecret: `${PANDA_SECRET}-2` });
    expect(again.record.changes.clientSecret).toBe(record.changes.clientSecret);
    expect(other.record.changes.clientSecret).toMatch(SHA256_PREFIX);
    expect(other.record.changes.clientSecret).not.toBe(record.changes.clientSecret);
  });

  it('records a ValidationError (VALIDATION_FAILED) that never reached the upstream', async () => {
    const { result, record } = await audited(WRITER, 'createLogtoSsoConnector', {
      providerName: 'OIDC',
      connectorName: '',
      config: { clientId: 'x', clientSecret: INVALID_SECRET },
    });
    expectTypename(result, 'ValidationError');
    expect(record).toMatchObject({ provider: 'logto', outcome: 'VALIDATION_FAILED', upstreamRequestIds: [] });
    expect((record.changes.config as Record<string, unknown>).clientSecret).toMatch(SHA256_PREFIX);
    expect(upstreamCalls(stack)).toBe(0);
  });

  it('records a PermissionDeniedError (PERMISSION_DENIED) with the key name as the caller', async () => {
    const { result, record } = await audited(READER, 'updateManagedAccountSso', {
      managedAccountToken: VANTAGE_ACME,
      additionalDomains: ['labs.acme.example'],
    });
    expectTypename(result, 'PermissionDeniedError');
    expect(record).toMatchObject({
      caller: { subject: READER.name, keyName: READER.name, authMode: 'api-key' },
      provider: 'vantage',
      target: { managedAccountToken: VANTAGE_ACME },
      changes: { additionalDomains: ['labs.acme.example'] },
      outcome: 'PERMISSION_DENIED',
      upstreamRequestIds: [],
    });
    const refused = await audited(READER, 'updatePandaStackSso', { clientSecret: REFUSED_SECRET });
    expect(refused.record.outcome).toBe('PERMISSION_DENIED');
    expect(refused.record.changes.clientSecret).toMatch(SHA256_PREFIX);
    expect(upstreamCalls(stack)).toBe(0);
  });

  it.each([
    [
      'Logto 404',
      'logto',
      { status: 404, method: 'PATCH' },
      'updateLogtoSsoConnector',
      { connectorId: LOGTO_ACME_SAML, syncProfile: true },
      'NOT_FOUND',
      'NotFoundError',
    ],
    [
      'Vantage 404',
      'vantage',
      { status: 404, method: 'PUT' },
      'updateManagedAccountSso',
      { managedAccountToken: VANTAGE_ACME, additionalDomains: [] },
      'NOT_FOUND',
      'NotFoundError',
    ],
    [
      'PandaStack 503',
      'pandastack',
      { status: 503, method: 'POST' },
      'updatePandaStackSso',
      { enabled: true },
      'UPSTREAM_UNAVAILABLE',
      'UpstreamUnavailableError',
    ],
    [
      'DatoCMS 503',
      'datocms',
      { status: 503, method: 'PUT' },
      'updateDatoCmsSsoSettings',
      { defaultRoleId: '103' },
      'UPSTREAM_UNAVAILABLE',
      'UpstreamUnavailableError',
    ],
  ] as const)('records an upstream failure (%s) with its error code', async (_name, provider, fault, field, input, outcome, typename) => {
    stack.simulators[provider]?.injectFault({ ...fault, times: 1 });
    const { result, record } = await audited(WRITER, field, input);
    expectTypename(result, typename);
    expect(record).toMatchObject({ provider, outcome });
    // The write was sent once and never repeated.
    expect(stack.simulators[provider]?.count(fault.method)).toBe(1);
  });

  it('records a Stytch 503 with the request id Stytch gave', async () => {
    stack.simulators.stytch?.injectFault({ status: 503, method: 'PUT' });
    const { result, record } = await audited(WRITER, 'updateStytchSamlConnectionByUrl', mutation('updateStytchSamlConnectionByUrl').input);
    const error = expectTypename(result, 'UpstreamUnavailableError');
    expect(record.outcome).toBe('UPSTREAM_UNAVAILABLE');
    expect(record.upstreamRequestIds).toHaveLength(1);
    expect(record.upstreamRequestIds[0]).toMatch(/^request-id-test-/);
    expect(error.upstreamRequestId).toBe(record.upstreamRequestIds[0]);
  });

  it.each([
    [
      'Vantage',
      'updateManagedAccountSso',
      { managedAccountToken: VANTAGE_ACME, samlMetadataUrl: 'http://127.0.0.1/saml/metadata' },
      ['input', 'samlMetadataUrl'],
    ],
    [
      'Stytch',
      'updateStytchSamlConnectionByUrl',
      { organizationId: STYTCH_ACME, connectionId: STYTCH_ACME_SAML, metadataUrl: 'http://127.0.0.1:8443/app/sso/saml/metadata' },
      ['input', 'metadataUrl'],
    ],
    [
      'DatoCMS',
      'updateDatoCmsSsoSettings',
      { idpSamlMetadataUrl: 'http://localhost/app/sso/saml/metadata' },
      ['input', 'idpSamlMetadataUrl'],
    ],
  ])(
    'records the live-mode refusal of an http:// URL (%s) as VALIDATION_FAILED, with no upstream call',
    async (_name, field, input, path) => {
      const { result, record } = await audited(WRITER, field, input);
      const error = expectTypename(result, 'ValidationError');
      expect(error.fieldErrors?.map((fieldError) => fieldError.path)).toContainEqual(path);
      expect(record.outcome).toBe('VALIDATION_FAILED');
      expect(record.upstreamRequestIds).toEqual([]);
      expect(upstreamCalls(stack)).toBe(0);
    },
  );

  it('writes one record per mutation field of a request, and none for a query', async () => {
    const requestId = `audit-${randomUUID()}`;
    const before = stack.audit.length;
    const response = await stack.graphql(
      `mutation {
        updateLogtoSsoConnector(input: { connectorId: "${LOGTO_ACME_SAML}", syncProfile: true }) { __typename }
        updatePandaStackSso(input: { enabled: false }) { __typename }
      }`,
      undefined,
      { ...apiKey(WRITER.key), 'x-request-id': requestId },
    );
    expect(response.errors).toBeUndefined();
    const records = parseAll(stack.audit).filter((record) => record.requestId === requestId);
    expect(records.map((record) => [record.provider, record.operation, record.changes, record.outcome])).toEqual([
      ['logto', 'updateLogtoSsoConnector', { syncProfile: true }, 'success'],
      ['pandastack', 'updatePandaStackSso', { enabled: false }, 'success'],
    ]);
    const read = await stack.graphql(`{ logtoSsoConnectors(first: 1) { totalCount } }`, undefined, apiKey(WRITER.key));
    expect(read.errors).toBeUndefined();
    expect(stack.audit.length).toBe(before + 2);
  });

  it('never holds a secret given in an input in clear, in the audit trail or in the logs', () => {
    const records = parseAll(stack.audit);
    expect(records.length).toBeGreaterThan(10);
    const text = [...stack.audit, ...stack.logs].join('\n');
    for (const secret of [PANDA_SECRET, LOGTO_SECRET, REFUSED_SECRET, INVALID_SECRET]) expect(text).not.toContain(secret);
    expect(text).not.toContain(WRITER.key);
    expect(text).not.toContain(READER.key);
  });

  it('appends the same records to GATEWAY_AUDIT_LOG as JSON lines', () => {
    const lines = readFileSync(auditFile, 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '');
    const fromFile = parseAll(lines);
    expect(fromFile.length).toBeGreaterThan(10);
    expect(fromFile).toEqual(parseAll(stack.audit));
    for (const record of fromFile) expectComplete(record);
  });
});

describe('the per-caller write limit (GATEWAY_WRITE_RATE_LIMIT=2/1m)', () => {
  const FIRST = { name: 'limited-a', key: 'gk_test_limiteda_4a5b6c7d8e9f0a1b', scopes: ['sso:read', 'sso:write'] } satisfies KeySpec;
  const SECOND = { name: 'limited-b', key: 'gk_test_limitedb_8e9f0a1b2c3d4e5f', scopes: ['sso:read', 'sso:write'] } satisfies KeySpec;
  let stack: Stack;
  let dir: string;

  beforeAll(async () => {
    dir = tempDir('audit-limit-');
    stack = await startStack({
      providers: ['logto'],
      env: { GATEWAY_AUTH_MODE: 'api-key', GATEWAY_API_KEYS_FILE: writeKeysFile(dir, [FIRST, SECOND]), GATEWAY_WRITE_RATE_LIMIT: '2/1m' },
    });
  });
  afterAll(async () => {
    await stack?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const update = (key: KeySpec, syncProfile: boolean) =>
    runMutation(
      stack,
      { ...mutation('updateLogtoSsoConnector'), input: { connectorId: LOGTO_ACME_SAML, syncProfile } },
      { ...apiKey(key.key), 'x-request-id': `limit-${randomUUID()}` },
    );

  it('refuses the third write of one caller with RateLimitedError, audited as RATE_LIMITED, and spares another caller', async () => {
    const logto = stack.simulators.logto;
    for (const syncProfile of [true, false]) expectTypename((await update(FIRST, syncProfile)).result, 'UpdateLogtoSsoConnectorPayload');
    expect(logto?.count('PATCH')).toBe(2);

    logto?.resetLog();
    const third = expectTypename((await update(FIRST, true)).result, 'RateLimitedError');
    expect(third.code).toBe('RATE_LIMITED');
    expect(third.retryAfterSeconds).toBeGreaterThan(0);
    expect(third.retryAfterSeconds).toBeLessThanOrEqual(60);
    expect(logto?.count()).toBe(0);

    expectTypename((await update(SECOND, true)).result, 'UpdateLogtoSsoConnectorPayload');
    expect(logto?.count('PATCH')).toBe(1);

    const records = parseAll(stack.audit);
    expect(records.map((record) => [record.caller.subject, record.outcome])).toEqual([
      [FIRST.name, 'success'],
      [FIRST.name, 'success'],
      [FIRST.name, 'RATE_LIMITED'],
      [SECOND.name, 'success'],
    ]);
    const limited = records[2] as Audit;
    expectComplete(limited);
    expect(limited).toMatchObject({
      caller: { subject: FIRST.name, keyName: FIRST.name, authMode: 'api-key' },
      provider: 'logto',
      operation: 'updateLogtoSsoConnector',
      target: { connectorId: LOGTO_ACME_SAML },
      changes: { syncProfile: true },
      upstreamRequestIds: [],
    });
  });
});
