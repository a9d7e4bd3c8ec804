/**
 * The five provider simulators, in a process of their own, with a settable latency. Counts the
 * upstream calls of each measured window from the simulators' request logs, which are drained
 * often so they cannot grow without bound under load.
 */
import { providers } from '../src/providers/index.ts';
import type { LogtoSimulator } from '../src/providers/logto/sandbox/simulator.ts';
import type { StytchSimulator } from '../src/providers/stytch/sandbox/simulator.ts';
import type { SimulatorServer } from '../src/sandbox/simulator-kit.ts';
import type { Command, LoggedCall, SimulatorsInfo, SimulatorsWindow } from './protocol.ts';
import { beginWindow, endWindow, serveCommands } from './usage.ts';

let simulators: SimulatorServer[] = [];
const drained = new Map<string, number>();
/** While a probe runs, the log is kept so `calls` can list it. */
let keepLog = false;

function drain(): void {
  for (const simulator of simulators) {
    drained.set(simulator.name, (drained.get(simulator.name) ?? 0) + simulator.requests.length);
    simulator.resetLog();
  }
}

setInterval(() => {
  if (!keepLog) drain();
}, 100).unref();

async function init(): Promise<SimulatorsInfo> {
  const started = await Promise.all(providers.map((module) => module.sandbox()));
  simulators = started.map((entry) => entry.server);
  for (const simulator of simulators) {
    // The simulators enforce the providers' documented budgets (Vantage 1,000 an hour, DatoCMS 60
    // per 3 s); a benchmark sends far more in seconds, so those budgets are lifted here.
    const state = (simulator as { state?: { rateLimit?: { limit: number } } }).state;
    if (state?.rateLimit) state.rateLimit.limit = Number.MAX_SAFE_INTEGER;
  }
  const env = Object.fromEntries(started.flatMap((entry) => Object.entries(entry.env)));
  // The organizations the gateways cover, so that they (and the direct loop) need no search first.
  const stytch = simulators.find((simulator) => simulator.name === 'stytch') as StytchSimulator | undefined;
  env.STYTCH_ORGANIZATION_IDS = [...(stytch?.state.organizations.keys() ?? [])].join(',');
  return { env, simulators: simulators.map((simulator) => simulator.name) };
}

/** Makes Logto hold exactly `count` connectors. */
function seedLogto(count: number): void {
  const logto = simulators.find((simulator) => simulator.name === 'logto') as LogtoSimulator | undefined;
  if (!logto) throw new Error('no Logto simulator');
  logto.seedConnectors(count);
}

function end(): SimulatorsWindow {
  drain();
  const usage = endWindow();
  return { ...usage, upstreamCalls: Object.fromEntries(simulators.map((simulator) => [simulator.name, drained.get(simulator.name) ?? 0])) };
}

/** The calls logged since the last `calls` (the log is kept between the two), for the probe. */
function calls(): LoggedCall[] {
  const list = keepLog
    ? simulators.flatMap((simulator) =>
        simulator.requests.map((entry) => ({ simulator: simulator.name, method: entry.method, path: entry.path, query: entry.query })),
      )
    : [];
  drain();
  keepLog = true;
  return list;
}

async function handle(command: Command): Promise<unknown> {
  switch (command.cmd) {
    case 'init':
      return init();
    case 'latency':
      for (const simulator of simulators) simulator.latencyMs = command.ms;
      return undefined;
    case 'seed-logto':
      return seedLogto(command.connectors);
    case 'begin':
      keepLog = false;
      drain();
      drained.clear();
      return beginWindow();
    case 'end':
      return end();
    case 'calls':
      return calls();
    case 'idle':
      throw new Error('the simulators are not measured at rest');
    case 'close':
      await Promise.all(simulators.map((simulator) => simulator.close()));
      setTimeout(() => process.exit(0), 100).unref();
      return undefined;
  }
}

serveCommands(handle);
