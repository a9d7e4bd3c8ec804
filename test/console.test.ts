/**
 * The SSO console in a real browser: Debian's Chromium driven by playwright-core, like
 * test/browser.test.ts (same rules: `.ci/run` sets REQUIRE_BROWSER=1, elsewhere the file is
 * skipped without /usr/bin/chromium). The sandbox is started from the real entry point; every
 * request to another origin is blocked and recorded, so the page is shown to work offline.
 * A live-mode gateway with API keys shows the token path: pasted, kept for the tab, sent as a bearer.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SandboxGateway, startSandboxGateway } from '../scripts/console-screenshots.ts';
import { providers } from '../src/providers/index.ts';
import { type Stack, startStack } from './harness.ts';

const CHROMIUM = '/usr/bin/chromium';
const available = existsSync(CHROMIUM);
if (!available && process.env.REQUIRE_BROWSER === '1') throw new Error(`${CHROMIUM} is missing and REQUIRE_BROWSER=1`);
const PROVIDERS = providers.map((module) => module.id.toUpperCase()).sort();

let browser: Browser;

/** A page that may reach `origin` only: anything else is aborted and listed in `elsewhere`. */
async function openPage(origin: string, viewport = { width: 1280, height: 900 }): Promise<{ page: Page; elsewhere: string[] }> {
  const page = await browser.newPage({ viewport });
  const elsewhere: string[] = [];
  await page.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(`${origin}/`)) return route.continue();
    elsewhere.push(url);
    return route.abort();
  });
  return { page, elsewhere };
}

const rowsOf = (page: Page) => page.locator('table.connections tbody tr');

async function noHorizontalOverflow(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth);
}

describe.skipIf(!available)('SSO console in Chromium (sandbox)', () => {
  let gateway: SandboxGateway | undefined;
  let origin = '';
  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
    gateway = await startSandboxGateway();
    origin = gateway.origin;
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await gateway?.stop();
  });

  it('lists the connections of every provider, filters by domain and provider, and loads nothing from elsewhere', async () => {
    const { page, elsewhere } = await openPage(origin);
    await page.goto(`${origin}/console`, { waitUntil: 'load' });
    await rowsOf(page).first().waitFor({ timeout: 30_000 });
    const all = await rowsOf(page).count();
    const shown = await rowsOf(page).evaluateAll((rows) => [...new Set(rows.map((row) => row.getAttribute('data-provider')))].sort());
    expect(shown).toEqual(PROVIDERS);
    expect(await page.locator('[data-failed-provider]').count()).toBe(0);

    await page.getByLabel('Domain contains').fill('globex.example');
    await expect.poll(() => rowsOf(page).count()).toBeLessThan(all);
    const domains = await rowsOf(page).locator('td[data-label="Domains"]').allTextContents();
    expect(domains.length).toBeGreaterThan(0);
    for (const text of domains) expect(text).toContain('globex.example');

    await page.getByLabel('Domain contains').fill('');
    const [first] = PROVIDERS;
    await page.getByLabel('Provider').selectOption(first ?? '');
    await expect.poll(() => rowsOf(page).evaluateAll((rows) => [...new Set(rows.map((row) => row.dataset.provider))])).toEqual([first]);
    expect(elsewhere).toEqual([]);
    await page.close();
  }, 90_000);

  it('reaches the controls by keyboard, each with a label', async () => {
    const { page } = await openPage(origin);
    await page.goto(`${origin}/console#/connections`, { waitUntil: 'load' });
    await rowsOf(page).first().waitFor({ timeout: 30_000 });
    const reached: string[] = [];
    for (let step = 0; step < 12; step++) {
      await page.keyboard.press('Tab');
      reached.push(
        await page.evaluate(() => {
          const element = document.activeElement as HTMLElement | null;
          return `${element?.tagName.toLowerCase()}:${element?.getAttribute('name') ?? element?.textContent?.trim() ?? ''}`;
        }),
      );
    }
    expect(reached[0]).toBe('button:Skip to content');
    expect(reached).toEqual(
      expect.arrayContaining(['a:Health', 'a:Certificate timeline', 'a:Change plans', 'input:domain', 'select:provider']),
    );
    await page.close();
  }, 90_000);

  it('draws the expired, expiring and drifting certificates on the timeline, with today and the window', async () => {
    const { page, elsewhere } = await openPage(origin);
    await page.goto(`${origin}/console#/certificates`, { waitUntil: 'load' });
    await page.locator('svg.timeline rect.bar').first().waitFor({ timeout: 30_000 });
    await page.locator('svg.timeline rect[data-drift="true"]').first().waitFor({ timeout: 30_000 });
    const expired = page.locator('svg.timeline rect.bar[data-expiry="expired"]');
    const expiring = page.locator('svg.timeline rect.bar[data-expiry="expiring"]');
    expect(await expired.count()).toBeGreaterThan(0);
    expect(await expiring.count()).toBeGreaterThan(0);
    expect(await expired.first().getAttribute('aria-label')).toMatch(/expired \d+ days ago/);
    expect(await expiring.first().getAttribute('aria-label')).toMatch(/expires in \d+ days/);
    expect(await page.locator('svg.timeline [data-today="true"]').count()).toBe(1);
    expect(await page.locator('svg.timeline rect.window').getAttribute('data-window-days')).toBe('30');
    // Bars are grouped by connection: every group holds at least one bar.
    const groups = page.locator('svg.timeline g.group');
    expect(await groups.count()).toBeGreaterThan(1);
    for (const count of await groups.evaluateAll((all) => all.map((group) => group.querySelectorAll('rect.bar').length)))
      expect(count).toBeGreaterThan(0);
    expect(elsewhere).toEqual([]);
    await page.close();
  }, 90_000);

  it('lists the drift finding with its remedy, linking to its connection', async () => {
    const { page } = await openPage(origin);
    await page.goto(`${origin}/console#/health`, { waitUntil: 'load' });
    const drift = page.locator('li.finding[data-kind="CERTIFICATE_DRIFT"]');
    await drift.first().waitFor({ timeout: 30_000 });
    expect(await drift.first().locator('.remedy').textContent()).toMatch(/^Remedy: \S/);
    const link = drift.first().locator('a[data-connection]').first();
    const id = (await link.getAttribute('data-connection')) ?? '';
    await link.click();
    await expect.poll(() => page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.id)).toBe(id);
    expect(new URL(page.url()).hash).toBe(`#/connections?focus=${encodeURIComponent(id).replace(/%20/g, '+')}`);
    await page.close();
  }, 90_000);

  it('fits the width of a phone in every view', async () => {
    const { page } = await openPage(origin, { width: 390, height: 844 });
    for (const [view, ready] of [
      ['connections', 'tbody tr'],
      ['health', 'li.finding'],
      ['certificates', 'rect.bar'],
      ['plans', 'input[name="provider"]'],
    ] as const) {
      await page.goto(`${origin}/console#/${view}`, { waitUntil: 'load' });
      await page.locator(ready).first().waitFor({ timeout: 30_000 });
      expect(await noHorizontalOverflow(page), view).toBe(true);
    }
    await page.close();
  }, 90_000);
});

