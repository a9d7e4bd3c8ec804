/**
 * `npm run bench`: the gateway under load over loopback HTTP, against the five provider simulators
 * at a configurable upstream latency (default 0 and 25 ms). Scenarios `single`, `fanout`,
 * `mutation` and `nplus1` are sent through four gateways that differ in one setting each, and made
 * `direct` (the same upstream calls with undici alone). Writes bench/results/latest.json and
 * latest.md and prints the table and the targets.
 *
 *   npm run bench
 *   BENCH_LATENCIES=0,25,100 BENCH_SECONDS=10 BENCH_CONNECTIONS=10 npm run bench
 *
 * Processes: this one generates the load (autocannon, the direct loop); the simulators run in one
 * child process, each gateway variant in another, so every CPU and RSS figure is one program's.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { availableParallelism, cpus } from 'node:os';
import autocannon from 'autocannon';
// The tests' helper: the machine's Redis on 6379 when it answers, else a private redis-server.
import { deleteKeys, sharedRedis, testPrefix } from '../test/redis-harness.ts';
import { Child } from './child.ts';
import { type DirectOperation, directTargets, runLoop } from './direct.ts';
import type { GatewayInfo, LoggedCall, SimulatorsInfo, SimulatorsWindow, Usage } from './protocol.ts';
import { checkTargets, markdown, type Row, type Variant } from './report.ts';
import { NPLUS1_ITEMS, SCENARIOS, type Scenario } from './scenarios.ts';
import { summarize } from './stats.ts';

function numbers(name: string, fallback: string): number[] {
  const list = (process.env[name] ?? fallback).split(',').map((item) => Number(item.trim()));
  if (list.length === 0 || list.some((value) => !Number.isFinite(value) || value < 0))
    throw new Error(`${name} must be a comma list of non-negative numbers`);
  return list;
}
const LATENCIES = numbers('BENCH_LATENCIES', '0,25');
const [SECONDS = 3] = numbers('BENCH_SECONDS', '3');
const [WARMUP_SECONDS = 0.5] = numbers('BENCH_WARMUP_SECONDS', '0.5');
const [CONNECTIONS = 10] = numbers('BENCH_CONNECTIONS', '10');
const RESULTS = new URL('./results/', import.meta.url);
/** Node flags for the gateway processes, for experiments (e.g. `--max-semi-space-size=4`). */
const GATEWAY_NODE_FLAGS = (process.env.BENCH_GATEWAY_NODE_FLAGS ?? '').split(' ').filter(Boolean);
const HEADERS = { 'content-type': 'application/json', accept: 'application/graphql-response+json' };

type GatewayVariant = Exclude<Variant, 'direct' | GroupVariant>;
const CACHED_ENV: Record<string, string> = { GATEWAY_CACHE_TTL_MS: '5000' };
type GroupVariant = 'memory-1' | 'redis-1' | 'memory-3' | 'redis-3';

/** Each gateway differs from `gateway` (the defaults of live mode) in one respect. */
const GATEWAY_VARIANTS: Record<GatewayVariant, { env: Record<string, string>; description: string }> = {
  gateway: { env: {}, description: 'live-mode defaults: DataLoader batching on, read cache off' },
  naive: {
    // The queue would otherwise refuse a naive nplus1's hundred calls per operation as overload.
    env: { GATEWAY_BATCHING: 'off', GATEWAY_UPSTREAM_QUEUE: '100000' },
    description: 'GATEWAY_BATCHING=off (no batching, no per-request de-duplication), read cache off',
  },
  cached: { env: CACHED_ENV, description: 'GATEWAY_CACHE_TTL_MS=5000 (the sandbox default), batching on' },
  discovery: {
    env: { STYTCH_ORGANIZATION_IDS: '' },
    description: 'like `gateway`, but Stytch organizations are discovered by search on every operation',
  },
};

/**
 * The `replicas` scenario's gateways besides `cached` (one gateway, its own 5 s read cache): the
 * same settings, one or three processes, with or without one Redis. The load is split evenly over
 * a group's gateways, as a round-robin load balancer would.
 */
