/**
 * How the gateway treats one provider's upstream: the same settings for every provider, read from
 * the shared `GATEWAY_UPSTREAM_*` / `GATEWAY_CIRCUIT_*` variables and the provider's own
 * `<PROVIDER>_TIMEOUT_MS` and `<PROVIDER>_RATE_LIMIT`.
 */
import { z } from 'zod';
import type { Rate } from '../shared-state/sliding-window.ts';
import { type GatewayMode, positiveInt, type Read, rate } from './atoms.ts';

export interface UpstreamSettings {
  /** Headers and body timeout of one upstream call (connect: at most 5 s). */
  timeoutMs: number;
  /** Calls running at once; more wait in a queue of `maxQueued`, beyond that they fail fast. */
  maxConcurrent: number;
  maxQueued: number;
  /** Consecutive failures (5xx, timeouts, unreadable answers) that open the circuit. */
  circuitFailures: number;
  /** How long an open circuit fails fast before one probe call is let through. */
  circuitOpenMs: number;
  /**
   * The gateway's own budget of calls to the provider (`<PROVIDER>_RATE_LIMIT`), shared by all
   * replicas through Redis; `undefined`: no budget (sandbox default, or `off`).
   */
  rateLimit: Rate | undefined;
}

/**
 * The sandbox's simulators enforce their own limits, so the sandbox sets no budget unless asked
 * for one; live mode uses the provider's default budget.
 */
export function readUpstreamSettings(read: Read, mode: GatewayMode, providerId: string, defaultRateLimit: Rate): UpstreamSettings {
  const prefix = providerId.toUpperCase();
  const budget = read(
    `${prefix}_RATE_LIMIT`,
    z.union([z.literal('off'), rate], { error: 'must look like 1000/1h (count per window in s, m or h), or off' }).optional(),
  );
  return {
    timeoutMs: read(`${prefix}_TIMEOUT_MS`, positiveInt(120_000).optional()) ?? 8_000,
    maxConcurrent: read('GATEWAY_UPSTREAM_CONCURRENCY', positiveInt(1_000).optional()) ?? 10,
    maxQueued: read('GATEWAY_UPSTREAM_QUEUE', positiveInt(100_000).optional()) ?? 100,
    circuitFailures: read('GATEWAY_CIRCUIT_FAILURES', positiveInt(1_000).optional()) ?? 5,
    circuitOpenMs: read('GATEWAY_CIRCUIT_OPEN_MS', positiveInt(3_600_000).optional()) ?? 30_000,
    rateLimit: budget === 'off' ? undefined : (budget ?? (mode === 'live' ? defaultRateLimit : undefined)),
  };
}
