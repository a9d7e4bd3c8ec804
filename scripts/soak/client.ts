/**
 * The load generator's side of one request: sent over HTTP with a timeout of its own, and its
 * answer reduced to one outcome word, with "crash" for anything a client must never see.
 */
import type { Operation } from './operations.ts';
import { CLIENT_TIMEOUT_MS } from './settings.ts';

export interface Result {
  outcome: string;
  ms: number;
  detail?: string;
}

export const get = (value: unknown, key: string): unknown =>
  typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;

export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** Mutations: the union member; queries: `ok`, `partial` (ssoConnections failures) or the first error code. */
function outcomeOf(operation: Operation, body: unknown): string {
  const errors = get(body, 'errors');
  const list: unknown[] = Array.isArray(errors) ? errors : [];
  const failures = get(get(get(body, 'data'), operation.field), 'failures');
  const internal = [...list, ...(Array.isArray(failures) ? failures : [])].some(
    (error) =>
      get(error, 'message') === 'Unexpected error.' ||
      get(error, 'code') === 'INTERNAL' ||
      get(get(error, 'extensions'), 'code') === 'INTERNAL',
  );
  if (internal) return 'crash';
  const typename = get(get(get(body, 'data'), operation.field), '__typename');
  if (operation.mutation && typeof typename === 'string') return typename;
  if (list.length > 0) return String(get(get(list[0], 'extensions'), 'code') ?? 'NO_CODE');
  if (operation.mutation) return 'crash';
  return Array.isArray(failures) && failures.length > 0 ? 'partial' : 'ok';
}

export async function send(url: string, operation: Operation): Promise<Result> {
  const started = performance.now();
  const ms = () => performance.now() - started;
  try {
    const body = JSON.stringify({ query: operation.query, variables: operation.variables });
    const headers = { 'content-type': 'application/json', accept: 'application/graphql-response+json' };
    const response = await fetch(url, { method: 'POST', headers, body, signal: AbortSignal.timeout(CLIENT_TIMEOUT_MS) });
    const text = await response.text();
    if (response.status !== 200) return { outcome: 'crash', ms: ms(), detail: `HTTP ${response.status}: ${text.slice(0, 200)}` };
    const json = parseJson(text);
    if (json === undefined) return { outcome: 'crash', ms: ms(), detail: `not JSON: ${text.slice(0, 200)}` };
    const outcome = outcomeOf(operation, json);
    return { outcome, ms: ms(), ...(outcome === 'crash' ? { detail: text.slice(0, 300) } : {}) };
  } catch (error) {
    const timedOut = error instanceof Error && error.name === 'TimeoutError';
    return { outcome: 'crash', ms: ms(), detail: timedOut ? `no answer in ${CLIENT_TIMEOUT_MS} ms` : `fetch failed: ${String(error)}` };
  }
}
