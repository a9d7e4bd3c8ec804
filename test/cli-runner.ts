/**
 * The real launcher (bin/sso-gateway.js) in a child process, with only what a fresh shell has in
 * its environment plus what a test sets: no provider credential or gateway setting of the test
 * process reaches it. Optional text goes to its standard input.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';

export const LAUNCHER = new URL('../bin/sso-gateway.js', import.meta.url).pathname;

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function childEnv(env: Record<string, string> = {}): Record<string, string> {
  return { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env };
}

export async function cli(args: string[], options: { env?: Record<string, string>; stdin?: string } = {}): Promise<CliResult> {
  const child = spawn(process.execPath, [LAUNCHER, ...args], {
    env: childEnv(options.env),
    stdio: [options.stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  if (options.stdin !== undefined) child.stdin?.end(options.stdin);
  const [code] = (await once(child, 'close')) as [number | null];
  return { code, stdout, stderr };
}
