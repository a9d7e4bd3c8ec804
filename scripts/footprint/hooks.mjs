// Loaded with `node --import` into the process being measured (scripts/footprint/measure.ts): it
// records every module the process loads and every key pair it generates, one JSON line each, in
// the file FOOTPRINT_OUT names. Lines are appended synchronously, so nothing is lost at exit.

import crypto from 'node:crypto';
import { appendFileSync } from 'node:fs';
import { register, syncBuiltinESMExports } from 'node:module';

const out = process.env.FOOTPRINT_OUT;
if (out) {
  // Module loads are seen by a loader hook, which runs on its own thread: it appends there.
  const hook = `
    import { appendFileSync } from 'node:fs';
    let out;
    export function initialize(data) { out = data.out; }
    export async function load(url, context, next) {
      appendFileSync(out, JSON.stringify({ module: url }) + '\\n');
      return next(url, context);
    }`;
  register(`data:text/javascript,${encodeURIComponent(hook)}`, { parentURL: import.meta.url, data: { out } });

  for (const name of ['generateKeyPair', 'generateKeyPairSync']) {
    const original = crypto[name];
    crypto[name] = function recorded(...args) {
      appendFileSync(out, `${JSON.stringify({ keyPair: args[0] })}\n`);
      return original.apply(this, args);
    };
  }
  // Named imports of node:crypto (`import { generateKeyPairSync }`) see the wrapper too.
  syncBuiltinESMExports();
}
