/**
 * `sso-gateway`: the real launcher (bin/sso-gateway.js) in a child process, with only what a fresh
 * shell has in its environment plus what each test sets. Gateways listen on 127.0.0.1:0.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliResult, childEnv, LAUNCHER, cli as runCli } from './cli-runner.ts';
import { type Stack, startStack } from './harness.ts';

const SCHEMA_FILE = new URL('../schema.graphql', import.meta.url).pathname;

/** Most commands here take an environment, none standard input. */
function cli(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  return runCli(args, { env });
}

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sso-gateway-cli-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function documentFile(name: string, text: string): Promise<string> {
  const file = join(dir, name);
  await writeFile(file, text);
  return file;
}

describe('sso-gateway', () => {
  it('prints its usage on --help, and exits 2 with it on an unknown or missing command', async () => {
    const help = await cli(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: sso-gateway <command>');
    for (const command of ['serve', 'print-schema', 'check-config', 'query']) expect(help.stdout).toContain(command);

    const unknown = await cli(['frobnicate']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown command: frobnicate');
    expect(unknown.stderr).toContain('Usage: sso-gateway <command>');
    expect((await cli([])).code).toBe(2);
  });

  it('prints each command’s usage on --help, and exits 2 on an unknown option', async () => {
    const help = await cli(['query', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: sso-gateway query DOCUMENT');
    const bad = await cli(['check-config', '--verbose']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('Usage: sso-gateway check-config');
  });
});

describe('sso-gateway check-config', () => {
  it('reports sandbox mode with all five providers for an empty environment', async () => {
    const result = await cli(['check-config', '--json']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      valid: true,
      mode: 'sandbox',
      auth: 'none',
      enabled: ['vantage', 'datocms', 'stytch', 'logto', 'pandastack'],
      notEnabled: [],
      sharedState: { store: 'memory' },
    });
    const text = await cli(['check-config']);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('mode: sandbox');
    expect(text.stdout).toContain('providers enabled: vantage, datocms, stytch, logto, pandastack');
  });

  it('reports the enabled live providers and what would enable the others', async () => {
    const result = await cli(['check-config', '--json'], {
      SSO_GATEWAY_MODE: 'live',
      GATEWAY_AUTH_MODE: 'none',
      VANTAGE_API_TOKEN: 'vantage-token-value',
    });
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as { mode: string; enabled: string[]; notEnabled: { provider: string; missing: string[] }[] };
    expect(report.mode).toBe('live');
    expect(report.enabled).toEqual(['vantage']);
    expect(report.notEnabled).toContainEqual({ provider: 'stytch', missing: ['STYTCH_PROJECT_ID', 'STYTCH_SECRET'] });
    expect(result.stdout).not.toContain('vantage-token-value');
  });

  it('reports Redis by host and port only: the URL’s password stays out', async () => {
    const env = { REDIS_URL: 'redis://:redis-password-do-not-print@cache.internal:6380', GATEWAY_REPLICAS: '3' };
    const result = await cli(['check-config', '--json'], env);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).sharedState).toEqual({
      store: 'redis',
      redis: 'cache.internal:6380',
      keyPrefix: 'sso-gateway:',
      replicas: 3,
    });
    const text = await cli(['check-config'], env);
    expect(text.stdout).toContain('shared state: Redis at cache.internal:6380');
    expect(result.stdout + text.stdout + text.stderr).not.toContain('redis-password-do-not-print');
  });

  it('exits 1 naming the missing variable of a half-set provider, never the secret', async () => {
    const env = {
      SSO_GATEWAY_MODE: 'live',
      GATEWAY_AUTH_MODE: 'none',
      LOGTO_APP_ID: 'app-id',
      LOGTO_APP_SECRET: 'logto-secret-do-not-print',
    };
    const text = await cli(['check-config'], env);
    expect(text.code).toBe(1);
    expect(text.stderr).toContain('LOGTO_ENDPOINT must be set together with LOGTO_APP_ID, LOGTO_APP_SECRET');
    expect(text.stdout + text.stderr).not.toContain('logto-secret-do-not-print');

    const json = await cli(['check-config', '--json'], env);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({ valid: false, variables: expect.arrayContaining(['LOGTO_ENDPOINT']) });
    expect(json.stdout + json.stderr).not.toContain('logto-secret-do-not-print');
  });
});

describe('sso-gateway print-schema', () => {
  it('prints exactly the committed schema.graphql, or writes it with --out', async () => {
    const result = await cli(['print-schema']);
    expect(result.code).toBe(0);
    const committed = await readFile(SCHEMA_FILE, 'utf8');
    expect(result.stdout).toBe(committed);

    const out = join(dir, 'schema.graphql');
    expect((await cli(['print-schema', '--out', out])).code).toBe(0);
    expect(await readFile(out, 'utf8')).toBe(committed);
  });
});

describe('sso-gateway query', () => {
  // Only Vantage is configured, so a Logto field answers with an error in `errors`.
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ providers: ['vantage'] });
  });
  afterAll(() => stack.close());

  it('prints the JSON response, with variables and extra headers', async () => {
    const file = await documentFile(
      'accounts.graphql',
      'query Accounts($first: Int!) { vantageManagedAccounts(first: $first) { edges { node { token } } } }',
    );
    const result = await cli([
      'query',
      file,
      '--url',
      `${stack.url}/graphql`,
      '--variables',
      '{"first": 1}',
      '--header',
      'X-Request-Id: cli-test-1',
    ]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const body = JSON.parse(result.stdout) as { data: { vantageManagedAccounts: { edges: unknown[] } } };
    expect(body.data.vantageManagedAccounts.edges).toHaveLength(1);
    expect(result.stdout).toContain('\n  '); // pretty-printed
  });

  it('reads variables from @file', async () => {
    const file = await documentFile(
      'one.graphql',
      'query($first: Int!) { vantageManagedAccounts(first: $first) { edges { node { token } } } }',
    );
    const variables = await documentFile('variables.json', '{ "first": 2 }');
    const result = await cli(['query', file, '--url', `${stack.url}/graphql`, '--variables', `@${variables}`]);
    expect(result.code).toBe(0);
    expect(
      (JSON.parse(result.stdout) as { data: { vantageManagedAccounts: { edges: unknown[] } } }).data.vantageManagedAccounts.edges,
    ).toHaveLength(2);
  });

  it('exits 1 when the response has errors, still printing it', async () => {
    const file = await documentFile('logto.graphql', '{ logtoSsoConnectors(first: 1) { edges { node { __typename } } } }');
    const result = await cli(['query', file, '--url', `${stack.url}/graphql`]);
    expect(result.code).toBe(1);
    const body = JSON.parse(result.stdout) as { errors: { extensions: { code: string } }[] };
    expect(body.errors[0]?.extensions.code).toBe('PROVIDER_NOT_CONFIGURED');
  });

  it('exits 1 on an HTTP error (a document the gateway refuses)', async () => {
    const file = await documentFile('invalid.graphql', '{ noSuchField }');
    const result = await cli(['query', file, '--url', `${stack.url}/graphql`]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('HTTP 400');
  });

  it('exits 2 on a malformed header or variables, and 1 when the gateway cannot be reached', async () => {
    const file = await documentFile('typename.graphql', '{ __typename }');
    expect((await cli(['query', file, '--url', `${stack.url}/graphql`, '--header', 'no colon'])).code).toBe(2);
    expect((await cli(['query', file, '--url', `${stack.url}/graphql`, '--variables', '[1]'])).code).toBe(2);
    // Port 1 on loopback: nothing listens there, the connection is refused at once.
    const unreachable = await cli(['query', file, '--url', 'http://127.0.0.1:1/graphql']);
    expect(unreachable.code).toBe(1);
    expect(unreachable.stderr).toContain('sso-gateway query:');
  });
});

