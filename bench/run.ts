/**
 * `npm run bench`: the gateway under load over loopback HTTP, against the five provider simulators
 * with a configurable upstream latency. Scenarios `single`, `fanout`, `mutation`, `nplus1` are sent
 * through the gateway with autocannon; `single` and `fanout` are also measured `direct` (the same
 * upstream calls with undici alone). Writes bench/results/latest.json and latest.md and prints the table.
 *
 *   npm run bench
 *   BENCH_LATENCIES=0,25,100 BENCH_SECONDS=10 BENCH_CONNECTIONS=10 npm run bench
 *
 * The gateway and simulators run in a child process (bench/stack-process.ts); autocannon and the
 * direct loop run here, so the CPU time and RSS measured there are not the load generator's.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { availableParallelism, cpus } from 'node:os';
import autocannon from 'autocannon';
import { directTargets, type DirectOperation, runLoop } from './direct.ts';
import type { LoggedCall, StackInfo, Window } from './protocol.ts';
import { get, NPLUS1_ITEMS, type Scenario, SCENARIOS } from './scenarios.ts';
import { Stack } from './stack-client.ts';
import { type LatencySummary, summarize } from './stats.ts';

function numbers(name: string, fallback: string): number[] {
  const list = (process.env[name] ?? fallback).split(',').map((item) => Number(item.trim()));
  if (list.length === 0 || list.some((value) => !Number.isFinite(value) || value < 0)) throw new Error(`${name} must be a comma list of non-negative numbers`);
  return list;
}
const LATENCIES = numbers('BENCH_LATENCIES', '0,25');
const [SECONDS = 5] = numbers('BENCH_SECONDS', '5');
const [WARMUP_SECONDS = 1] = numbers('BENCH_WARMUP_SECONDS', '1');
const [CONNECTIONS = 10] = numbers('BENCH_CONNECTIONS', '10');
const RESULTS = new URL('./results/', import.meta.url);
/** Runs per latency: 4 gateway scenarios and 2 direct baselines, each warmed up first. */
const RUNS_PER_LATENCY = SCENARIOS.length + 2;
const EXPECTED_SECONDS = LATENCIES.length * RUNS_PER_LATENCY * (SECONDS + WARMUP_SECONDS) + 20;
const HEADERS = { 'content-type': 'application/json', accept: 'application/graphql-response+json' };

interface Row {
  scenario: Scenario['name'];
  variant: 'gateway' | 'direct';
  upstreamLatencyMs: number;
  connections: number;
  seconds: number;
  operations: number;
  errors: number;
  firstError?: string | undefined;
  requestsPerSecond: number;
  latencyMs: LatencySummary;
  upstreamCallsPerOperation: number;
  upstreamCalls: Record<string, number>;
  /** Stack process (gateway + simulators) CPU time, user + system, per completed operation. */
  cpuMsPerOperation: number;
  peakRssMb: number;
}

const round = (value: number, digits = 2) => (Number.isFinite(value) ? Number(value.toFixed(digits)) : value);
const mb = (bytes: number) => round(bytes / 1024 / 1024, 1);

async function graphql(url: string, query: string): Promise<unknown> {
  const response = await fetch(url, { method: 'POST', headers: HEADERS, body: JSON.stringify({ query }) });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`HTTP ${response.status}: ${text.slice(0, 200)}`);
  return JSON.parse(text) as unknown;
}

async function verify(url: string, scenario: Scenario, when: string): Promise<void> {
  const problem = scenario.check(await graphql(url, scenario.query));
  if (problem) throw new Error(`${scenario.name} (${when}): ${problem}`);
}

/** One autocannon run; latencies of 2xx answers are collected here for p95 (autocannon reports p97.5). */
function cannon(url: string, query: string, seconds: number): Promise<{ result: autocannon.Result; latencies: number[] }> {
  return new Promise((resolve, reject) => {
    const latencies: number[] = [];
    const instance = autocannon(
      { url, method: 'POST', headers: HEADERS, body: JSON.stringify({ query }), connections: CONNECTIONS, duration: seconds, timeout: 10 },
      (error: Error | null, result: autocannon.Result) => (error ? reject(error) : resolve({ result, latencies })),
    );
    instance.on('response', (_client, status, _bytes, time) => {
      if (status >= 200 && status < 300) latencies.push(time);
    });
  });
}

function row(scenario: Scenario['name'], variant: Row['variant'], latency: number, measured: { latencies: number[]; errors: number; seconds: number; firstError?: string | undefined }, window: Window): Row {
  const operations = measured.latencies.length;
  const calls = Object.values(window.upstreamCalls).reduce((total, count) => total + count, 0);
  return {
    scenario,
    variant,
    upstreamLatencyMs: latency,
    connections: CONNECTIONS,
    seconds: round(measured.seconds, 2),
    operations,
    errors: measured.errors,
    ...(measured.firstError ? { firstError: measured.firstError } : {}),
    requestsPerSecond: round(operations / measured.seconds, 1),
    latencyMs: Object.fromEntries(Object.entries(summarize(measured.latencies)).map(([key, value]) => [key, round(value)])) as unknown as LatencySummary,
    upstreamCallsPerOperation: round(calls / operations, 2),
    upstreamCalls: window.upstreamCalls,
    cpuMsPerOperation: round((window.cpuUserMs + window.cpuSystemMs) / operations, 3),
    peakRssMb: mb(window.peakRssBytes),
  };
}

