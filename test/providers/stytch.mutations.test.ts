import { describe, expect, it } from 'vitest';
import {
  ACME_ORGANIZATION_ID as ACME,
  ACME_PENDING_SAML_ID,
  ACME_SAML_ID,
  GLOBEX_ORGANIZATION_ID as GLOBEX,
} from '../../src/providers/stytch/sandbox/data.ts';
import type { StytchSimulator } from '../../src/providers/stytch/sandbox/simulator.ts';
import { expectTypename, type Stack, startStack, useStack } from '../harness.ts';
import { SESSION_JWTS, SESSIONS, TOO_MANY_REQUESTS } from './stytch-fixtures.ts';

let stack: Stack;
let stytch: StytchSimulator;

useStack({ providers: ['stytch'] }, (started) => {
  stack = started;
  stytch = started.simulators.stytch as StytchSimulator;
});

const UPDATE = `mutation ($input: UpdateStytchSamlConnectionByUrlInput!) {
  updateStytchSamlConnectionByUrl(input: $input) {
    __typename
    ... on UpdateStytchSamlConnectionByUrlPayload { connection { id connectionId status stytchStatus idpEntityId idpSsoUrl } }
    ... on Error { message code provider upstreamRequestId }
    ... on ValidationError { fieldErrors { path message } }
    ... on RateLimitedError { retryAfterSeconds }
  }
}`;

type Result = {
  __typename: string;
  connection?: { id: string; connectionId: string; status: string; stytchStatus: string; idpEntityId: string; idpSsoUrl: string } | null;
  code?: string;
  message?: string;
  provider?: string;
  upstreamRequestId?: string | null;
  fieldErrors?: { path: string[] }[];
  retryAfterSeconds?: number;
};

async function update(input: Record<string, unknown>, headers?: Record<string, string>): Promise<Result | undefined> {
  const response = await stack.graphql<{ updateStytchSamlConnectionByUrl: Result }>(UPDATE, { input }, headers);
  expect(response.errors).toBeUndefined();
  return response.data?.updateStytchSamlConnectionByUrl;
}

function connectionState(organizationId: string, connectionId: string) {
  const found = stytch.state.organizations.get(organizationId)?.saml_connections.find((c) => c.connection_id === connectionId);
  return structuredClone(found);
}