describe('sso-gateway health', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ providers: ['stytch', 'logto'], env: { SSO_GATEWAY_MODE: 'sandbox', GATEWAY_CACHE_TTL_MS: '0' } });
  });
  afterAll(() => stack.close());

  it('prints the report as a table, most urgent first, and exits 3 when a finding is at or above --fail-on', async () => {
    const result = await cli(['health', '--url', `${stack.url}/graphql`]);
    expect(result.code).toBe(3);
    const lines = result.stdout.split('\n');
    expect(lines[0]).toMatch(/^SSO health at .*: \d+ connection\(s\) checked, certificates within 30 day\(s\)$/);
    expect(lines.find((line) => line.startsWith('ERROR') && line.includes('CERTIFICATE_DRIFT') && line.includes('logto'))).toBeDefined();
    expect(
      lines.find((line) => line.startsWith('WARNING') && line.includes('CERTIFICATE_EXPIRING') && line.includes('stytch')),
    ).toBeDefined();
    expect(result.stdout).toContain('-> Re-import the metadata URL');
    expect(lines.findIndex((line) => line.startsWith('ERROR'))).toBeLessThan(lines.findIndex((line) => line.startsWith('WARNING')));
    expect(result.stderr).toMatch(/finding\(s\) at or above ERROR/);
  });

  it('exits 0 when nothing reaches --fail-on, and prints JSON with --json', async () => {
    const result = await cli(['health', '--url', `${stack.url}/graphql`, '--fail-on', 'critical', '--within-days', '5', '--json']);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as { withinDays: number; findings: { kind: string }[] };
    expect(report.withinDays).toBe(5);
    expect(report.findings.map((finding) => finding.kind)).not.toContain('CERTIFICATE_EXPIRING');
  });

  it('exits 2 on a bad --fail-on or --within-days, and 1 when the gateway cannot be reached', async () => {
    expect((await cli(['health', '--fail-on', 'SEVERE'])).code).toBe(2);
    expect((await cli(['health', '--within-days', '-1'])).code).toBe(2);
    const unreachable = await cli(['health', '--url', 'http://127.0.0.1:1/graphql']);
    expect(unreachable.code).toBe(1);
  });
});

describe('sso-gateway serve', () => {
  let child: ChildProcess | undefined;
  afterAll(async () => {
    if (child && child.exitCode === null) {
      child.kill('SIGTERM');
      await once(child, 'exit');
    }
  });

  it('starts the gateway as npm start does, and stops cleanly on SIGTERM', async () => {
    const started = spawn(process.execPath, [LAUNCHER, 'serve'], { env: childEnv({ PORT: '0' }), stdio: ['ignore', 'pipe', 'pipe'] });
    child = started;
    const output: string[] = [];
    started.stderr.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`gateway did not start:\n${output.join('')}`)), 15_000);
      started.stdout.on('data', (chunk: Buffer) => {
        output.push(chunk.toString());
        const found = /GraphiQL at (http:\/\/\S+)\/graphql/.exec(output.join(''));
        if (found?.[1]) {
          clearTimeout(timer);
          resolve(found[1]);
        }
      });
    });
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const ready = await fetch(`${url}/ready`);
    expect(await ready.json()).toMatchObject({ ready: true, mode: 'sandbox' });

    started.kill('SIGTERM');
    const [code] = await once(started, 'exit');
    expect(code).toBe(0);
  });
});
