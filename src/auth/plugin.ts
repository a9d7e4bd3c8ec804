/**
 * Authentication as the first Yoga plugin: `onRequest` runs before the body is read or parsed,
 * so a caller without valid credentials gets a 401 before any GraphQL work. The guard is
 * fail-closed: every request is checked except the few that cannot carry an operation (CORS
 * preflight, /health, /ready, the GraphiQL page), because Yoga also executes GraphQL on paths
 * that merely end in `/graphql`.
 */
import type { Plugin, YogaLogger } from 'graphql-yoga';
import { AuthenticationError, type Authenticator } from './authenticate.ts';
import type { Caller } from './caller.ts';

/** The caller of every request that passed authentication; gone with the request. */
const callers = new WeakMap<Request, Caller>();

export interface AuthenticationOptions {
  /** Paths answered without credentials; they must carry no data. @default ['/health', '/ready'] */
  publicPaths?: readonly string[];
}

export function useAuthentication(authenticator: Authenticator, options: AuthenticationOptions = {}): Plugin {
  const publicPaths = new Set(options.publicPaths ?? ['/health', '/ready']);
  let logger: YogaLogger | undefined;

  return {
    onYogaInit({ yoga }) {
      logger = yoga.logger;
    },
    onRequest({ request, url, endResponse, fetchAPI }) {
      if (!needsCaller(request, url, publicPaths)) return;
      return authenticator.authenticate(request).then(
        (caller) => {
          callers.set(request, caller);
        },
        (error: unknown) => {
          if (error instanceof AuthenticationError) {
            // The message is one of our fixed sentences; the credential itself is never logged.
            logger?.info(`authentication failed: ${error.message}`);
            endResponse(errorResponse(fetchAPI, 401, error.message, 'UNAUTHENTICATED', { 'www-authenticate': error.challenge }));
            return;
          }
          logger?.error(`authentication unavailable: ${describe(error)}`);
          endResponse(
            errorResponse(fetchAPI, 503, 'Authentication is temporarily unavailable', 'AUTHENTICATION_UNAVAILABLE', { 'retry-after': '5' }),
          );
        },
      );
    },
  };
}

/**
 * The caller `useAuthentication` established for this request. A GraphQL request without one
 * means the plugin was not wired first: that is refused, never served as anonymous.
 */
export function callerOf(request: Request): Caller {
  const caller = callers.get(request);
  if (caller === undefined) throw new Error('no authenticated caller for this request: useAuthentication must be the first Yoga plugin');
  return caller;
}

function needsCaller(request: Request, url: URL, publicPaths: ReadonlySet<string>): boolean {
  if (request.method === 'OPTIONS') return false;
  if (publicPaths.has(url.pathname)) return false;
  // The GraphiQL page: a browser GET with no parameters, so nothing to execute.
  const page =
    (request.method === 'GET' || request.method === 'HEAD') &&
    url.search === '' &&
    (request.headers.get('accept') ?? '').includes('text/html');
  return !page;
}

function errorResponse(
  fetchAPI: { Response: typeof Response },
  status: number,
  message: string,
  code: string,
  headers: Record<string, string>,
): Response {
  return new fetchAPI.Response(JSON.stringify({ errors: [{ message, extensions: { code } }] }), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers },
  });
}

/** The error's kind only: a fetch failure's message can carry a URL, and nothing here needs more. */
function describe(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return typeof code === 'string' ? `${error.name} (${code})` : error.name;
  }
  return typeof error;
}
