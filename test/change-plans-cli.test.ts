/**
 * `sso-gateway plan` and `apply` against a running sandbox gateway: the table, the plan id to apply,
 * and the exit codes (0 planned or applied, 1 a typed refusal, 2 bad usage, 3 not applied).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandboxIdp } from '../src/sandbox/idp/server.ts';
import { SANDBOX_IDP_PATHS } from '../src/sandbox/idp/tenants.ts';
import { cli } from './cli-runner.ts';
import { type Stack, startStack } from './harness.ts';

let stack: Stack;
let url = '';
beforeAll(async () => {
  stack = await startStack({ env: { SSO_GATEWAY_MODE: 'sandbox', GATEWAY_CACHE_TTL_MS: '0' } });
  url = `${stack.url}/graphql`;
});
afterAll(() => stack.close());

describe('sso-gateway plan and apply', () => {
  it('plans as a table with the id to apply, applies with exit 0, and re-applies sending nothing', async () => {
    const metadataUrl = (await sandboxIdp()).url(SANDBOX_IDP_PATHS.entraAcmeNext);
    const planned = await cli(['plan', '--url', url, '--domain', 'acme.example', '--metadata-url', metadataUrl]);
    expect(planned.code).toBe(0);
    expect(planned.stdout).toMatch(/^STEP\s+PROVIDER\s+CONNECTION\s+CHANGE\s+STATUS\s+REASON$/m);
    expect(planned.stdout).toMatch(/SKIPPED\s+OIDC connection/);
    const id = /Apply it with: sso-gateway apply (\S+)/.exec(planned.stdout)?.[1] ?? '';
    expect(id).not.toBe('');
    const applied = await cli(['apply', '--url', url, id]);
    expect(applied.code).toBe(0);
    expect(applied.stdout).toContain('status APPLIED');
    const patches = stack.simulators.logto?.count('PATCH', '/api/sso-connectors/');
    expect(patches).toBe(1);
    expect((await cli(['apply', '--url', url, id, '--json'])).code).toBe(0);
    expect(stack.simulators.logto?.count('PATCH', '/api/sso-connectors/')).toBe(patches);
  });

  it('exits 3 when the plan is not applied, 1 on a typed refusal, 2 on bad usage', async () => {
    const metadataUrl = (await sandboxIdp()).url(SANDBOX_IDP_PATHS.entraAcmeNext);
    const planned = await cli(['plan', '--url', url, '--domain', 'acme.example', '--metadata-url', metadataUrl, '--json']);
    const id = (JSON.parse(planned.stdout) as { id: string }).id;
    // Acme's connections already trust the target (the test above applied it), except Vantage's,
    // which cannot be read back: its step writes again, and fails here.
    stack.simulators.vantage?.injectFault({ status: 500, method: 'PUT', times: 10 });
    const failed = await cli(['apply', '--url', url, id]);
    expect(failed.code).toBe(3);
    expect(failed.stdout).toContain('UPSTREAM_UNAVAILABLE');
    stack.simulators.vantage?.clearFaults();
    const gone = await cli([
      'plan',
      '--url',
      url,
      '--domain',
      'acme.example',
      '--metadata-url',
      metadataUrl.replace('acme-next', 'nobody'),
    ]);
    expect(gone.code).toBe(1);
    expect(gone.stderr).toContain('ValidationError');
    expect((await cli(['plan', '--url', url, '--domain', 'acme.example'])).code).toBe(2);
    expect((await cli(['apply', '--url', url])).code).toBe(2);
  });
});

describe('the plan table', () => {
  it('escapes control characters and bidi overrides from upstream text, like query tables', async () => {
    const { formatPlan } = await import('../src/cli/plan-table.ts');
    const text = formatPlan({
      id: 'plan-1',
      domain: 'acme.example',
      status: 'FAILED',
      expiresAt: '2026-12-03T06:00:00.000Z',
      target: { entityId: 'https://idp.example/\u001b]0;owned\u0007' },
      steps: [
        {
          id: 'step-1',
          provider: 'LOGTO',
          status: 'FAILED',
          reason: null,
          connection: { __typename: 'LogtoSsoConnector', id: 'x', displayName: 'Evil\u001b[2J\r\u202eoc' },
          changes: [{ field: 'config', current: 'a\u009bb', proposed: 'c', currentKnown: true }],
          error: { __typename: 'UpstreamUnavailableError', code: 'UPSTREAM_UNAVAILABLE', message: 'down\u001b[31m' },
        },
      ],
      findingsCleared: [
        { kind: 'CERTIFICATE_DRIFT', severity: 'ERROR', provider: 'LOGTO', summary: 'logto Evil\u001b[1m\nFindings created:' },
      ],
      findingsCreated: [],
    });
    for (const raw of ['\u001b', '\u0007', '\r', '\u202e', '\u009b']) expect(text).not.toContain(raw);
    expect(text).toContain('Evil\\u001b[2J\\u000d\\u202eoc');
    expect(text).toContain('UPSTREAM_UNAVAILABLE: down\\u001b[31m');
    // A line break in a summary stays inside its line: no forged section heading.
    expect(text).toContain('logto Evil\\u001b[1m\\u000aFindings created:');
    expect(text).not.toMatch(/^Findings created:/m);
    expect(text).toMatch(/^STEP\s+PROVIDER\s+CONNECTION\s+CHANGE\s+STATUS\s+REASON$/m);
  });
});
