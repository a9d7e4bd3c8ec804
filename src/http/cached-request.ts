/**
 * The read cache around the REST client: a tagged read is answered from the cache when it can be
 * and stored after a miss; a write that names tags makes their cached answers stale once it ends,
 * whether it succeeded or not (a failed write may still have been applied).
 */
import type { z } from 'zod';
import type { ReadCache } from '../cache/read-cache.ts';
import type { ProviderId } from '../providers/provider-id.ts';
import { encodeBody, type RequestSpec, type RestResponse, targetOf } from './rest-request.ts';

/** A successful answer, and the JSON it was parsed from (what the read cache keeps). */
export interface Attempt<T> {
  response: RestResponse<T>;
  raw: RestResponse<unknown>;
}

/** Where a request goes: the cache key must tell providers and base paths apart. */
export interface CacheScope {
  provider: ProviderId;
  basePath: string;
}

/** Sends `spec` with `send`, consulting, filling or invalidating `cache` as the spec asks. */
export async function throughReadCache<S extends z.ZodType>(
  cache: ReadCache | undefined,
  scope: CacheScope,
  spec: RequestSpec,
  schema: S,
  send: () => Promise<Attempt<z.output<S>>>,
): Promise<RestResponse<z.output<S>>> {
  // A TTL of 0 turns the cache off, invalidation included.
  const active = cache && cache.ttlMs > 0 ? cache : undefined;
  if (active && spec.invalidates !== undefined) {
    try {
      return (await send()).response;
    } finally {
      await active.invalidate(scope.provider, spec.invalidates);
    }
  }
  if (!active || spec.cacheAs === undefined) return (await send()).response;
  const slot = await active.slot(scope.provider, spec.cacheAs, describeRequest(scope.basePath, spec));
  const served = slot.hit === undefined ? undefined : fromCache(slot.hit, schema);
  if (served) return served;
  const filled = await slot.fill(async () => {
    const { response, raw } = await send();
    return { result: response, stored: JSON.stringify(raw) };
  }, spec.call?.signal);
  if (!('shared' in filled)) return filled.result;
  // Parsed anew for each waiter, as a hit is: no two requests share one object.
  return fromCache(filled.shared, schema) ?? (await send()).response;
}

/** Correlation headers differ on every call and say nothing about what the answer may contain. */
const PER_CALL_HEADERS = new Set(['x-request-id', 'traceparent', 'tracestate']);

/**
 * Everything that shapes an upstream answer, as one string for the cache key: method, path, query,
 * body and every header sent (credentials above all), in a stable order.
 */
function describeRequest(basePath: string, spec: RequestSpec): string {
  const headers = Object.entries(spec.headers ?? {})
    .map(([name, value]) => [name.toLowerCase(), value] as const)
    .filter(([name]) => !PER_CALL_HEADERS.has(name))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify([spec.method, targetOf(basePath, spec), headers, encodeBody(spec).body ?? null]);
}

/** A stored answer, checked against the schema again; `undefined` (a miss) if it no longer fits. */
function fromCache<S extends z.ZodType>(stored: string, schema: S): RestResponse<z.output<S>> | undefined {
  try {
    const raw = JSON.parse(stored) as RestResponse<unknown>;
    const parsed = schema.safeParse(raw.body);
    return parsed.success ? { status: raw.status, headers: raw.headers, body: parsed.data } : undefined;
  } catch {
    return undefined;
  }
}
