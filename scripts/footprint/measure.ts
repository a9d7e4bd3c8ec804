/**
 * How heavy a gateway start is: the process started as production starts it, in live mode against
 * the providers' simulators (started here, in this process, so the measured one never needs them),
 * and measured from outside: time until it says it is ready, the modules of its own it loaded (and
 * which of them are sandbox code), the key pairs it generated, and its resident memory once idle.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as wait } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { providers } from '../../src/providers/index.ts';
import type { ProviderSandbox } from '../../src/providers/provider.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const HOOKS = fileURLToPath(new URL('./hooks.mjs', import.meta.url));

export interface Footprint {
  mode: 'live' | 'sandbox';
  /** From spawn to the "ready" log line. */
  startMs: number;
  /** Resident set size after `idleMs` of idling, from the kernel's accounting of the process. */
  idleRssMb: number;
  /** The gateway's own modules (under src/ or dist/src/), relative to the repository root. */
  ownModules: string[];
  /** Those of them whose path says sandbox or simulator. */
  sandboxModules: string[];
  /** The key types of every key pair generated (`rsa`, `ec`, ...). */
  keyPairs: string[];
  /** The npm packages it imported (CommonJS packages are seen by their entry, not their inner requires). */
  packages: string[];
}

export interface MeasureOptions {
  /** `dist` runs the compiled gateway (`npm run build` first), `source` runs src/main.ts through tsx. */
  entry: 'dist' | 'source';
  mode: 'live' | 'sandbox';
  /** How long the gateway idles before its memory is read. @default 3000 */
  idleMs?: number;
  /**
   * Record modules and key pairs. The recording runs a loader thread in the measured process, which
   * costs start-up time and memory of its own: leave it off to measure those. @default true
   */
  trace?: boolean;
  /** Added to the gateway's environment. */
  env?: Record<string, string>;
}

export async function measureStart({ entry, mode, idleMs = 3_000, trace = true, env = {} }: MeasureOptions): Promise<Footprint> {
  const sandboxes = mode === 'live' ? await Promise.all(providers.map((module) => module.sandbox())) : [];
  const dir = mkdtempSync(join(tmpdir(), 'footprint-'));
  const out = join(dir, 'trace.jsonl');
  try {
    const hooks = trace ? ['--import', HOOKS] : [];
    const args = entry === 'dist' ? [...hooks, 'dist/src/main.js'] : ['--import', 'tsx', ...hooks, 'src/main.ts'];
    const started = performance.now();
    const child = spawn(process.execPath, args, {
      cwd: ROOT,
      env: { ...gatewayEnv(mode, sandboxes, out), ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      await readyLine(child);
      const startMs = performance.now() - started;
      await wait(idleMs);
      const idleRssMb = residentMb(child.pid);
      return { mode, startMs, idleRssMb, ...(trace ? readTrace(out) : { ownModules: [], sandboxModules: [], keyPairs: [], packages: [] }) };
    } finally {
      child.kill('SIGTERM');
      if (child.exitCode === null) await once(child, 'exit');
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await Promise.all(sandboxes.map((sandbox) => sandbox.server.close()));
  }
}

/** Only what a fresh shell has, plus the simulators' variables in live mode. */
function gatewayEnv(mode: 'live' | 'sandbox', sandboxes: readonly ProviderSandbox[], out: string): Record<string, string> {
  const base = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', PORT: '0', LOG_LEVEL: 'info', FOOTPRINT_OUT: out };
  if (mode === 'sandbox') return base;
  return Object.assign({ ...base, SSO_GATEWAY_MODE: 'live', GATEWAY_AUTH_MODE: 'none' }, ...sandboxes.map((sandbox) => sandbox.env));
}

function readyLine(child: ChildProcess): Promise<void> {
  const seen: string[] = [];
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the gateway did not start:\n${seen.join('')}`)), 30_000);
    child.stderr?.on('data', (chunk: Buffer) => seen.push(chunk.toString()));
    child.stdout?.on('data', (chunk: Buffer) => {
      seen.push(chunk.toString());
      if (seen.join('').includes('SSO gateway ready')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => reject(new Error(`the gateway exited with ${code}:\n${seen.join('')}`)));
  });
}

function residentMb(pid: number | undefined): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1] ?? Number.NaN);
  return Math.round(kb / 102.4) / 10;
}

function readTrace(file: string): Pick<Footprint, 'ownModules' | 'sandboxModules' | 'keyPairs' | 'packages'> {
  const lines = readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as { module?: string; keyPair?: string });
  const rootUrl = new URL(ROOT, 'file://').href;
  const ownModules = [
    ...new Set(
      lines
        .flatMap((line) => (line.module?.startsWith(rootUrl) ? [line.module.slice(rootUrl.length)] : []))
        .filter((path) => /^(dist\/)?src\//.test(path)),
    ),
  ];
  const packages = new Set(lines.flatMap((line) => /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(line.module ?? '')?.slice(1, 2) ?? []));
  return {
    packages: [...packages].sort(),
    ownModules,
    sandboxModules: ownModules.filter((path) => /sandbox|simulator/.test(path)),
    keyPairs: lines.flatMap((line) => (line.keyPair ? [line.keyPair] : [])),
  };
}
