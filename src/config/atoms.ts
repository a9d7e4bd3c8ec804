/**
 * The pieces every part of the configuration is read with: the reader that names the variable in
 * every error (never its value: most of these variables are secrets), and the shared value shapes.
 * Each provider reads its own variables with these (`providers/<p>/config.ts`).
 */
import { z } from 'zod';
import type { Rate } from '../shared-state/sliding-window.ts';

export type GatewayMode = 'sandbox' | 'live';

export type Env = Record<string, string | undefined>;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Reads one variable through a schema; an unset or blank variable is `undefined`. */
export type Read = <T>(name: string, schema: z.ZodType<T>) => T;

export function reader(env: Env): Read {
  return (name, schema) => {
    const raw = env[name];
    const result = schema.safeParse(isSet(raw) ? raw : undefined);
    if (!result.success) {
      const reason = result.error.issues[0]?.message ?? 'is invalid';
      throw new ConfigError(`${name} ${reason}`);
    }
    return result.data;
  };
}

export function isSet(value: string | undefined): value is string {
  return value !== undefined && value.trim() !== '';
}

export const nonEmpty = z.string().trim().min(1, 'must not be empty');

export const baseUrl = z
  .url({ protocol: /^https?$/, error: 'must be an absolute http(s) URL' })
  .transform((url) => url.replace(/\/+$/, ''));

export const positiveInt = (max: number) =>
  z.coerce.number().int('must be a whole number').min(1, 'must be at least 1').max(max, `must be at most ${max}`);

const UNITS_MS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000 };

/** `30/1m`, `1000/1h`, `5/10s`: the write limit and every provider's upstream budget. */
export const rate = z
  .string()
  .regex(/^\d+\/\d+[smh]$/, 'must look like 30/1m (count per window in s, m or h)')
  .transform((text): Rate => {
    const [limit = '0', window = '1m'] = text.split('/');
    return { limit: Number(limit), windowMs: Number(window.slice(0, -1)) * (UNITS_MS[window.slice(-1)] ?? 60_000) };
  });

/**
 * Variables that only work together (a provider's credentials): all set, or none. A half-configured
 * provider is a mistake worth stopping for, so the missing variable is named.
 */
export function requireTogether(read: Read, names: readonly string[]): string[] | undefined {
  const values = names.map((name) => read(name, nonEmpty.optional()));
  const given = values.filter((value): value is string => value !== undefined);
  if (given.length === 0) return undefined;
  const missing = names.filter((_, index) => values[index] === undefined);
  if (missing.length > 0) {
    throw new ConfigError(`${missing.join(', ')} must be set together with ${names.filter((n) => !missing.includes(n)).join(', ')}`);
  }
  return given;
}
