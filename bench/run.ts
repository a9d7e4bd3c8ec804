/**
 * `npm run bench`: the gateway under load over loopback HTTP, against the five provider simulators
 * at a configurable upstream latency (default 0 and 25 ms). Scenarios `single`, `fanout`, `dedup`,
 * `mutation` and `nplus1` are sent through four gateways that differ in one setting each, through
 * three peers (Apollo Server, the same schema on bare Yoga, GraphQL Mesh; bench/peers/), and made `direct` (the same upstream calls
 * with undici alone). Writes bench/results/latest.json and latest.md and prints the table and the
 * targets.
 *
 *   npm run bench
 *   npm run bench -- --scenarios single,dedup --variants gateway,apollo,yoga,mesh
 *   BENCH_LATENCIES=0,25,100 BENCH_SECONDS=10 BENCH_CONNECTIONS=10 npm run bench
 *
 * Processes: this one generates the load (autocannon, the direct loop); the simulators run in one
 * child process, each gateway variant in another, so every CPU and RSS figure is one program's.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { availableParallelism, cpus } from 'node:os';
import { Bench } from './bench.ts';
import { graphql } from './load.ts';
import { notes } from './notes.ts';
import { PEER_GAPS, PEERS, type PeerVariant } from './peers/documents.ts';
import { type Plan, plan, variantsOf } from './plan.ts';
import { checkTargets, markdown, type Row } from './report.ts';
import { round } from './rows.ts';
import { NPLUS1_ITEMS, SCENARIOS, type Scenario, scenario } from './scenarios.ts';
import { CONNECTIONS, LATENCIES, REPLICAS_RATE, SECONDS, WARMUP_SECONDS } from './settings.ts';
import { type Footprint, issueTargets } from './targets.ts';
import { GATEWAY_VARIANTS } from './variants.ts';

const RESULTS = new URL('./results/', import.meta.url);
const OPENAPI_DIR = new URL('./peers/mesh/openapi', import.meta.url).pathname;
/** How long the processes rest after start before the idle footprint is taken. */
const IDLE_WAIT_MS = 3000;

/** `npm run build`: the gateway processes run the compiled gateway, as production does; the peers are compiled likewise. */
function build(): void {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  for (const project of ['tsconfig.build.json', 'bench/tsconfig.peers.json'])
    execFileSync(process.execPath, [tsc, '-p', project], { cwd: new URL('..', import.meta.url), stdio: 'inherit' });
}

async function main(): Promise<number> {
  const startedAt = performance.now();
  process.stderr.write('bench: compiling the gateway (npm run build)\n');
  build();
  watchdog();
  const bench = new Bench();
  const rows: Row[] = [];
  const problems: string[] = [];
  const probes: Record<string, string[]> = {};
  try {
    const { before, nplus1 } = plan();
    if (before.length + nplus1.length === 0) throw new Error('no run matches --scenarios / --variants');
    await bench.start(variantsOf([...before, ...nplus1]), OPENAPI_DIR);
    const footprint = await restingFootprint(bench);
    const attempt = async (step: Plan) => {
      try {
        rows.push(await bench.run(step));
      } catch (error) {
        problems.push(`${step.scenario}/${step.variant} @${step.latency} ms: ${error instanceof Error ? error.message : String(error)}`);
      }
    };
    const probeAll = async (names: Exclude<Scenario['name'], 'replicas'>[]) => {
      for (const name of names) {
        for (const variant of bench.gateways.keys()) {
          probes[`${name} ${variant}`] = await bench.probe(() => graphql(bench.gateway(variant).info.graphqlUrl, scenario(name).query));
        }
        for (const [peer, { info }] of bench.peers)
          if (!PEER_GAPS[peer][name])
            probes[`${name} ${peer}`] = await bench.probe(() => graphql(info.graphqlUrl, bench.document(peer, name).query));
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

    await probeAll(['single', 'fanout', 'dedup', 'mutation']);
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
    const targets = [...checkTargets(rows, CONNECTIONS), ...issueTargets(rows, CONNECTIONS, footprint)];
    const runNotes = [...notes(seconds), ...problems.map((problem) => `**Problem**: ${problem}`)];
    const md = markdown(rows, targets, runNotes);
    await mkdir(RESULTS, { recursive: true });
    const json = {
      generatedAt: new Date().toISOString(),
      machine: { cores: availableParallelism(), cpu: cpus()[0]?.model.trim(), node: process.version, platform: process.platform },
      settings: {
        upstreamLatenciesMs: LATENCIES,
        secondsPerRun: SECONDS,
        warmupSeconds: WARMUP_SECONDS,
        connections: CONNECTIONS,
        replicasRate: REPLICAS_RATE,
      },
      variants: GATEWAY_VARIANTS,
      peers: PEERS,
      footprint,
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

/** Idle RSS of the live gateway (and of each peer started) once they have rested a few seconds. */
async function restingFootprint(bench: Bench): Promise<Footprint> {
  await new Promise((resolve) => setTimeout(resolve, IDLE_WAIT_MS));
  const mb = (bytes: number) => round(bytes / 1024 / 1024, 1);
  const peersIdleRssMb: Footprint['peersIdleRssMb'] = {};
  for (const peer of bench.peers.keys()) peersIdleRssMb[peer as PeerVariant] = mb((await bench.idle(peer)).rssBytes);
  return { idleRssMb: mb((await bench.idle('gateway')).rssBytes), peersIdleRssMb };
}

/**
 * Whatever hangs, the process ends: the cap follows the configured work (each run's checks, probes
 * and collections included), plus a margin for starting the processes. Set once compiling is done.
 */
function watchdog(): void {
  const { before, nplus1 } = plan();
  const seconds = (before.length + nplus1.length) * (SECONDS + WARMUP_SECONDS + 3) + 120;
  setTimeout(() => {
    console.error(`bench: still running after ${seconds} s; exiting`);
    process.exit(2);
  }, seconds * 1000).unref();
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
