/**
 * A hostile upstream answers errors whose code and request id are text of its choosing. Only
 * plain identifiers (letters, digits, `_`, `-`, `.`; a bounded length) may reach a caller, a log
 * line or an audit record; anything else is dropped, and the caller still gets the typed error.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { safeUpstreamCode, safeUpstreamRequestId } from '../src/http/upstream-error.ts';
import type { ProviderId } from '../src/providers/provider-id.ts';
import type { Fault } from '../src/sandbox/faults.ts';
import { LOGTO_ACME_SAML, STYTCH_ACME, VANTAGE_ACME } from './fixtures/security-keys.ts';
import { expectTypename, type Stack, useStack } from './harness.ts';

let stack: Stack;
useStack({}, (started) => {
  stack = started;
});

/** Appears in every hostile value: finding it anywhere means the value got through. */
const MARKER = 'HOSTILE7q2';
const CODE_SHAPE = /^[A-Za-z0-9_.-]{1,64}$/;
const REQUEST_ID_SHAPE = /^[A-Za-z0-9_.-]{1,128}$/;

interface Case {
  provider: ProviderId;
  /** One read that makes exactly one call to `pathPrefix`. */
  query: string;
  pathPrefix: string;
  /** The provider's error body carrying `code`, for formats the simulator cannot fill in itself. */
  body?: (code: string, requestId: string) => unknown;
}

const CASES: readonly Case[] = [
  {
    provider: 'vantage',
    query: `{ vantageManagedAccount(token: "${VANTAGE_ACME}") { token } }`,
    pathPrefix: '/v2/managed_accounts/',
    body: (code) => ({ errors: [code] }),
  },
  { provider: 'datocms', query: '{ datoCmsSsoSettings { settingsId } }', pathPrefix: '/sso-settings' },
  {
    provider: 'stytch',
    query: `{ stytchSsoConnections(organizationId: "${STYTCH_ACME}") { organizationId } }`,
    pathPrefix: '/v1/b2b/sso/',
    body: (code, requestId) => ({ status_code: 409, request_id: requestId, error_type: code, error_message: code }),
  },
  { provider: 'logto', query: `{ logtoSsoConnector(connectorId: "${LOGTO_ACME_SAML}") { connectorId } }`, pathPrefix: '/api/' },
  {
    provider: 'pandastack',
    query: '{ pandaStackSso(organizationId: "1234567890") { organizationId } }',
    pathPrefix: '/api/v1/sso/',
    body: (code) => ({ code, error: code, detail: code }),
  },
];

function simulator(id: ProviderId) {
  const found = stack.simulators[id];
  if (!found) throw new Error(`no ${id} simulator`);
  return found;
}

function caseOf(provider: ProviderId): Case {
  const found = CASES.find((entry) => entry.provider === provider);
  if (!found) throw new Error(`no case for ${provider}`);
  return found;
}

/** A 409 (never retried) whose body and `X-Request-Id` carry `code` and `requestId`. */
function hostileFault(entry: Case, code: string, requestId: string): Fault {
  return {
    status: 409,
    method: 'GET',
    pathPrefix: entry.pathPrefix,
    code,
    headers: { 'x-request-id': requestId },
    ...(entry.body ? { body: entry.body(code, requestId) } : {}),
  };
}

async function readThroughFault(entry: Case, code: string, requestId: string) {
  simulator(entry.provider).injectFault(hostileFault(entry, code, requestId));
  const result = await stack.graphql(entry.query);
  expect(simulator(entry.provider).requests.length, 'the fault was served').toBeGreaterThan(0);
  const error = result.errors?.[0];
  return { text: result.text, error, message: error?.message ?? '', extensions: error?.extensions ?? {} };
}

