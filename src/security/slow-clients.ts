/**
 * Clients that send slowly hold a socket, a parser and a pending request each: left to Node's
 * defaults (60 s for headers, 300 s for the whole request, checked every 30 s), a few hundred of
 * them trickling bytes keep a gateway busy for minutes. Two bounds cut them off: the headers
 * timeout and the request timeout (`config.security.http`), both answered 408 by Node, which
 * then closes the connection. And a request refused before its body was read (401, CSRF 403,
 * 413) is answered with `Connection: close`, so the rest of its body is never waited for.
 */
import type { IncomingMessage, ServerOptions } from 'node:http';
import type { Plugin } from 'graphql-yoga';
import type { HttpTimeouts } from '../config/security.ts';

/** Node's own check runs every 30 s by default; this lets a timeout act within about a second of its value. */
const MAX_CHECK_INTERVAL_MS = 1_000;
const MIN_CHECK_INTERVAL_MS = 50;

/** The node:http server options that enforce `timeouts`. */
export function slowClientLimits(timeouts: HttpTimeouts): ServerOptions {
  // Node refuses a headers timeout longer than the request timeout; headers are part of the request anyway.
  const headersTimeout = Math.min(timeouts.headersTimeoutMs, timeouts.requestTimeoutMs);
  return {
    headersTimeout,
    requestTimeout: timeouts.requestTimeoutMs,
    connectionsCheckingInterval: Math.max(MIN_CHECK_INTERVAL_MS, Math.min(MAX_CHECK_INTERVAL_MS, Math.floor(headersTimeout / 4))),
  };
}

/**
 * Answers given before the request was fully received close the connection. Otherwise Node would
 * read and discard the rest of the body to keep the connection alive, for as long as the client
 * cares to trickle it. A complete request keeps its connection.
 */
export function useCloseUnfinishedRequests(): Plugin {
  return {
    onResponse({ response, serverContext }) {
      const incoming = (serverContext as { req?: IncomingMessage } | undefined)?.req;
      if (incoming && !incoming.complete) response.headers.set('connection', 'close');
    },
  };
}
