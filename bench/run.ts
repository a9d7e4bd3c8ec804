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
import { Bench } from './bench.ts';
import { graphql } from './load.ts';
import { notes } from './notes.ts';
import { type Plan, plan } from './plan.ts';
import { checkTargets, markdown, type Row } from './report.ts';
import { round } from './rows.ts';
import { NPLUS1_ITEMS, SCENARIOS, type Scenario, scenario } from './scenarios.ts';
import { CONNECTIONS, LATENCIES, SECONDS, WARMUP_SECONDS } from './settings.ts';
import { GATEWAY_VARIANTS, type GatewayVariant } from './variants.ts';

const RESULTS = new URL('./results/', import.meta.url);

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
