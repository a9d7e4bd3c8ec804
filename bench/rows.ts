/**
 * One result row from a run's measurements: client-side latencies and throughput, upstream calls
 * from the simulators' window, and the CPU and memory of the gateway process (or group) measured.
 */
import type { Measured } from './load.ts';
import type { Plan } from './plan.ts';
import type { SimulatorsWindow, Usage } from './protocol.ts';
import type { Row } from './report.ts';
import { summarize } from './stats.ts';

export const round = (value: number, digits = 2) => (Number.isFinite(value) ? Number(value.toFixed(digits)) : value);
const mb = (bytes: number) => round(bytes / 1024 / 1024, 1);

/** The usage of a group's processes as one: CPU and heap summed, peak RSS the largest. */
export function combined(usages: Usage[]): Usage | undefined {
  if (usages.length <= 1) return usages[0];
  const sum = (pick: (usage: Usage) => number) => usages.reduce((total, usage) => total + pick(usage), 0);
  return {
    cpuMs: sum((usage) => usage.cpuMs),
    peakRssBytes: Math.max(...usages.map((usage) => usage.peakRssBytes)),
    wallMs: Math.max(...usages.map((usage) => usage.wallMs)),
    heapUsedAfterGcBytes: sum((usage) => usage.heapUsedAfterGcBytes),
    rssAfterGcBytes: sum((usage) => usage.rssAfterGcBytes),
  };
}

function roundedSummary(latencies: number[]): Row['latencyMs'] {
  const { p50, p95, p99, mean, max } = summarize(latencies);
  return { p50: round(p50), p95: round(p95), p99: round(p99), mean: round(mean), max: round(max) };
}

export function row(step: Plan, measured: Measured, upstream: SimulatorsWindow, own: Usage | undefined): Row {
  const operations = measured.latencies.length;
  const calls = Object.values(upstream.upstreamCalls).reduce((total, count) => total + count, 0);
  return {
    scenario: step.scenario,
    variant: step.variant,
    upstreamLatencyMs: step.latency,
    connections: step.connections,
    seconds: round(measured.seconds, 2),
    operations,
    errors: measured.errors,
    ...(measured.firstError ? { firstError: measured.firstError } : {}),
    requestsPerSecond: round(operations / measured.seconds, 1),
    ...(step.rate === undefined ? {} : { offeredRequestsPerSecond: step.rate }),
    latencyMs: roundedSummary(measured.latencies),
    upstreamCallsPerOperation: round(calls / operations, 3),
    upstreamCalls: upstream.upstreamCalls,
    gatewayCpuMsPerOperation: own ? round(own.cpuMs / operations, 3) : null,
    gatewayPeakRssMb: own ? mb(own.peakRssBytes) : null,
    gatewayHeapAfterGcMb: own ? mb(own.heapUsedAfterGcBytes) : null,
    gatewayRssAfterGcMb: own ? mb(own.rssAfterGcBytes) : null,
    simulatorsCpuMsPerOperation: round(upstream.cpuMs / operations, 3),
  };
}
