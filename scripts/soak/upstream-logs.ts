/**
 * What the simulators' request logs say after a soak: writes that reached an upstream twice (by
 * their markers), and each simulator's requests by status class.
 */
import type { SimulatorServer } from '../../src/sandbox/simulator-kit.ts';
import { MARKERS } from './operations.ts';

/** Markers seen in more than one upstream write request (any simulator), and how many were seen at all. */
export function duplicatedWrites(simulators: SimulatorServer[]): { duplicates: string[]; markers: number } {
  const seen = new Map<string, string[]>();
  for (const simulator of simulators) {
    for (const entry of simulator.requests.filter((e) => ['POST', 'PUT', 'PATCH', 'DELETE'].includes(e.method))) {
      for (const found of new Set(JSON.stringify(entry.body ?? null).match(MARKERS))) {
        seen.set(found, [...(seen.get(found) ?? []), `${simulator.name} ${entry.method} ${entry.path} → ${entry.status}`]);
      }
    }
  }
  const duplicates = [...seen].filter(([, requests]) => requests.length > 1).map(([found, requests]) => `${found}: ${requests.join('; ')}`);
  return { duplicates, markers: seen.size };
}

export function upstreamRows(simulators: SimulatorServer[]): (string | number)[][] {
  return simulators.map(({ name, requests }) => {
    const count = (test: (status: number) => boolean) => requests.filter((entry) => test(entry.status)).length;
    return [
      name,
      requests.length,
      count((s) => s > 0 && s < 400),
      count((s) => s >= 400 && s < 500),
      count((s) => s >= 500),
      count((s) => s === 0),
    ];
  });
}
