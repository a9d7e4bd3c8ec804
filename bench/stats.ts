/** Percentiles over recorded latencies (ms), the same way for autocannon and the direct loop. */
export interface LatencySummary {
  p50: number;
  p95: number;
  p99: number;
  mean: number;
  max: number;
}

export function summarize(latencies: number[]): LatencySummary {
  const sorted = Float64Array.from(latencies).sort();
  // Nearest rank: the smallest value with at least p % of the samples at or below it.
  const at = (p: number) =>
    sorted.length === 0 ? Number.NaN : (sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN);
  const sum = latencies.reduce((total, value) => total + value, 0);
  return {
    p50: at(50),
    p95: at(95),
    p99: at(99),
    mean: sorted.length ? sum / sorted.length : Number.NaN,
    max: sorted.at(-1) ?? Number.NaN,
  };
}
