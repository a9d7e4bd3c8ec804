/**
 * The soak's Markdown report: settings, the must-be-zero counters (with the first few offenders),
 * outcomes, chaos, upstream requests, gateway log lines and memory. Printed on stdout, alone.
 */
import { CONCURRENCY, DEADLINE_MS, MAX_SECONDS, OVER_DEADLINE_MS, REQUESTS } from './settings.ts';
import { audits, logLines, loopDelay, stats } from './tally.ts';

/** The numbers of a finished run that the tally does not hold. */
export interface Summary {
  seconds: number;
  duplicates: string[];
  markers: number;
  upstream: (string | number)[][];
  before: NodeJS.MemoryUsage;
  after: NodeJS.MemoryUsage;
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const sorted = (map: Map<string, number>) => [...map].sort((a, b) => b[1] - a[1]);
const table = (head: string[], rows: (string | number)[][]) =>
  [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((row) => `| ${row.join(' | ')} |`)].join('\n');

export function report({ seconds, duplicates, markers, upstream, before, after }: Summary): string {
  const settings = [
    ['requests', `${stats.sent} of ${REQUESTS}${stats.sent < REQUESTS ? ' (time cap reached)' : ''}, ${CONCURRENCY} workers`],
    ['duration', `${seconds.toFixed(1)} s (cap ${MAX_SECONDS} s), ${(stats.sent / seconds).toFixed(1)} requests/s`],
    ['max operation duration', `${Math.round(stats.maxMs)} ms (gateway deadline ${DEADLINE_MS} ms)`],
    // Client, gateway and simulators share one event loop: a long stall here inflates every duration.
    ['event-loop delay', `p99 ${Math.round(loopDelay.percentile(99) / 1e6)} ms, max ${Math.round(loopDelay.max / 1e6)} ms`],
  ];
  return [
    '# Soak report',
    table(['', ''], settings),
    '## Must be zero',
    table(
      ['counter', 'value'],
      [
        ['crashes', stats.crashes.length],
        [`duplicated writes (of ${markers} write markers seen upstream)`, duplicates.length],
        [`over deadline (> ${OVER_DEADLINE_MS} ms)`, stats.overDeadline.length],
      ],
    ),
    [...stats.crashes.slice(0, 5), ...duplicates.slice(0, 5), ...stats.overDeadline.slice(0, 5)].map((line) => `- ${line}`).join('\n'),
    '## Outcomes',
    table(
      ['operation', 'outcome', 'count'],
      sorted(stats.outcomes).map(([key, count]) => [...key.split('\t'), count]),
    ),
    `Audit records: ${[...audits.values()].reduce((a, b) => a + b, 0)} for ${stats.mutations} mutations sent (${sorted(audits)
      .map(([outcome, count]) => `${outcome} ${count}`)
      .join(', ')}).`,
    '## Chaos',
    sorted(stats.faults)
      .map(([name, count]) => `${name} ×${count}`)
      .join(', '),
    '## Upstream requests',
    table(['simulator', 'requests', '2xx/3xx', '4xx', '5xx', 'no answer'], upstream),
    '## Gateway warn and error log lines',
    table(['line', 'count'], sorted(logLines)),
    `## Memory${globalThis.gc ? '' : ' (run with node --expose-gc --import tsx for a collected heap)'}`,
    table(
      ['', 'before', 'after'],
      [
        ['rss', mb(before.rss), mb(after.rss)],
        ['heapUsed', mb(before.heapUsed), mb(after.heapUsed)],
      ],
    ),
  ]
    .filter(Boolean)
    .join('\n\n');
}
