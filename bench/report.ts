/** The bench's rows, its Markdown table, and the targets checked against the rows. */

import type { Scenario } from './scenarios.ts';
import type { LatencySummary } from './stats.ts';

export type Variant =
  | 'direct'
  | 'gateway'
  | 'naive'
  | 'cached'
  | 'discovery'
  | 'apollo'
  | 'yoga'
  | 'mesh'
  | 'memory-1'
  | 'redis-1'
  | 'memory-3'
  | 'redis-3';

export interface Row {
  scenario: Scenario['name'];
  variant: Variant;
  upstreamLatencyMs: number;
  connections: number;
  seconds: number;
  operations: number;
  errors: number;
  firstError?: string | undefined;
  /** Achieved: completed operations per second. */
  requestsPerSecond: number;
  /** The rate offered in total for a rate-limited run (replicas); absent for closed-loop runs. */
  offeredRequestsPerSecond?: number;
  latencyMs: LatencySummary;
  upstreamCallsPerOperation: number;
  upstreamCalls: Record<string, number>;
  /** CPU time (user + system) of the gateway's own process per completed operation; null for direct. */
  gatewayCpuMsPerOperation: number | null;
  /** Peak RSS of the gateway's process during the run; null for direct. */
  gatewayPeakRssMb: number | null;
  /** The gateway's live heap and RSS after a full GC at the end of the run; null for direct. */
  gatewayHeapAfterGcMb: number | null;
  gatewayRssAfterGcMb: number | null;
  /** CPU time of the simulators' process per completed operation (the upstreams' share). */
  simulatorsCpuMsPerOperation: number;
}

export interface Target {
  name: string;
  goal: string;
  measured: string;
  /** null: not measured, or not comparable (e.g. replicas rows that fell behind their offered rate). */
  met: boolean | null;
  /** Shown for scale only, never met or not met (its `met` column reads "–"). */
  reference?: true;
}

const metCell = (target: Target) => (target.reference ? '–' : target.met === null ? 'not measured' : target.met ? 'yes' : '**no**');

const find = (rows: Row[], scenario: Row['scenario'], variant: Variant, latency: number, connections?: number) =>
  rows.find(
    (row) =>
      row.scenario === scenario &&
      row.variant === variant &&
      row.upstreamLatencyMs === latency &&
      (connections === undefined || row.connections === connections),
  );

const missing = (name: string, goal: string): Target => ({
  name,
  goal,
  measured: 'not measured (a run failed or its latency was not configured)',
  met: null,
});

export function checkTargets(rows: Row[], loadConnections: number): Target[] {
  const targets: Target[] = [];

  const singleGoal = 'gateway p50 − direct p50 < 1 ms (single, 0 ms upstream latency, 1 connection)';
  const singleGateway = find(rows, 'single', 'gateway', 0, 1);
  const singleDirect = find(rows, 'single', 'direct', 0, 1);
  if (singleGateway && singleDirect) {
    const added = singleGateway.latencyMs.p50 - singleDirect.latencyMs.p50;
    targets.push({
      name: 'gateway overhead',
      goal: singleGoal,
      measured: `${added.toFixed(2)} ms (${singleGateway.latencyMs.p50} vs ${singleDirect.latencyMs.p50})`,
      met: added < 1,
    });
  } else targets.push(missing('gateway overhead', singleGoal));

  const fanoutGoal = 'fanout p50 < 35 ms at 25 ms upstream latency (1 connection)';
  const fanout = find(rows, 'fanout', 'gateway', 25, 1);
  const discovery = find(rows, 'fanout', 'discovery', 25, 1);
  if (fanout) {
    const extra = discovery ? `; with Stytch discovery: ${discovery.latencyMs.p50} ms` : '';
    targets.push({
      name: 'parallel fan-out',
      goal: fanoutGoal,
      measured: `${fanout.latencyMs.p50} ms${extra}`,
      met: fanout.latencyMs.p50 < 35,
    });
  } else targets.push(missing('parallel fan-out', fanoutGoal));

  const latencies = [...new Set(rows.filter((row) => row.scenario === 'nplus1').map((row) => row.upstreamLatencyMs))];
  for (const latency of latencies) {
    const goal = `nplus1 gateway req/s ≥ 10 × naive req/s (${latency} ms, ${loadConnections} connections)`;
    const gateway = find(rows, 'nplus1', 'gateway', latency);
    const naive = find(rows, 'nplus1', 'naive', latency);
    if (gateway && naive && naive.requestsPerSecond > 0) {
      const ratio = gateway.requestsPerSecond / naive.requestsPerSecond;
      targets.push({
        name: `batching @${latency} ms`,
        goal,
        measured: `${ratio.toFixed(1)}× (${gateway.requestsPerSecond} vs ${naive.requestsPerSecond} req/s)`,
        met: ratio >= 10,
      });
    } else targets.push(missing(`batching @${latency} ms`, goal));
  }

  const rss = rows.flatMap((row) => (row.gatewayPeakRssMb === null ? [] : [{ row, mb: row.gatewayPeakRssMb }]));
  const worst = rss.reduce<(typeof rss)[number] | undefined>((top, entry) => (!top || entry.mb > top.mb ? entry : top), undefined);
  targets.push(
    worst
      ? {
          name: 'memory',
          goal: 'gateway peak RSS < 150 MB in every run',
          measured: `${worst.mb} MB at most (${worst.row.scenario}/${worst.row.variant} @${worst.row.upstreamLatencyMs} ms)`,
          met: worst.mb < 150,
        }
      : missing('memory', 'gateway peak RSS < 150 MB in every run'),
  );
  return targets;
}

const HEAD = [
  'upstream latency',
  'scenario',
  'variant',
  'conns',
  'ops',
  'req/s',
  'p50 ms',
  'p95 ms',
  'p99 ms',
  'upstream calls/op',
  'gateway CPU ms/op',
  'gateway peak RSS MB',
  'errors',
];

const line = (cells: (string | number)[]) => `| ${cells.join(' | ')} |`;

export function markdown(rows: Row[], targets: Target[], notes: string[]): string {
  const table = [
    line(HEAD),
    line(HEAD.map(() => '---')),
    ...rows.map((r) =>
      line([
        `${r.upstreamLatencyMs} ms`,
        r.scenario,
        r.variant,
        r.connections,
        r.operations,
        r.requestsPerSecond,
        r.latencyMs.p50,
        r.latencyMs.p95,
        r.latencyMs.p99,
        r.upstreamCallsPerOperation,
        r.gatewayCpuMsPerOperation ?? '–',
        r.gatewayPeakRssMb ?? '–',
        r.errors,
      ]),
    ),
  ];
  const targetTable = [
    line(['target', 'goal', 'measured', 'met']),
    line(['---', '---', '---', '---']),
    ...targets.map((t) => line([t.name, t.goal, t.measured, metCell(t)])),
  ];
  return [
    '# Benchmark',
    '',
    ...table,
    '',
    '## Targets',
    '',
    ...targetTable,
    '',
    '## How it was measured',
    '',
    ...notes.map((note) => `- ${note}`),
    '',
  ].join('\n');
}
