/**
 * `npm run console:build`: the SSO console's browser app (console/app/) bundled by esbuild into
 * one script and one stylesheet, console/bundle/console.{js,css}, which the gateway inlines into
 * /console. The output is committed, so `npm start` and the production image need no bundler;
 * test/console-page.test.ts fails when it is stale. Run `npm run codegen` first when the console's
 * operations changed.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const APP = fileURLToPath(new URL('../console/app/', import.meta.url));
export const CONSOLE_BUNDLE = fileURLToPath(new URL('../console/bundle/', import.meta.url));

export interface ConsoleBundle {
  js: string;
  css: string;
}

export async function bundleConsole(): Promise<ConsoleBundle> {
  const common = { bundle: true, minify: true, write: false, legalComments: 'eof', target: 'es2022', logLevel: 'silent' } as const;
  const [script, style] = await Promise.all([
    build({
      ...common,
      entryPoints: [`${APP}main.tsx`],
      format: 'iife',
      platform: 'browser',
      jsx: 'automatic',
      jsxImportSource: 'preact',
      tsconfig: fileURLToPath(new URL('../console/tsconfig.json', import.meta.url)),
    }),
    build({ ...common, entryPoints: [`${APP}styles.css`] }),
  ]);
  const js = script.outputFiles[0]?.text;
  const css = style.outputFiles[0]?.text;
  if (js === undefined || css === undefined) throw new Error('esbuild wrote no output');
  return { js, css };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const bundle = await bundleConsole();
  await mkdir(CONSOLE_BUNDLE, { recursive: true });
  await writeFile(`${CONSOLE_BUNDLE}console.js`, bundle.js);
  await writeFile(`${CONSOLE_BUNDLE}console.css`, bundle.css);
  console.log(`wrote ${CONSOLE_BUNDLE}console.js (${bundle.js.length} bytes) and console.css (${bundle.css.length} bytes)`);
}
