/**
 * Which runs the bench makes, in which order: every scenario through the variants that make sense
 * for it, at each configured latency, sorted so the simulators' latency changes as little as it can.
 * The peers (Apollo, Yoga, Mesh) run at 0 ms, where the issue's ratios are measured. `--scenarios` and
 * `--variants` keep a subset.
 */
import { PEER_GAPS, PEER_VARIANTS } from './peers/documents.ts';
import type { Variant } from './report.ts';
import type { Scenario } from './scenarios.ts';
import { CONNECTIONS, LATENCIES, ONLY_SCENARIOS, ONLY_VARIANTS, REPLICAS_RATE } from './settings.ts';
import { GROUP_VARIANTS, type GroupVariant, REPLICAS_LATENCY } from './variants.ts';

/** One measured run: a scenario through one variant at one latency and concurrency. */
export interface Plan {
  scenario: Scenario['name'];
  variant: Variant;
  latency: number;
  connections: number;
  /** Requests per second offered in total (a per-second budget); closed loop when absent. */
  rate?: number;
}

const PEER_LATENCY = 0;

/** Every run, before the subset is taken. */
function everyRun(): Plan[] {
  const runs: Plan[] = [];
  const add = (scenario: Scenario['name'], variant: Variant, latency: number, connections = CONNECTIONS) =>
    runs.push({ scenario, variant, latency, connections });
  for (const latency of LATENCIES) {
    if (latency === 0) for (const variant of ['direct', 'gateway'] as const) add('single', variant, latency, 1);
    if (latency === 25) for (const variant of ['direct', 'gateway', 'discovery'] as const) add('fanout', variant, latency, 1);
    for (const variant of ['direct', 'gateway', 'naive', 'cached'] as const) {
      add('single', variant, latency);
      add('fanout', variant, latency);
      if (variant !== 'cached') add('mutation', variant, latency);
      if (latency === PEER_LATENCY && variant !== 'cached') add('dedup', variant, latency);
      add('nplus1', variant, latency);
    }
    if (latency === PEER_LATENCY)
      for (const peer of PEER_VARIANTS)
        for (const scenario of ['single', 'fanout', 'dedup', 'nplus1'] as const)
          if (!PEER_GAPS[peer][scenario]) add(scenario, peer, latency);
  }
  // Every group at the same offered rate: calls and CPU per operation then compare at equal load.
  for (const variant of Object.keys(GROUP_VARIANTS) as GroupVariant[])
    runs.push({ scenario: 'replicas', variant, latency: REPLICAS_LATENCY, connections: CONNECTIONS, rate: REPLICAS_RATE });
  return runs;
}

/**
 * The latency targets are about one operation alone (1 connection, no queueing); throughput and
 * calls per operation are measured under `CONNECTIONS` concurrent clients. nplus1 runs last, once
 * Logto holds its hundred connectors.
 */
export function plan(): { before: Plan[]; nplus1: Plan[] } {
  const kept = everyRun().filter(
    (run) => (!ONLY_SCENARIOS || ONLY_SCENARIOS.has(run.scenario)) && (!ONLY_VARIANTS || ONLY_VARIANTS.has(run.variant)),
  );
  const order = (a: Plan, b: Plan) => a.latency - b.latency || a.connections - b.connections;
  return {
    before: kept.filter((run) => run.scenario !== 'nplus1').sort(order),
    nplus1: kept.filter((run) => run.scenario === 'nplus1').sort(order),
  };
}

/** The variants a plan sends load to, so that only their processes are started. */
export function variantsOf(runs: Plan[]): Set<Variant> {
  return new Set(runs.map((run) => run.variant));
}
