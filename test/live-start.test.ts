/**
 * A live start loads no sandbox code and generates no key: the gateway is started as `npm start`
 * starts it (a child process) in live mode against the simulators, and every module it loads and
 * every key pair it generates is recorded (scripts/footprint/). A sandbox start is the control:
 * it must show the simulators and the sandbox IdP's key, or the recording itself is broken.
 */
import { describe, expect, it } from 'vitest';
import { measureStart } from '../scripts/footprint/measure.ts';

describe('what a start loads', () => {
  it('in live mode: the gateway, and no simulator, demo data, sandbox IdP or key generation', async () => {
    const live = await measureStart({ entry: 'source', mode: 'live', idleMs: 0 });
    expect(live.ownModules).toContain('src/server.ts');
    expect(live.ownModules).toContain('src/providers/logto/client.ts');
    expect(live.sandboxModules).toEqual([]);
    expect(live.keyPairs).toEqual([]);
  }, 60_000);

  it('in sandbox mode (the control): every simulator and the sandbox IdP, with its key', async () => {
    const sandbox = await measureStart({ entry: 'source', mode: 'sandbox', idleMs: 0 });
    expect(sandbox.sandboxModules).toEqual(expect.arrayContaining(['src/sandbox/start.ts', 'src/providers/logto/sandbox/simulator.ts']));
    expect(sandbox.sandboxModules.some((path) => path.startsWith('src/sandbox/idp/'))).toBe(true);
    expect(sandbox.keyPairs).toContain('rsa');
  }, 60_000);
});