const GROUP_VARIANTS: Record<GroupVariant, { size: number; redis: boolean; description: string }> = {
  'memory-1': { size: 1, redis: false, description: 'one gateway, read cache in memory' },
  'redis-1': { size: 1, redis: true, description: 'one gateway, its shared state (read cache, budgets, write limit) in Redis' },
  'memory-3': { size: 3, redis: false, description: 'three gateways, each with a read cache of its own (replicas before issue 8)' },
  'redis-3': { size: 3, redis: true, description: 'three gateways sharing one Redis (GATEWAY_REPLICAS=3)' },
};
/** Short, so each run refills the cache a few times and the rows show who refills it how often. */
const REPLICAS_ENV: Record<string, string> = { GATEWAY_CACHE_TTL_MS: '1000' };
/** The replicas rows are measured at this upstream latency only (25 ms when configured), to keep the bench short. */
const REPLICAS_LATENCY = LATENCIES.includes(25) ? 25 : (LATENCIES[0] ?? 0);

/** One measured run: a scenario through one variant at one latency and concurrency. */
interface Plan {
  scenario: Scenario['name'];
  variant: Variant;
  latency: number;
  connections: number;
}

/**
 * The latency targets are about one operation alone (1 connection, no queueing); throughput and
 * calls per operation are measured under `CONNECTIONS` concurrent clients.
 */
function plan(): { before: Plan[]; nplus1: Plan[] } {
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

const round = (value: number, digits = 2) => (Number.isFinite(value) ? Number(value.toFixed(digits)) : value);
const mb = (bytes: number) => round(bytes / 1024 / 1024, 1);
const scenario = (name: Scenario['name']) => SCENARIOS.find((entry) => entry.name === name) as Scenario;

async function graphql(url: string, query: string): Promise<unknown> {
  const response = await fetch(url, { method: 'POST', headers: HEADERS, body: JSON.stringify({ query }) });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`HTTP ${response.status}: ${text.slice(0, 200)}`);
  return JSON.parse(text) as unknown;
}

async function verify(url: string, name: Scenario['name'], when: string): Promise<void> {
  const problem = scenario(name).check(await graphql(url, scenario(name).query));
  if (problem) throw new Error(`${name} (${when}): ${problem}`);
}

interface Measured {
  latencies: number[];
  errors: number;
  seconds: number;
  firstError?: string | undefined;
}

/** One autocannon run; latencies of 2xx answers are collected here for p95 (autocannon reports p97.5). */
function cannon(url: string, query: string, seconds: number, connections: number): Promise<Measured> {
  return new Promise((resolve, reject) => {
    const latencies: number[] = [];
    const instance = autocannon(
      { url, method: 'POST', headers: HEADERS, body: JSON.stringify({ query }), connections, duration: seconds, timeout: 10 },
      (error: Error | null, result: autocannon.Result) => {
        if (error) return reject(error);
        const errors = result.non2xx + result.errors;
        resolve({
          latencies,
          errors,
          seconds: result.duration,
          firstError: errors ? `${result.non2xx} non-2xx, ${result.errors} transport errors` : undefined,
        });
      },
    );
    instance.on('response', (_client, status, _bytes, time) => {
      if (status >= 200 && status < 300) latencies.push(time);
    });
  });
}

/** Several gateways loaded at once (a group), each with its share of the connections, as one run. */
async function cannonAll(urls: string[], query: string, seconds: number, connections: number): Promise<Measured> {
  const runs = await Promise.all(
    urls.map((url, index) =>
      cannon(url, query, seconds, Math.floor(connections / urls.length) + (index < connections % urls.length ? 1 : 0)),
    ),
  );
  const errors = runs.reduce((total, run) => total + run.errors, 0);
  return {
    latencies: runs.flatMap((run) => run.latencies),
    errors,
    seconds: Math.max(...runs.map((run) => run.seconds)),
    firstError: runs.find((run) => run.firstError)?.firstError,
  };
}

