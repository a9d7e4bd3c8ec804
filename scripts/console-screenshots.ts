/**
 * `npm run console:screenshots`: starts the gateway in sandbox mode (as `npm start` does, on a free
 * port), opens each view of the SSO console in Debian's Chromium and writes the screenshots the
 * README shows to docs/console/: every view at 1280 px (the change plans with acme.example planned
 * onto the sandbox IdP's next tenant, not applied), and the connections at a phone's width.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Page } from 'playwright-core';

const CHROMIUM = '/usr/bin/chromium';
const OUT = fileURLToPath(new URL('../docs/console/', import.meta.url));
const ROOT = fileURLToPath(new URL('../', import.meta.url));

export interface SandboxGateway {
  origin: string;
  /** The sandbox IdP's metadata URLs by tenant (`entraAcmeNext`...), from the start-up log. */
  idpMetadata: Record<string, string>;
  /** Stops the gateway, if it still runs, and waits until it has exited. */
  stop(): Promise<void>;
}

const IDP_LINE = 'sandbox IdP metadata URLs: ';

/** The start-up log is JSON lines; one message carries the IdP's URLs as JSON. */
function idpMetadataOf(log: string): Record<string, string> {
  for (const line of log.split('\n')) {
    if (!line.includes(IDP_LINE)) continue;
    const message: unknown = JSON.parse(line).message;
    if (typeof message === 'string') return JSON.parse(message.slice(message.indexOf(IDP_LINE) + IDP_LINE.length));
  }
  return {};
}

/** Starts `src/main.ts` with a clean environment on port 0 and answers its origin. */
export async function startSandboxGateway(): Promise<SandboxGateway> {
  const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', PORT: '0', LOG_LEVEL: 'info' };
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const output: string[] = [];
  child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  const origin = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`gateway did not start:\n${output.join('')}`)), 20_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      output.push(chunk.toString());
      const found = /GraphiQL at (http:\/\/[^/\s]+)\/graphql/.exec(output.join(''));
      if (found?.[1]) {
        clearTimeout(timer);
        resolve(found[1]);
      }
    });
  });
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    await once(child, 'exit');
  };
  return { origin, idpMetadata: idpMetadataOf(output.join('')), stop };
}

async function shoot(page: Page, origin: string, view: string, ready: string, file: string): Promise<void> {
  await page.goto(`${origin}/console#/${view}`, { waitUntil: 'load' });
  await page.locator(ready).first().waitFor({ timeout: 30_000 });
  await page.screenshot({ path: `${OUT}${file}`, fullPage: true });
  console.log(`wrote ${OUT}${file}`);
}

/** Plans only: applying would change the sandbox the other screenshots show. */
async function shootPlan(page: Page, origin: string, metadataUrl: string): Promise<void> {
  await page.goto(`${origin}/console#/plans`, { waitUntil: 'load' });
  await page.getByLabel('Domain').fill('acme.example');
  await page.getByLabel('Metadata URL').fill(metadataUrl);
  await page.getByRole('button', { name: 'Plan', exact: true }).click();
  await page.locator('table.steps tbody tr').first().waitFor({ timeout: 30_000 });
  await page.screenshot({ path: `${OUT}plans.png`, fullPage: true });
  console.log(`wrote ${OUT}plans.png`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  mkdirSync(OUT, { recursive: true });
  const { origin, idpMetadata, stop } = await startSandboxGateway();
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await shoot(page, origin, 'connections', 'tr[data-id]', 'connections.png');
    await shoot(page, origin, 'health', 'li.finding', 'health.png');
    await shoot(page, origin, 'certificates', 'rect.bar', 'certificates.png');
    await shootPlan(page, origin, idpMetadata.entraAcmeNext ?? '');
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${origin}/console#/connections`, { waitUntil: 'load' });
    await page.locator('tr[data-id]').first().waitFor({ timeout: 30_000 });
    await page.screenshot({ path: `${OUT}connections-phone.png` });
    console.log(`wrote ${OUT}connections-phone.png`);
  } finally {
    await browser.close();
    await stop();
  }
}
