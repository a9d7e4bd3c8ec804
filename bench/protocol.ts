/** Messages between the bench runner (load generator) and the stack process (gateway + simulators). */

export interface StackInfo {
  /** The gateway's GraphQL endpoint. */
  graphqlUrl: string;
  /** Simulator URLs and demo credentials, as the gateway was configured (for the direct baseline). */
  env: Record<string, string>;
  simulators: string[];
}

export interface Window {
  /** CPU time of the whole stack process (gateway and simulators) during the window. */
  cpuUserMs: number;
  cpuSystemMs: number;
  /** Requests each simulator received during the window. */
  upstreamCalls: Record<string, number>;
  /** Highest RSS sampled every 100 ms during the window (and at its end). */
  peakRssBytes: number;
  wallMs: number;
}

export interface LoggedCall {
  simulator: string;
  method: string;
  path: string;
  query: string;
}

export type Command =
  | { cmd: 'init' }
  | { cmd: 'latency'; ms: number }
  | { cmd: 'begin' }
  | { cmd: 'end' }
  | { cmd: 'calls' }
  | { cmd: 'close' };

export interface Request { id: number; command: Command }
export interface Reply { id: number; ok: boolean; result?: unknown; error?: string }
