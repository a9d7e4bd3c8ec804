/**
 * The faults a simulator can be asked to play, what each one sends, and the text form the
 * sandbox's `SSO_SANDBOX_FAULTS` uses. Split from `simulator-kit.ts`, which applies them.
 */
import { setTimeout as delay } from 'node:timers/promises';
import type { SimReply } from './simulator-kit.ts';

/**
 * What a faulty upstream does instead of answering normally:
 * - `status` (default): answers `status` with `body`, or the provider's own error body;
 * - `hang`: accepts the request and never answers;
 * - `reset`: starts a 200 answer and cuts the connection mid-body;
 * - `malformed`: a 200 whose JSON is cut short;
 * - `wrong-content-type`: a 200 HTML page where JSON was expected;
 * - `delay`: waits `delayMs`, then answers normally.
 */
export type FaultKind = 'status' | 'hang' | 'reset' | 'malformed' | 'wrong-content-type' | 'delay';

export interface Fault {
  kind?: FaultKind;
  /** Status of a `status` fault. @default 500 */
  status?: number;
  /** Reply body; defaults to the provider's error format for `status`. */
  body?: unknown;
  /**
   * The error code that default body carries, where the provider's format has one (a hostile
   * upstream's code, in tests). @default 'injected_fault'
   */
  code?: string;
  headers?: Record<string, string>;
  /** How many matching requests fail. @default 1 */
  times?: number;
  method?: string;
  /** Only requests whose path starts with this fail. */
  pathPrefix?: string;
  /** Extra wait before this fault's reply, on top of `latencyMs`. */
  delayMs?: number;
}

type ErrorReply = (status: number, code: string, message: string) => SimReply;

/** The reply a fault sends instead of the simulator's normal answer (`delay` is handled by the kit). */
export async function faultReply(fault: Fault, errorReply: ErrorReply): Promise<SimReply> {
  if (fault.delayMs) await delay(fault.delayMs);
  const json = { 'content-type': 'application/json; charset=utf-8' };
  switch (fault.kind ?? 'status') {
    case 'hang':
      return { status: 0, transport: 'hang' };
    case 'reset':
      return { status: 200, headers: json, raw: '{"data": [{"id": "1", "attributes": {"name": "cut', transport: 'reset' };
    case 'malformed':
      return { status: 200, headers: json, raw: '{"data": [{"id": "1", "attributes": ' };
    case 'wrong-content-type':
      return {
        status: 200,
        headers: { 'content-type': 'text/html' },
        raw: '<html><body><h1>Service temporarily unavailable</h1></body></html>',
      };
    case 'delay':
    case 'status': {
      const status = fault.status ?? 500;
      const reply =
        fault.body === undefined ? errorReply(status, fault.code ?? 'injected_fault', 'Injected fault') : { status, body: fault.body };
      return { ...reply, headers: { ...reply.headers, ...fault.headers } };
    }
  }
}

/** What `applyFaultSpec` needs of a simulator. */
export interface FaultTarget {
  latencyMs: number;
  injectFault(fault: Fault): void;
}

const FAULT_KINDS = new Set<FaultKind>(['hang', 'reset', 'malformed', 'wrong-content-type']);

/**
 * Applies a fault list written as text (the sandbox's `SSO_SANDBOX_FAULTS`), comma-separated, in
 * order: `503` (a status), `503*3` (three of them), `429:30` (with `Retry-After: 30`), `hang`,
 * `reset`, `malformed`, `wrong-content-type`, or `latency:200` (every request from now on).
 * Throws on anything else, naming the item.
 */
export function applyFaultSpec(server: FaultTarget, spec: string): void {
  for (const item of spec
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)) {
    const [head = '', times = '1'] = item.split('*');
    const [name = '', argument] = head.split(':');
    const count = Number(times);
    if (!Number.isInteger(count) || count < 1) throw new Error(`bad repeat count in fault "${item}"`);
    if (name === 'latency' && argument !== undefined && Number.isFinite(Number(argument))) {
      server.latencyMs = Number(argument);
    } else if (FAULT_KINDS.has(name as FaultKind)) {
      server.injectFault({ kind: name as FaultKind, times: count });
    } else if (/^[1-5]\d\d$/.test(name)) {
      const headers = argument !== undefined ? { 'retry-after': argument } : undefined;
      server.injectFault({ status: Number(name), times: count, ...(headers ? { headers } : {}) });
    } else {
      throw new Error(`unknown fault "${item}"`);
    }
  }
}
