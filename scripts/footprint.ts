/**
 * `npm run footprint`: what a live start of the compiled gateway costs (run `npm run build` first).
 * Start-up time and idle memory are medians of `--runs` plain starts (default 5); modules, sandbox
 * modules and key pairs come from one more start with the recording hooks, which would skew the
 * first two. `--source` measures src/main.ts through tsx, `--sandbox` a sandbox start.
 */
import { parseArgs } from 'node:util';
import { type Footprint, measureStart } from './footprint/measure.ts';

const { values } = parseArgs({
  options: { runs: { type: 'string', default: '5' }, source: { type: 'boolean' }, sandbox: { type: 'boolean' } },
});
const runs = Math.max(1, Number(values.runs) || 5);
const options = { entry: values.source ? 'source' : 'dist', mode: values.sandbox ? 'sandbox' : 'live' } as const;
const plain: Footprint[] = [];
for (let run = 0; run < runs; run += 1) plain.push(await measureStart({ ...options, trace: false }));
const traced = await measureStart({ ...options, idleMs: 0 });

const median = (numbers: number[]) => [...numbers].sort((a, b) => a - b)[Math.floor(numbers.length / 2)] ?? Number.NaN;
console.log(
  `${options.mode} start of ${options.entry === 'dist' ? 'dist/src/main.js' : 'src/main.ts (tsx)'}, ${runs} plain start(s) and one traced:`,
);
console.log(`  start-up until ready (median): ${Math.round(median(plain.map((r) => r.startMs)))} ms`);
console.log(`  idle RSS after 3 s (median):   ${median(plain.map((r) => r.idleRssMb))} MB`);
console.log(`  own modules loaded:            ${traced.ownModules.length}`);
console.log(
  `  sandbox modules loaded:        ${traced.sandboxModules.length}${traced.sandboxModules.length > 0 ? ` (${traced.sandboxModules.join(', ')})` : ''}`,
);
console.log(
  `  key pairs generated:           ${traced.keyPairs.length}${traced.keyPairs.length > 0 ? ` (${traced.keyPairs.join(', ')})` : ''}`,
);
