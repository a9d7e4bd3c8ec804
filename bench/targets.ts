/**
 * Issue 15's targets, each a ratio or a figure from this one run: throughput against the peers
 * (and, for reference only, against bare Yoga running Apollo's resolvers), CPU per operation
 * against issue 5's figures, idle and peak RSS, and what Redis-shared state costs.
 * Rows come from the run; the idle footprint is measured by the runner before any load.
 */
import type { PeerVariant } from './peers/documents.ts';
import type { Row, Target, Variant } from './report.ts';

export interface Footprint {
  /** RSS of the `gateway` variant's process (live defaults, compiled) at rest, after a full GC. */
  idleRssMb: number | undefined;
  /** The same for each peer that was started, for scale. */
  peersIdleRssMb: Partial<Record<PeerVariant, number>>;
}

/** gateway req/s over each peer's, per scenario, at 0 ms upstream latency. */
const PEER_GOALS: { peer: 'apollo' | 'mesh'; ratio: number }[] = [
  { peer: 'apollo', ratio: 1.5 },
  { peer: 'mesh', ratio: 3 },
];
const PEER_SCENARIOS: Row['scenario'][] = ['single', 'fanout', 'dedup'];
/** Compared with the Yoga peer (the Apollo peer's resolvers on bare Yoga) for scale only: no goal. */
const REFERENCE_VARIANTS: Variant[] = ['gateway', 'apollo'];

/** Issue 5's closing figures for the gateway's CPU per operation (ms), at 0 ms upstream latency. */
const CPU_GOALS: { scenario: Row['scenario']; connections: number | 'load'; ms: number }[] = [
  { scenario: 'single', connections: 1, ms: 0.52 },
  { scenario: 'fanout', connections: 'load', ms: 1.35 },
  { scenario: 'nplus1', connections: 'load', ms: 2.98 },
];

const IDLE_RSS_MB = 100;
const PEAK_RSS_MB = 150;
const REDIS_CPU_RATIO = 1.1;

const unmeasured = (name: string, goal: string, why = 'not measured (a run failed or was not in this run)'): Target => ({
  name,
  goal,
  measured: why,
  met: null,
});

/** A replicas row that reached this share of its offered rate kept up with it. */
const KEPT_UP = 0.95;
const keptUp = (row: Row) => row.offeredRequestsPerSecond === undefined || row.requestsPerSecond >= row.offeredRequestsPerSecond * KEPT_UP;

/**
 * Achieved against offered req/s of two replicas rows. A group that fell behind the rate was not
 * at the other's load, so per-operation figures no longer compare: the verdict is withheld.
 */
function atEqualLoad(a: Row, b: Row): { text: string; equal: boolean } {
  const equal = keptUp(a) && keptUp(b);
  const text = `${a.requestsPerSecond} vs ${b.requestsPerSecond} req/s achieved of ${a.offeredRequestsPerSecond ?? '–'} offered`;
  return { text: equal ? text : `${text}; a group fell behind the rate, so not at equal load`, equal };
}

type FindRow = (scenario: Row['scenario'], variant: Variant, latency: number) => Row | undefined;

/**
 * The gateway's and Apollo's req/s over the Yoga peer's, the floor of the stack the gateway is
 * built on (the Apollo row also says what bare Yoga reaches in Apollo's terms). For scale only:
 * marked `reference`, so the table never reads it as met or not met.
 */
function yogaReference(find: FindRow, connections: number): Target[] {
  return PEER_SCENARIOS.flatMap((scenario) =>
    REFERENCE_VARIANTS.map((variant) => {
      const name = `reference: ${variant} ÷ yoga, ${scenario}`;
      const goal = `reference, no goal: ${variant} req/s over bare Yoga's with Apollo's resolvers (${scenario}, 0 ms, ${connections} connections)`;
      const ours = find(scenario, variant, 0);
      const yoga = find(scenario, 'yoga', 0);
      if (!ours || !yoga || yoga.requestsPerSecond === 0) return { ...unmeasured(name, goal), reference: true };
      const inverse =
        variant === 'apollo' && ours.requestsPerSecond > 0
          ? `; bare Yoga reaches ${(yoga.requestsPerSecond / ours.requestsPerSecond).toFixed(2)}× Apollo`
          : '';
      return {
        name,
        goal,
        measured: `${(ours.requestsPerSecond / yoga.requestsPerSecond).toFixed(2)}× (${ours.requestsPerSecond} vs ${yoga.requestsPerSecond} req/s; CPU ms/op ${ours.gatewayCpuMsPerOperation} vs ${yoga.gatewayCpuMsPerOperation}${inverse})`,
        met: null,
        reference: true,
      };
    }),
  );
}

