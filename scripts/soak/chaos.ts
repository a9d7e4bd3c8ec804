/**
 * The misbehaving upstreams of a soak: every 100 ms, one random fault or latency change on one
 * random simulator, until the workers are done. Each injection is tallied for the report.
 */
import type { Fault } from '../../src/sandbox/faults.ts';
import type { SimulatorServer } from '../../src/sandbox/simulator-kit.ts';
import { pick } from './operations.ts';
import { bump, stats } from './tally.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const fault = (name: string, make: () => Fault): [string, (simulator: SimulatorServer) => void] => [
  name,
  (simulator) => simulator.injectFault(make()),
];
/** What the chaos loop may do to a simulator; faults wait there for the next matching request. */
const CHAOS: [string, (simulator: SimulatorServer) => void][] = [
  fault('503', () => ({ status: 503, times: 1 + Math.floor(Math.random() * 3) })),
  fault('502', () => ({ status: 502 })),
  fault('429 retry-after 1', () => ({ status: 429, headers: { 'retry-after': '1' } })),
  fault('429 retry-after 30', () => ({ status: 429, headers: { 'retry-after': '30' } })),
  fault('hang', () => ({ kind: 'hang' })),
  fault('reset', () => ({ kind: 'reset' })),
  fault('malformed', () => ({ kind: 'malformed' })),
  fault('wrong-content-type', () => ({ kind: 'wrong-content-type' })),
  fault('delay 300 ms', () => ({ kind: 'delay', delayMs: 300 })),
  [
    'latency 0–50 ms',
    (simulator) => {
      simulator.latencyMs = Math.floor(Math.random() * 51);
    },
  ],
  ['clear faults', (simulator) => simulator.clearFaults()],
];

export async function chaos(simulators: SimulatorServer[], done: () => boolean): Promise<void> {
  while (!done()) {
    const [name, act] = pick(CHAOS);
    act(pick(simulators));
    bump(stats.faults, name);
    await sleep(100);
  }
}