/** The usage of a group's processes as one: CPU and heap summed, peak RSS the largest. */
function combined(usages: Usage[]): Usage | undefined {
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

class Bench {
  readonly simulators = Child.simulators();
  readonly gateways = new Map<GatewayVariant, { child: Child; info: GatewayInfo }>();
  readonly groups = new Map<GroupVariant, { child: Child; info: GatewayInfo }[]>();
  readonly redisPrefix = testPrefix().replace('ssogw-test-', 'ssogw-bench-');
  redis: Awaited<ReturnType<typeof sharedRedis>> | undefined;
  info!: SimulatorsInfo;
  direct!: Awaited<ReturnType<typeof directTargets>>;

  async start(): Promise<void> {
    await this.simulators.ready;
    this.info = await this.simulators.send<SimulatorsInfo>({ cmd: 'init' });
    for (const [variant, { env }] of Object.entries(GATEWAY_VARIANTS) as [GatewayVariant, { env: Record<string, string> }][]) {
      this.gateways.set(variant, await this.startGateway(env));
    }
    this.redis = await sharedRedis();
    const groups = (Object.entries(GROUP_VARIANTS) as [GroupVariant, (typeof GROUP_VARIANTS)[GroupVariant]][]).map(
      async ([variant, { size, redis }]) => {
        // Each Redis group has a prefix of its own: the one-gateway row must not find the three's cache warm.
        const shared: Record<string, string> =
          redis && this.redis
            ? { REDIS_URL: this.redis.url, REDIS_KEY_PREFIX: `${this.redisPrefix}${variant}:`, GATEWAY_REPLICAS: String(size) }
            : {};
        this.groups.set(variant, await Promise.all(Array.from({ length: size }, () => this.startGateway({ ...REPLICAS_ENV, ...shared }))));
      },
    );
    await Promise.all(groups);
    this.direct = await directTargets(this.info.env, CONNECTIONS);
  }

  async startGateway(env: Record<string, string>): Promise<{ child: Child; info: GatewayInfo }> {
    const child = Child.gateway(GATEWAY_NODE_FLAGS);
    await child.ready;
    const info = await child.send<GatewayInfo>({ cmd: 'init', env: { ...this.info.env, ...env } });
    return { child, info };
  }

  /** The gateways a variant's load goes to: one, or a group's. */
  targets(variant: Exclude<Variant, 'direct'>) {
    return variant in GROUP_VARIANTS ? (this.groups.get(variant as GroupVariant) ?? []) : [this.gateway(variant as GatewayVariant)];
  }

  gateway(variant: GatewayVariant) {
    const entry = this.gateways.get(variant);
    if (!entry) throw new Error(`no ${variant} gateway`);
    return entry;
  }

  /** The upstream calls one operation makes, from the simulators' request logs. */
  async probe(send: () => Promise<unknown>): Promise<string[]> {
    await this.simulators.send({ cmd: 'calls' });
    await send();
    const calls = await this.simulators.send<LoggedCall[]>({ cmd: 'calls' });
    return calls.map((call) => `${call.simulator} ${call.method} ${call.path}${call.query}`);
  }

  async run(step: Plan): Promise<Row> {
    const operation: DirectOperation | undefined =
      step.variant === 'direct' && step.scenario !== 'replicas' ? this.direct[step.scenario] : undefined;
    const gateways = step.variant === 'direct' ? [] : this.targets(step.variant);
    const urls = gateways.map((gateway) => gateway.info.graphqlUrl);
    for (const url of urls) await verify(url, step.scenario, 'before the run');
    if (!operation && urls.length === 0) throw new Error(`no gateway for ${step.variant}`);
    if (operation) await operation();
    const load = (seconds: number) =>
      operation ? runLoop(operation, step.connections, seconds) : cannonAll(urls, scenario(step.scenario).query, seconds, step.connections);
    if (WARMUP_SECONDS > 0) await load(WARMUP_SECONDS);
    await Promise.all([this.simulators.send({ cmd: 'begin' }), ...gateways.map((gateway) => gateway.child.send({ cmd: 'begin' }))]);
    const measured = await load(SECONDS);
    const [upstream, ...own] = await Promise.all([
      this.simulators.send<SimulatorsWindow>({ cmd: 'end' }),
      ...gateways.map((gateway) => gateway.child.send<Usage>({ cmd: 'end' })),
    ]);
    for (const url of urls) await verify(url, step.scenario, 'after the run');
    return row(step, measured, upstream as SimulatorsWindow, combined(own as Usage[]));
  }

  async close(): Promise<void> {
    await this.direct?.close();
    await Promise.all([...this.gateways.values(), ...[...this.groups.values()].flat()].map(({ child }) => child.close()));
    await this.simulators.close();
    if (this.redis) {
      await deleteKeys(this.redis.url, this.redisPrefix);
      await this.redis.close();
    }
  }
}

function roundedSummary(latencies: number[]): Row['latencyMs'] {
  const { p50, p95, p99, mean, max } = summarize(latencies);
  return { p50: round(p50), p95: round(p95), p99: round(p99), mean: round(mean), max: round(max) };
}

function row(step: Plan, measured: Measured, upstream: SimulatorsWindow, own: Usage | undefined): Row {
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
    latencyMs: roundedSummary(measured.latencies),
    upstreamCallsPerOperation: round(calls / operations, 2),
    upstreamCalls: upstream.upstreamCalls,
    gatewayCpuMsPerOperation: own ? round(own.cpuMs / operations, 3) : null,
    gatewayPeakRssMb: own ? mb(own.peakRssBytes) : null,
    gatewayHeapAfterGcMb: own ? mb(own.heapUsedAfterGcBytes) : null,
    gatewayRssAfterGcMb: own ? mb(own.rssAfterGcBytes) : null,
    simulatorsCpuMsPerOperation: round(upstream.cpuMs / operations, 3),
  };
}

