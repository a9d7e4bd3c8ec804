/**
 * `/console`, the SSO console in the browser: one page with its bundle inlined (page.ts), which
 * then calls /graphql on this origin with the caller's own credentials. The page module and the
 * bundle are loaded on the first request, so a gateway whose console nobody opens holds neither.
 * On by default in sandbox mode, with GATEWAY_CONSOLE=on in live mode.
 */
import type { Plugin } from 'graphql-yoga';
import type { ConsolePage } from './page.ts';

export const CONSOLE_PATH = '/console';

export function useConsole(options: { title: string }): Plugin {
  let page: Promise<ConsolePage> | undefined;
  return {
    onRequest({ request, url, endResponse, fetchAPI }) {
      if (url.pathname !== CONSOLE_PATH) return;
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        endResponse(new fetchAPI.Response(null, { status: 405, headers: { allow: 'GET, HEAD' } }));
        return;
      }
      page ??= import('./page.ts').then((module) => module.loadConsolePage(options.title));
      return page.then(
        ({ html, policy }) => {
          const headers = { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': policy };
          endResponse(new fetchAPI.Response(request.method === 'HEAD' ? null : html, { headers }));
        },
        () => {
          // Tried again on the next request: a bundle restored on disk needs no restart. The
          // answer names no path of this machine.
          page = undefined;
          const message = 'The console bundle is missing from this installation (console/bundle/, built by npm run console:build).';
          endResponse(new fetchAPI.Response(message, { status: 500, headers: { 'content-type': 'text/plain; charset=utf-8' } }));
        },
      );
    },
  };
}
