/**
 * Waiting on work shared by several callers (one token request, one metadata fetch) without
 * letting one caller's abort cancel it for the others: the caller stops waiting, the work runs on.
 */

/** `promise`, or a rejection with `reasonOf()` as soon as `signal` aborts. */
export function untilAborted<T>(promise: Promise<T>, signal: AbortSignal, reasonOf: () => unknown = () => signal.reason): Promise<T> {
  if (signal.aborted) return Promise.reject(reasonOf());
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(reasonOf());
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