async function throughGateway(stack: Stack, info: StackInfo, scenario: Scenario, latency: number): Promise<Row> {
  await verify(info.graphqlUrl, scenario, 'before the run');
  if (WARMUP_SECONDS > 0) await cannon(info.graphqlUrl, scenario.query, WARMUP_SECONDS);
  await stack.begin();
  const { result, latencies } = await cannon(info.graphqlUrl, scenario.query, SECONDS);
  const window = await stack.end();
  await verify(info.graphqlUrl, scenario, 'after the run');
  const errors = result.non2xx + result.errors;
  return row(scenario.name, 'gateway', latency, { latencies, errors, seconds: result.duration, firstError: errors ? `${result.non2xx} non-2xx, ${result.errors} transport errors` : undefined }, window);
}

async function direct(stack: Stack, name: Scenario['name'], operation: DirectOperation, latency: number): Promise<Row> {
  await operation();
  if (WARMUP_SECONDS > 0) await runLoop(operation, CONNECTIONS, WARMUP_SECONDS);
  await stack.begin();
  const measured = await runLoop(operation, CONNECTIONS, SECONDS);
  const window = await stack.end();
  return row(name, 'direct', latency, measured, window);
}

/** Creates Logto connectors through the gateway until the first page of 100 is full. */
async function seedLogto(url: string): Promise<number> {
  const listed = get(await graphql(url, `{ logtoSsoConnectors(first: ${NPLUS1_ITEMS}) { edges { node { connectorId } } } }`), 'data', 'logtoSsoConnectors', 'edges');
  const missing = NPLUS1_ITEMS - (Array.isArray(listed) ? listed.length : 0);
  for (let index = 0; index < missing; index += 1) {
    const body = await graphql(url, `mutation { createLogtoSsoConnector(input: { connectorName: "bench-connector-${index}", providerName: "SAML", domains: ["bench${index}.example"] }) { __typename } }`);
    const typename = get(body, 'data', 'createLogtoSsoConnector', '__typename');
    if (typename !== 'CreateLogtoSsoConnectorPayload') throw new Error(`seeding Logto connectors: ${JSON.stringify(body).slice(0, 300)}`);
  }
  return Math.max(0, missing);
}

/** The upstream calls one operation makes, from the simulators' request logs (recorded in the JSON). */
async function probe(stack: Stack, send: () => Promise<unknown>): Promise<string[]> {
  await stack.calls();
  await send();
  const calls: LoggedCall[] = await stack.calls();
  return calls.map((call) => `${call.simulator} ${call.method} ${call.path}${call.query}`);
}

const TABLE_HEAD = ['upstream latency', 'scenario', 'variant', 'ops', 'req/s', 'p50 ms', 'p95 ms', 'p99 ms', 'upstream calls/op', 'stack CPU ms/op', 'peak RSS MB', 'errors'];

function markdown(rows: Row[], notes: string[]): string {
  const line = (cells: (string | number)[]) => `| ${cells.join(' | ')} |`;
  const table = [
    line(TABLE_HEAD),
    line(TABLE_HEAD.map(() => '---')),
    ...rows.map((r) =>
      line([`${r.upstreamLatencyMs} ms`, r.scenario, r.variant, r.operations, r.requestsPerSecond, r.latencyMs.p50, r.latencyMs.p95, r.latencyMs.p99, r.upstreamCallsPerOperation, r.cpuMsPerOperation, r.peakRssMb, r.errors]),
    ),
  ];
  return ['# Benchmark', '', ...table, '', ...notes.map((note) => `- ${note}`), ''].join('\n');
}

