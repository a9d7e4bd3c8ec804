/**
 * Response headers for every answer (GraphQL, /health, /ready, GraphiQL, 401, 413, 404), set in
 * `onResponse`, which runs after every other plugin, including answers ended early. CORS is
 * Yoga's, limited to the configured origins.
 */
import { createHash } from 'node:crypto';
import type { Plugin } from 'graphql-yoga';
import type { SecurityProfile } from './profile.ts';

/** API answers are data, never a document: nothing may load, nothing may frame them. */
const API_POLICY = "default-src 'none'; frame-ancestors 'none'";

/**
 * The GraphiQL page is served whole by the gateway (`@graphql-yoga/render-graphiql`: the bundle is
 * inlined, nothing is loaded from a CDN). Its inline scripts are allowed by hash, computed from the
 * page served; its editors inject styles and start workers from `blob:` URLs; it posts queries to
 * this origin. Nothing may come from any other origin.
 */
const GRAPHIQL_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "font-src 'self' data:",
  "img-src 'self' data:",
  "connect-src 'self'",
  'worker-src blob:',
  "base-uri 'none'",
  "form-action 'none'",
  "object-src 'none'",
  "frame-ancestors 'none'",
];

const INLINE_SCRIPT = /<script>([\s\S]*?)<\/script>/g;

export function useSecurityHeaders(options: { corsOrigins: readonly string[] }): Plugin {
  let graphiql: { html: string; policy: string } | undefined;
  const graphiqlPolicy = async (response: Response): Promise<string> => {
    const html = await response.clone().text();
    if (graphiql?.html !== html) {
      const hashes = [...html.matchAll(INLINE_SCRIPT)].map(
        ([, script = '']) => `'sha256-${createHash('sha256').update(script).digest('base64')}'`,
      );
      const policy = GRAPHIQL_POLICY.map((directive) =>
        directive.startsWith('script-src') ? [directive, ...hashes].join(' ') : directive,
      ).join('; ');
      graphiql = { html, policy };
    }
    return graphiql.policy;
  };

  return {
    async onResponse({ request, response }) {
      const headers = response.headers;
      headers.set('X-Content-Type-Options', 'nosniff');
      headers.set('Referrer-Policy', 'no-referrer');
      headers.set('X-Frame-Options', 'DENY');
      headers.set('Cross-Origin-Resource-Policy', 'same-origin');
      headers.set('Cache-Control', 'no-store');
      const isPage = headers.get('content-type')?.startsWith('text/html') ?? false;
      // A page that brings its own policy keeps it: the console's allows only its own script and
      // stylesheet by hash (src/console/page.ts). Every other page gets GraphiQL's.
      if (!(isPage && headers.has('Content-Security-Policy'))) {
        headers.set('Content-Security-Policy', isPage ? await graphiqlPolicy(response) : API_POLICY);
      }
      // HSTS only means something over https, and browsers ignore it on plain http. The gateway
      // itself speaks http behind a TLS-terminating proxy, so the proxy's X-Forwarded-Proto tells
      // whether the caller used https. A caller who forges it only gets a header its browser
      // ignores on http.
      if (request.headers.get('x-forwarded-proto')?.split(',')[0]?.trim().toLowerCase() === 'https' || request.url.startsWith('https:')) {
        headers.set('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
      }
      // The allowed origin is echoed per request, so caches must keep answers apart by Origin.
      if (options.corsOrigins.length > 0 && !/\borigin\b/i.test(headers.get('vary') ?? '')) headers.append('Vary', 'Origin');
    },
  };
}

/** Headers a browser client may send cross-origin, besides those the providers forward upstream. */
const CORS_HEADERS = ['content-type', 'authorization', 'x-request-id', 'x-graphql-csrf'];

/**
 * No CORS at all when no origin is configured. Otherwise only a listed origin gets
 * `Access-Control-Allow-Origin` (its own), without credentials; any other origin gets no CORS
 * headers. (Yoga's plain `origin: [one]` would answer every origin with the one listed.)
 */
export function corsPolicy(origins: readonly string[], forwardedHeaders: readonly string[]): SecurityProfile['cors'] {
  if (origins.length === 0) return false;
  const allowed = new Set(origins);
  const allowedHeaders = [...CORS_HEADERS, ...forwardedHeaders];
  return (request: Request) => {
    const origin = request.headers.get('origin');
    if (origin === null || !allowed.has(origin)) return false;
    return { origin, credentials: false, methods: ['GET', 'POST'], allowedHeaders };
  };
}
