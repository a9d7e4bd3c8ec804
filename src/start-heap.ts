/**
 * Keeps V8's young generation at its initial size while the gateway starts and idles, and lets it
 * grow again from the first request on. Loading the modules and building the schema makes V8 double its
 * young generation up to the 2 × 16 MB maximum, and V8 does not give that back while the process
 * idles: about 30 MB of idle RSS for space that holds nothing. Under load the young generation
 * grows as before (a larger one keeps short-lived request garbage out of the old generation).
 *
 * `--semi-space-growth-factor` is read each time V8 considers growing the young generation, so
 * setting it at run time takes effect; an unknown flag is ignored by V8. The entry point holds the
 * young generation before it loads the other modules; `createGateway` releases it at the first
 * request, and releasing is a no-op in a process that never held it (tests, tools).
 */
import { setFlagsFromString } from 'node:v8';

/** V8's default. */
const GROWTH_FACTOR = 2;

let held = false;

/** From here until `releaseYoungGeneration`, the young generation stays at its initial size. */
export function holdYoungGeneration(): void {
  setFlagsFromString('--semi-space-growth-factor=1');
  held = true;
}

/** From here on the young generation may grow with the load. */
export function releaseYoungGeneration(): void {
  if (!held) return;
  held = false;
  setFlagsFromString(`--semi-space-growth-factor=${GROWTH_FACTOR}`);
}
