/**
 * Which runs the bench makes, in which order: every scenario through the variants that make sense
 * for it, at each configured latency, sorted so the simulators' latency changes as little as it can.
 */
import type { Variant } from './report.ts';
import type { Scenario } from './scenarios.ts';
import { CONNECTIONS, LATENCIES } from './settings.ts';
import { GROUP_VARIANTS, type GroupVariant, REPLICAS_LATENCY } from './variants.ts';

/** One measured run: a scenario through one variant at one latency and concurrency. */
export interface Plan {
  scenario: Scenario['name'];
  variant: Variant;
  latency: number;
  connections: number;
}

/**
 * The latency targets are about one operation alone (1 connection, no queueing); throughput and
 * calls per operation are measured under `CONNECTIONS` concurrent clients.
 */
export function plan(): { before: Plan[]; nplus1: Plan[] } {
  const before: Plan[] = [];
  const nplus1: Plan[] = [];
  for (const latency of LATENCIES) {
    if (latency === 0)
      for (const variant of ['direct', 'gateway'] as const) before.push({ scenario: 'single', variant, latency, connections: 1 });
    if (latency === 25)
      for (const variant of ['direct', 'gateway', 'discovery'] as const)
        before.push({ scenario: 'fanout', variant, latency, connections: 1 });
    for (const variant of ['direct', 'gateway', 'naive', 'cached'] as const) {
      before.push({ scenario: 'single', variant, latency, connections: CONNECTIONS });
      before.push({ scenario: 'fanout', variant, latency, connections: CONNECTIONS });
      if (variant !== 'cached') before.push({ scenario: 'mutation', variant, latency, connections: CONNECTIONS });
      nplus1.push({ scenario: 'nplus1', variant, latency, connections: CONNECTIONS });
    }
  }
  for (const variant of Object.keys(GROUP_VARIANTS) as GroupVariant[])
    before.push({ scenario: 'replicas', variant, latency: REPLICAS_LATENCY, connections: CONNECTIONS });
  const order = (a: Plan, b: Plan) => a.latency - b.latency || a.connections - b.connections;
  return { before: before.sort(order), nplus1: nplus1.sort(order) };
}
