/**
 * The gateway's heap policy, set from inside the process so that `node dist/src/main.js` has it
 * without flags on the command line:
 *
 * - While the gateway starts and idles, V8's young generation stays at its initial size. Loading
 *   the modules and building the schema makes V8 double it up to the 2 × 16 MB maximum, and V8
 *   does not give that back while the process idles: about 30 MB of idle RSS for space that holds
 *   nothing.
 * - Under load the young generation may grow, but only to `YOUNG_CAP_BYTES`: beyond that a larger
 *   one saved little scavenging in the bench and cost up to 30 MB of peak RSS.
 * - The old generation grows by `HEAP_GROWING_PERCENT` over what survived the last full collection,
 *   instead of V8's own factor (up to 4× when the allocation rate is high). Under load, objects of
 *   operations still in flight survive two scavenges and are promoted; V8's factor let that garbage
 *   pile up to 150 MB of old generation over a live heap near 35 MB.
 *
 * V8 reads `--semi-space-growth-factor` each time it considers growing the young generation and
 * `--heap-growing-percent` each time it sets the next full collection's limit, so setting them at
 * run time takes effect (`--max-semi-space-size` is read only at start, hence the cap by growth
 * factor). An unknown flag is ignored by V8. The entry point calls `holdYoungGeneration` before it
 * loads the other modules; `createGateway` calls `releaseYoungGeneration` at the first request, a
 * no-op in a process that never held the heap (tests, tools).
 *
 * The price is CPU where many objects outlive a scavenge: a 100-connector listing at saturation
 * took about a third more CPU per operation in the bench. An operator who prefers V8's own sizing
 * passes its flags (`--heap-growing-percent`, `--max-semi-space-size`, on the command line or in
 * NODE_OPTIONS); whichever is given, that part of this policy stays off.
 */
import { PerformanceObserver } from 'node:perf_hooks';
import { getHeapSpaceStatistics, setFlagsFromString } from 'node:v8';

/** V8's default. */
const GROWTH_FACTOR = 2;
/** Both semi-spaces of the young generation together (V8's own maximum is 32 MB). */
const YOUNG_CAP_BYTES = 16 * 1024 * 1024;
const HEAP_GROWING_PERCENT = 50;

let held = false;
let growing: boolean | undefined;

/** From here until `releaseYoungGeneration`, the young generation stays at its initial size. */
export function holdYoungGeneration(): void {
  setFlagsFromString('--semi-space-growth-factor=1');
  if (!operatorSet('--heap-growing-percent')) setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
  held = true;
}

/** From here on the young generation may grow with the load, up to its cap. */
export function releaseYoungGeneration(): void {
  if (!held) return;
  held = false;
  allowGrowth(true);
  if (operatorSet('--max-semi-space-size') || operatorSet('--semi-space-growth-factor')) return;
  // V8 may also shrink the young generation when the load drops, so the cap is checked after every
  // collection rather than once: below the cap it may grow again.
  new PerformanceObserver(() => allowGrowth(youngGenerationBytes() < YOUNG_CAP_BYTES)).observe({ entryTypes: ['gc'] });
}

/** A V8 flag the operator gave this process (V8 reads `_` and `-` alike). */
function operatorSet(flag: string): boolean {
  const given = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/)];
  return given.some((arg) => arg.replaceAll('_', '-').startsWith(flag));
}

function allowGrowth(allowed: boolean): void {
  if (allowed === growing) return;
  growing = allowed;
  setFlagsFromString(`--semi-space-growth-factor=${allowed ? GROWTH_FACTOR : 1}`);
}

function youngGenerationBytes(): number {
  return getHeapSpaceStatistics().find((space) => space.space_name === 'new_space')?.space_size ?? 0;
}
