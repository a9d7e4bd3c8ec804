/**
 * GraphiQL in a real browser: Debian's Chromium driven by playwright-core opens GraphiQL from the
 * real entry point in sandbox mode (as `npm start` runs it), runs the default query and finds all
 * five providers in the result pane. The screenshot goes to test-artifacts/graphiql.png.
 *
 * `.ci/run` installs Chromium when it is missing and sets REQUIRE_BROWSER=1, so CI never skips
 * this; elsewhere it is skipped when /usr/bin/chromium is absent.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdirSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const CHROMIUM = '/usr/bin/chromium';
const available = existsSync(CHROMIUM);
if (!available && process.env.REQUIRE_BROWSER === '1') throw new Error(`${CHROMIUM} is missing and REQUIRE_BROWSER=1`);
const ARTIFACTS = new URL('../test-artifacts/', import.meta.url);

let child: ChildProcess | undefined;
let url = '';

async function startGateway(): Promise<string> {
  const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', PORT: '0', LOG_LEVEL: 'info' };
  child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const output: string[] = [];
  child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  return new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`gateway did not start:\n${output.join('')}`)), 15_000);
    child?.stdout?.on('data', (chunk: Buffer) => {
      output.push(chunk.toString());
      const found = /GraphiQL at (http:\/\/\S+\/graphql)/.exec(output.join(''));
      if (found?.[1]) {
        clearTimeout(timer);
        resolve(found[1]);
      }
    });
  });
}

describe.skipIf(!available)('GraphiQL in Chromium', () => {
  beforeAll(async () => {
    url = await startGateway();
  });
  afterAll(async () => {
    if (child && child.exitCode === null) {
      child.kill('SIGTERM');
      await once(child, 'exit');
    }
  });

  it('runs the default query and shows all five providers', async () => {
    const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
    try {
      // Tall enough for the result editor (Monaco draws only the lines in view) to draw every line.
      const page = await browser.newPage({ viewport: { width: 1400, height: 14_000 } });
      const failed: string[] = [];
      page.on('requestfailed', (request) => failed.push(request.url()));
      await page.goto(url, { waitUntil: 'load' });
      const run = page.locator('.graphiql-execute-button');
      await run.waitFor({ timeout: 30_000 });
      await run.click();
      const result = page.locator('.result-window');
      for (const provider of ['VANTAGE', 'DATOCMS', 'STYTCH', 'LOGTO', 'PANDASTACK']) {
        await result.getByText(`"${provider}"`).first().waitFor({ timeout: 20_000 });
      }
      // biome-ignore lint/performance/useDomNodeTextContent: Playwright's Locator.innerText(), not the DOM property; it has no textContent twin with the same rendered-text meaning
      expect((await result.innerText()).replace(/\s+/g, ' ')).toContain('"failures": []');
      // Nothing was fetched from outside the gateway (the page works offline).
      expect(failed.filter((address) => !address.startsWith(new URL(url).origin))).toEqual([]);
      mkdirSync(ARTIFACTS, { recursive: true });
      await page.setViewportSize({ width: 1400, height: 900 });
      await page.screenshot({ path: new URL('graphiql.png', ARTIFACTS).pathname });
    } finally {
      await browser.close();
    }
  }, 90_000);
});
