/**
 * The SSO console's page: the committed bundle (console/bundle/, built by `npm run console:build`)
 * inlined into one HTML document, so the page loads nothing from anywhere and works offline. Its
 * policy allows exactly that script and that stylesheet, by hash, and requests to this origin;
 * stricter than GraphiQL's, which needs inline styles and workers. Imported by route.ts on the first
 * request only. The page holds no configuration and no credential: the browser brings its own.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface ConsolePage {
  html: string;
  policy: string;
}

/**
 * console/bundle/ found from this module's own place, like the examples: `src/console/page.ts` (tsx)
 * is two levels below the repository root, the compiled `dist/src/console/page.js` three.
 */
export function findConsoleBundle(): string | undefined {
  return ['../../console/bundle/', '../../../console/bundle/']
    .map((relative) => fileURLToPath(new URL(relative, import.meta.url)))
    .find((directory) => existsSync(`${directory}console.js`));
}

export function loadConsolePage(title: string): ConsolePage {
  const directory = findConsoleBundle();
  if (!directory) throw new Error('console/bundle/console.js not found: run npm run console:build');
  return renderConsolePage(title, readFileSync(`${directory}console.js`, 'utf8'), readFileSync(`${directory}console.css`, 'utf8'));
}

export function renderConsolePage(title: string, script: string, style: string): ConsolePage {
  // Either closing tag inside the inlined text would end the element early.
  if (/<\/script/i.test(script) || /<\/style/i.test(style)) throw new Error('the console bundle closes its own element');
  const html = [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)}</title>`,
    `<style>${style}</style>`,
    '</head>',
    '<body>',
    '<div id="console"><noscript>The SSO console needs JavaScript.</noscript></div>',
    `<script>${script}</script>`,
    '</body>',
    '</html>',
  ].join('\n');
  const policy = [
    "default-src 'none'",
    `script-src ${sha256(script)}`,
    `style-src ${sha256(style)}`,
    "connect-src 'self'",
    "img-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "object-src 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
  return { html, policy };
}

function sha256(text: string): string {
  return `'sha256-${createHash('sha256').update(text).digest('base64')}'`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}
