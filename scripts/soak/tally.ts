/**
 * What the soak counts while it runs: outcomes per operation, crashes and slow operations, the
 * faults injected, the gateway's warn and error lines, its audit records and the event-loop delay.
 * One shared tally, filled by the workers, the chaos loop and the gateway's hooks, read by the report.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { Logger } from '../../src/logger.ts';
import { get, parseJson, type Result } from './client.ts';
import type { Operation } from './operations.ts';
import { OVER_DEADLINE_MS } from './settings.ts';

export const stats = {
  sent: 0,
  mutations: 0,
  outcomes: new Map<string, number>(),
  crashes: [] as string[],
  maxMs: 0,
  overDeadline: [] as string[],
  faults: new Map<string, number>(),
};
export const bump = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);

export function record(operation: Operation, result: Result): void {
  bump(stats.outcomes, `${operation.field}\t${result.outcome}`);
  if (operation.mutation) stats.mutations += 1;
  stats.maxMs = Math.max(stats.maxMs, result.ms);
  const line = `${operation.field} → ${result.outcome} in ${Math.round(result.ms)} ms${result.detail ? `: ${result.detail}` : ''}`;
  if (result.ms > OVER_DEADLINE_MS) stats.overDeadline.push(line);
  if (result.outcome === 'crash') stats.crashes.push(line);
}

// Counted, not printed: the report owns stdout, and error lines can reveal failures answered as data.
export const logLines = new Map<string, number>();
const counting = (level: string) => (message: string) => void bump(logLines, `${level}: ${message.split('\n')[0]?.slice(0, 100)}`);
export const logger: Logger = { debug: () => undefined, info: () => undefined, warn: counting('warn'), error: counting('error') };

// One audit record per mutation attempt is the gateway's promise; counted by outcome to check it.
export const audits = new Map<string, number>();
export const auditWrite = (line: string) => void bump(audits, String(get(parseJson(line), 'outcome') ?? 'unreadable'));

export const loopDelay = monitorEventLoopDelay({ resolution: 10 });
