/**
 * Change plans over real sockets, in sandbox mode (the sandbox IdP serves Acme's next Entra tenant
 * on loopback http): what a plan holds per provider, applying it, stopping at a failure or going
 * on, conflicts, unknown outcomes settled on re-apply, idempotence, read-back and audit records.
 * Every test plans afresh on a fresh stack, since applying changes the simulators.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_CONNECTOR_IDS } from '../src/providers/logto/sandbox/data.ts';
import { sandboxIdp } from '../src/sandbox/idp/server.ts';
import { SANDBOX_IDP_PATHS } from '../src/sandbox/idp/tenants.ts';
import { APPLY, PLAN, type PlanAnswer, READ, stepsBy } from './change-plans-fixtures.ts';
import { expectTypename, type Stack, startStack } from './harness.ts';

const SANDBOX = { SSO_GATEWAY_MODE: 'sandbox', GATEWAY_CACHE_TTL_MS: '0' };
const WRITES: [string, string, string][] = [
  ['vantage', 'PUT', '/v2/managed_accounts/'],
  ['stytch', 'PUT', '/v1/b2b/sso/saml/'],
  ['logto', 'PATCH', '/api/sso-connectors/'],
];

let stack: Stack;
afterEach(() => stack?.close());

async function fresh(): Promise<Stack> {
  stack = await startStack({ env: SANDBOX });
  return stack;
}

const idpUrl = async (path: string) => (await sandboxIdp()).url(path);

async function plan(input: Record<string, unknown>): Promise<PlanAnswer> {
  const answer = await stack.graphql<{ planSsoChange: { __typename: string; plan: PlanAnswer } }>(PLAN, { input });
  expect(answer.errors).toBeUndefined();
  return expectTypename(answer.data?.planSsoChange, 'PlanSsoChangePayload').plan;
}

async function apply(input: Record<string, unknown>): Promise<PlanAnswer> {
  const answer = await stack.graphql<{ applySsoChangePlan: { __typename: string; plan: PlanAnswer } }>(APPLY, { input });
  expect(answer.errors).toBeUndefined();
  return expectTypename(answer.data?.applySsoChangePlan, 'ApplySsoChangePlanPayload').plan;
}

const planAcme = async () => plan({ domain: 'acme.example', metadataUrl: await idpUrl(SANDBOX_IDP_PATHS.entraAcmeNext) });
const writes = () => WRITES.map(([id, method, path]) => stack.simulators[id]?.count(method, path) ?? 0).reduce((a, b) => a + b, 0);
const only = <T>(items: T[]): T => {
  expect(items).toHaveLength(1);
  return items[0] as T;
};

describe('planSsoChange', () => {
  it('plans every connection claiming the domain by URL: changes per provider, OIDC skipped, findings cleared', async () => {
    await fresh();
    const planned = await planAcme();
    expect(planned.status).toBe('PLANNED');
    expect(planned.target?.entityId).toBe('https://sts.windows.example/4e9a6b21-acme-next/');
    const vantage = only(stepsBy(planned, 'VantageSsoConnection'));
    expect(vantage).toMatchObject({ status: 'PLANNED', reason: null });
    expect(vantage.changes).toEqual([expect.objectContaining({ field: 'samlMetadataUrl', currentKnown: false })]);
    const stytchSaml = stepsBy(planned, 'StytchSamlConnection');
    expect(stytchSaml.length).toBeGreaterThan(0);
    for (const step of stytchSaml) {
      expect(step.status).toBe('PLANNED');
      expect(step.changes.find((change) => change.field === 'idpEntityId')?.proposed).toBe(
        'https://sts.windows.example/4e9a6b21-acme-next/',
      );
    }
    const oidc = only(stepsBy(planned, 'StytchOidcConnection'));
    expect(oidc).toMatchObject({ status: 'SKIPPED', reason: expect.stringContaining('OIDC') });
    const logto = only(stepsBy(planned, 'LogtoSsoConnector'));
    expect(logto.status).toBe('PLANNED');
    expect(logto.changes[0]?.proposed).toMatchObject({ metadataUrl: expect.stringContaining('4e9a6b21-acme-next') });
    expect(planned.findingsCleared.map((finding) => `${finding.kind}:${finding.provider}`)).toEqual(
      expect.arrayContaining(['CERTIFICATE_DRIFT:LOGTO', 'CERTIFICATE_EXPIRING:LOGTO', 'CERTIFICATE_EXPIRING:STYTCH']),
    );
    expect(writes()).toBe(0);
  });

  it('by document: URL-only providers skip with the reason, Logto takes the document', async () => {
    await fresh();
    const xml = await (await fetch(await idpUrl(SANDBOX_IDP_PATHS.entraAcmeNext))).text();
    const planned = await plan({ domain: 'acme.example', metadataXml: xml });
    for (const step of [...stepsBy(planned, 'VantageSsoConnection'), ...stepsBy(planned, 'StytchSamlConnection')]) {
      expect(step).toMatchObject({ status: 'SKIPPED', reason: expect.stringContaining('only by URL') });
    }
    const logto = only(stepsBy(planned, 'LogtoSsoConnector'));
    expect(logto.changes[0]?.proposed).toMatchObject({ metadata: xml });
  });

  it('skips a connection that already trusts exactly the target, and PandaStack OIDC configurations', async () => {
    await fresh();
    const current = await plan({ domain: 'acme.example', metadataUrl: await idpUrl(SANDBOX_IDP_PATHS.entraAcme) });
    expect(only(stepsBy(current, 'LogtoSsoConnector'))).toMatchObject({
      status: 'SKIPPED',
      reason: expect.stringContaining('nothing to change'),
    });
    const globex = await plan({ domain: 'globex.example', metadataUrl: await idpUrl(SANDBOX_IDP_PATHS.entraAcmeNext) });
    const panda = globex.steps.filter((step) => step.provider === 'PANDASTACK');
    expect(panda.length).toBeGreaterThan(0);
    for (const step of panda) expect(step).toMatchObject({ status: 'SKIPPED', reason: expect.stringContaining('OIDC') });
  });

  it('only the providers asked for', async () => {
    await fresh();
    const planned = await plan({
      domain: 'acme.example',
      metadataUrl: await idpUrl(SANDBOX_IDP_PATHS.entraAcmeNext),
      providers: ['LOGTO'],
    });
    expect(planned.steps.map((step) => step.provider)).toEqual(['LOGTO']);
  });

  it('answers ValidationError for bad input and unreadable metadata, writing nothing', async () => {
    await fresh();
    const both = await stack.graphql<{ planSsoChange: { __typename: string } }>(PLAN, {
      input: { domain: 'acme.example', metadataUrl: 'https://idp.example/metadata', metadataXml: '<x/>' },
    });
    expectTypename(both.data?.planSsoChange, 'ValidationError');
    const gone = await stack.graphql<{ planSsoChange: { __typename: string; message: string } }>(PLAN, {
      input: { domain: 'acme.example', metadataUrl: await idpUrl(SANDBOX_IDP_PATHS.retiredOkta) },
    });
    expect(expectTypename(gone.data?.planSsoChange, 'ValidationError').message).toContain('METADATA_HTTP_STATUS');
    const badDomain = await stack.graphql<{ planSsoChange: { __typename: string } }>(PLAN, {
      input: { domain: 'not a domain', metadataXml: '<x/>' },
    });
    expectTypename(badDomain.data?.planSsoChange, 'ValidationError');
    expect(writes()).toBe(0);
  });
});

describe('applySsoChangePlan', () => {
  it('applies every step, clears the findings in ssoHealth, and a second apply sends nothing', async () => {
    await fresh();
    const planned = await planAcme();
    const applied = await apply({ planId: planned.id });
    expect(applied.status).toBe('APPLIED');
    for (const step of applied.steps) expect(['APPLIED', 'SKIPPED']).toContain(step.status);
    const sent = writes();
    expect(sent).toBe(applied.steps.filter((step) => step.status === 'APPLIED').length);
    const logto = await stack.graphql<{ logtoSsoConnector: { idpMetadataUrl: string } }>(
      `{ logtoSsoConnector(connectorId: "${DEMO_CONNECTOR_IDS.acme}") { idpMetadataUrl } }`,
    );
    expect(logto.data?.logtoSsoConnector.idpMetadataUrl).toContain('4e9a6b21-acme-next');
    const health = await stack.graphql<{ ssoHealth: { findings: { kind: string; provider: string | null }[] } }>(
      '{ ssoHealth { findings { kind provider } } }',
    );
    const now = health.data?.ssoHealth.findings.map((finding) => `${finding.kind}:${finding.provider}`) ?? [];
    for (const cleared of planned.findingsCleared) expect(now).not.toContain(`${cleared.kind}:${cleared.provider}`);

    const again = await apply({ planId: planned.id });
    expect(again.status).toBe('APPLIED');
    expect(writes()).toBe(sent);

    const read = await stack.graphql<{ ssoChangePlan: PlanAnswer; node: { id: string } }>(
      `query ($id: ID!) { ssoChangePlan(id: $id) { id status } node(id: $id) { id } }`,
      { id: planned.id },
    );
    expect(read.data?.ssoChangePlan).toMatchObject({ id: planned.id, status: 'APPLIED' });
    expect(read.data?.node.id).toBe(planned.id);

    const records = stack.audit
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((r) => r.operation === 'applySsoChangePlan');
    const stepRecords = records.filter((record) => (record.target as { stepId?: string }).stepId !== undefined);
    expect(stepRecords.map((record) => (record.target as { stepId: string }).stepId).sort()).toEqual(
      planned.steps
        .filter((step) => step.status === 'PLANNED')
        .map((step) => step.id)
        .sort(),
    );
    for (const record of stepRecords) expect(record).toMatchObject({ outcome: 'success', target: { planId: planned.id } });
  });

  it('stops at the first failure (an upstream 500), and goes on with continueOnError', async () => {
    await fresh();
    const planned = await planAcme();
    stack.simulators.stytch?.injectFault({ status: 500, method: 'PUT', times: 10 });
    const stopped = await apply({ planId: planned.id });
    const failed = stopped.steps.find((step) => step.status === 'FAILED');
    expect(failed?.provider).toBe('STYTCH');
    expect(failed?.error?.__typename).toBe('UpstreamUnavailableError');
    expect(only(stepsBy(stopped, 'LogtoSsoConnector')).status).toBe('PLANNED');
    expect(stack.simulators.logto?.count('PATCH', '/api/sso-connectors/')).toBe(0);
    expect(stopped.status).toBe('PARTIALLY_APPLIED');

    const onward = await apply({ planId: planned.id, continueOnError: true });
    expect(only(stepsBy(onward, 'LogtoSsoConnector')).status).toBe('APPLIED');
    expect(stepsBy(onward, 'StytchSamlConnection').every((step) => step.status === 'FAILED')).toBe(true);
    expect(onward.status).toBe('PARTIALLY_APPLIED');
  });

  it('a connection changed between plan and apply is a CONFLICT and is not written', async () => {
    await fresh();
    const planned = await planAcme();
    const changed = await stack.graphql<{ updateLogtoSsoConnector: { __typename: string } }>(
      `mutation { updateLogtoSsoConnector(input: { connectorId: "${DEMO_CONNECTOR_IDS.acme}", syncProfile: true }) { __typename } }`,
    );
    expect(changed.data?.updateLogtoSsoConnector.__typename).toBe('UpdateLogtoSsoConnectorPayload');
    const logtoStep = only(stepsBy(planned, 'LogtoSsoConnector'));
    const result = await apply({ planId: planned.id, stepIds: [logtoStep.id] });
    expect(only(stepsBy(result, 'LogtoSsoConnector'))).toMatchObject({ status: 'CONFLICT', error: { __typename: 'ConflictError' } });
    expect(stack.simulators.logto?.count('PATCH', '/api/sso-connectors/')).toBe(1);
    expect(result.status).toBe('FAILED');
  });

  it('an OUTCOME_UNKNOWN step is settled by reading on re-apply, without a second write', async () => {
    await fresh();
    const planned = await planAcme();
    const logtoStep = only(stepsBy(planned, 'LogtoSsoConnector'));
    stack.simulators.logto?.injectFault({ kind: 'reset', method: 'PATCH' });
    const cut = await apply({ planId: planned.id, stepIds: [logtoStep.id] });
    expect(only(stepsBy(cut, 'LogtoSsoConnector'))).toMatchObject({
      status: 'OUTCOME_UNKNOWN',
      error: { __typename: 'UpstreamOutcomeUnknownError' },
    });
    // The write did land after all (made here directly, as the lost answer would have shown).
    const target = logtoStep.changes[0]?.proposed;
    const landed = await stack.graphql<{ updateLogtoSsoConnector: { __typename: string } }>(
      'mutation ($input: UpdateLogtoSsoConnectorInput!) { updateLogtoSsoConnector(input: $input) { __typename } }',
      { input: { connectorId: DEMO_CONNECTOR_IDS.acme, config: target } },
    );
    expect(landed.data?.updateLogtoSsoConnector.__typename).toBe('UpdateLogtoSsoConnectorPayload');
    const patches = stack.simulators.logto?.count('PATCH', '/api/sso-connectors/');
    const settled = await apply({ planId: planned.id, stepIds: [logtoStep.id] });
    expect(only(stepsBy(settled, 'LogtoSsoConnector')).status).toBe('APPLIED');
    expect(stack.simulators.logto?.count('PATCH', '/api/sso-connectors/')).toBe(patches);
  });

  it('a step is saved as OUTCOME_UNKNOWN before its write, so a crash after the write is settled by reading', async () => {
    await fresh();
    const planned = await planAcme();
    const logtoStep = only(stepsBy(planned, 'LogtoSsoConnector'));
    stack.simulators.logto?.injectFault({ kind: 'delay', delayMs: 1500, method: 'PATCH' });
    const applying = apply({ planId: planned.id, stepIds: [logtoStep.id] });
    // Read while the upstream holds the write: the stored plan already says the outcome is open.
    let during: PlanAnswer | null = null;
    for (let attempt = 0; attempt < 50 && stack.simulators.logto?.count('PATCH', '/api/sso-connectors/') === 0; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    during = (await stack.graphql<{ ssoChangePlan: PlanAnswer | null }>(READ, { id: planned.id })).data?.ssoChangePlan ?? null;
    expect(during?.status).toBe('APPLYING');
    expect(only(stepsBy(during as PlanAnswer, 'LogtoSsoConnector')).status).toBe('OUTCOME_UNKNOWN');
    const done = await applying;
    expect(only(stepsBy(done, 'LogtoSsoConnector')).status).toBe('APPLIED');
  });

  it('an unknown plan id is NotFoundError on apply and null on read', async () => {
    await fresh();
    const planned = await planAcme();
    const unknown = planned.id.replace(/.{4}$/, 'AAAA');
    const read = await stack.graphql<{ ssoChangePlan: null }>(READ, { id: Buffer.from('SsoChangePlan:nosuchplan').toString('base64') });
    expect(read.data?.ssoChangePlan).toBeNull();
    const applied = await stack.graphql<{ applySsoChangePlan: { __typename: string } }>(APPLY, {
      input: { planId: Buffer.from('SsoChangePlan:nosuchplan').toString('base64') },
    });
    expect(applied.data?.applySsoChangePlan.__typename).toBe('NotFoundError');
    expect(unknown).not.toBe(planned.id);
  });
});