describe('upstream error codes and request ids', () => {
  const hostileCodes = [
    `x:${MARKER}`,
    `${MARKER} please call +1 555 0100`,
    `${MARKER}<script>alert(1)</script>`,
    `${MARKER}${'a'.repeat(80)}`,
  ];

  it.each(CASES.map((entry) => [entry.provider, entry] as const))(
    '%s: only plain identifiers reach the caller and the logs',
    async (_, entry) => {
      for (const code of hostileCodes) {
        stack.resetLogs();
        const read = await readThroughFault(entry, code, `req ${MARKER} <b>`);
        expect(read.extensions.code).toBe('CONFLICT');
        expect(read.message).toBe(`${entry.provider} answered HTTP 409`);
        expect(read.extensions).not.toHaveProperty('upstreamRequestId');
        expect(read.text).not.toContain(MARKER);
        expect(stack.logs.join('\n')).not.toContain(MARKER);
      }
    },
  );

  it('still shows a plain code and request id', async () => {
    const stytch = caseOf('stytch');
    const read = await readThroughFault(stytch, 'duplicate_saml_connection', 'request-id-test-7f3a.b_2');
    expect(read.message).toBe('stytch answered HTTP 409 (duplicate_saml_connection)');
    expect(read.extensions.upstreamRequestId).toBe('request-id-test-7f3a.b_2');
  });

  it('keeps a hostile request id out of the error and the audit record of a write', async () => {
    simulator('logto').injectFault({ status: 409, method: 'PATCH', code: 'conflict', headers: { 'x-request-id': `x:${MARKER}` } });
    const result = await stack.graphql<{ updateLogtoSsoConnector: { __typename: string; upstreamRequestId: string | null } }>(
      `mutation { updateLogtoSsoConnector(input: { connectorId: "${LOGTO_ACME_SAML}", syncProfile: true }) {
        __typename ... on Error { upstreamRequestId }
      } }`,
    );
    expect(expectTypename(result.data?.updateLogtoSsoConnector, 'ConflictError').upstreamRequestId).toBeNull();
    expect(result.text).not.toContain(MARKER);
    expect(stack.audit.at(-1)).toContain('"upstreamRequestIds":[]');
    expect(stack.audit.join('\n')).not.toContain(MARKER);
  });

  it('bounds a Retry-After too large for the Int it is shown as', async () => {
    simulator('logto').injectFault({ status: 429, method: 'PATCH', headers: { 'retry-after': '99999999999' } });
    const result = await stack.graphql<{ updateLogtoSsoConnector: { __typename: string; retryAfterSeconds: number | null } }>(
      `mutation { updateLogtoSsoConnector(input: { connectorId: "${LOGTO_ACME_SAML}", syncProfile: true }) {
        __typename ... on RateLimitedError { retryAfterSeconds }
      } }`,
    );
    expect(result.errors).toBeUndefined();
    expect(expectTypename(result.data?.updateLogtoSsoConnector, 'RateLimitedError').retryAfterSeconds).toBe(86_400);
  });

  it('passes a string through whole when it fits the pattern, and otherwise not at all (property)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 140 }), fc.stringMatching(/^[\w.:-]{0,140}$/)), (text) => {
        expect(safeUpstreamCode(text)).toBe(CODE_SHAPE.test(text) ? text : undefined);
        expect(safeUpstreamRequestId(text)).toBe(REQUEST_ID_SHAPE.test(text) ? text : undefined);
      }),
      { numRuns: 2_000 },
    );
  });

  it('never lets a code or request id outside the pattern through (property)', async () => {
    const logto = caseOf('logto');
    const stytch = caseOf('stytch');
    const suffix = fc.oneof(
      fc.string({ maxLength: 70 }),
      fc.string({ unit: 'binary', maxLength: 20 }),
      fc.stringMatching(/^[A-Za-z0-9_.-]{0,60}$/),
      fc.constantFrom(':', ' ', '\n', '<', '"', '\u2028', '%0A', '../', '{{x}}'),
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(logto, stytch), suffix, suffix, async (entry, codeTail, idTail) => {
        stack.resetLogs();
        for (const simulator of Object.values(stack.simulators)) simulator.resetLog();
        const code = `${MARKER}${codeTail}`;
        const requestId = `${MARKER}${idTail}`;
        // Header values are Latin-1 without control characters; the body of Stytch carries any text.
        const headerId = /^[\x20-\x7e]*$/.test(requestId) ? requestId : MARKER;
        const read = await readThroughFault(entry, code, headerId);
        const shown = CODE_SHAPE.test(code) ? ` (${code})` : '';
        expect(read.message).toBe(`${entry.provider} answered HTTP 409${shown}`);
        const id = read.extensions.upstreamRequestId;
        if (id !== undefined) expect(String(id)).toMatch(REQUEST_ID_SHAPE);
        if (!CODE_SHAPE.test(code) && !REQUEST_ID_SHAPE.test(headerId)) {
          expect(read.text).not.toContain(MARKER);
          expect(stack.logs.join('\n')).not.toContain(MARKER);
        }
      }),
      { numRuns: 60 },
    );
  }, 60_000);
});
