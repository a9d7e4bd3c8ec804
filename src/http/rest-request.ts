/**
 * What a provider asks of the REST client, and how that request becomes path, headers and body on
 * the wire. Kept apart from the client so the read cache can key on exactly what is sent.
 */
import { injectTraceHeaders } from '../observability/tracing.ts';
import type { UpstreamCall } from './upstream-call.ts';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RequestSpec {
  method: HttpMethod;
  /** Path below the base URL, starting with `/`: a fixed string, or `upstreamPath` when it has parameters. */
  path: string | UpstreamPath;
  query?: Record<string, string | number | undefined>;
  headers?: Record<string, string>;
  /** Sent as JSON; `contentType` overrides `application/json` (DatoCMS wants JSON:API's type). */
  json?: unknown;
  contentType?: string;
  /** Sent as `application/x-www-form-urlencoded` (OAuth token requests). */
  form?: Record<string, string>;
  /**
   * The GraphQL operation this call belongs to; absent for calls shared by many (the Logto token).
   * Partial because the client uses only the parts it is given.
   */
  call?: Partial<UpstreamCall> | undefined;
  /** A non-GET that is safe to repeat (the OAuth token request). */
  idempotent?: boolean;
  /** A read whose answer the gateway's read cache may keep, under this resource tag. */
  cacheAs?: string;
  /** A write: the resource tags whose cached answers it makes stale. */
  invalidates?: readonly string[];
}

export interface UpstreamPath {
  path: string;
  route: string;
}

export interface RestResponse<T> {
  status: number;
  headers: Record<string, string>;
  body: T;
}

/**
 * A path with parameters, written as a tagged template: upstreamPath`/roles/${id}`. Each parameter
 * is percent-encoded into `path` and replaced by `:param` in `route`, the only form logs see.
 */
export function upstreamPath(strings: TemplateStringsArray, ...params: string[]): UpstreamPath {
  return {
    path: strings.reduce((path, part, index) => path + encodeURIComponent(params[index - 1] ?? '') + part),
    route: strings.join(':param'),
  };
}

/** The path with its parameters masked, so logs group by route and never carry ids or tokens. */
export function routeOf(spec: RequestSpec): string {
  return typeof spec.path === 'string' ? spec.path : spec.path.route;
}

/** The path and query as sent, below the origin. */
export function targetOf(basePath: string, spec: RequestSpec): string {
  return basePath + pathOf(spec) + queryString(spec.query);
}

/** The headers sent: the spec's own, the body's type, the operation's request id and the trace context. */
export function headersFor(spec: RequestSpec, contentType: string | undefined): Record<string, string> {
  const headers: Record<string, string> = { accept: 'application/json', ...spec.headers };
  if (contentType) headers['content-type'] = contentType;
  if (spec.call?.requestId) headers['x-request-id'] = spec.call.requestId;
  injectTraceHeaders(headers);
  return headers;
}

export function encodeBody(spec: RequestSpec): { body: string | undefined; contentType: string | undefined } {
  if (spec.form) {
    return { body: new URLSearchParams(spec.form).toString(), contentType: 'application/x-www-form-urlencoded' };
  }
  if (spec.json !== undefined) {
    return { body: JSON.stringify(spec.json), contentType: spec.contentType ?? 'application/json' };
  }
  return { body: undefined, contentType: undefined };
}

/** A call that may be sent again after a failure: a read, or a write declared safe to repeat. */
export function isRepeatable(spec: RequestSpec): boolean {
  return spec.method === 'GET' || spec.idempotent === true;
}

/** The path as sent: parameters encoded. */
function pathOf(spec: RequestSpec): string {
  return typeof spec.path === 'string' ? spec.path : spec.path.path;
}

function queryString(query: RequestSpec['query']): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined) params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}
