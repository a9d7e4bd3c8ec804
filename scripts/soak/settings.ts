/**
 * How big and how long a soak run is, and the gateway environment it runs against: read once from
 * the command line or the environment, so every other soak module sees the same numbers.
 */

/** `--requests=N` on the command line (`npm run soak -- --requests=400`), else `SOAK_REQUESTS`, else the default. */
function setting(flag: string, fallback: number): number {
  const name = `SOAK_${flag.toUpperCase().replace('-', '_')}`;
  const value = Number(process.argv.find((arg) => arg.startsWith(`--${flag}=`))?.split('=')[1] ?? process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} (--${flag}) must be a positive whole number`);
  return value;
}
export const REQUESTS = setting('requests', 3000);
export const CONCURRENCY = setting('concurrency', 24);
export const MAX_SECONDS = setting('max-seconds', 90);
export const DEADLINE_MS = 2_000;
export const OVER_DEADLINE_MS = DEADLINE_MS + 1_000;
/** The client gives up well after the deadline, so a stuck gateway cannot stall the run. */
export const CLIENT_TIMEOUT_MS = DEADLINE_MS + 5_000;
export const ENV: Record<string, string> = {
  SSO_GATEWAY_MODE: 'live',
  // One anonymous caller on loopback: auth and the per-caller write limit would only turn most
  // writes away before they reach an upstream, and upstream behaviour is what is soaked here.
  GATEWAY_AUTH_MODE: 'none',
  GATEWAY_WRITE_RATE_LIMIT: '1000000/1m',
  GATEWAY_REQUEST_TIMEOUT_MS: String(DEADLINE_MS),
  // Short, so circuits open under chaos and close again within the run.
  GATEWAY_CIRCUIT_OPEN_MS: '500',
  // Every operation has ended when the gateway closes; this only bounds a stuck close.
  GATEWAY_SHUTDOWN_TIMEOUT_MS: '3000',
  ...Object.fromEntries(['VANTAGE', 'DATOCMS', 'STYTCH', 'LOGTO', 'PANDASTACK'].map((id) => [`${id}_TIMEOUT_MS`, '1500'])),
};
