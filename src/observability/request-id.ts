/**
 * The request id of an HTTP request: the caller's `X-Request-Id` when it is a plain token, else a
 * new UUID. Computed once per request, so the context, the response header, every upstream call
 * and every log line of the request carry the same one.
 */
import { randomUUID } from 'node:crypto';

/** Letters, digits and `._-`, at most 128: anything else could forge log fields or headers. */
const REQUEST_ID = /^[A-Za-z0-9._-]{1,128}$/;

const ids = new WeakMap<Request, string>();

export function requestIdOf(request: Request): string {
  let id = ids.get(request);
  if (id === undefined) {
    const incoming = request.headers.get('x-request-id');
    id = incoming && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    ids.set(request, id);
  }
  return id;
}
