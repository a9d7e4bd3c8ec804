/**
 * The SSO console's page as the gateway serves it (the browser side is test/console.test.ts): the
 * committed bundle and typed documents are current, the page is one document with its script and
 * stylesheet inlined and allowed by hash only, it carries no credential, and it is on in sandbox
 * mode, off in live mode unless GATEWAY_CONSOLE=on.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleConsole } from '../scripts/build-console.ts';
import { CONSOLE_GENERATED_FILE, generateConsoleTypes } from '../scripts/codegen.ts';
import { loadConfig } from '../src/config/gateway.ts';
import { renderConsolePage } from '../src/console/page.ts';
import { providers } from '../src/providers/index.ts';
import { type Stack, startStack } from './harness.ts';

const BUNDLE = new URL('../console/bundle/', import.meta.url);
const APP = new URL('../console/app/', import.meta.url);
const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;
const page = (url: string, init: RequestInit = {}) =>
  fetch(`${url}/console`, { ...init, headers: { accept: 'text/html', ...init.headers } });

describe('console sources', () => {
  it('has current typed documents (run npm run codegen)', async () => {
    expect(readFileSync(CONSOLE_GENERATED_FILE, 'utf8')).toBe(await generateConsoleTypes());
  });

  it('has a current bundle (run npm run console:build)', async () => {
    const bundle = await bundleConsole();
    expect(readFileSync(new URL('console.js', BUNDLE), 'utf8')).toBe(bundle.js);
    expect(readFileSync(new URL('console.css', BUNDLE), 'utf8')).toBe(bundle.css);
  });

  it('names no provider: the app takes them from the API', () => {
    const names = providers.map((module) => module.id);
    const files = readdirSync(APP, { recursive: true, encoding: 'utf8' }).filter((file) => /\.tsx?$/.test(file) && file !== 'generated.ts');
    expect(files.length).toBeGreaterThan(5);
    const texts = [...files.map((file) => readFileSync(new URL(file, APP), 'utf8')), readFileSync(new URL('console.js', BUNDLE), 'utf8')];
    for (const text of texts) for (const name of names) expect(text.toLowerCase()).not.toContain(name);
  });

  it('refuses a bundle that would close its own script element', () => {
    expect(() => renderConsolePage('t', 'let a = "</script>";', '')).toThrow(/closes its own element/);
    expect(renderConsolePage('<b>', '', '').html).toContain('<title>&#60;b&#62;</title>');
  });
});

describe('/console with GATEWAY_CONSOLE=on in live mode', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ providers: ['vantage'], env: { GATEWAY_CONSOLE: 'on' } });
  });
  afterAll(() => stack.close());

  it('serves one document with its script and stylesheet inlined, allowed by hash only', async () => {
    const response = await page(stack.url);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const html = await response.text();
    const script = /<script>([\s\S]*)<\/script>/.exec(html)?.[1] ?? '';
    const style = /<style>([\s\S]*)<\/style>/.exec(html)?.[1] ?? '';
    expect(script).toBe(readFileSync(new URL('console.js', BUNDLE), 'utf8'));
    expect(style).toBe(readFileSync(new URL('console.css', BUNDLE), 'utf8'));
    const policy = response.headers.get('content-security-policy') ?? '';
    expect(policy).toContain("default-src 'none'");
    expect(policy).toContain(`script-src ${sha256(script)};`);
    expect(policy).toContain(`style-src ${sha256(style)};`);
    expect(policy).toContain("connect-src 'self'");
    expect(policy).not.toMatch(/unsafe|blob:|data:|https?:/);
    // Nothing loads from elsewhere, and nothing of the gateway's configuration is in the page.
    expect(html).not.toMatch(/<(script|link|img|iframe)[^>]*(src|href)=/i);
    for (const value of Object.values(stack.env).filter((value) => value.length > 8)) expect(html).not.toContain(value);
    expect(response.headers.get('x-frame-options')).toBe('DENY');
  });

  it('answers HEAD without a body and refuses other methods', async () => {
    const head = await page(stack.url, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
    const post = await page(stack.url, { method: 'POST', body: '{}' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
  });
});

describe('GATEWAY_CONSOLE', () => {
  it('is off in live mode, on in sandbox mode, and must be on or off', () => {
    const live = { SSO_GATEWAY_MODE: 'live', GATEWAY_AUTH_MODE: 'none' };
    expect(loadConfig(live, providers).security.console).toBe(false);
    expect(loadConfig({ ...live, GATEWAY_CONSOLE: 'on' }, providers).security.console).toBe(true);
    expect(loadConfig({ SSO_GATEWAY_MODE: 'sandbox' }, providers).security.console).toBe(true);
    expect(loadConfig({ SSO_GATEWAY_MODE: 'sandbox', GATEWAY_CONSOLE: 'off' }, providers).security.console).toBe(false);
    expect(() => loadConfig({ ...live, GATEWAY_CONSOLE: 'yes' }, providers)).toThrow(/GATEWAY_CONSOLE/);
  });

  it('leaves /console unanswered when off', async () => {
    const stack = await startStack({ providers: ['vantage'] });
    try {
      expect((await page(stack.url)).status).toBe(404);
    } finally {
      await stack.close();
    }
  });
});
