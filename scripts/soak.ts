/**
 * Soak test: the gateway under steady load while its upstreams misbehave. Starts every provider's
 * simulator and a live-mode gateway on loopback, sends GraphQL reads and writes over HTTP from a
 * pool of workers while a chaos loop injects faults, then prints a Markdown report.
 *
 *   npm run soak                                   # 3000 requests, 24 workers, at most 90 s
 *   npm run soak -- --requests=400 --concurrency=64 --max-seconds=30
 *   SOAK_REQUESTS=400 node --expose-gc --import tsx scripts/soak.ts   # heap measured after a GC
 *
 * Exits 1 when a must-be-zero counter is not zero: crashes (HTTP status other than 200, a body
 * that is not JSON, a fetch failure or no answer in 7 s, an INTERNAL code or "Unexpected error."),
 * duplicated writes (one write's marker in two upstream write requests) or operations that took
 * longer than the gateway's deadline plus 1 s. Exits 2 if it is still running 30 s past its cap.
 */
import { loadConfig } from '../src/config/gateway.ts';
import { providers } from '../src/providers/index.ts';
import type { SimulatorServer } from '../src/sandbox/simulator-kit.ts';
import { createGateway } from '../src/server.ts';
import { chaos } from './soak/chaos.ts';
import { send } from './soak/client.ts';
import { randomOperation } from './soak/operations.ts';
import { report, type Summary } from './soak/report.ts';
import { CONCURRENCY, ENV, MAX_SECONDS, REQUESTS } from './soak/settings.ts';
import { auditWrite, logger, loopDelay, record, stats } from './soak/tally.ts';
import { duplicatedWrites, upstreamRows } from './soak/upstream-logs.ts';

async function worker(url: string, endAt: number): Promise<void> {
  while (stats.sent < REQUESTS && performance.now() < endAt) {
    stats.sent += 1;
    const operation = randomOperation(stats.sent);
    record(operation, await send(url, operation));
  }
}

/** Runs the workers and the chaos loop against a started stack; the report's numbers. */
async function soak(url: string, simulators: SimulatorServer[]): Promise<Summary> {
  const before = process.memoryUsage();
  loopDelay.enable();
  const startedAt = performance.now();
  let finished = false;
  const chaosDone = chaos(simulators, () => finished);
  await Promise.all(Array.from({ length: CONCURRENCY }, () => worker(url, startedAt + MAX_SECONDS * 1000)));
  finished = true;
  await chaosDone;
  loopDelay.disable();
  const seconds = (performance.now() - startedAt) / 1000;
  const summary = { seconds, ...duplicatedWrites(simulators), upstream: upstreamRows(simulators) };
  // The simulators' request logs are the harness's memory, not the gateway's: dropped before measuring.
  for (const simulator of simulators) simulator.resetLog();
  globalThis.gc?.();
  return { ...summary, before, after: process.memoryUsage() };
}

async function main(): Promise<number> {
  const started = await Promise.all(providers.map((module) => module.sandbox()));
  const simulators = started.map((entry) => entry.server);
  const env = { ...Object.fromEntries(started.flatMap((entry) => Object.entries(entry.env))), ...ENV };
  try {
    const gateway = await createGateway(loadConfig(env, providers), { logger, auditWrite });
    try {
      const summary = await soak(`${await gateway.listen(0, '127.0.0.1')}/graphql`, simulators);
      console.log(report(summary));
      return stats.crashes.length + summary.duplicates.length + stats.overDeadline.length > 0 ? 1 : 0;
    } finally {
      await gateway.close();
    }
  } finally {
    await Promise.all(simulators.map((simulator) => simulator.close()));
  }
}

// Armed first and unref'd: whatever hangs (a start, a close), the process ends past this bound.
setTimeout(
  () => {
    console.error('soak: still running past the wall-clock cap; exiting');
    process.exit(2);
  },
  (MAX_SECONDS + 30) * 1000,
).unref();

main()
  .then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  )
  // Everything is closed by now; a handle left open must not keep the process alive.
  .finally(() => setTimeout(() => process.exit(), 5_000).unref());