describe('updateStytchSamlConnectionByUrl', () => {
  it('sends only metadata_url, activates the pending connection, and the next read shows it', async () => {
    const metadataUrl = 'https://login.microsoftonline.example/acme-tenant/federationmetadata/saml/metadata';
    const result = await update({ organizationId: ACME, connectionId: ACME_PENDING_SAML_ID, metadataUrl });
    const payload = expectTypename(result, 'UpdateStytchSamlConnectionByUrlPayload');
    expect(payload.connection).toMatchObject({
      connectionId: ACME_PENDING_SAML_ID,
      status: 'ACTIVE',
      stytchStatus: 'active',
      idpEntityId: 'https://login.microsoftonline.example/acme-tenant/federationmetadata',
      idpSsoUrl: 'https://login.microsoftonline.example/acme-tenant/federationmetadata/sso/saml',
    });
    expect(stytch.requests).toHaveLength(1);
    const put = stytch.requests[0];
    expect(put?.method).toBe('PUT');
    expect(put?.path).toBe(`/v1/b2b/sso/saml/${ACME}/connections/${ACME_PENDING_SAML_ID}/url`);
    expect(put?.body).toEqual({ metadata_url: metadataUrl });
    expect(put?.headers['content-type']).toBe('application/json');
    expect(put?.headers.authorization).toMatch(/^Basic /);

    const read = await stack.graphql<{ stytchSamlConnection: { status: string; idpEntityId: string } }>(
      `{ stytchSamlConnection(organizationId: "${ACME}", connectionId: "${ACME_PENDING_SAML_ID}") { status idpEntityId } }`,
    );
    expect(read.data?.stytchSamlConnection).toEqual({ status: 'ACTIVE', idpEntityId: payload.connection?.idpEntityId });
  });

  it('repoints an active connection at a new metadata URL', async () => {
    const response = await stack.graphql<{ updateStytchSamlConnectionByUrl: Result }>(
      `mutation ($input: UpdateStytchSamlConnectionByUrlInput!) {
        updateStytchSamlConnectionByUrl(input: $input) { __typename
          ... on UpdateStytchSamlConnectionByUrlPayload { connection { idpSsoUrl } } } }`,
      {
        input: {
          organizationId: ACME,
          connectionId: ACME_SAML_ID,
          metadataUrl: 'https://acme.okta.example/app/exk1acmedemo0002/sso/saml/metadata',
        },
      },
    );
    expect(response.data?.updateStytchSamlConnectionByUrl.connection?.idpSsoUrl).toBe(
      'https://acme.okta.example/app/exk1acmedemo0002/sso/saml',
    );
    expect(connectionState(ACME, ACME_SAML_ID)?.idp_entity_id).toBe('https://acme.okta.example/app/exk1acmedemo0002');
  });

  it('forwards an admin session and succeeds', async () => {
    const result = await update(
      { organizationId: ACME, connectionId: ACME_SAML_ID, metadataUrl: 'https://acme.okta.example/app/exk1acmedemo0003/sso/saml/metadata' },
      { 'X-Stytch-Member-Session': SESSIONS.acmeAdmin },
    );
    expectTypename(result, 'UpdateStytchSamlConnectionByUrlPayload');
    expect(stytch.requests[0]?.headers['x-stytch-member-session']).toBe(SESSIONS.acmeAdmin);
    expect(stytch.requests[0]?.headers['x-stytch-member-sessionjwt']).toBeUndefined();
  });

  it.each([
    ['a member without update on stytch.sso', { 'X-Stytch-Member-Session': SESSIONS.acmeMember }, 'session_authorization_error'],
    ['a viewer with get only', { 'X-Stytch-Member-Session': SESSIONS.acmeViewer }, 'session_authorization_error'],
    ['a member session JWT without update', { 'X-Stytch-Member-SessionJWT': SESSION_JWTS.acmeMember }, 'session_authorization_error'],
    ['an admin of another organization', { 'X-Stytch-Member-Session': SESSIONS.globexAdmin }, 'session_authorization_tenancy_error'],
    ['an expired session', { 'X-Stytch-Member-Session': SESSIONS.expired }, 'session_not_found'],
  ])('answers PermissionDeniedError for %s and changes nothing', async (_label, headers, errorType) => {
    const before = connectionState(ACME, ACME_SAML_ID);
    const result = await update(
      { organizationId: ACME, connectionId: ACME_SAML_ID, metadataUrl: 'https://evil.example/metadata' },
      headers,
    );
    const error = expectTypename(result, 'PermissionDeniedError');
    expect(error).toMatchObject({ code: 'PERMISSION_DENIED', provider: 'STYTCH' });
    expect(error.message).toContain(errorType);
    expect(error.upstreamRequestId).toMatch(/^request-id-test-/);
    expect(connectionState(ACME, ACME_SAML_ID)).toEqual(before);
    const [name, value] = Object.entries(headers)[0] ?? [];
    expect(stytch.requests[0]?.headers[String(name).toLowerCase()]).toBe(value);
  });

  it('maps upstream failures to typed errors', async () => {
    const url = 'https://acme.okta.example/app/exk1/sso/saml/metadata';
    const cases: [() => void, Record<string, unknown>, string][] = [
      [() => {}, { organizationId: ACME, connectionId: 'saml-connection-test-missing', metadataUrl: url }, 'NotFoundError'],
      [() => {}, { organizationId: 'organization-test-missing', connectionId: ACME_SAML_ID, metadataUrl: url }, 'NotFoundError'],
      [() => {}, { organizationId: GLOBEX, connectionId: ACME_SAML_ID, metadataUrl: url }, 'NotFoundError'],
      // Stytch could not fetch the metadata: its own 400 `invalid_saml_metadata_url`.
      [
        () => {},
        { organizationId: ACME, connectionId: ACME_SAML_ID, metadataUrl: 'https://idp.unreachable.invalid/metadata' },
        'ValidationError',
      ],
      [
        () => stytch.injectFault(TOO_MANY_REQUESTS),
        { organizationId: ACME, connectionId: ACME_SAML_ID, metadataUrl: url },
        'RateLimitedError',
      ],
      [
        () => stytch.injectFault({ status: 503 }),
        { organizationId: ACME, connectionId: ACME_SAML_ID, metadataUrl: url },
        'UpstreamUnavailableError',
      ],
      [
        () => stytch.injectFault({ status: 500 }),
        { organizationId: ACME, connectionId: ACME_SAML_ID, metadataUrl: url },
        'UpstreamUnavailableError',
      ],
    ];
    for (const [arrange, input, typename] of cases) {
      arrange();
      const error = expectTypename(await update(input), typename);
      expect(error.provider).toBe('STYTCH');
      if (typename === 'RateLimitedError') expect(error.retryAfterSeconds).toBe(7);
      if (typename === 'ValidationError') expect(error.message).toContain('invalid_saml_metadata_url');
    }
    expect(stytch.count('PUT')).toBe(cases.length);
  });

  it.each([
    [{ organizationId: ACME, connectionId: ACME_SAML_ID, metadataUrl: 'not a url' }, ['input', 'metadataUrl']],
    [{ organizationId: ACME, connectionId: ACME_SAML_ID, metadataUrl: 'http://idp.example/metadata' }, ['input', 'metadataUrl']],
    [{ organizationId: ACME, connectionId: ACME_SAML_ID, metadataUrl: 'https://user:pw@idp.example/metadata' }, ['input', 'metadataUrl']],
    [
      { organizationId: ACME, connectionId: ACME_SAML_ID, metadataUrl: `https://idp.example/${'a'.repeat(2100)}` },
      ['input', 'metadataUrl'],
    ],
    [{ organizationId: '', connectionId: ACME_SAML_ID, metadataUrl: 'https://idp.example/m' }, ['input', 'organizationId']],
    [{ organizationId: ACME, connectionId: '../../organizations', metadataUrl: 'https://idp.example/m' }, ['input', 'connectionId']],
    [{ organizationId: `${ACME}?x=1`, connectionId: ACME_SAML_ID, metadataUrl: 'https://idp.example/m' }, ['input', 'organizationId']],
  ])('rejects %j before any upstream call', async (input, path) => {
    const error = expectTypename(await update(input), 'ValidationError');
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.fieldErrors?.map((f) => f.path)).toContainEqual(path);
    expect(stytch.count()).toBe(0);
  });

  it('never shows the project secret or the Basic credential in responses or logs', async () => {
    stack.resetLogs();
    const results = [
      await stack.graphql(UPDATE, {
        input: { organizationId: ACME, connectionId: 'saml-connection-test-missing', metadataUrl: 'https://idp.example/m' },
      }),
      await stack.graphql(UPDATE, {
        input: { organizationId: ACME, connectionId: ACME_SAML_ID, metadataUrl: 'https://idp.example/saml/metadata' },
      }),
    ];
    const secret = stack.env.STYTCH_SECRET ?? 'unset';
    const basic = Buffer.from(`${stack.env.STYTCH_PROJECT_ID}:${secret}`).toString('base64');
    expect(stack.logs.length).toBeGreaterThan(0);
    for (const text of [...results.map((r) => r.text), stack.logs.join('\n')]) {
      expect(text).not.toContain(secret);
      expect(text).not.toContain(basic);
      expect(text).not.toContain('NEVER-EXPOSE');
    }
  });
});

describe('updateStytchSamlConnectionByUrl with bad credentials', () => {
  it('answers PermissionDeniedError and changes nothing', async () => {
    const bad = await startStack({ providers: ['stytch'], env: { STYTCH_PROJECT_ID: 'project-test-00000000-wrong' } });
    try {
      const sim = bad.simulators.stytch as StytchSimulator;
      const before = structuredClone(sim.state.organizations.get(ACME)?.saml_connections);
      const response = await bad.graphql<{ updateStytchSamlConnectionByUrl: Result }>(UPDATE, {
        input: { organizationId: ACME, connectionId: ACME_PENDING_SAML_ID, metadataUrl: 'https://idp.example/saml/metadata' },
      });
      const error = expectTypename(response.data?.updateStytchSamlConnectionByUrl, 'PermissionDeniedError');
      expect(error.message).toContain('unauthorized_credentials');
      expect(sim.state.organizations.get(ACME)?.saml_connections).toEqual(before);
    } finally {
      await bad.close();
    }
  });
});
