/**
 * Messages between the bench runner (the load generator) and its child processes: one process
 * with the five simulators, and one per gateway variant. Separate processes, so that the CPU time
 * and memory measured in a gateway process are the gateway's alone.
 */

export interface SimulatorsInfo {
  /** Simulator URLs and demo credentials: what points a gateway (or the direct baseline) at them. */
  env: Record<string, string>;
  simulators: string[];
}

export interface GatewayInfo {
  graphqlUrl: string;
}

/** What a process used during a measured window. */
export interface Usage {
  cpuMs: number;
  /** Highest RSS sampled every 50 ms during the window (and at its end). */
  peakRssBytes: number;
  wallMs: number;
  /** Live heap once the window's garbage is collected: growth from run to run would be a leak. */
  heapUsedAfterGcBytes: number;
  rssAfterGcBytes: number;
}

/** A process at rest: RSS and live heap after a full collection. */
export interface Idle {
  rssBytes: number;
  heapUsedBytes: number;
}

export interface SimulatorsWindow extends Usage {
  /** Requests each simulator received during the window. */
  upstreamCalls: Record<string, number>;
}

export interface LoggedCall {
  simulator: string;
  method: string;
  path: string;
  query: string;
}

export type Command =
  | { cmd: 'init'; env?: Record<string, string> }
  | { cmd: 'latency'; ms: number }
  | { cmd: 'seed-logto'; connectors: number }
  | { cmd: 'begin' }
  | { cmd: 'end' }
  | { cmd: 'idle' }
  | { cmd: 'calls' }
  | { cmd: 'close' };

export interface Request {
  id: number;
  command: Command;
}
export interface Reply {
  id: number;
  ok: boolean;
  result?: unknown;
  error?: string;
}