describe.skipIf(!available)('SSO console in Chromium (live mode, API key)', () => {
  const KEY = 'console-test-key-0123456789';
  let stack: Stack;
  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
    const file = join(mkdtempSync(join(tmpdir(), 'console-keys-')), 'keys.json');
    writeFileSync(
      file,
      JSON.stringify([{ name: 'console', sha256: createHash('sha256').update(KEY).digest('hex'), scopes: ['sso:read'] }]),
    );
    stack = await startStack({ env: { GATEWAY_CONSOLE: 'on', GATEWAY_AUTH_MODE: 'api-key', GATEWAY_API_KEYS_FILE: file } });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  it('asks for a token, then sends the pasted one as a bearer from this tab', async () => {
    const { page, elsewhere } = await openPage(stack.url);
    const sent: (string | undefined)[] = [];
    page.on('request', (request) => {
      if (request.url().endsWith('/graphql')) sent.push(request.headers().authorization);
    });
    await page.goto(`${stack.url}/console`, { waitUntil: 'load' });
    await page.getByRole('alert').filter({ hasText: 'Paste a token' }).first().waitFor({ timeout: 30_000 });
    // The token form opens by itself when the gateway asks for credentials.
    await page.getByLabel(/Bearer token/).fill(KEY);
    await page.getByRole('button', { name: 'Use token' }).click();
    await rowsOf(page).first().waitFor({ timeout: 30_000 });
    expect(sent).toContain(`Bearer ${KEY}`);
    expect(await page.evaluate(() => Object.values(sessionStorage))).toEqual([KEY]);
    expect(await page.content()).not.toContain(KEY);
    expect(elsewhere).toEqual([]);
    await page.close();
  }, 90_000);

  it('shows a provider that cannot be read above the table, with its code', async () => {
    const failing = providers.at(-1)?.id ?? '';
    const { page } = await openPage(stack.url);
    await page.goto(`${stack.url}/console`, { waitUntil: 'load' });
    await page.evaluate((key) => sessionStorage.setItem('sso-console-token', key), KEY);
    await page.reload({ waitUntil: 'load' });
    await rowsOf(page).first().waitFor({ timeout: 30_000 });
    // Enough failures for every retry of the listing.
    stack.simulators[failing]?.injectFault({ status: 503, times: 20 });
    await page.getByRole('button', { name: 'Reload' }).click();
    const failure = page.locator(`[data-failed-provider="${failing.toUpperCase()}"]`);
    await failure.waitFor({ timeout: 30_000 });
    expect(await failure.textContent()).toContain('UPSTREAM_UNAVAILABLE');
    expect(await page.locator(`tbody tr[data-provider="${failing.toUpperCase()}"]`).count()).toBe(0);
    await page.close();
  }, 90_000);
});