export function issueTargets(rows: Row[], connections: number, footprint: Footprint): Target[] {
  const find = (scenario: Row['scenario'], variant: Variant, latency: number, conns = connections) =>
    rows.find((r) => r.scenario === scenario && r.variant === variant && r.upstreamLatencyMs === latency && r.connections === conns);
  const targets: Target[] = [];

  for (const { peer, ratio } of PEER_GOALS)
    for (const scenario of PEER_SCENARIOS) {
      const name = `vs ${peer}: ${scenario}`;
      const goal = `gateway req/s ≥ ${ratio}× ${peer} req/s (${scenario}, 0 ms, ${connections} connections)`;
      const ours = find(scenario, 'gateway', 0);
      const theirs = find(scenario, peer, 0);
      if (!ours || !theirs || theirs.requestsPerSecond === 0) targets.push(unmeasured(name, goal));
      else {
        const measured = ours.requestsPerSecond / theirs.requestsPerSecond;
        targets.push({
          name,
          goal,
          measured: `${measured.toFixed(2)}× (${ours.requestsPerSecond} vs ${theirs.requestsPerSecond} req/s; CPU ms/op ${ours.gatewayCpuMsPerOperation} vs ${theirs.gatewayCpuMsPerOperation})`,
          met: measured >= ratio,
        });
      }
    }

  targets.push(...yogaReference(find, connections));

  for (const { scenario, connections: conns, ms } of CPU_GOALS) {
    const load = conns === 'load' ? connections : conns;
    const name = `CPU/op: ${scenario}`;
    const goal = `gateway CPU ≤ ${ms} ms per operation (${scenario}, 0 ms, ${load} connection${load === 1 ? '' : 's'}; issue 5's figure)`;
    const row = find(scenario, 'gateway', 0, load);
    const cpu = row?.gatewayCpuMsPerOperation;
    targets.push(cpu == null ? unmeasured(name, goal) : { name, goal, measured: `${cpu} ms`, met: cpu <= ms });
  }

  const idleGoal = `live gateway (compiled, defaults) RSS at rest < ${IDLE_RSS_MB} MB`;
  const peersIdle = Object.entries(footprint.peersIdleRssMb)
    .map(([peer, mb]) => `${peer} ${mb} MB`)
    .join(', ');
  targets.push(
    footprint.idleRssMb === undefined
      ? unmeasured('idle RSS', idleGoal)
      : {
          name: 'idle RSS',
          goal: idleGoal,
          measured: `${footprint.idleRssMb} MB${peersIdle ? ` (peers at rest: ${peersIdle})` : ''}`,
          met: footprint.idleRssMb < IDLE_RSS_MB,
        },
  );

  const peakGoal = `live gateway (defaults) peak RSS < ${PEAK_RSS_MB} MB in every run of the \`gateway\` variant`;
  const peaks = rows.filter((r) => r.variant === 'gateway' && r.gatewayPeakRssMb !== null);
  const worst = peaks.reduce<Row | undefined>(
    (top, r) => (!top || (r.gatewayPeakRssMb ?? 0) > (top.gatewayPeakRssMb ?? 0) ? r : top),
    undefined,
  );
  targets.push(
    worst
      ? {
          name: 'peak RSS',
          goal: peakGoal,
          measured: `${worst.gatewayPeakRssMb} MB at most (${worst.scenario} @${worst.upstreamLatencyMs} ms, ${worst.connections} conns)`,
          met: (worst.gatewayPeakRssMb ?? 0) < PEAK_RSS_MB,
        }
      : unmeasured('peak RSS', peakGoal),
  );

  const replicas = (variant: Variant) => rows.find((r) => r.scenario === 'replicas' && r.variant === variant);
  const [memory1, redis1, redis3] = [replicas('memory-1'), replicas('redis-1'), replicas('redis-3')];
  const redisGoal = `redis-1 CPU ms/op ≤ ${REDIS_CPU_RATIO}× memory-1's (replicas scenario, at the same offered rate)`;
  const redisCpu = redis1?.gatewayCpuMsPerOperation;
  const memoryCpu = memory1?.gatewayCpuMsPerOperation;
  if (!redis1 || !memory1 || redisCpu == null || !memoryCpu) targets.push(unmeasured('Redis CPU cost', redisGoal));
  else {
    const load = atEqualLoad(redis1, memory1);
    targets.push({
      name: 'Redis CPU cost',
      goal: redisGoal,
      measured: `${(redisCpu / memoryCpu).toFixed(2)}× (${redisCpu} vs ${memoryCpu} ms; ${load.text})`,
      met: load.equal ? redisCpu <= memoryCpu * REDIS_CPU_RATIO : null,
    });
  }
  const callsGoal = "redis-3 upstream calls/op ≤ redis-1's at the same offered rate (three replicas on one Redis refill no more than one)";
  if (!redis1 || !redis3) targets.push(unmeasured('Redis replicas', callsGoal));
  else {
    const load = atEqualLoad(redis3, redis1);
    targets.push({
      name: 'Redis replicas',
      goal: callsGoal,
      measured: `${redis3.upstreamCallsPerOperation} vs ${redis1.upstreamCallsPerOperation} (${load.text})`,
      met: load.equal ? redis3.upstreamCallsPerOperation <= redis1.upstreamCallsPerOperation : null,
    });
  }
  return targets;
}
