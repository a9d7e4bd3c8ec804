/**
 * The console's change-plans view in Chromium (rules as in test/console.test.ts), on its own
 * sandbox gateway because applying the plan changes the sandbox: acme.example is planned onto the
 * sandbox IdP's next Entra tenant (its URL from the start-up log), applied, and the health view
 * then no longer shows the drift the plan cleared.
 */
import { existsSync } from 'node:fs';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SandboxGateway, startSandboxGateway } from '../scripts/console-screenshots.ts';

const CHROMIUM = '/usr/bin/chromium';
const available = existsSync(CHROMIUM);
if (!available && process.env.REQUIRE_BROWSER === '1') throw new Error(`${CHROMIUM} is missing and REQUIRE_BROWSER=1`);

describe.skipIf(!available)('change plans in the SSO console', () => {
  let browser: Browser;
  let gateway: SandboxGateway | undefined;
  let origin = '';
  let nextTenant = '';
  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
    gateway = await startSandboxGateway();
    origin = gateway.origin;
    nextTenant = gateway.idpMetadata.entraAcmeNext ?? '';
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await gateway?.stop();
  });

  async function openPlans(viewport = { width: 1280, height: 900 }): Promise<Page> {
    const page = await browser.newPage({ viewport });
    await page.route('**/*', (route) => (route.request().url().startsWith(`${origin}/`) ? route.continue() : route.abort()));
    await page.goto(`${origin}/console#/plans`, { waitUntil: 'load' });
    await page.locator('input[name="provider"]').first().waitFor({ timeout: 30_000 });
    return page;
  }

  const rows = (page: Page, status?: string) => page.locator(`table.steps tbody tr${status ? `[data-status="${status}"]` : ''}`);

  async function driftConnections(page: Page): Promise<string[]> {
    await page.goto(`${origin}/console#/health`, { waitUntil: 'load' });
    await page.locator('li.finding').first().waitFor({ timeout: 30_000 });
    return page
      .locator('li.finding[data-kind="CERTIFICATE_DRIFT"] a[data-connection]')
      .evaluateAll((links) => links.map((link) => link.getAttribute('data-connection') ?? ''));
  }

  it('finds the sandbox IdP URL in the start-up log', () => {
    expect(nextTenant).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/.+\.xml$/);
  });

  it('is busy while planning, then shows a ValidationError for metadata that is not metadata, in an alert', async () => {
    const page = await openPlans();
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    await page.route(`${origin}/graphql`, async (route) => {
      await held;
      await route.continue();
    });
    await page.getByLabel('Domain').fill('acme.example');
    await page.getByLabel('Pasted XML').check();
    await page.getByLabel('Metadata XML').fill('<not-metadata/>');
    await page.getByRole('button', { name: 'Plan', exact: true }).click();
    const section = page.locator('section[aria-labelledby="plans-title"]');
    await expect.poll(() => section.getAttribute('aria-busy')).toBe('true');
    expect(await page.getByRole('status').textContent()).toBe('Planning…');
    release();
    const alert = page.getByRole('alert');
    await alert.waitFor({ timeout: 30_000 });
    expect(await alert.textContent()).toContain('ValidationError');
    expect(await section.getAttribute('aria-busy')).toBe('false');
    expect(await rows(page).count()).toBe(0);
    await page.close();
  }, 90_000);

  it('shows a plan at a phone’s width without horizontal overflow', async () => {
    const page = await openPlans({ width: 390, height: 844 });
    await page.getByLabel('Domain').fill('acme.example');
    await page.getByLabel('Metadata URL').fill(nextTenant);
    await page.getByRole('button', { name: 'Plan', exact: true }).click();
    await rows(page).first().waitFor({ timeout: 30_000 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true);
    await page.close();
  }, 90_000);

  it('plans by keyboard, applies every step, and the drift the plan cleared leaves the health view', async () => {
    const page = await openPlans();
    const driftBefore = await driftConnections(page);
    await page.goto(`${origin}/console#/plans`, { waitUntil: 'load' });
    await page.locator('input[name="provider"]').first().waitFor({ timeout: 30_000 });

    const tabTo = async (name: string) => {
      for (let step = 0; step < 20; step++) {
        await page.keyboard.press('Tab');
        if ((await page.evaluate(() => document.activeElement?.getAttribute('name'))) === name) return;
      }
      throw new Error(`Tab never reached ${name}`);
    };
    await tabTo('domain');
    await page.keyboard.type('acme.example');
    await tabTo('metadataUrl');
    await page.keyboard.type(nextTenant);
    await page.keyboard.press('Enter');
    await rows(page).first().waitFor({ timeout: 30_000 });

    expect(await page.locator('[data-plan-status]').textContent()).toBe('PLANNED');
    expect(await page.locator('.plan-summary').textContent()).toContain('acme-next');
    const planned = await rows(page, 'PLANNED').evaluateAll((all) => [...new Set(all.map((row) => row.getAttribute('data-provider')))]);
    expect(planned.length).toBeGreaterThan(1);
    const skipped = rows(page, 'SKIPPED');
    expect(await skipped.locator('.reason').allTextContents()).toEqual(expect.arrayContaining([expect.stringContaining('OIDC')]));
    expect(await page.locator('.findings-cleared li[data-kind="CERTIFICATE_DRIFT"]').count()).toBeGreaterThan(0);
    const inPlan = await rows(page).evaluateAll((all) => all.map((row) => row.getAttribute('data-connection') ?? ''));
    const cleared = driftBefore.filter((id) => inPlan.includes(id));
    expect(cleared.length).toBeGreaterThan(0);
    const plannedCount = await rows(page, 'PLANNED').count();

    await page.getByRole('button', { name: /^Apply \d+ steps?$/ }).click();
    await expect.poll(() => page.locator('[data-plan-status]').textContent(), { timeout: 30_000 }).toBe('APPLIED');
    expect(await rows(page, 'APPLIED').count()).toBe(plannedCount);
    expect(await rows(page, 'PLANNED').count()).toBe(0);
    expect(await rows(page, 'SKIPPED').count()).toBeGreaterThan(0);
    expect(await page.getByRole('button', { name: /^Apply/ }).isDisabled()).toBe(true);

    // The plan's id is in the URL: a reload of the page reads it back.
    const id = (await page.locator('.plan-id').textContent()) ?? '';
    expect(new URL(page.url()).hash).toContain('id=');
    await page.reload({ waitUntil: 'load' });
    await rows(page).first().waitFor({ timeout: 30_000 });
    expect(await page.locator('.plan-id').textContent()).toBe(id);
    await page.getByRole('button', { name: 'Reload plan' }).click();
    await expect.poll(() => page.locator('section[aria-labelledby="plans-title"]').getAttribute('aria-busy')).toBe('false');
    expect(await rows(page, 'APPLIED').count()).toBe(plannedCount);

    const driftAfter = await driftConnections(page);
    for (const connection of cleared) expect(driftAfter).not.toContain(connection);
    await page.close();
  }, 120_000);
});