function notes(seconds: number): string[] {
  const cores = availableParallelism();
  return [
    `Machine: ${cores} cores (${cpus()[0]?.model.trim() ?? 'unknown CPU'}), Node ${process.version}, ${process.platform}. ${SECONDS} s per run after ${WARMUP_SECONDS} s of warm-up, loopback HTTP, closed loop (each connection sends its next operation when the last one is answered). Whole bench: ${seconds.toFixed(0)} s.`,
    ...Object.entries(GATEWAY_VARIANTS).map(([name, { description }]) => `\`${name}\`: ${description}.`),
    '`direct`: the same upstream calls with undici alone (one keep-alive pool per origin, as many sockets as connections, bodies read and JSON-parsed, the Logto token fetched once beforehand), independent calls at once. No GraphQL, no validation, no auth: the floor.',
    "Every gateway and the direct loop are given STYTCH_ORGANIZATION_IDS (the simulator's organizations), except `discovery`, which searches Stytch's organizations first: one more round trip.",
    'The 1-connection rows measure one operation alone (the latency targets); the others measure throughput under load, where latency is mostly queueing.',
    'Latency percentiles are per operation as the client saw it (nearest rank over every 2xx answer); req/s counts completed operations.',
    "`upstream calls/op`: growth of the five simulators' request logs during the run over completed operations (calls still in flight at the end count, their operations do not). A `cached` row is below 1 when most reads are hits.",
    "`gateway CPU ms/op`: user + system CPU time of the gateway's process over the run, per completed operation. `gateway peak RSS MB`: its RSS sampled every 50 ms (after a full GC at the start of the run). The simulators and the load generator run in other processes.",
    "Simulator rate limits (Vantage 1,000 an hour, DatoCMS 60 per 3 s) are lifted for the load, and so are the gateways' own upstream budgets (`<PROVIDER>_RATE_LIMIT=off`).",
    ...Object.entries(GROUP_VARIANTS).map(([name, { description }]) => `\`${name}\`: ${description}.`),
    `replicas: the fanout operation at ${REPLICAS_LATENCY} ms upstream latency with GATEWAY_CACHE_TTL_MS=1000, through one and three gateways, with and without Redis, the ${CONNECTIONS} connections split evenly over a group's gateways. Upstream calls/op shows who refills the cache how often.`,
    `A group's CPU ms/op is the sum over its processes, its peak RSS the largest of them. Redis: the machine's on 127.0.0.1:6379 when it answers (a private redis-server otherwise), keys under a prefix of this run, deleted at the end.`,
    `nplus1: Logto holds exactly ${NPLUS1_ITEMS} connectors (seeded in the simulator after the other scenarios ran, so fanout lists the 7 demo connectors).`,
  ];
}

