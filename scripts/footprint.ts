/**
 * `npm run footprint`: what a live start of the compiled gateway costs (run `npm run build` first):
 * start-up time, idle memory, modules loaded, sandbox modules loaded, key pairs generated. Each
 * figure is the median of `--runs` starts (default 5). `--source` measures src/main.ts through tsx.
 */
import { parseArgs } from 'node:util';
import { type Footprint, measureStart } from './footprint/measure.ts';

const { values } = parseArgs({
  options: { runs: { type: 'string', default: '5' }, source: { type: 'boolean' }, sandbox: { type: 'boolean' } },
});
const runs = Math.max(1, Number(values.runs) || 5);
const results: Footprint[] = [];
for (let run = 0; run < runs; run += 1) {
  results.push(await measureStart({ entry: values.source ? 'source' : 'dist', mode: values.sandbox ? 'sandbox' : 'live' }));
}

const median = (numbers: number[]) => [...numbers].sort((a, b) => a - b)[Math.floor(numbers.length / 2)] ?? Number.NaN;
const last = results.at(-1);
console.log(`mode: ${last?.mode}, ${runs} start(s), medians:`);
console.log(`  start-up until ready: ${Math.round(median(results.map((r) => r.startMs)))} ms`);
console.log(`  idle RSS after 3 s:   ${median(results.map((r) => r.idleRssMb))} MB`);
console.log(`  own modules loaded:   ${median(results.map((r) => r.ownModules.length))}`);
console.log(
  `  sandbox modules:      ${median(results.map((r) => r.sandboxModules.length))}${last?.sandboxModules.length ? ` (${last.sandboxModules.join(', ')})` : ''}`,
);
console.log(`  key pairs generated:  ${median(results.map((r) => r.keyPairs.length))}`);