async function main(): Promise<number> {
  const startedAt = performance.now();
  const stack = new Stack();
  const rows: Row[] = [];
  const problems: string[] = [];
  const probes: Record<string, string[]> = {};
  let seeded = 0;
  try {
    await stack.ready;
    const info = await stack.init();
    const targets = await directTargets(info.env, CONNECTIONS);
    const byName = (name: Scenario['name']) => SCENARIOS.find((scenario) => scenario.name === name) as Scenario;
    try {
      const attempt = async (label: string, run: () => Promise<Row>) => {
        try {
          rows.push(await run());
        } catch (error) {
          problems.push(`${label}: ${error instanceof Error ? error.message : String(error)}`);
        }
      };
      for (const name of ['single', 'fanout', 'mutation'] as const) probes[name] = await probe(stack, () => graphql(info.graphqlUrl, byName(name).query));
      probes['direct single'] = await probe(stack, targets.single);
      probes['direct fanout'] = await probe(stack, targets.fanout);
      // single, fanout and mutation first at every latency: nplus1's 100 connectors would change
      // what fanout lists (Logto's part of ssoConnections).
      for (const latency of LATENCIES) {
        await stack.latency(latency);
        process.stderr.write(`bench: upstream latency ${latency} ms: single, fanout, mutation\n`);
        await attempt(`direct single @${latency}`, () => direct(stack, 'single', targets.single, latency));
        await attempt(`single @${latency}`, () => throughGateway(stack, info, byName('single'), latency));
        await attempt(`direct fanout @${latency}`, () => direct(stack, 'fanout', targets.fanout, latency));
        await attempt(`fanout @${latency}`, () => throughGateway(stack, info, byName('fanout'), latency));
        await attempt(`mutation @${latency}`, () => throughGateway(stack, info, byName('mutation'), latency));
      }
      await stack.latency(0);
      seeded = await seedLogto(info.graphqlUrl);
      probes.nplus1 = await probe(stack, () => graphql(info.graphqlUrl, byName('nplus1').query));
      for (const latency of LATENCIES) {
        await stack.latency(latency);
        process.stderr.write(`bench: upstream latency ${latency} ms: nplus1\n`);
        await attempt(`nplus1 @${latency}`, () => throughGateway(stack, info, byName('nplus1'), latency));
      }
    } finally {
      await targets.close();
    }
    rows.sort((a, b) => a.upstreamLatencyMs - b.upstreamLatencyMs || SCENARIOS.findIndex((s) => s.name === a.scenario) - SCENARIOS.findIndex((s) => s.name === b.scenario) || a.variant.localeCompare(b.variant));
    const cores = availableParallelism();
    const notes = [
      'TODO: the **naive** baseline (the gateway with batching and caching turned off through a switch) is not built yet; it needs the gateway switch from issue #5.',
      `Machine: ${cores} cores (${cpus()[0]?.model.trim() ?? 'unknown CPU'}), Node ${process.version}, ${process.platform}. Load: ${CONNECTIONS} connections (closed loop), ${SECONDS} s per run after ${WARMUP_SECONDS} s of warm-up, loopback HTTP.`,
      'Latency percentiles are per operation as the client saw it (nearest rank over every 2xx answer); req/s counts completed operations.',
      '`upstream calls/op`: growth of all five simulators\' request logs during the run divided by completed operations (calls still in flight at the end count, their operations do not).',
      '`stack CPU ms/op` and `peak RSS MB` are of the stack process: the gateway **and the five simulators**, which share it. The load generator (autocannon, the direct loop) runs in a separate process and is not counted. In `direct` rows the gateway is idle, so that CPU is the simulators\' share for the same upstream calls; the difference between a gateway row and its direct row approximates the gateway\'s own cost. Nothing else is subtracted.',
      'Peak RSS: `process.memoryUsage().rss` of the stack process sampled every 100 ms during the run.',
      `Direct: undici alone, one keep-alive pool of ${CONNECTIONS} sockets per upstream origin (the gateway's default GATEWAY_UPSTREAM_CONCURRENCY is 10 as well), bodies read and JSON-parsed, the Logto token fetched once beforehand. Fanout makes the gateway's calls: Stytch's organization search, then one GET per organization, so at 25 ms it is two round trips and Stytch's pool queues in both variants.`,
      'Simulator rate limits (Vantage 1,000 an hour, DatoCMS 60 per 3 s) are lifted for the load, through each simulator\'s state.',
      `nplus1: ${NPLUS1_ITEMS} Logto connectors (${seeded} created through createLogtoSsoConnector before the run).`,
      ...problems.map((problem) => `**Problem**: ${problem}`),
    ];
    const md = markdown(rows, notes);
    const seconds = (performance.now() - startedAt) / 1000;
    await mkdir(RESULTS, { recursive: true });
    const json = {
      generatedAt: new Date().toISOString(),
      machine: { cores, cpu: cpus()[0]?.model.trim(), node: process.version, platform: process.platform },
      settings: { upstreamLatenciesMs: LATENCIES, secondsPerRun: SECONDS, warmupSeconds: WARMUP_SECONDS, connections: CONNECTIONS },
      runtimeSeconds: round(seconds, 1),
      nplus1: { items: NPLUS1_ITEMS, seededConnectors: seeded },
      upstreamCallsOfOneOperation: probes,
      problems,
      rows,
      notes,
    };
    await writeFile(new URL('latest.json', RESULTS), `${JSON.stringify(json, null, 2)}\n`);
    await writeFile(new URL('latest.md', RESULTS), md);
    console.log(md);
    console.log(`bench: ${seconds.toFixed(1)} s; wrote bench/results/latest.json and bench/results/latest.md`);
    return problems.length > 0 ? 1 : 0;
  } finally {
    await stack.close();
  }
}

// Whatever hangs, the process ends: the cap follows the configured work, plus a margin.
setTimeout(() => {
  console.error(`bench: still running after ${EXPECTED_SECONDS + 60} s; exiting`);
  process.exit(2);
}, (EXPECTED_SECONDS + 60) * 1000).unref();

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
