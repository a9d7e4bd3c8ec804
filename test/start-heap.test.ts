/**
 * The heap policy of src/start-heap.ts, in processes of their own (V8 flags are per process): the
 * young generation stops growing at its cap under load, and a flag the operator passes turns that
 * part of the policy off (the control, which shows the cap is what held it).
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

const FIXTURE = new URL('./fixtures/heap-policy.ts', import.meta.url).pathname;
const MB = 1024 * 1024;

async function largestYoungGeneration(flags: string[]): Promise<number> {
  const { stdout } = await promisify(execFile)(process.execPath, [...flags, '--import', 'tsx', FIXTURE], {
    env: { ...process.env, NODE_OPTIONS: '' },
  });
  return (JSON.parse(stdout) as { largestYoungBytes: number }).largestYoungBytes;
}

it('keeps the young generation at 16 MB under load', async () => {
  expect(await largestYoungGeneration([])).toBeLessThanOrEqual(16 * MB);
}, 30_000);

it('leaves the young generation to V8 when the operator passes --max-semi-space-size', async () => {
  expect(await largestYoungGeneration(['--max-semi-space-size=16'])).toBeGreaterThan(16 * MB);
}, 30_000);
