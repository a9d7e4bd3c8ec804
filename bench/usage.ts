/** CPU time and peak RSS of this process over a window, for the bench's child processes. */
import type { Command, GatewayInfo, Idle, Request, Usage } from './protocol.ts';

let peakRss = 0;
let start: { cpu: NodeJS.CpuUsage; at: number } | undefined;

const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 50);
sampler.unref();

export function beginWindow(): void {
  // A full collection first, so the window does not pay for garbage left by the one before.
  globalThis.gc?.();
  peakRss = process.memoryUsage().rss;
  start = { cpu: process.cpuUsage(), at: performance.now() };
}

export function endWindow(): Usage {
  if (!start) throw new Error('end without begin');
  const cpu = process.cpuUsage(start.cpu);
  const wallMs = performance.now() - start.at;
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  globalThis.gc?.();
  const after = process.memoryUsage();
  return {
    cpuMs: (cpu.user + cpu.system) / 1000,
    peakRssBytes: peakRss,
    wallMs,
    heapUsedAfterGcBytes: after.heapUsed,
    rssAfterGcBytes: after.rss,
  };
}

/** RSS and live heap at rest, after a full collection (the idle footprint). */
export function idle(): Idle {
  globalThis.gc?.();
  const now = process.memoryUsage();
  return { rssBytes: now.rss, heapUsedBytes: now.heapUsed };
}

/** Answers the runner's commands over IPC with `handle`, and says "ready" once listening. */
export function serveCommands(handle: (command: Command) => Promise<unknown>): void {
  process.on('message', (message: Request) => {
    handle(message.command).then(
      (result) => process.send?.({ id: message.id, ok: true, result }),
      (error: unknown) => process.send?.({ id: message.id, ok: false, error: String(error instanceof Error ? error.stack : error) }),
    );
  });
  process.on('disconnect', () => process.exit(0));
  process.send?.({ id: 0, ok: true, result: 'ready' });
}

/**
 * What a measured server process (a gateway or a peer) answers: `init` starts the server, the
 * window and idle commands measure this process, `close` stops the server and the process.
 */
export function serveMeasuredServer(
  kind: string,
  server: { init(env: Record<string, string>): Promise<GatewayInfo>; close(): Promise<void> },
): void {
  serveCommands(async (command) => {
    switch (command.cmd) {
      case 'init':
        return server.init(command.env ?? {});
      case 'begin':
        return beginWindow();
      case 'end':
        return endWindow();
      case 'idle':
        return idle();
      case 'close':
        await server.close();
        setTimeout(() => process.exit(0), 100).unref();
        return undefined;
      default:
        throw new Error(`a ${kind} process does not handle ${command.cmd}`);
    }
  });
}