/** `npm run build`: the gateway processes run the compiled gateway, as production does. */
function build(): void {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: new URL('..', import.meta.url), stdio: 'inherit' });
}

async function main(): Promise<number> {
  const startedAt = performance.now();
  process.stderr.write('bench: compiling the gateway (npm run build)\n');
  build();
  const bench = new Bench();
  const rows: Row[] = [];
  const problems: string[] = [];
  const probes: Record<string, string[]> = {};
  try {
    await bench.start();
    const { before, nplus1 } = plan();
    const attempt = async (step: Plan) => {
      try {
        rows.push(await bench.run(step));
      } catch (error) {
        problems.push(`${step.scenario}/${step.variant} @${step.latency} ms: ${error instanceof Error ? error.message : String(error)}`);
      }
    };
    const probeAll = async (names: Exclude<Scenario['name'], 'replicas'>[]) => {
      for (const name of names) {
        for (const variant of Object.keys(GATEWAY_VARIANTS) as GatewayVariant[]) {
          probes[`${name} ${variant}`] = await bench.probe(() => graphql(bench.gateway(variant).info.graphqlUrl, scenario(name).query));
        }
        probes[`${name} direct`] = await bench.probe(bench.direct[name]);
      }
    };
    const runAll = async (steps: Plan[]) => {
      let latency: number | undefined;
      for (const step of steps) {
        if (step.latency !== latency) {
          latency = step.latency;
          await bench.simulators.send({ cmd: 'latency', ms: latency });
        }
        process.stderr.write(`bench: ${step.scenario} ${step.variant} @${step.latency} ms, ${step.connections} connection(s)\n`);
        await attempt(step);
      }
    };

    await probeAll(['single', 'fanout', 'mutation']);
    await runAll(before);
    await bench.simulators.send({ cmd: 'latency', ms: 0 });
    await bench.simulators.send({ cmd: 'seed-logto', connectors: NPLUS1_ITEMS });
    await probeAll(['nplus1']);
    await runAll(nplus1);

    rows.sort(
      (a, b) =>
        a.upstreamLatencyMs - b.upstreamLatencyMs ||
        a.connections - b.connections ||
        SCENARIOS.findIndex((s) => s.name === a.scenario) - SCENARIOS.findIndex((s) => s.name === b.scenario),
    );
    const seconds = (performance.now() - startedAt) / 1000;
    const targets = checkTargets(rows, CONNECTIONS);
    const runNotes = [...notes(seconds), ...problems.map((problem) => `**Problem**: ${problem}`)];
    const md = markdown(rows, targets, runNotes);
    await mkdir(RESULTS, { recursive: true });
    const json = {
      generatedAt: new Date().toISOString(),
      machine: { cores: availableParallelism(), cpu: cpus()[0]?.model.trim(), node: process.version, platform: process.platform },
      settings: { upstreamLatenciesMs: LATENCIES, secondsPerRun: SECONDS, warmupSeconds: WARMUP_SECONDS, connections: CONNECTIONS },
      variants: GATEWAY_VARIANTS,
      runtimeSeconds: round(seconds, 1),
      upstreamCallsOfOneOperation: probes,
      targets,
      problems,
      rows,
      notes: runNotes,
    };
    await writeFile(new URL('latest.json', RESULTS), `${JSON.stringify(json, null, 2)}\n`);
    await writeFile(new URL('latest.md', RESULTS), md);
    console.log(md);
    console.log(`bench: ${seconds.toFixed(1)} s; wrote bench/results/latest.json and bench/results/latest.md`);
    return problems.length > 0 ? 1 : 0;
  } finally {
    await bench.close();
  }
}

// Whatever hangs, the process ends: the cap follows the configured work, plus a margin.
const { before, nplus1 } = plan();
const EXPECTED_SECONDS = (before.length + nplus1.length) * (SECONDS + WARMUP_SECONDS + 1) + 30;
setTimeout(
  () => {
    console.error(`bench: still running after ${EXPECTED_SECONDS + 60} s; exiting`);
    process.exit(2);
  },
  (EXPECTED_SECONDS + 60) * 1000,
).unref();

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
