/**
 * `npm start` with no environment: the real entry point in a child process, in sandbox mode,
 * serving all five providers from the built-in simulators.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATOCMS_DEMO_TOKEN } from '../src/providers/datocms/sandbox/simulator.ts';
import { LOGTO_DEMO_APP_SECRET } from '../src/providers/logto/sandbox/simulator.ts';
import { PANDASTACK_DEMO_KEY } from '../src/providers/pandastack/sandbox/data.ts';
import { DEMO_SESSIONS } from '../src/providers/stytch/sandbox/data.ts';
import { STYTCH_DEMO_SECRET } from '../src/providers/stytch/sandbox/simulator.ts';
import { VANTAGE_DEMO_TOKEN } from '../src/providers/vantage/sandbox/simulator.ts';

let child: ChildProcess;
let url = '';
const output: string[] = [];

beforeAll(async () => {
  // Only what a fresh shell has: no provider credential reaches the child.
  const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', PORT: '0', LOG_LEVEL: 'info' };
  child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`gateway did not start:\n${output.join('')}`)), 15_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      output.push(chunk.toString());
      const found = /GraphiQL at (http:\/\/\S+)\/graphql/.exec(output.join(''));
      if (found?.[1]) {
        clearTimeout(timer);
        resolve(found[1]);
      }
    });
  });
});

afterAll(async () => {
  if (child.exitCode === null) {
    child.kill('SIGTERM');
    await once(child, 'exit');
  }
});

describe('npm start in sandbox mode', () => {
  it('says it runs the sandbox, and loudly that authentication is off', () => {
    expect(output.join('')).toContain('sandbox mode');
    expect(output.join('')).toContain('AUTHENTICATION IS OFF');
  });

  it('says which credentials the simulators take, with the Stytch demo sessions but no credential value', () => {
    const text = output.join('');
    expect(text).toContain('sandbox credentials');
    expect(text).toContain('session-token-test-acme-member-8b2d3e5a1c');
    // The banner lists the simulator's own demo session tokens.
    for (const session of Object.keys(DEMO_SESSIONS).filter((token) => token.startsWith('session-token-'))) expect(text).toContain(session);
    for (const secret of [VANTAGE_DEMO_TOKEN, DATOCMS_DEMO_TOKEN, STYTCH_DEMO_SECRET, LOGTO_DEMO_APP_SECRET, PANDASTACK_DEMO_KEY])
      expect(text).not.toContain(secret);
  });

  it('serves every provider through ssoConnections', async () => {
    const response = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ ssoConnections { nodes { provider } failures { provider code } } }' }),
    });
    const body = (await response.json()) as { data: { ssoConnections: { nodes: { provider: string }[]; failures: unknown[] } } };
    expect(body.data.ssoConnections.failures).toEqual([]);
    const providers = new Set(body.data.ssoConnections.nodes.map((node) => node.provider));
    expect([...providers].sort()).toEqual(['DATOCMS', 'LOGTO', 'PANDASTACK', 'STYTCH', 'VANTAGE']);
  });

  it('reports ready in sandbox mode', async () => {
    const response = await fetch(`${url}/ready`);
    expect(await response.json()).toMatchObject({ ready: true, mode: 'sandbox' });
  });

  it('shuts down cleanly on SIGTERM', async () => {
    child.kill('SIGTERM');
    const [code] = await once(child, 'exit');
    expect(code).toBe(0);
  });
});
