/**
 * The process under test: every provider simulator and a live-mode gateway on loopback, as
 * scripts/soak.ts starts them, driven over IPC by bench/run.ts so that the load generator's CPU
 * and memory are not counted here. Simulators share this process with the gateway: CPU time and
 * RSS measured here include theirs.
 */
import type { Command, LoggedCall, Reply, Request, StackInfo, Window } from './protocol.ts';


const { loadConfig } = await import('../src/config.ts');
const { providers } = await import('../src/providers/index.ts');
const { createGateway } = await import('../src/server.ts');
const { createLogger } = await import('../src/logger.ts');
type SimulatorServer = import('../src/simulator-kit.ts').SimulatorServer;

const ENV: Record<string, string> = {
  SSO_GATEWAY_MODE: 'live',
  GATEWAY_AUTH_MODE: 'none',
  GATEWAY_WRITE_RATE_LIMIT: '1000000/1m',
  GATEWAY_SHUTDOWN_TIMEOUT_MS: '3000',
};

let simulators: SimulatorServer[] = [];
let gateway: ReturnType<typeof createGateway> | undefined;

/** Request-log entries moved out of the simulators' logs (which would grow without bound) since `begin`. */
const drained = new Map<string, number>();
let keepLog = false;
let peakRss = 0;
let windowStart: { cpu: NodeJS.CpuUsage; at: number } | undefined;

function drain(): void {
  for (const simulator of simulators) {
    drained.set(simulator.name, (drained.get(simulator.name) ?? 0) + simulator.requests.length);
    simulator.resetLog();
  }
}

const sampler = setInterval(() => {
  if (!keepLog) drain();
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 100);

async function init(): Promise<StackInfo> {
  const started = await Promise.all(providers.map((module) => module.startSimulator()));
  simulators = started.map((entry) => entry.server);
  for (const simulator of simulators) {
    // The simulators enforce the providers' documented budgets (Vantage 1,000 an hour, DatoCMS 60
    // per 3 s); a benchmark sends far more in seconds, so those budgets are lifted here.
    const state = (simulator as { state?: { rateLimit?: { limit: number } } }).state;
    if (state?.rateLimit) state.rateLimit.limit = Number.MAX_SAFE_INTEGER;
  }
  const env = Object.fromEntries(started.flatMap((entry) => Object.entries(entry.env)));
  gateway = createGateway(loadConfig({ ...env, ...ENV }), { logger: createLogger({ level: 'silent' }), auditWrite: () => undefined });
  const url = await gateway.listen(0, '127.0.0.1');
  return {
    graphqlUrl: `${url}/graphql`,
    env,
    simulators: simulators.map((simulator) => simulator.name),
  };
}

function begin(): void {
  drain();
  drained.clear();
  globalThis.gc?.();
  peakRss = process.memoryUsage().rss;
  windowStart = { cpu: process.cpuUsage(), at: performance.now() };
}

function end(): Window {
  if (!windowStart) throw new Error('end without begin');
  const cpu = process.cpuUsage(windowStart.cpu);
  const wallMs = performance.now() - windowStart.at;
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  drain();
  return {
    cpuUserMs: cpu.user / 1000,
    cpuSystemMs: cpu.system / 1000,
    upstreamCalls: Object.fromEntries(simulators.map((simulator) => [simulator.name, drained.get(simulator.name) ?? 0])),
    peakRssBytes: peakRss,
    wallMs,
  };
}

/** The calls logged since the last `calls` (the log is kept between the two), for the probe. */
function calls(): LoggedCall[] {
  const list = simulators.flatMap((simulator) =>
    simulator.requests.map((entry) => ({ simulator: simulator.name, method: entry.method, path: entry.path, query: entry.query })),
  );
  for (const simulator of simulators) simulator.resetLog();
  return list;
}

async function handle(command: Command): Promise<unknown> {
  switch (command.cmd) {
    case 'init':
      return init();
    case 'latency':
      for (const simulator of simulators) simulator.latencyMs = command.ms;
      return undefined;
    case 'begin':
      keepLog = false;
      return begin();
    case 'end':
      return end();
    case 'calls': {
      const list = keepLog ? calls() : [];
      drain();
      keepLog = true;
      return list;
    }
    case 'close':
      clearInterval(sampler);
      await gateway?.close();
      await Promise.all(simulators.map((simulator) => simulator.close()));
      setTimeout(() => process.exit(0), 100).unref();
      return undefined;
  }
}

process.on('message', (message: Request) => {
  handle(message.command).then(
    (result) => process.send?.({ id: message.id, ok: true, result } satisfies Reply),
    (error: unknown) => process.send?.({ id: message.id, ok: false, error: String(error instanceof Error ? error.stack : error) } satisfies Reply),
  );
});
process.on('disconnect', () => process.exit(0));
process.send?.({ id: 0, ok: true, result: 'ready' } satisfies Reply);
