/**
 * The bench's knobs, read once from the environment: upstream latencies, seconds per run and of
 * warm-up, concurrent connections, the replicas rows' offered rate, and extra Node flags for the
 * gateway processes.
 */

function numbers(name: string, fallback: string): number[] {
  const list = (process.env[name] ?? fallback).split(',').map((item) => Number(item.trim()));
  if (list.length === 0 || list.some((value) => !Number.isFinite(value) || value < 0))
    throw new Error(`${name} must be a comma list of non-negative numbers`);
  return list;
}
export const LATENCIES = numbers('BENCH_LATENCIES', '0,25');
export const [SECONDS = 3] = numbers('BENCH_SECONDS', '3');
export const [WARMUP_SECONDS = 0.5] = numbers('BENCH_WARMUP_SECONDS', '0.5');
export const [CONNECTIONS = 10] = numbers('BENCH_CONNECTIONS', '10');
/**
 * Requests per second offered in total to each replicas group, split evenly over its gateways:
 * one load for every group, so calls and CPU per operation compare at equal load rather than at
 * each group's own closed-loop throughput. Below what the slowest group sustains closed-loop (on 2
 * cores, three gateways with the simulators and the load generator fell behind 300).
 */
export const [REPLICAS_RATE = 200] = numbers('BENCH_REPLICAS_RATE', '200');
if (!Number.isInteger(REPLICAS_RATE / CONNECTIONS) || REPLICAS_RATE < CONNECTIONS)
  throw new Error('BENCH_REPLICAS_RATE must be a whole multiple of BENCH_CONNECTIONS (one whole rate per connection)');
/** Node flags for the gateway processes, for experiments (e.g. `--max-semi-space-size=4`). */
export const GATEWAY_NODE_FLAGS = (process.env.BENCH_GATEWAY_NODE_FLAGS ?? '').split(' ').filter(Boolean);

/** `--scenarios a,b` / `--variants x,y` on the command line (or BENCH_SCENARIOS / BENCH_VARIANTS): run only those. */
function subset(flag: string, name: string): Set<string> | undefined {
  const at = process.argv.indexOf(flag);
  const given = at >= 0 ? process.argv[at + 1] : process.env[name];
  const list = (given ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
  return list.length > 0 ? new Set(list) : undefined;
}
export const ONLY_SCENARIOS = subset('--scenarios', 'BENCH_SCENARIOS');
export const ONLY_VARIANTS = subset('--variants', 'BENCH_VARIANTS');
